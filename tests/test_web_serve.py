"""``medcodes serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

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
