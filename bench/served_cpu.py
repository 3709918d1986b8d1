"""Where a served worker's CPU goes over HTTP: the library's search against everything else.

bench/http.py measures a server's CPU per request from outside, bench/search_cpu.py the
parts of a request in process (the ASGI entry down). This runs one worker as ``medcodes
serve`` runs it (uvicorn with the serve command's httptools protocol, uvloop when installed,
the app warmed up and its heap kept), in this process, and drives it with ``wrk`` over the
same list (bench/http.py's queries without the held-out judges, after ``--warm`` requests sent
in process first, so the worker is as warm as bench/search_cpu.py's). It prints the worker's
CPU per request over HTTP beside the CPU of the library call (``web.api.search``, the whole
of ``engine.search``) and of the parts bench/search_cpu.py times, for the same requests: the
difference is uvicorn, httptools, the event loop, the hot path and the JSON. ``--profile N``
also prints cProfile's N heaviest functions by own time over the measured requests.

    PYTHONPATH=src python bench/served_cpu.py --db CAT [--warm 1500] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib.util
import json
import os
import pstats
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
# Run as ``python bench/served_cpu.py``, this folder comes first on sys.path and its http.py
# would shadow the standard library's ``http`` package (as bench/http.py says).
if sys.path and Path(sys.path[0]).resolve() == HERE:
    sys.path.pop(0)
_spec = importlib.util.spec_from_file_location("search_cpu", HERE / "search_cpu.py")
assert _spec is not None and _spec.loader is not None
search_cpu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(search_cpu)
ENDPOINTS, Parts, get = search_cpu.ENDPOINTS, search_cpu.Parts, search_cpu.get


def wrk_script() -> Path:
    """bench/http.py's wrk script (each request the next line of a targets file)."""
    if "http_bench" not in sys.modules:  # search_cpu.bench_queries loads it under that name
        search_cpu.bench_queries()
    return Path(sys.modules["http_bench"].WRK_SCRIPT)


async def serve_and_load(app: object, queries: list[str], seconds: float, clients: int,
                         profile: cProfile.Profile | None) -> tuple[int, float]:
    """Serve ``app`` on a free loopback port while wrk sends ``queries`` in a loop; the
    requests wrk completed and this process's CPU seconds over them."""
    import uvicorn

    from medcodes.web.server import NoDelayHTTPProtocol

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False,  # type: ignore[arg-type]
                            server_header=False, http=NoDelayHTTPProtocol, log_level="warning",
                            lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.05)
    path = ENDPOINTS["search"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as targets:
        targets.write("".join(f"{path}?{urlencode({'q': q})}\n" for q in queries))
        targets.flush()
        cmd = ["wrk", "-t", "1", "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "10s",
               "-s", str(wrk_script()), f"http://127.0.0.1:{port}", "--", targets.name]
        cpu = time.process_time()
        if profile is not None:
            profile.enable()
        proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate()
        if profile is not None:
            profile.disable()
        cpu = time.process_time() - cpu
    server.should_exit = True
    await task
    report = [line for line in out.decode().splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not report:
        raise SystemExit(f"wrk failed ({proc.returncode}): {err.decode()[-500:]}")
    stats = json.loads(report[-1])
    errors = sum(stats[k] for k in ("connect", "read", "write", "status", "timeout"))
    if errors:
        raise SystemExit(f"wrk saw {errors} errors")
    return int(stats["requests"]), cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=os.environ.get("MEDCODES_DB", ""), help="catalog file")
    ap.add_argument("--warm", type=int, default=1500,
                    help="requests sent in process first (unmeasured)")
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds of wrk load")
    ap.add_argument("--clients", type=int, default=10, help="wrk's keep-alive connections")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="also print cProfile's N heaviest functions (own time)")
    args = ap.parse_args()
    if not args.db:
        ap.error("--db (or MEDCODES_DB) is required")
    if shutil.which("wrk") is None:
        ap.error("wrk is not on PATH (Debian: apt-get install wrk)")
    queries = search_cpu.bench_queries()
    app = search_cpu.open_app(args.db)
    parts = Parts()
    search_cpu.instrument(parts)

    async def run() -> tuple[int, float]:
        for q in queries[: args.warm]:
            await get(app, q)
        for label in parts.cpu:
            parts.cpu[label] = 0.0
        parts.calls.clear()
        profile = cProfile.Profile() if args.profile else None
        result = await serve_and_load(app, queries[args.warm :], args.seconds, args.clients,
                                      profile)
        if profile is not None:
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        return result

    try:  # the loop ``medcodes serve`` runs on when uvloop is installed
        import uvloop

        runner: Any = uvloop.run
    except ImportError:
        runner = asyncio.run
    requests, cpu = runner(run())
    library = parts.cpu["search (library, all of it)"]
    # Every request calls the library once (no response cache): those still in flight when
    # wrk stopped were served within the measured CPU too, so they count.
    requests = max(requests, parts.calls["search (library, all of it)"])
    print(f"{requests} /api/v1/search requests over HTTP after {args.warm} in process "
          f"(load average {os.getloadavg()[0]:.1f}): the worker's CPU {cpu * 1000 / requests:.3f}"
          f" ms a request, of which the library's search {library * 1000 / requests:.3f} ms "
          f"and the rest (HTTP, event loop, hot path, JSON) "
          f"{(cpu - library) * 1000 / requests:.3f} ms")
    for label, value in parts.cpu.items():
        calls = f"  ({parts.calls[label]} calls)" if parts.calls[label] else ""
        print(f"  {label:<40} {value * 1000 / requests:7.3f} ms/request{calls}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
