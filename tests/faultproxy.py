"""A TCP proxy on loopback that a test cuts and restores: a database outage without
stopping the shared server.

Point the code at `proxy.port` instead of the server's. `cut()` closes every connection
through it and answers new ones by closing them at once (as a server that is restarting
does); `restore()` lets connections through again. It runs in the test's event loop, so
the code under test must run in another process or thread.
"""

from __future__ import annotations

import asyncio
import contextlib


class FaultProxy:
    """Forwards loopback connections to `host:port` until cut."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.target = port
        self.port = 0
        self.cuts = 0  # connections closed or refused while cut
        self._server: asyncio.base_events.Server | None = None
        self._live: set[asyncio.StreamWriter] = set()
        self._open = True

    async def start(self) -> FaultProxy:
        """Listen on a free loopback port (`self.port`)."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        self._close_live()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def cut(self) -> None:
        """Drop every connection now and refuse new ones until `restore()`."""
        self._open = False
        self._close_live()

    def restore(self) -> None:
        """Let connections through again."""
        self._open = True

    def _close_live(self) -> None:
        for writer in list(self._live):
            self.cuts += 1
            writer.transport.abort()
        self._live.clear()

    async def _serve(self, client_in: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        if not self._open:
            self.cuts += 1
            client.transport.abort()
            return
        try:
            server_in, server = await asyncio.open_connection(self.host, self.target)
        except OSError:
            client.transport.abort()
            return
        self._live.update((client, server))
        try:
            await asyncio.gather(self._pipe(client_in, server), self._pipe(server_in, client))
        finally:
            for writer in (client, server):
                self._live.discard(writer)
                writer.transport.abort()

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        sink.transport.abort()
