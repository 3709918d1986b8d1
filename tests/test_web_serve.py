"""``medcodes serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import gc
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from medcodes.cli.main import cli
from medcodes.search.engine import engine_for
from medcodes.web.state import GC_FIRST_GENERATION, open_state
from support import SERVE, serve_process


@pytest.fixture(scope="module")
def two_workers(catalog_path: Path) -> Iterator[str]:
    with serve_process(["--workers", "2", "--db", str(catalog_path)]) as (base, _proc):
        yield base


def test_serve_with_workers_answers_pages_and_api(two_workers: str, catalog_path: Path) -> None:
    ready = httpx.get(two_workers + "/readyz").json()
    assert ready["status"] == "ready"
    items = httpx.get(two_workers + "/api/v1/suggest", params={"q": "asthma"}).json()["items"]
    assert items
    page = httpx.get(two_workers + "/code/icd10cm/I21.9")
    assert page.status_code == 200 and "I21.9" in page.text


def test_serve_spreads_connections_over_the_workers(two_workers: str) -> None:
    pids = set()
    for _ in range(20):  # a new connection each time
        with httpx.Client(base_url=two_workers) as client:
            pids.add(client.get("/readyz").json()["pid"])
    assert len(pids) == 2


def test_serve_answers_without_delayed_ack_stalls(two_workers: str) -> None:
    """Responses written in two parts must not wait ~40 ms each for a delayed ACK (Nagle)."""
    with httpx.Client(base_url=two_workers) as client:
        client.get("/healthz")
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            client.get("/healthz")
            times.append(time.perf_counter() - t0)
    assert statistics.median(times) < 0.035


def test_serve_answers_pipelined_requests_of_every_shape(two_workers: str) -> None:
    """Writes are coalesced per loop turn (``web.coalesce``): answers with and without a
    body (HEAD, 304), a static file and an error, pipelined on one keep-alive connection,
    all arrive whole and in order."""
    etag = httpx.get(two_workers + "/api/v1/search?q=asthma").headers["etag"]
    requests = [
        "GET /api/v1/search?q=asthma HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD /code/icd10cm/I21.9 HTTP/1.1\r\nHost: x\r\n\r\n",
        f"GET /api/v1/search?q=asthma HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\n\r\n",
        "GET /static/app.js HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/v1/codes/icd10cm/NOPE HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ]
    host, port = two_workers.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall("".join(requests).encode())
        data = b""
        while chunk := sock.recv(65536):  # the server closes after the last answer
            data += chunk
    statuses = []
    for method in ("GET", "HEAD", "GET", "GET", "GET", "GET"):
        head, _, data = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:])
        statuses.append(int(lines[0].split()[1]))
        length = 0 if method == "HEAD" else int(headers.get("content-length", "0"))
        assert len(data) >= length
        data = data[length:]
        assert headers["x-content-type-options"] == "nosniff"
    assert statuses == [200, 200, 304, 200, 404, 200]
    assert data == b""


def test_serve_on_a_busy_port_fails_cleanly(catalog_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [*SERVE, "--port", str(port), "--db", str(catalog_path)],
            capture_output=True, text=True, timeout=60,
        )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "address already in use" in done.stderr.lower()


def test_serve_help_names_every_option() -> None:
    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    for option in ("--host", "--port", "--workers", "--db", "--access-log"):
        assert option in out


def test_a_warmed_worker_keeps_the_cycle_collector_off_what_it_loaded(
    catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the warm-up, which runs before the worker serves, what it loaded is frozen out of
    full collections (they walked it on every cold search) and young collections run less
    often; the speller's shared tables are built."""
    monkeypatch.setenv("MEDCODES_WARMUP", "1")
    threshold = gc.get_threshold()
    try:
        state = open_state(catalog_path)  # warms up before it returns
        assert state.catalog is not None
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold()[0] == GC_FIRST_GENERATION
        assert engine_for(state.catalog).spelling_tables.sounds is not None
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
