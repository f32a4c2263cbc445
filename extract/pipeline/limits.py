"""Time and memory limits on extracting one document, so a pathological file cannot hang a build.

A PDF can make pdfplumber spin inside one page for ever, or grow without bound; nothing
inside that loop ever checks a clock. So the work is done in a forked child process (with
an address-space limit) that is killed at the deadline: the parent gets the child's result
through a pipe, or a :class:`LimitError` saying which limit was hit and what to do.

``os.fork`` is used directly rather than :mod:`multiprocessing` because the guard must also
work inside a ``ProcessPoolExecutor`` worker, whose daemonic processes may not start
multiprocessing children. The child inherits everything already loaded (models, caches),
so it starts at once. Where there is no ``fork`` (not POSIX), or with no limits at all, the
work runs in-process, unguarded.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import resource
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from models import ManifestDocument

from ..errors import StrategyExtractError

T = TypeVar("T")

#: Defaults of `strategy-extract build`: generous for any council document (the corpus's longest
#: takes about 5 s and 36 pages), small enough that a runaway file is stopped within minutes.
DEFAULT_TIME_LIMIT = 300.0
DEFAULT_PAGE_LIMIT = 500
DEFAULT_MEMORY_LIMIT = 4096
#: The largest file a corpus may list (MiB), checked before it is hashed (validate, build --max-file-mb): the
#: largest council plan seen is some 60 MB (a scanned PDF); one ten times that is a mistake, or a sparse
#: file that would hash for ever.
DEFAULT_FILE_MB = 500

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """How long (seconds), how many pages and how much more memory (MiB) one document may take.

    ``None`` or 0 means no limit of that kind.
    """

    time: float | None = DEFAULT_TIME_LIMIT
    pages: int | None = DEFAULT_PAGE_LIMIT
    memory: int | None = DEFAULT_MEMORY_LIMIT


def limits_of(entry: ManifestDocument) -> Limits:
    """The limits of one manifest entry: its own, else the defaults."""
    default = Limits()
    return Limits(
        time=default.time if entry.time_limit is None else entry.time_limit,
        pages=default.pages if entry.page_limit is None else entry.page_limit,
        memory=default.memory if entry.memory_limit is None else entry.memory_limit,
    )


def with_limits(entries: list[ManifestDocument], limits: Limits) -> list[ManifestDocument]:
    """The entries with the build's limits wherever an entry sets none of its own (its own win)."""
    wanted = {"time_limit": limits.time, "page_limit": limits.pages, "memory_limit": limits.memory}
    return [
        entry.model_copy(update={k: v for k, v in wanted.items() if getattr(entry, k) is None}) for entry in entries
    ]


class LimitError(StrategyExtractError):
    """The work was stopped: it ran over a limit, or its process died."""

    code = "limit"


class TimeLimitExceeded(LimitError):
    code = "time-limit"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"took longer than {seconds:g} s and was stopped (raise --time-limit, or set time_limit for this "
            "document in documents.yml, if it is just long; else re-save the file from a PDF viewer)"
        )


class MemoryLimitExceeded(LimitError):
    code = "memory-limit"

    def __init__(self, mebibytes: int | None) -> None:
        limit = f"more than {mebibytes} MiB" if mebibytes else "all the memory it could get"
        super().__init__(
            f"needed {limit} and was stopped (raise --memory-limit, or set memory_limit for this document "
            "in documents.yml; else re-save the file from a PDF viewer)"
        )


class WorkerDied(LimitError):
    code = "crashed"

    def __init__(self, status: int) -> None:
        if os.WIFSIGNALED(status):
            how = f"killed by signal {signal.Signals(os.WTERMSIG(status)).name}"
        else:
            how = f"exit status {os.WEXITSTATUS(status)}"
        super().__init__(
            f"the reader's process died ({how}) before it finished; the file may be damaged "
            "(re-save it from a PDF viewer) or memory may have run out (please report it if it persists)"
        )


def run_limited(function: Callable[[], T], limits: Limits) -> T:
    """``function()``, run in a child process killed after ``limits.time`` seconds.

    Its result must be picklable. An exception raised by ``function`` comes back as itself when
    it pickles, else as a :class:`LimitError` naming it; a ``MemoryError`` becomes
    :class:`MemoryLimitExceeded`.
    """
    if not hasattr(os, "fork") or not (limits.time or limits.memory):
        return function()
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(function, limits.memory, write_end, parent)
    os.close(write_end)
    finished = False
    try:
        data = _read_until(read_end, time.monotonic() + limits.time if limits.time else None)
        if data is None:
            os.kill(pid, signal.SIGKILL)
            raise TimeLimitExceeded(limits.time or 0)
        _, status = os.waitpid(pid, 0)
        finished = True
        if not data:
            raise WorkerDied(status)
        kind, value = pickle.loads(data)
    finally:
        os.close(read_end)
        if not finished:
            with contextlib.suppress(ChildProcessError, ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    if kind == "memory":
        raise MemoryLimitExceeded(limits.memory)
    if kind == "raised":
        raise value
    if kind == "unpicklable":
        raise LimitError(value)
    return value


def _read_until(fd: int, deadline: float | None) -> bytes | None:
    """Everything written to ``fd`` until its end, or None at the deadline."""
    chunks: list[bytes] = []
    poll = select.poll()  # not select(): a busy process may have descriptors past FD_SETSIZE
    poll.register(fd, select.POLLIN | select.POLLHUP)
    while True:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            return None
        if not poll.poll(None if wait is None else max(1, int(wait * 1000))):
            return None
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _child(function: Callable[[], object], memory: int | None, fd: int, parent: int) -> None:
    """Run ``function`` and write ``(kind, value)`` pickled to ``fd``; then exit without cleanup."""
    code = 0
    try:
        die_with_parent()
        if os.getppid() != parent:  # the build died before the child could ask to die with it
            raise SystemExit(1)
        if memory:
            _limit_memory(memory)
        try:
            message: tuple[str, object] = ("ok", function())
        except MemoryError:
            message = ("memory", None)
        except BaseException as error:  # noqa: B036 - everything goes back to the parent
            message = ("raised", error)
        try:
            data = pickle.dumps(message)
            pickle.loads(data)  # an exception whose class cannot be rebuilt must not fail the parent
        except Exception as error:
            data = pickle.dumps(("unpicklable", f"{message[0]}: a result that cannot be passed back ({error!r})"))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view[:_CHUNK]):]
    except BaseException:  # noqa: B036 - a child must never fall back into the parent's code
        code = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stderr.flush()
        os._exit(code)


@contextlib.contextmanager
def memory_bound(mebibytes: int | None) -> Iterator[None]:
    """Within the block, the build's own process may take ``mebibytes`` MiB more address space than it holds at its
    start (an allocation past it raises MemoryError, which a step can catch and report, rather than the kernel
    killing the build); the limit before is restored after. No bound with None or 0, or where there is no
    RLIMIT_AS (not POSIX)."""
    if not mebibytes or not hasattr(resource, "RLIMIT_AS"):
        yield
        return
    before = resource.getrlimit(resource.RLIMIT_AS)
    _limit_memory(mebibytes)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)


def _limit_memory(mebibytes: int) -> None:
    """Cap the process's address space at what it holds now plus ``mebibytes``."""
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        current = 0
    wanted = current + mebibytes * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def die_with_parent() -> None:
    """Linux: the child is killed if the build is (no orphan reader outlives a killed build)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
