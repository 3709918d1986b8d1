"""SIGHUP: serve the catalog file now at the path, without a restart.

The signal handler only counts signals (all a handler may safely do); each ``WebState`` sees
the count change on its next request (``/readyz`` included) and reopens the path there. The
file it had open keeps serving requests already running, and every request until the new file
opened cleanly: a reload that fails leaves the server as it was, with the reason in ``/readyz``.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

_generation = 0


def generation() -> int:
    """How many reloads were asked for in this process."""
    return _generation


def request_reload(signum: int = 0, frame: FrameType | None = None) -> None:
    """Ask every app in this process to reopen its catalog (the SIGHUP handler)."""
    global _generation
    _generation += 1


def install_sighup() -> bool:
    """Make SIGHUP a reload in this process (main thread only; not on Windows)."""
    sighup = getattr(signal, "SIGHUP", None)
    if sighup is None or threading.current_thread() is not threading.main_thread():
        return False
    signal.signal(sighup, request_reload)
    return True
