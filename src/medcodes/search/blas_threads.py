"""One BLAS thread for a process that searches: the meaning probe's and the lay phrases'
matrix-vector products are small, and OpenBLAS splits one over a thread per core once a
matrix passes its size threshold. Its idle threads then spin before they sleep: CPU a search
pays without doing more of it, and, with a worker per core (the web's, the batch's), CPU the
other worker's searches lose. Adding lay rows in session 28 took the lay phrases' matrix past
that threshold and doubled the batch's CPU (1,000 queries through `--format jsonl -`: 4.8 s
became 9.4 s)."""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_blas_thread() -> None:
    """Let BLAS use one thread in this process, set for good, not per call
    (``threadpoolctl``'s context manager costs more than the product it limits)."""
    threadpool_limits(limits=1, user_api="blas")
