"""Running the app on uvicorn, with two fixes for several workers on one machine.

1. uvicorn binds its socket with ``proto=0``, so asyncio never sets TCP_NODELAY on accepted
   connections, and a response written in two parts waits ~40 ms for a delayed ACK (Nagle).
   ``NoDelayHTTPProtocol`` sets it.
2. uvicorn's workers share one listening socket, and asyncio accepts every pending
   connection at once, so one worker takes nearly all keep-alive clients (measured: 9 of 10)
   while the other idles. On Linux each worker here binds its own ``SO_REUSEPORT`` socket and
   the kernel spreads new connections across them; elsewhere uvicorn's own workers are used.

Each connection's writes are also coalesced per turn of the event loop (``web.coalesce``), so
a response's headers and body leave in one system call and one packet.

SIGHUP makes every worker serve the catalog file now at the path (after an atomic rebuild),
without dropping a connection; see ``web.reload``.

uvicorn parses HTTP with httptools and runs its loop on uvloop when they are installed (they
are dependencies): measured on the typeahead endpoint, the pure-Python h11 parser and asyncio
loop cost ~0.5 ms of CPU per request, about as much as the suggestion itself. Without them
(another platform) it falls back to h11 and asyncio.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is a dependency
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

from medcodes.web.coalesce import CoalescingTransport
from medcodes.web.reload import install_sighup

APP = "medcodes.web.app:create_app"
EARLY = 10.0  # seconds
MAX_EARLY_DEATHS = 3
log = logging.getLogger("medcodes.serve")


def _no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _prepared(transport: asyncio.BaseTransport) -> asyncio.Transport:
    """TCP_NODELAY on the socket, and writes coalesced per loop turn (``web.coalesce``)."""
    _no_delay(transport)
    return CoalescingTransport(transport, asyncio.get_running_loop())  # type: ignore[arg-type]


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's pure-Python HTTP/1.1 protocol (h11) with TCP_NODELAY on every TCP connection
    and one write per response."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(_prepared(transport))


NoDelayHTTPProtocol: type[asyncio.Protocol] = NoDelayH11Protocol
if HttpToolsProtocol is not None:

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol (a C parser) with TCP_NODELAY on every connection and
        one write per response."""

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(_prepared(transport))

    NoDelayHTTPProtocol = NoDelayHttpToolsProtocol


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int
    access_log: bool


def _config(opts: ServeOptions) -> uvicorn.Config:
    return uvicorn.Config(
        APP, factory=True, host=opts.host, port=opts.port, access_log=opts.access_log,
        server_header=False, http=NoDelayHTTPProtocol,
    )


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port) that other workers may bind too (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _worker(opts: ServeOptions) -> None:  # pragma: no cover - runs in a child process
    install_sighup()  # before the app opens its catalog: a reload asked now is not lost
    sock = reuseport_socket(opts.host, opts.port)
    uvicorn.Server(_config(opts)).run(sockets=[sock])


def serve(opts: ServeOptions) -> int:
    """Serve until interrupted; the exit status (0, or 1 when the address is unusable)."""
    if opts.workers == 1 or not hasattr(socket, "SO_REUSEPORT") or sys.platform != "linux":
        if opts.workers == 1:
            install_sighup()  # uvicorn's own supervisor (several workers) restarts on SIGHUP
        uvicorn.run(
            APP, factory=True, host=opts.host, port=opts.port, workers=opts.workers,
            access_log=opts.access_log, server_header=False, http=NoDelayHTTPProtocol,
        )
        return 0
    try:  # holds the port (and learns it when 0 was asked) for the workers to share
        anchor = reuseport_socket(opts.host, opts.port)
    except OSError as exc:
        print(f"error: cannot listen on {opts.host}:{opts.port}: {exc.strerror}", file=sys.stderr)
        return 1
    opts = ServeOptions(opts.host, anchor.getsockname()[1], opts.workers, opts.access_log)
    print(f"Listening on http://{opts.host}:{opts.port}/ with {opts.workers} workers",
          file=sys.stderr, flush=True)
    with anchor:
        return _supervise(opts)


def _supervise(opts: ServeOptions) -> int:
    """Start the workers, restart one that dies, stop them all on SIGINT/SIGTERM, and pass
    SIGHUP on to every worker (each then reopens the catalog path: ``web.reload``).

    A worker that dies within ``EARLY`` seconds of starting, ``MAX_EARLY_DEATHS`` times in a
    row, stops the server (it would only die again: a broken catalog path, say).
    """
    ctx = multiprocessing.get_context("spawn")
    stopping = False
    reloads = 0
    status = 0

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    def hup(signum: int, frame: Any) -> None:
        nonlocal reloads
        reloads += 1

    def start() -> tuple[BaseProcess, float]:
        proc = ctx.Process(target=_worker, args=(opts,), daemon=False)
        # A child inherits an ignored SIGHUP until its own handler is in place, so a reload
        # sent while it starts cannot kill it (it opens the newest file anyway).
        handler = signal.signal(signal.SIGHUP, signal.SIG_IGN)
        try:
            proc.start()
        finally:
            signal.signal(signal.SIGHUP, handler)
        return proc, time.monotonic()

    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, hup if sig == signal.SIGHUP else stop) for sig in handled}
    workers = [start() for _ in range(opts.workers)]
    early_deaths = 0
    forwarded = 0
    try:
        while not stopping:
            wait([proc.sentinel for proc, _ in workers], timeout=0.2)
            if reloads != forwarded:
                forwarded = reloads
                log.warning("SIGHUP: workers reopen the catalog")
                for proc, _ in workers:
                    if proc.is_alive() and proc.pid is not None:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(proc.pid, signal.SIGHUP)
            for i, (proc, started) in enumerate(workers):
                if stopping or proc.is_alive():
                    continue
                early_deaths = early_deaths + 1 if time.monotonic() - started < EARLY else 0
                if early_deaths >= MAX_EARLY_DEATHS:
                    log.error("workers keep exiting at start; stopping")
                    stopping, status = True, 1
                    break
                log.warning("worker %s exited with %s; restarting it", proc.pid, proc.exitcode)
                workers[i] = start()
    finally:
        for proc, _ in workers:
            if proc.is_alive() and proc.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGTERM)
        for proc, _ in workers:
            proc.join(timeout=15)
            if proc.is_alive():
                proc.kill()
                proc.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status
