"""Time the meaning index's append write alone (``embeddings.write_embeddings``) on a copy of
a built catalog: what an import's embeddings step writes, without the embedding before it.

The new rows are made up (unit random vectors of made-up concept ids in random lists, no
list split), so the figure is the storage's own cost. Run it once per tree (``PYTHONPATH``)
in the same hour for an A/B; process CPU time is the figure that survives a busy machine.

Usage::

    python bench/embeddings_append.py --db /tmp/catalog.sqlite --rows 10000 100000
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from medcodes.catalog.build import Reporter
from medcodes.search import embeddings


def timed(catalog: Path, rows: int, folder: Path) -> tuple[float, float]:
    """(wall s, CPU s) of appending ``rows`` made-up vectors to a copy of ``catalog``."""
    db = folder / "copy.sqlite"
    shutil.copyfile(catalog, db)
    rng = np.random.default_rng(rows)
    dims = len(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True).execute(
        "SELECT centroid FROM embedding_lists LIMIT 1").fetchone()[0]) // 4
    ids = np.stack([np.arange(10**8, 10**8 + rows), np.zeros(rows, np.int64)], 1)
    vecs = rng.standard_normal((rows, dims)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    new = (ids, [("madeup", 1)] * rows, vecs, rng.integers(0, 1024, rows), [])
    conn = sqlite3.connect(db)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")  # as open_writer
    started, cpu = time.perf_counter(), time.process_time()
    embeddings.write_embeddings(conn, new, Reporter())
    conn.commit()
    out = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    db.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="a built catalog (only read)")
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="medcodes-bench-") as tmp:
        for rows in args.rows:
            wall, cpu = timed(args.db, rows, Path(tmp))
            print(f"rows {rows:>8,}  write_embeddings wall {wall:.3f} s  cpu {cpu:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
