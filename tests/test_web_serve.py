"""``medcodes serve`` as a user runs it: a real process on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from medcodes.cli.main import cli

SERVE = [sys.executable, "-c", "from medcodes.cli.main import main; main()", "serve"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def two_workers(catalog_path: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [*SERVE, "--port", str(port), "--workers", "2", "--no-access-log", "--db", str(catalog_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"medcodes serve exited {proc.returncode}: {err[-1500:]}")
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("medcodes serve was not ready within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


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
