"""Bounded HTTP load test of ``medcodes serve`` on loopback.

Starts ``medcodes serve`` on a free 127.0.0.1 port with 1 and then 2 workers, waits for
``/readyz``, then for each endpoint (``/api/v1/suggest``, ``/api/v1/search``) runs C concurrent
keep-alive clients for N seconds over a varied query list (the curated queries in
bench/queries/*.tsv, their typing prefixes, codes and code prefixes), and reports p50/p99
latency, requests per second and errors. The server is stopped at the end of each run.

Targets (2-core machine): suggest p50 <= 10 ms at 10 clients; >= 800 req/s with 2 workers;
0 errors.

Usage::

    python bench/http.py                        # 10 s, 10 clients, workers 1 and 2
    python bench/http.py --seconds 5 --clients 20 --workers 2
    python bench/http.py --no-cache             # server response cache off (cold search cost)
    python bench/http.py --distinct 300         # 300 distinct queries, repeated (warm cache)
    python bench/http.py --db /tmp/medcodes-cat.sqlite --json bench/out/http.json
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as ``python bench/http.py``, this file's folder comes first on sys.path and its name
# would shadow the standard library's ``http`` package that httpx imports.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx

HERE = Path(__file__).resolve().parent
ENDPOINTS = ("/api/v1/suggest", "/api/v1/search")
CODES = [
    "I21.9", "I21", "E11", "E11.9", "J44.1", "S72.001A", "I10", "R07.9", "0DTJ4ZZ", "0DT",
    "410.71", "250.00", "E08-E13", "M54.5", "Z00.00", "F32.9", "N18.6", "K21.9", "C50.9",
    "O80", "A41.9", "J18.9", "G43.909", "H25.9", "L40.0", "T78.40XA", "V43.52XA", "Z79.4",
]
WORDS = [
    "heart attack", "diabetes type 2", "chf", "copd exacerbation", "pneumonia", "asthma",
    "fracture of femur", "hypertension", "sepsis", "migraine", "depression", "back pain",
    "kidney failure", "appendectomy", "colonoscopy", "cataract", "breast cancer",
    "urinary tract infection", "stroke", "anemia", "obesity", "hip replacement",
]


def query_list(seed: int = 7) -> list[str]:
    """Codes, words and what a person types on the way to them (prefixes), shuffled."""
    base = list(WORDS) + list(CODES)
    for tsv in sorted((HERE / "queries").glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            q = line.split("\t", 1)[0].strip()
            if q:
                base.append(q)
    queries = list(dict.fromkeys(base))
    for q in list(queries):
        queries.extend(q[:n] for n in range(2, len(q)) if q[n - 1] != " ")
    random.Random(seed).shuffle(queries)
    return queries


def tree_cpu_seconds(pid: int) -> float | None:
    """User+system CPU seconds of a process and its descendants (Linux /proc), else None."""
    tick = os.sysconf("SC_CLK_TCK")
    total, stack = 0.0, [pid]
    try:
        while stack:
            p = stack.pop()
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                stack.extend(int(k) for k in kids)
    except (OSError, ValueError, IndexError):
        return None
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Result:
    endpoint: str
    workers: int
    clients: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    server_cpu_s: float | None = None

    def summary(self) -> dict[str, object]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p * len(lat)))], 2) if lat else float("nan")

        n = len(lat) + self.errors
        return {
            "endpoint": self.endpoint, "workers": self.workers, "clients": self.clients,
            "seconds": round(self.seconds, 2), "requests": n, "errors": self.errors,
            "rps": round(n / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
            "max_ms": round(lat[-1], 2) if lat else float("nan"),
            "server_cpu_ms_per_request": round(self.server_cpu_s * 1000 / n, 2)
            if self.server_cpu_s is not None and n else None,
            "error_samples": self.error_samples[:3],
        }


class Server:
    """``medcodes serve`` in its own process group, stopped (and reaped) on exit."""

    def __init__(self, db: str | None, workers: int, cache: bool) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-c", "from medcodes.cli.main import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers),
               "--no-access-log"]
        if db:
            cmd += ["--db", db]
        env = dict(os.environ)
        if not cache:
            env["MEDCODES_RESPONSE_CACHE"] = "0"
        self.log = open(os.devnull, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.PIPE,
                                     start_new_session=True)

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise SystemExit(f"server exited with {self.proc.returncode}:\n{err[-2000:]}")
            try:
                if httpx.get(self.base + "/readyz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"server not ready after {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


class Connection:
    """A minimal HTTP/1.1 keep-alive client: httpx costs more CPU per request than the server
    spends answering one, and on a 2-core machine the load generator shares the CPUs."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = 0
        close = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run_load(port: int, endpoint: str, queries: list[str], clients: int, seconds: float,
                   workers: int, max_requests: int) -> Result:
    """C clients loop over the queries until the deadline or the request cap."""
    result = Result(endpoint, workers, clients, seconds)
    counter = {"next": 0, "sent": 0}
    start = time.perf_counter()
    deadline = start + seconds

    def fail(message: str) -> None:
        result.errors += 1
        if len(result.error_samples) < 5:
            result.error_samples.append(message)

    async def worker() -> None:
        conn = Connection(port)
        try:
            while time.perf_counter() < deadline and counter["sent"] < max_requests:
                q = queries[counter["next"] % len(queries)]
                counter["next"] += 1
                counter["sent"] += 1
                target = f"{endpoint}?{urlencode({'q': q})}"
                t0 = time.perf_counter()
                try:
                    status, body = await asyncio.wait_for(conn.get(target), timeout=10.0)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    fail(f"{type(exc).__name__} {target}")
                    await conn.close()
                    continue
                if status == 200:
                    result.latencies_ms.append((time.perf_counter() - t0) * 1000)
                else:
                    fail(f"{status} {target} {body[:120]!r}")
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    result.seconds = time.perf_counter() - start
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds per endpoint and run")
    ap.add_argument("--clients", type=int, default=10, help="concurrent keep-alive clients")
    ap.add_argument("--workers", default="1,2", help="comma list of worker counts to run")
    ap.add_argument("--warmup", type=float, default=1.0, help="seconds of unmeasured warm-up")
    ap.add_argument("--max-requests", type=int, default=200_000, help="cap per measured phase")
    ap.add_argument("--db", default=None, help="catalog file (default: MEDCODES_DB / user data)")
    ap.add_argument("--no-cache", action="store_true", help="turn the server's response cache off")
    ap.add_argument("--distinct", type=int, default=0,
                    help="use only this many distinct queries, repeated (0: all, ~9,000)")
    ap.add_argument("--json", dest="json_out", default=None, help="also write results here")
    args = ap.parse_args(argv)
    if not 0 < args.seconds <= 600 or not 0 < args.clients <= 200:
        ap.error("--seconds must be in (0, 600] and --clients in (0, 200]")
    queries = query_list()
    if args.distinct > 0:
        queries = queries[: args.distinct]
    print(f"{len(queries)} distinct queries; {args.clients} clients; {args.seconds:g} s per "
          f"endpoint; response cache {'off' if args.no_cache else 'on'}; "
          f"load average {os.getloadavg()[0]:.2f}")
    rows = []
    for workers in [int(w) for w in args.workers.split(",") if w.strip()]:
        server = Server(args.db, workers, cache=not args.no_cache)
        try:
            server.wait_ready()
            for endpoint in ENDPOINTS:
                if args.warmup > 0:
                    asyncio.run(run_load(server.port, endpoint, queries, args.clients,
                                         args.warmup, workers, args.max_requests))
                cpu0 = tree_cpu_seconds(server.proc.pid)
                res = asyncio.run(run_load(server.port, endpoint, queries, args.clients,
                                           args.seconds, workers, args.max_requests))
                cpu1 = tree_cpu_seconds(server.proc.pid)
                if cpu0 is not None and cpu1 is not None:
                    res.server_cpu_s = cpu1 - cpu0
                row = res.summary()
                rows.append(row)
                print(f"workers={workers} {endpoint:<17} {row['rps']:>8} req/s  "
                      f"p50 {row['p50_ms']:>6} ms  p99 {row['p99_ms']:>7} ms  "
                      f"max {row['max_ms']:>7} ms  requests {row['requests']}  "
                      f"errors {row['errors']}  server CPU/request "
                      f"{row['server_cpu_ms_per_request']} ms")
                for sample in row["error_samples"]:  # type: ignore[attr-defined]
                    print(f"    error: {sample}")
        finally:
            server.stop()
    suggest = [float(str(r["p50_ms"])) for r in rows
               if r["endpoint"] == "/api/v1/suggest" and r["clients"] == 10]
    two = [float(str(r["rps"])) for r in rows if r["workers"] == 2]
    checks: dict[str, bool | None] = {
        "suggest p50 <= 10 ms at 10 clients": all(p <= 10 for p in suggest) if suggest else None,
        ">= 800 req/s with 2 workers": all(rps >= 800 for rps in two) if two else None,
        "0 errors": all(r["errors"] == 0 for r in rows),
    }
    for name, ok in checks.items():
        print(f"target {name}: {'n/a' if ok is None else 'met' if ok else 'MISSED'}")
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps({"results": rows, "targets": checks}, indent=2))
    return 0 if all(v is not False for v in checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
