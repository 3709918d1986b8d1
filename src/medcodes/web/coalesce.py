"""One write per response: uvicorn writes a response's status line and headers to the socket
as soon as the app starts the response, and the body in a second write. With TCP_NODELAY (see
``web.server``) each write is its own packet, and on loopback each packet is delivered, and
the reader woken, inside the writer's system call: profiled under load (py-spy), the header
write alone took ~7% of a search worker's time.

``CoalescingTransport`` wraps a connection's transport and holds writes until the event loop's
next turn (or until ``FLUSH_BYTES`` are waiting), then writes them at once, so a response
made of a start and a body message leaves in one system call and one packet. Nothing waits
longer than the current turn of the loop; ``close`` writes what is held first.
"""

from __future__ import annotations

import asyncio
from typing import Any

FLUSH_BYTES = 65_536  # write at once past this (a large streamed body keeps flow control)


class CoalescingTransport(asyncio.Transport):
    """A transport that forwards everything to ``inner`` but batches writes per loop turn."""

    def __init__(self, inner: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._inner = inner
        self._loop = loop
        self._held: list[bytes] = []
        self._size = 0
        self._scheduled = False

    # -- writing -------------------------------------------------------------------------
    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        self._held.append(bytes(data))
        self._size += len(data)
        if self._size >= FLUSH_BYTES:
            self.flush()
        elif not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self._scheduled_flush)

    def writelines(self, list_of_data: Any) -> None:
        for data in list_of_data:
            self.write(data)

    def _scheduled_flush(self) -> None:
        self._scheduled = False
        self.flush()

    def flush(self) -> None:
        """Write what is held now."""
        if not self._held:
            return
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held.clear()
        self._size = 0
        if not self._inner.is_closing():
            self._inner.write(data)

    def close(self) -> None:
        self.flush()
        self._inner.close()

    def abort(self) -> None:
        self._held.clear()
        self._size = 0
        self._inner.abort()

    def write_eof(self) -> None:
        self.flush()
        self._inner.write_eof()

    def can_write_eof(self) -> bool:
        return self._inner.can_write_eof()

    def get_write_buffer_size(self) -> int:
        return self._size + self._inner.get_write_buffer_size()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._inner.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._inner.set_write_buffer_limits(high, low)

    # -- everything else, as is ------------------------------------------------------------
    def is_closing(self) -> bool:
        return self._inner.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._inner.get_extra_info(name, default)

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._inner.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._inner.get_protocol()

    def is_reading(self) -> bool:
        return self._inner.is_reading()

    def pause_reading(self) -> None:
        self._inner.pause_reading()

    def resume_reading(self) -> None:
        self._inner.resume_reading()
