"""The workbench's access to the store: read-only per request, one short write at a time.

DuckDB lets one process write a database file and no one else open it meanwhile, and in
one process a file cannot be open read-only and read-write at once. So: every request
opens the store read-only and closes it when done; a write (a correction, a saved view)
waits for the reads in flight, opens it for writing, writes, and closes it. When another
process (``whowhom run``) holds the file, opening is retried for a moment, then the
request gets ``[E905]`` (HTTP 503, "retry") instead of an error page or a crash.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from whowhom.errors import Errors, WhowhomError
from whowhom.store import Store, open_store

T = TypeVar("T")
#: How long a request waits for another process's write to end before answering 503.
RETRY_SECONDS = 1.0
_RETRY_STEP = 0.05
_LOCKED = ("lock", "different configuration", "being used by another")


class WebError(Exception):
    """A coded error with its HTTP status; shown as JSON (``{"error": {...}}``) or a page."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message

    @property
    def code(self) -> str:
        return self.message[1:5] if self.message.startswith("[E") else "E912"


def busy(path: Path | str) -> WebError:
    return WebError(503, Errors.E905.format(path=path))


def is_lock_conflict(error: BaseException) -> bool:
    text = str(error).lower()
    return any(word in text for word in _LOCKED)


class _ReadWriteLock:
    """Many readers or one writer (writers wait for readers in flight; new readers wait
    for a waiting writer, so a write is not starved)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class Database:
    """One store file as the workbench uses it."""

    def __init__(self, path: str | Path, *, retry_seconds: float = RETRY_SECONDS, cache_size: int = 32):
        self.path = Path(path)
        self.retry_seconds = retry_seconds
        self._lock = _ReadWriteLock()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.cache_size = cache_size

    def _open(self, read_only: bool) -> Store:
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                return open_store(self.path, read_only=read_only, must_exist=True, wait=0)
            except WhowhomError as e:
                if not is_lock_conflict(e):
                    raise
                if time.monotonic() >= deadline:
                    raise busy(self.path) from e
            time.sleep(_RETRY_STEP)

    @contextmanager
    def read(self) -> Iterator[Store]:
        """The store, read-only, for one request."""
        with self._lock.reading():
            store = self._open(read_only=True)
            try:
                yield store
            finally:
                store.close()

    @contextmanager
    def write(self) -> Iterator[Store]:
        """The store, open for writing, for one short write."""
        with self._lock.writing():
            store = self._open(read_only=False)
            try:
                yield store
            finally:
                store.close()
        self.clear_cache()

    # -- results cache: align/assess over an unchanged file are not computed twice -----------
    def fingerprint(self) -> tuple[int, ...]:
        """Changes whenever the file (or its write-ahead log) does."""
        out: list[int] = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                out += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.cache_size <= 0:
            return compute()
        full = (self.fingerprint(), key)
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = compute()
        with self._cache_lock:
            self._cache[full] = value
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return value

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()
