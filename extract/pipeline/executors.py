"""Where documents are extracted: here, in a pool of processes, or on a Dask cluster.

Every choice is a :class:`concurrent.futures.Executor` (Dask's ``Client.get_executor()`` is one),
running the same pure function, :func:`extract.extraction.extract_document`, whose result (the
document's records) comes back to this process: only this process writes the cache and SQLite.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from ..errors import StrategyExtractError
from .limits import die_with_parent

#: Extractions submitted ahead of the one the build waits for, per worker: enough to keep every
#: worker busy while one document takes long, few enough that waiting results stay small.
AHEAD_PER_WORKER = 4

#: Seconds to wait for a Dask scheduler to answer.
DASK_TIMEOUT = 30


class DaskUnavailable(StrategyExtractError):
    """Dask is not installed, or its scheduler cannot be reached."""


def _worker_start(build: int) -> None:
    """A pool worker dies with the build that started it, even one killed outright (SIGKILL): else it lives
    on under PID 1, holding the build's lock, its temporary file and its standard output."""
    die_with_parent()
    if os.getppid() != build:  # the build died before the worker could ask to die with it
        os._exit(1)


@contextmanager
def executor(workers: int = 1, dask_scheduler: str | None = None) -> Iterator[tuple[Executor | None, int]]:
    """An executor and the number of tasks it runs at once; ``None`` means run here, one at a time."""
    if dask_scheduler:
        client = dask_client(dask_scheduler)
        try:
            yield client.get_executor(), max(1, sum(client.nthreads().values()))
        finally:
            client.close()
    elif workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(os.getpid(),)) as pool:
            yield pool, workers
    else:
        yield None, 1


def dask_client(address: str) -> Any:
    """A Dask distributed client connected to the scheduler at ``address``, or a clear error."""
    try:
        from distributed import Client
    except ImportError as error:
        raise DaskUnavailable(
            "--dask-scheduler needs Dask: install it with `pip install 'strategy-extract[dist]'`"
        ) from error
    try:
        return Client(address, timeout=DASK_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise DaskUnavailable(
            f"could not reach the Dask scheduler at {address!r} ({error}). Start one with `dask scheduler` "
            "and workers with `dask worker ADDRESS` on machines that see the corpus folder at the same path, "
            "or build without --dask-scheduler."
        ) from error


class Ahead:
    """Tasks run on an executor a window ahead of the one taken, and taken in the order given.

    ``take`` must be called in the order of ``keys``. Without an executor, each task runs when taken.
    """

    def __init__(
        self, pool: Executor | None, slots: int, keys: Sequence[int], task: Callable[[int], tuple[Callable, tuple]]
    ) -> None:
        self.keys = frozenset(keys)
        self._pool = pool
        self._queue = deque(keys)
        self._window = max(1, slots * AHEAD_PER_WORKER)
        self._task = task
        self._futures: dict[int, Future] = {}
        self._fill()

    def take(self, key: int) -> Any:
        """The result of the task for ``key`` (waiting for it if need be)."""
        if self._pool is None:
            function, arguments = self._task(key)
            return function(*arguments)
        future = self._futures.pop(key)
        self._fill()
        return future.result()

    def _fill(self) -> None:
        while self._pool is not None and self._queue and len(self._futures) < self._window:
            key = self._queue.popleft()
            function, arguments = self._task(key)
            self._futures[key] = self._pool.submit(function, *arguments)
