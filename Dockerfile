# syntax=docker/dockerfile:1
# medcodes: the web app, JSON API and FHIR terminology service over one immutable catalog.
#
#   docker build -t medcodes .
#   docker run --rm -p 8000:8000 medcodes          # http://localhost:8000/
#
# The catalog is built when the image is built (from the public code sets bundled in the
# Python packages), so every container of one image serves the byte-identical file and starts
# serving at once. Licensed code sets (CPT, LOINC) must never go into a public image: build
# the catalog outside and mount the directory that holds it over /data (read-only) instead.
# Details: docs/deployment.md.

# -- build stage: a virtual environment with medcodes, and the catalog ---------------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m venv /opt/medcodes \
 && /opt/medcodes/bin/pip install . \
 && /opt/medcodes/bin/medcodes build --db /data/catalog.sqlite

# -- run stage: the environment and the catalog, nothing else, as a non-root user ----------------
FROM python:3.11-slim
RUN groupadd --system --gid 10001 medcodes \
 && useradd --system --uid 10001 --gid medcodes --home-dir /nonexistent --shell /usr/sbin/nologin medcodes
COPY --from=build /opt/medcodes /opt/medcodes
# Owned by root and read-only for the server: it never writes the catalog.
COPY --from=build --chmod=0444 /data/catalog.sqlite /data/catalog.sqlite
ENV PATH=/opt/medcodes/bin:$PATH \
    MEDCODES_DB=/data/catalog.sqlite \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER medcodes
WORKDIR /tmp
EXPOSE 8000
# Liveness from inside the container (python: the slim image has no curl). Orchestrators should
# also probe /readyz for readiness: 503 until the catalog is open and readable.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# SIGTERM stops gracefully; SIGHUP reopens /data/catalog.sqlite (after an atomic replace).
STOPSIGNAL SIGTERM
CMD ["medcodes", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
