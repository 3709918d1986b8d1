"""Helpers the tests share for running the real thing: the app on a loopback port, a real
`medcodes serve` process, and Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

CHROMIUM = os.environ.get("MEDCODES_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("MEDCODES_CHROMEDRIVER", "/usr/bin/chromedriver")
SERVE = [sys.executable, "-c", "from medcodes.cli.main import main; main()", "serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def app_in_thread(app: Any, start_timeout: float = 30) -> Iterator[str]:
    """The ASGI app on uvicorn in a background thread; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def serve_process(args: Sequence[str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real `medcodes serve --port P ARGS` process group, ready (``/readyz`` 200) before it
    is yielded, stopped with SIGTERM (then SIGKILL) afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [*SERVE, "--port", str(port), "--no-access-log", *args],
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
        yield base, proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def chromium(width: int, height: int, phone: bool = False) -> tuple[Any, str]:
    """(driver, profile folder) for headless Chromium; skips when it is not installed, and
    fails instead when MEDCODES_REQUIRE_BROWSER=1 (CI)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        reason = (f"headless browser not installed ({', '.join(missing)}):"
                  " apt-get install chromium chromium-driver")
        if os.environ.get("MEDCODES_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="medcodes-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                f"--window-size={width},{height}"):
        options.add_argument(arg)
    if phone:
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}}
        )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver, profile
