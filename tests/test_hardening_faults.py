"""Faults around the catalog file: missing, corrupt, from another version, replaced, removed or
written over while served. Each gives a clear 503 (JSON, page or OperationOutcome), probes that
tell the truth, and no crash; an atomic rebuild is served after SIGHUP, by a real
``medcodes serve`` with two workers, without dropping a request.

The catalogs here are small real builds (ICD-9-CM and its procedures, ~7 s each).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from medcodes.catalog.build import build_catalog
from medcodes.pipeline import default_indexers
from medcodes.systems.registry import builtin_loaders
from medcodes.web import reload
from medcodes.web.app import create_app
from support import serve_process

SMALL = ("icd9cm", "icd9pcs")
CODE = "/api/v1/codes/icd9cm/250.00"


def build_small(path: Path) -> str:
    """Build (or rebuild, atomically: temp file + rename) a small real catalog; its built_at."""
    loaders = [loader for loader in builtin_loaders() if loader.name in SMALL]
    build_catalog(path, loaders, default_indexers())
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()[0])


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("small") / "catalog.sqlite"


@pytest.fixture(scope="module")
def small_built(small: Path) -> Path:
    build_small(small)
    return small


def copy_as(source: Path, target: Path, built_at: str | None = None, **meta: str) -> None:
    """A copy of ``source`` renamed over ``target`` (as a build does), with meta changed."""
    tmp = target.with_name(f".{target.name}.copy")
    shutil.copyfile(source, tmp)
    changes = {**({"built_at": built_at} if built_at else {}), **meta}
    if changes:
        with sqlite3.connect(tmp) as conn:
            conn.executemany("UPDATE meta SET value = ? WHERE key = ?",
                             [(v, k) for k, v in changes.items()])
        conn.close()
    os.replace(tmp, target)


@pytest.fixture
def served(small_built: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """The app over a private copy of the small catalog (built_at 2000-01-01)."""
    path = tmp_path / "served.sqlite"
    copy_as(small_built, path, built_at="2000-01-01T00:00:00+00:00")
    with TestClient(create_app(path), raise_server_exceptions=False) as client:
        yield client, path


def assert_503(response: Any, *words: str) -> None:
    assert response.status_code == 503, response.text[:300]
    assert "Traceback" not in response.text
    for word in words:
        assert word in response.text, (word, response.text[:300])


# -- at start ---------------------------------------------------------------------------------
def test_missing_catalog_is_a_503_everywhere_then_served_once_built(
    small_built: Path, tmp_path: Path
) -> None:
    path = tmp_path / "later.sqlite"
    with TestClient(create_app(path), raise_server_exceptions=False) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert_503(ready, "no catalog", "medcodes build")
        assert ready.json()["catalog_path"] == str(path)
        assert_503(client.get("/api/v1/search", params={"q": "diabetes"}), "no catalog")
        page = client.get("/code/icd9cm/250.00")
        assert_503(page, "no catalog")
        assert page.headers["content-type"].startswith("text/html")
        fhir = client.get("/fhir/CodeSystem/$lookup", params={"system": "x", "code": "y"})
        assert_503(fhir, "OperationOutcome", "transient")
        copy_as(small_built, path)  # the catalog appears: no restart needed
        assert client.get("/readyz").json()["status"] == "ready"
        assert client.get(CODE).status_code == 200


def test_a_corrupt_catalog_is_a_503(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite"
    path.write_bytes(b"this is not a database\x00" * 500)
    with TestClient(create_app(path), raise_server_exceptions=False) as client:
        assert_503(client.get("/readyz"), "not a readable medcodes catalog")
        assert_503(client.get("/api/v1/suggest", params={"q": "asthma"}), "rebuild")
        assert_503(client.get("/"), "rebuild")
        assert client.get("/healthz").status_code == 200


def test_a_catalog_of_another_schema_is_a_503(small_built: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    copy_as(small_built, path, schema_version="1")
    with TestClient(create_app(path), raise_server_exceptions=False) as client:
        assert_503(client.get("/readyz"), "another medcodes", "schema 1")
        assert_503(client.get(CODE), "rebuild")


# -- while serving ----------------------------------------------------------------------------
def in_new_thread(client: TestClient, url: str) -> Any:
    """A request from a fresh thread (a fresh SQLite connection in the app's thread pool)."""
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(client.get(url)))
    worker.start()
    worker.join()
    return out[0]


def test_a_replaced_file_keeps_serving_the_open_one_until_reload(
    served: tuple[TestClient, Path], small_built: Path
) -> None:
    client, path = served
    copy_as(small_built, path, built_at="2001-01-01T00:00:00+00:00")  # an atomic rebuild
    ready = client.get("/readyz").json()
    assert ready["built_at"] == "2000-01-01T00:00:00+00:00"
    assert ready["catalog_file"] == "replaced" and "SIGHUP" in ready["warning"]
    for _ in range(3):
        assert in_new_thread(client, CODE).status_code == 200
        assert client.get("/browse/icd9cm").status_code == 200  # thread pool
    etag = client.get(CODE).headers["etag"]
    reload.request_reload()  # what SIGHUP does
    ready = client.get("/readyz").json()
    assert ready["built_at"] == "2001-01-01T00:00:00+00:00"
    assert ready["catalog_file"] == "current" and "warning" not in ready
    assert client.get(CODE).headers["etag"] != etag  # caches revalidate against the new build


def test_a_removed_file_keeps_serving_and_says_so(served: tuple[TestClient, Path]) -> None:
    client, path = served
    path.unlink()
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["catalog_file"] == "missing"
    assert in_new_thread(client, CODE).status_code == 200
    search = in_new_thread(client, "/fhir/ValueSet/$expand?url=http://hl7.org/fhir/sid/"
                                   "icd-9-cm?fhir_vs&filter=diabetes")
    assert search.status_code == 200
    reload.request_reload()  # nothing to reload: keep serving the open file, say why
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and "no catalog" in ready["reload_error"]
    assert client.get(CODE).status_code == 200


def test_a_file_written_over_in_place_is_a_503_not_garbage(
    served: tuple[TestClient, Path], small_built: Path
) -> None:
    client, path = served
    assert client.get(CODE).status_code == 200
    with path.open("r+b") as f:  # `cp` over the open file, not a rename: same inode
        f.write(b"\x00" * 4096)
    ready = client.get("/readyz")
    assert_503(ready, "written over", "atomically")
    time.sleep(1.1)  # past the once-a-second file check of ordinary requests
    assert_503(client.get(CODE), "not a readable medcodes catalog", "rebuild")
    assert_503(client.get("/search", params={"q": "diabetes"}), "rebuild")
    copy_as(small_built, path)  # repaired the right way
    assert client.get("/readyz").json()["status"] == "ready"
    assert client.get(CODE).status_code == 200


def test_damaged_pages_under_a_running_server_are_503s(
    served: tuple[TestClient, Path],
) -> None:
    client, path = served
    size = path.stat().st_size
    with path.open("r+b") as f:  # damage the middle of the file, keep the header
        for offset in range(size // 4, size, size // 64):
            f.seek(offset)
            f.write(os.urandom(4096))
    statuses = set()
    for url in (CODE, "/api/v1/search?q=diabetes", "/code/icd9cm/250.00", "/browse/icd9cm",
                "/api/v1/codes/icd9cm/410.71/children", "/fhir/CodeSystem/$lookup?system="
                "http://hl7.org/fhir/sid/icd-9-cm&code=250.00", "/readyz"):
        response = in_new_thread(client, url)
        assert response.status_code in (200, 404, 503), (url, response.text[:300])
        assert "Traceback" not in response.text
        statuses.add(response.status_code)
    assert 500 not in statuses


# -- a real server: SIGHUP, and no crash loop -------------------------------------------------
@pytest.fixture
def serve_small(
    small_built: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[str, Path, Any]]:
    """``medcodes serve`` over a copy of the small catalog; 2 workers unless parametrized."""
    workers = getattr(request, "param", 2)
    path = tmp_path / "live.sqlite"
    copy_as(small_built, path)
    with serve_process(["--workers", str(workers), "--db", str(path)]) as (base, proc):
        yield base, path, proc


def every_worker(base: str, tries: int = 40) -> dict[int, dict[str, Any]]:
    """/readyz of each worker (new connections spread over them by the kernel)."""
    seen: dict[int, dict[str, Any]] = {}
    for _ in range(tries):
        with httpx.Client(base_url=base) as client:
            body = client.get("/readyz").json()
        seen[body.get("pid", 0)] = body
    return seen


def test_sighup_serves_an_atomic_rebuild_without_dropping_requests(
    serve_small: tuple[str, Path, Any],
) -> None:
    base, path, proc = serve_small
    before = every_worker(base)
    assert len(before) == 2
    old = {body["built_at"] for body in before.values()}
    assert len(old) == 1
    failures: list[str] = []
    done = threading.Event()

    def traffic() -> None:
        with httpx.Client(base_url=base) as client:
            while not done.is_set():
                try:
                    r = client.get("/api/v1/search", params={"q": "diabetes"})
                    if r.status_code != 200:
                        failures.append(f"{r.status_code} {r.text[:100]}")
                except httpx.HTTPError as exc:
                    failures.append(repr(exc))

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(1.1)  # built_at has a resolution of one second
        new = build_small(path)  # the real build: temp file, then rename over the path
        assert new not in old
        still = every_worker(base, tries=10)
        assert {b["built_at"] for b in still.values()} == old
        assert {b["catalog_file"] for b in still.values()} == {"replaced"}
        os.kill(proc.pid, signal.SIGHUP)
        deadline = time.monotonic() + 15
        while True:
            after = every_worker(base)
            if len(after) == 2 and {b["built_at"] for b in after.values()} == {new}:
                break
            assert time.monotonic() < deadline, after
            time.sleep(0.3)
    finally:
        done.set()
        for t in threads:
            t.join()
    assert proc.poll() is None, "SIGHUP must not stop the server"
    assert set(after) == set(before), "the same workers reloaded; none was restarted"
    assert {b["catalog_file"] for b in after.values()} == {"current"}
    assert failures == []


def test_a_worker_started_without_its_catalog_serves_503s_instead_of_crash_looping(
    serve_small: tuple[str, Path, Any],
) -> None:
    base, path, proc = serve_small
    workers = every_worker(base)
    path.unlink()
    victim = next(iter(workers))
    os.kill(victim, signal.SIGKILL)  # the supervisor restarts it; it finds no catalog
    deadline = time.monotonic() + 30
    statuses: dict[int, int] = {}
    while time.monotonic() < deadline:
        statuses = {}
        for _ in range(30):
            with httpx.Client(base_url=base) as client:
                response = client.get("/readyz")
            statuses[response.json().get("pid", 0)] = response.status_code
        if 503 in statuses.values() and 200 in statuses.values():
            break
        time.sleep(0.3)
    assert sorted(statuses.values()) == [200, 503], statuses  # the truth from each worker
    time.sleep(2)
    assert proc.poll() is None, "the server keeps running"
    with httpx.Client(base_url=base) as client:
        assert all(client.get("/healthz").status_code == 200 for _ in range(10))


@pytest.mark.parametrize("serve_small", [1], indirect=True)
def test_sighup_reloads_a_single_worker_server(serve_small: tuple[str, Path, Any]) -> None:
    """One worker runs in the serve process itself: SIGHUP reaches the app directly."""
    base, path, proc = serve_small
    old = httpx.get(base + "/readyz").json()
    time.sleep(1.1)
    copy_as(path, path, built_at="2031-01-01T00:00:00+00:00")
    os.kill(proc.pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    while httpx.get(base + "/readyz").json()["built_at"] != "2031-01-01T00:00:00+00:00":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert proc.poll() is None
    assert httpx.get(base + "/readyz").json()["pid"] == old["pid"]
    assert httpx.get(base + CODE).status_code == 200
