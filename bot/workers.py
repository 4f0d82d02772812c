"""The threads that run blocking database work, so that the event loop never waits on it.

Every use case that touches the database (a custom action, a Slack button, the overdue
sweep, a web look-up, the health check) is one call here: it runs on a worker thread with
its own session and transaction, and the loop goes on serving other conversations. The
call keeps the caller's context variables (a turn's correlation id in its log lines).

How many at once, per database:
- PostgreSQL: a few threads (`threads`, at most the engine's pool size, so that the loop's
  own work, Rasa's tracker store, still finds a connection); row locks order the use cases.
- SQLite: one use case at a time. SQLite has one writer and ignores `FOR UPDATE`, and our
  read-check-write use cases were kept apart only by running one at a time on the loop; a
  lock keeps them so. A long job (the sweep) takes it per transaction (`run_in_units`), so
  the use cases waiting go between its batches.
- SQLite in memory: none (each thread would see its own empty database); work runs inline.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

T = TypeVar("T")

THREADS = 4


def _threads_for(engine: Engine, wanted: int) -> int:
    if engine.dialect.name == "sqlite":
        memory = engine.url.database in (None, "", ":memory:")
        return 0 if memory else 2  # one use case, and a long job between its transactions
    pool = engine.pool
    size = pool.size() if isinstance(pool, QueuePool) else wanted
    return max(1, min(wanted, size))


class DatabaseWorkers:
    """A bounded pool of threads for one engine's blocking work."""

    def __init__(self, engine: Engine, *, threads: int = THREADS) -> None:
        self.threads = _threads_for(engine, threads)
        self._pool = (
            ThreadPoolExecutor(self.threads, thread_name_prefix="db-work") if self.threads else None
        )
        self._serial = threading.RLock() if engine.dialect.name == "sqlite" else None
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []
        self._closing = weakref.finalize(self, _close, self._pool, self._loops)

    async def run(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`work(*args, **kwargs)` as one unit on a worker thread; its result or exception."""
        return await self._hop(functools.partial(self._unit, work, *args, **kwargs))

    async def run_async(self, work: Callable[[], Awaitable[T]]) -> T:
        """A coroutine whose awaits wait on nothing of this loop's (rasa_sdk's actions are
        `async` but do sync database work), as one unit on a worker thread's own loop."""
        if self._pool is None:
            return await work()
        return await self.run(self._complete, work)

    async def run_in_units(
        self, work: Callable[..., T], factory: sessionmaker, /, *args: Any, **kwargs: Any
    ) -> T:
        """`work(factory, …)` on a worker thread, each of its sessions one unit: a long job
        of many transactions (the sweep's batches) lets other use cases in between."""
        units = self.units(factory)
        return await self._hop(functools.partial(work, units, *args, **kwargs))

    def units(self, factory: sessionmaker) -> sessionmaker:
        """`factory`, its sessions (`with factory() as session`) each taken as one unit."""
        if self._serial is None:
            return factory
        unit = self._one_at_a_time

        class UnitSession(factory.class_):
            def __enter__(self) -> Session:
                self._unit = unit()
                self._unit.__enter__()
                try:
                    return super().__enter__()
                except BaseException:
                    self._unit.__exit__(None, None, None)
                    raise

            def __exit__(self, *exc: Any) -> None:
                try:
                    super().__exit__(*exc)
                finally:
                    self._unit.__exit__(None, None, None)

        return sessionmaker(class_=UnitSession, **factory.kw)

    def close(self) -> None:
        """Let the work under way finish, then stop the threads."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        self._closing()

    @contextlib.contextmanager
    def _one_at_a_time(self) -> Iterator[None]:
        if self._serial is None:
            yield
            return
        with self._serial:
            yield

    def _unit(self, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        with self._one_at_a_time():
            return work(*args, **kwargs)

    async def _hop(self, call: Callable[[], T]) -> T:
        if self._pool is None:
            return call()
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._pool, context.run, call)

    def _complete(self, work: Callable[[], Awaitable[T]]) -> T:
        loop = getattr(self._local, "loop", None)
        if loop is None:  # one loop per thread, kept: making one per call costs ~0.1 ms
            loop = self._local.loop = asyncio.new_event_loop()
            self._loops.append(loop)
        return loop.run_until_complete(work())


def _close(pool: ThreadPoolExecutor | None, loops: list[asyncio.AbstractEventLoop]) -> None:
    if pool is not None:
        pool.shutdown(wait=False)
    for loop in loops:
        if not loop.is_running():
            loop.close()
