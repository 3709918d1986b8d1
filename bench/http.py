"""Bounded HTTP load test of ``medcodes serve`` on loopback.

Starts ``medcodes serve`` on a free 127.0.0.1 port with 1 and then 2 workers, waits for
``/readyz``, then for each endpoint (``/api/v1/suggest``, ``/api/v1/search``) runs C concurrent
keep-alive clients for N seconds over a varied query list (the curated queries in
bench/queries/*.tsv, their typing prefixes, codes and code prefixes), and reports p50/p99
latency, requests per second and errors. The server is stopped at the end of each run.

Targets (2-core machine): suggest p50 <= 10 ms at 10 clients; >= 800 req/s with 2 workers;
0 errors.

The load generator shares the machine's cores with the server. ``--generator wrk`` (the
default when ``wrk`` is on PATH; Debian: ``apt-get install wrk``) drives the same query list
from wrk's C event loop with a Lua script (``http_wrk.lua``), one thread; ``--generator
python`` is the pure-Python keep-alive client, the fallback. Each run prints which generator
it used and the generator's own CPU per request beside the server's: on the search endpoint
the Python client costs ~0.06-0.09 ms per request, 1-2% of the server's ~5 ms.

``--soak`` holds a mixed load instead (typeahead, search, code records and pages, FHIR
$lookup) for 60 s at 50 clients on 2 workers (each can be changed), after a warm-up (one pass
over the distinct requests, at least 30 s), and samples the workers' memory (RSS, PSS and
private heap from /proc) every few seconds. Targets: 0 errors (no status >= 400, no timeout or
dropped connection) and worker memory (PSS) growth <= 10 % over the measured minute.

Usage::

    python bench/http.py                        # 10 s, 10 clients, workers 1 and 2
    python bench/http.py --seconds 5 --clients 20 --workers 2
    python bench/http.py --no-cache             # server response cache off (cold search cost)
    python bench/http.py --distinct 300         # 300 distinct queries, repeated (warm cache)
    python bench/http.py --db /tmp/medcodes-cat.sqlite --json bench/out/http.json
    python bench/http.py --soak --db /tmp/medcodes-cat.sqlite   # 60 s, 50 clients, 2 workers
    python bench/http.py --generator python    # the pure-Python client even when wrk is there

``--soak`` always uses the Python client (a mixed list where any status below 400 counts).
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
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any
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


def query_list(seed: int = 7, held_out: bool = True) -> list[str]:
    """Codes, words and what a person types on the way to them (prefixes), shuffled; without
    ``held_out``, not the held-out judges' queries (``*blind*``)."""
    base = list(WORDS) + list(CODES)
    for tsv in sorted((HERE / "queries").glob("*.tsv")):
        if not held_out and "blind" in tsv.name:
            continue
        for line in tsv.read_text(encoding="utf-8").splitlines():
            q = line.split("\t", 1)[0].strip()
            if q and not q.startswith("#") and q != "query":  # comments, the header
                base.append(q)
    queries = list(dict.fromkeys(base))
    for q in list(queries):
        queries.extend(q[:n] for n in range(2, len(q)) if q[n - 1] != " ")
    random.Random(seed).shuffle(queries)
    return queries


# Codes whose records and pages the soak reads, with the FHIR URI of their system.
SOAK_CODES = [
    ("icd10cm", "I21.9"), ("icd10cm", "E11.9"), ("icd10cm", "S72.001A"), ("icd10cm", "J44.1"),
    ("icd10cm", "M54.50"), ("icd10pcs", "0DTJ4ZZ"), ("icd9cm", "410.71"), ("icd9cm", "250.00"),
]
FHIR_URIS = {
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "icd10pcs": "http://www.cms.gov/Medicare/Coding/ICD10",
    "icd9cm": "http://hl7.org/fhir/sid/icd-9-cm",
}
WARMUP_CAP = 300.0  # seconds at most for the soak's pass over every distinct request
SOAK_DISTINCT = 2000  # distinct queries in a soak; --distinct 0 uses the full list
SOAK_MIX = (  # share of requests per kind, in order
    ("suggest", 0.50), ("search", 0.25), ("record", 0.07), ("results page", 0.06),
    ("code page", 0.06), ("fhir lookup", 0.06),
)


def soak_targets(queries: list[str], seed: int = 11) -> list[str]:
    """A mixed workload, as people typing, searching and reading code pages send it."""
    rng = random.Random(seed)
    targets = []
    for i, q in enumerate(queries):
        system, code = SOAK_CODES[i % len(SOAK_CODES)]
        roll, kind = rng.random(), SOAK_MIX[-1][0]
        for name, share in SOAK_MIX:
            if roll < share:
                kind = name
                break
            roll -= share
        targets.append({
            "suggest": "/api/v1/suggest?" + urlencode({"q": q}),
            "search": "/api/v1/search?" + urlencode({"q": q}),
            "record": f"/api/v1/codes/{system}/{code}",
            "results page": "/search?" + urlencode({"q": q}),
            "code page": f"/code/{system}/{code}",
            "fhir lookup": "/fhir/CodeSystem/$lookup?"
            + urlencode({"system": FHIR_URIS[system], "code": code}),
        }[kind])
    return targets


def worker_pids(server_pid: int) -> list[int]:
    """The serve process's worker processes (multiprocessing children running spawn_main)."""
    pids = []
    try:
        for task in Path(f"/proc/{server_pid}/task").iterdir():
            for kid in (task / "children").read_text().split():
                if b"spawn_main" in Path(f"/proc/{kid}/cmdline").read_bytes():
                    pids.append(int(kid))
    except OSError:
        pass
    return sorted(set(pids)) or [server_pid]  # one worker: uvicorn runs in the process itself


def memory_kb(pids: list[int]) -> dict[str, int]:
    """Summed over ``pids``, in kB: ``rss`` (VmRSS, counts the mapped catalog once per mapping:
    every SQLite connection maps the file), ``pss`` (shared pages split between processes),
    ``anon`` (private heap: what a leak grows) and ``file`` (mapped files: the page cache of the
    catalog, reclaimable). From /proc/PID/smaps_rollup (Linux)."""
    keys = {"Rss:": "rss", "Pss:": "pss", "Anonymous:": "anon", "Pss_File:": "file"}
    total = dict.fromkeys(keys.values(), 0)
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                parts = line.split()
                key = keys.get(parts[0]) if parts else None
                if key:
                    total[key] += int(parts[1])
        except (OSError, ValueError, IndexError):
            continue
    return total


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
    client_cpu_s: float | None = None
    generator: str = "python"
    # wrk reports its percentiles, not every latency: {"requests", "p50_ms", ..., "max_ms"}
    reported: dict[str, float] | None = None

    def summary(self) -> dict[str, object]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p * len(lat)))], 2) if lat else float("nan")

        def per_request(cpu: float | None) -> float | None:
            return round(cpu * 1000 / n, 3) if cpu is not None and n else None

        if self.reported is not None:
            n = int(self.reported["requests"])
            latency = {k: round(self.reported[k], 2)
                       for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms")}
        else:
            n = len(lat) + self.errors
            latency = {"p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
                       "max_ms": round(lat[-1], 2) if lat else float("nan")}
        return {
            "endpoint": self.endpoint, "workers": self.workers, "clients": self.clients,
            "generator": self.generator,
            "seconds": round(self.seconds, 2), "requests": n, "errors": self.errors,
            "rps": round(n / self.seconds, 1) if self.seconds else 0.0,
            **latency,
            "server_cpu_ms_per_request": per_request(self.server_cpu_s),
            "client_cpu_ms_per_request": per_request(self.client_cpu_s),
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
                   workers: int, max_requests: int, targets: list[str] | None = None) -> Result:
    """C clients loop over the queries (or the ready-made ``targets``, where any status
    below 400 is a success) until the deadline or the request cap."""
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
                if targets:
                    target = targets[counter["next"] % len(targets)]
                else:
                    q = queries[counter["next"] % len(queries)]
                    target = f"{endpoint}?{urlencode({'q': q})}"
                counter["next"] += 1
                counter["sent"] += 1
                t0 = time.perf_counter()
                try:
                    status, body = await asyncio.wait_for(conn.get(target), timeout=10.0)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    fail(f"{type(exc).__name__} {target}")
                    await conn.close()
                    continue
                if status == 200 or (targets and status < 400):
                    result.latencies_ms.append((time.perf_counter() - t0) * 1000)
                else:
                    fail(f"{status} {target} {body[:120]!r}")
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    result.seconds = time.perf_counter() - start
    return result


WRK_SCRIPT = HERE / "http_wrk.lua"


def wrk_version() -> str | None:
    """``wrk``'s version line when it is on PATH, else None."""
    exe = shutil.which("wrk")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0].split(" [")[0] if first else "wrk"  # "wrk debian/4.1.0-3+b2"


def run_wrk(port: int, endpoint: str, queries: list[str], clients: int, seconds: float,
            workers: int, threads: int = 1) -> Result:
    """The same load as ``run_load`` from wrk: ``clients`` keep-alive connections over
    ``threads`` threads, each request the next query of the list (``http_wrk.lua``). A status
    other than 2xx/3xx, a timeout or a socket error counts as an error. The result carries
    wrk's CPU (user + system) as ``client_cpu_s``."""
    result = Result(endpoint, workers, clients, seconds, generator="wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as targets:
        targets.write("".join(f"{endpoint}?{urlencode({'q': q})}\n" for q in queries))
        targets.flush()
        cmd = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds:g}s",
               "--timeout", "10s", "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}",
               "--", targets.name]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not report:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    stats = json.loads(report[-1])
    result.seconds = stats["duration_us"] / 1e6
    result.client_cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    errors = {k: stats[k] for k in ("connect", "read", "write", "status", "timeout") if stats[k]}
    result.errors = sum(errors.values())
    result.error_samples = [f"{k}: {v}" for k, v in errors.items()]
    result.reported = {"requests": stats["requests"],
                       **{f"{k}_ms": stats[f"{k}_us"] / 1000 for k in ("p50", "p90", "p99", "max")}}
    return result


class MemorySampler:
    """The workers' memory every ``every`` seconds, in the background, tagged by phase."""

    def __init__(self, pids: list[int], every: float) -> None:
        self.pids, self.every = pids, every
        self.samples: list[dict[str, Any]] = []
        self.phase = "warm-up"
        self.start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        self.samples.append({"t": round(time.perf_counter() - self.start, 1),
                             "phase": self.phase, **memory_kb(self.pids)})

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def growth_pct(first: dict[str, Any], last: dict[str, Any], key: str) -> float:
    return round((last[key] - first[key]) * 100 / first[key], 2) if first[key] else float("nan")


def finish(checks: dict[str, bool], json_out: str | None, payload: dict[str, Any]) -> int:
    """Print each target as met or missed, write ``payload`` and the checks to ``json_out``;
    the exit status (0 when every target is met)."""
    for name, ok in checks.items():
        print(f"target {name}: {'met' if ok else 'MISSED'}")
    if json_out:
        Path(json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(json_out).write_text(json.dumps({**payload, "targets": checks}, indent=2))
    return 0 if all(checks.values()) else 1


def soak(args: argparse.Namespace, queries: list[str]) -> int:
    """``--soak``: a mixed load held for a minute; errors, latency, throughput and memory.

    Memory is sampled from the start of the warm-up; the growth target is judged on the
    measured phase, by PSS: RSS counts the memory-mapped catalog once per SQLite connection
    (each thread of a worker has one), so it grows with every mapping of the same shared pages.
    """
    workers = int(str(args.workers).split(",")[-1])
    targets = soak_targets(queries)
    print(f"soak: {args.seconds:g} s, {args.clients} clients, {workers} workers, "
          f"{len(targets)} distinct requests (mix: "
          + ", ".join(f"{name} {share:.0%}" for name, share in SOAK_MIX) + "); "
          f"load average {os.getloadavg()[0]:.2f}")
    server = Server(args.db, workers, cache=not args.no_cache)
    try:
        server.wait_ready()
        pids = worker_pids(server.proc.pid)
        with MemorySampler(pids, args.sample_every) as memory:
            # Warm-up: every distinct request once and at least --warmup seconds, so that the
            # measured minute sees the steady state (bounded caches full, catalog pages mapped).
            t0 = time.perf_counter()
            asyncio.run(run_load(server.port, "soak", [], args.clients, WARMUP_CAP, workers,
                                 len(targets), targets=targets))
            left = args.warmup - (time.perf_counter() - t0)
            if left > 0:
                asyncio.run(run_load(server.port, "soak", [], args.clients, left, workers,
                                     10**9, targets=targets))
            warmup = time.perf_counter() - t0
            memory.phase = "measured"
            memory.sample()
            cpu0 = tree_cpu_seconds(server.proc.pid)
            res = asyncio.run(run_load(server.port, "soak", [], args.clients, args.seconds,
                                       workers, 10**9, targets=targets))
            cpu1 = tree_cpu_seconds(server.proc.pid)
        if cpu0 is not None and cpu1 is not None:
            res.server_cpu_s = cpu1 - cpu0
        alive = server.proc.poll() is None and worker_pids(server.proc.pid) == pids
    finally:
        server.stop()
    row = res.summary()
    cold = memory.samples[0]
    measured = [m for m in memory.samples if m["phase"] == "measured"]
    first, last = measured[0], measured[-1]

    def mb(sample: dict[str, Any], key: str) -> float:
        return round(sample[key] / 1024, 1)

    summary = {
        "worker_pids": pids, "warmup_s": round(warmup, 1), "samples": memory.samples,
        **{f"{key}_{when}_mb": mb(sample, key) for key in ("rss", "pss", "anon")
           for when, sample in (("cold", cold), ("start", first), ("end", last))},
        **{f"{key}_peak_mb": round(max(m[key] for m in measured) / 1024, 1)
           for key in ("rss", "pss", "anon")},
        **{f"{key}_growth_pct": growth_pct(first, last, key) for key in ("rss", "pss", "anon")},
    }
    print(f"warm-up {warmup:.0f} s; measured: {row['requests']} requests in {row['seconds']} s: "
          f"{row['rps']} req/s, p50 {row['p50_ms']} ms, p90 {row['p90_ms']} ms, "
          f"p99 {row['p99_ms']} ms, max {row['max_ms']} ms, errors {row['errors']}, "
          f"server CPU/request {row['server_cpu_ms_per_request']} ms")
    for sample in row["error_samples"]:  # type: ignore[attr-defined]
        print(f"    error: {sample}")
    print(f"worker memory, {len(pids)} workers, sampled every {args.sample_every:g} s "
          "(cold -> start of measured minute -> end, growth over the minute):")
    for key, label in (("pss", "PSS (shared pages split)"), ("anon", "private heap"),
                       ("rss", "RSS (each mapping counted)")):
        print(f"  {label:<27} {summary[f'{key}_cold_mb']:>8} -> {summary[f'{key}_start_mb']:>8} "
              f"-> {summary[f'{key}_end_mb']:>8} MB  ({summary[f'{key}_growth_pct']:+} %)")
    checks = {
        "0 errors": row["errors"] == 0,
        "memory (PSS) growth <= 10 %": float(str(summary["pss_growth_pct"])) <= 10,
        "no worker restarted": alive,
    }
    return finish(checks, args.json_out, {"soak": row, "memory": summary})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=None,
                    help="seconds per endpoint and run (default 10; --soak: 60)")
    ap.add_argument("--clients", type=int, default=None,
                    help="concurrent keep-alive clients (default 10; --soak: 50)")
    ap.add_argument("--workers", default=None,
                    help="comma list of worker counts to run (default 1,2; --soak: 2)")
    ap.add_argument("--warmup", type=float, default=None,
                    help="seconds of unmeasured warm-up (default 1; --soak: 30, and at least "
                    "one pass over every distinct request)")
    ap.add_argument("--soak", action="store_true",
                    help="hold a mixed load and watch worker memory (see the module docstring)")
    ap.add_argument("--sample-every", type=float, default=3.0,
                    help="--soak: seconds between memory samples")
    ap.add_argument("--max-requests", type=int, default=200_000,
                    help="cap per measured phase (Python client only)")
    ap.add_argument("--db", default=None, help="catalog file (default: MEDCODES_DB / user data)")
    ap.add_argument("--no-cache", action="store_true", help="turn the server's response cache off")
    ap.add_argument("--distinct", type=int, default=None,
                    help="use only this many distinct queries, repeated (0: all, ~17,000; "
                    f"--soak: {SOAK_DISTINCT})")
    ap.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto",
                    help="load generator: wrk (C, when installed) or the Python client; auto "
                    "(default): wrk when it is on PATH")
    ap.add_argument("--json", dest="json_out", default=None, help="also write results here")
    args = ap.parse_args(argv)
    for name, normal, soaking in (("seconds", 10.0, 60.0), ("clients", 10, 50),
                                  ("workers", "1,2", "2"), ("warmup", 1.0, 30.0),
                                  ("distinct", 0, SOAK_DISTINCT)):
        if getattr(args, name) is None:
            setattr(args, name, soaking if args.soak else normal)
    if not 0 < args.seconds <= 600 or not 0 < args.clients <= 200:
        ap.error("--seconds must be in (0, 600] and --clients in (0, 200]")
    queries = query_list()
    if args.distinct > 0:
        queries = queries[: args.distinct]
    if args.soak:
        return soak(args, queries)
    wrk = wrk_version()
    if args.generator == "wrk" and wrk is None:
        ap.error("--generator wrk: wrk is not on PATH (Debian: apt-get install wrk)")
    use_wrk = args.generator == "wrk" or (args.generator == "auto" and wrk is not None)
    generator = f"{wrk} with {WRK_SCRIPT.name}, 1 thread" if use_wrk else (
        "the Python keep-alive client" + (" (wrk is not installed)" if wrk is None else ""))

    def load(port: int, endpoint: str, seconds: float, workers: int) -> Result:
        if use_wrk:
            return run_wrk(port, endpoint, queries, args.clients, seconds, workers)
        cpu = time.process_time()
        res = asyncio.run(run_load(port, endpoint, queries, args.clients, seconds, workers,
                                   args.max_requests))
        res.client_cpu_s = time.process_time() - cpu
        return res

    print(f"{len(queries)} distinct queries; {args.clients} clients; {args.seconds:g} s per "
          f"endpoint; response cache {'off' if args.no_cache else 'on'}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"load generator: {generator}")
    rows = []
    for workers in [int(w) for w in args.workers.split(",") if w.strip()]:
        server = Server(args.db, workers, cache=not args.no_cache)
        try:
            server.wait_ready()
            for endpoint in ENDPOINTS:
                if args.warmup > 0:
                    load(server.port, endpoint, args.warmup, workers)
                cpu0 = tree_cpu_seconds(server.proc.pid)
                res = load(server.port, endpoint, args.seconds, workers)
                cpu1 = tree_cpu_seconds(server.proc.pid)
                if cpu0 is not None and cpu1 is not None:
                    res.server_cpu_s = cpu1 - cpu0
                row = res.summary()
                rows.append(row)
                print(f"workers={workers} {endpoint:<17} {row['rps']:>8} req/s  "
                      f"p50 {row['p50_ms']:>6} ms  p99 {row['p99_ms']:>7} ms  "
                      f"max {row['max_ms']:>7} ms  requests {row['requests']}  "
                      f"errors {row['errors']}  CPU/request: server "
                      f"{row['server_cpu_ms_per_request']} ms, generator "
                      f"{row['client_cpu_ms_per_request']} ms")
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
