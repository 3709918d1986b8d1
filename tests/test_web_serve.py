"""``medcodes serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import gc
import socket
import statistics
import subprocess
import threading
import time
import warnings
import weakref
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from starlette.exceptions import StarletteDeprecationWarning
from threadpoolctl import threadpool_info, threadpool_limits

from medcodes.catalog.reader import Catalog
from medcodes.cli.main import cli
from medcodes.search import porter
from medcodes.search.engine import engine_for, search
from medcodes.web.app import create_app
from medcodes.web.state import GC_FIRST_GENERATION, REFREEZE_ENV, HeapKeeper, open_state
from support import SERVE, serve_process

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


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
        assert porter.index_stem("cholecys") == "choleci"
        assert porter._KNOWN.get("cholecys") == "choleci"  # the catalog's words, learnt at once
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_a_warmed_worker_runs_blas_on_one_thread(
    catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker per core: each worker's BLAS keeps to one thread, not one per core."""
    monkeypatch.setenv("MEDCODES_WARMUP", "1")
    threshold = gc.get_threshold()
    before = {p["prefix"]: p["num_threads"] for p in threadpool_info()}
    try:
        assert open_state(catalog_path).catalog is not None
        blas = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
        assert blas and set(blas) == {1}
    finally:
        threadpool_limits(limits=before)
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_a_warmed_worker_refreezes_what_its_searches_cache(
    catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every few catalog requests a warmed worker collects its young garbage and freezes what
    its caches kept, so the old generation stays small and no full collection walks the
    caches; the answers are the same as without it."""
    monkeypatch.setenv("MEDCODES_WARMUP", "1")
    monkeypatch.setenv(REFREEZE_ENV, "5")
    threshold = gc.get_threshold()
    try:
        app = create_app(catalog_path)
        keeper = app.state.web.heap
        assert isinstance(keeper, HeapKeeper) and keeper.every == 5
        client = TestClient(app)  # not entered: no lifespan, the app's state is enough
        frozen = gc.get_freeze_count()
        for q in ("heart attack", "broken wrist", "sugar diabetes", "E11.9", "kidney stone"):
            assert client.get("/api/v1/search", params={"q": q}).status_code == 200
        assert keeper.freezes == 1
        assert gc.get_freeze_count() > frozen  # what the searches cached is frozen too
        assert len(gc.get_objects(2)) < 10_000  # the old generation holds no caches
        monkeypatch.setenv(REFREEZE_ENV, "0")
        assert HeapKeeper.from_env() is None  # 0 turns it off
        monkeypatch.delenv("MEDCODES_WARMUP")
        assert create_app(catalog_path).state.web.heap is None  # tests, embedding: left alone
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_an_ended_threads_connection_goes_to_the_next_thread(catalog_path: Path) -> None:
    """A web worker's thread pool ends idle threads and starts new ones: the next thread gets
    the ended one's connection and speller (its caches warm), rather than one more connection
    (one more mapping of the catalog) while the ended one's stays open, frozen with the heap,
    until a full collection."""
    catalog = Catalog(catalog_path)
    used: list[tuple[int, int]] = []

    def search_once() -> None:
        search(catalog, "broken wrist", limit=3)
        used.append((id(catalog.conn), id(engine_for(catalog).speller)))

    try:
        for _ in range(3):
            ready, done = threading.Event(), threading.Event()

            def serve(ready: threading.Event, done: threading.Event) -> None:
                search_once()
                ready.set()
                done.wait()

            worker = threading.Thread(target=serve, args=(ready, done))
            worker.start()
            ready.wait()
            gc.freeze()  # the worker's re-freeze while the thread lives
            done.set()
            worker.join()
        assert len(set(used)) == 1  # one connection and one speller, handed on
        assert len(catalog._idle) == 1
        catalog.close()
        assert not catalog._idle
    finally:
        gc.unfreeze()


def test_heap_keeper_collects_everything_now_and_then() -> None:
    """A cycle that became garbage after its freeze is found by the occasional full
    collection of everything (every ``resettle`` re-freezes)."""
    threshold = gc.get_threshold()
    try:
        keeper = HeapKeeper(every=2, resettle=3)

        class Node:
            other: object = None

        a, b = Node(), Node()
        a.other, b.other = b, a
        keeper.tick()
        keeper.tick()  # 1st re-freeze: the live cycle is frozen
        assert gc.get_freeze_count() > 0
        gone = weakref.ref(a)
        del a, b
        for _ in range(3):
            keeper.tick()
        assert gone() is not None  # frozen: the young collections leave it
        keeper.tick()  # the 3rd re-freeze collects everything
        assert gone() is None
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
