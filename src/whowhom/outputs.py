"""Writing an output file safely: every command that writes a file goes through here.

``Output(path, force=..., database=...)`` checks the path before any work is done, so a
bad path fails fast with a coded line (E801-E808):

* a URL (``s3://``, ``https://``) is not written to (E806);
* a system location (``/proc``, ``/sys``, ``/dev``) or an existing file that is not a
  regular file (a device, a FIFO) is refused (E807);
* a directory is refused (E803), and so is a path whose folder does not exist (E802),
  unless the command creates missing folders (``make_folders``: ``report`` documents it);
* the database the command reads, its ``.wal`` journal, or any DuckDB database (found by
  its magic bytes, whatever it is called) is refused even with ``--force`` (E804);
* any other existing file is refused unless ``force`` (E805).

The writing itself is atomic: the output is written to a hidden temporary file in the same
folder and renamed over the target only when complete (``os.replace``), so an interrupted
or failed write leaves the target as it was and no half file under its name. The temporary
name ends with the target's own name, so tools that go by the extension (DuckDB's
``COPY ... TO 'x.csv.gz'`` compresses by it) see the same one.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from whowhom.errors import Errors, WhowhomError

# "s3://b/x" arrives as "s3:/b/x" once it has been a Path; two letters or more, so that a
# Windows drive ("C:/") is not taken for a scheme
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")
_SYSTEM_DIRS = (Path("/proc"), Path("/sys"), Path("/dev"))
#: DuckDB database files carry this at byte 8 (after an 8-byte checksum).
DUCKDB_MAGIC = b"DUCK"
_MAGIC_OFFSET = 8


def is_duckdb_file(path: Path) -> bool:
    """True when ``path`` is a readable file that starts like a DuckDB database."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_MAGIC_OFFSET + len(DUCKDB_MAGIC))
    except OSError:
        return False
    return head[_MAGIC_OFFSET:] == DUCKDB_MAGIC


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return a.resolve() == b.resolve()


def _under_system_dir(path: Path) -> bool:
    resolved = path.resolve()
    return any(resolved == d or d in resolved.parents for d in _SYSTEM_DIRS)


def _default_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp makes files 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class Output:
    """A checked output path; ``temp_path()``/``open_text()`` write it atomically."""

    def __init__(
        self,
        path: str | Path,
        *,
        force: bool = False,
        database: str | Path | None = None,
        option: str = "OUT",
        make_folders: bool = False,
    ) -> None:
        self.given = str(path)
        self.force = force
        self.database = Path(database) if database is not None else None
        self.option = option
        self.make_folders = make_folders
        self.path = self._check()

    def _check(self) -> Path:
        given = self.given
        if _URL.match(given):
            raise WhowhomError(Errors.E806.format(path=given))
        path = Path(given)
        if _under_system_dir(path):
            raise WhowhomError(Errors.E807.format(path=given, what="a system location"))
        if self.database is not None:
            wal = self.database.with_name(self.database.name + ".wal")
            if _same_file(path, self.database) or _same_file(path, wal):
                raise WhowhomError(Errors.E804.format(path=given, what="the database this command reads"))
        try:
            info = path.stat()
        except FileNotFoundError:
            info = None
        except OSError as e:  # a loop of links, a folder that is a file, no permission
            raise WhowhomError(Errors.E801.format(path=given, reason=e.strerror or e)) from e
        if info is not None:
            if stat.S_ISDIR(info.st_mode):
                raise WhowhomError(Errors.E803.format(path=given))
            if not stat.S_ISREG(info.st_mode):
                raise WhowhomError(Errors.E807.format(path=given, what="not a regular file"))
            if is_duckdb_file(path):
                raise WhowhomError(Errors.E804.format(path=given, what="a DuckDB database"))
            if not self.force:
                raise WhowhomError(Errors.E805.format(path=given))
        parent = path.parent
        if not self.make_folders and not parent.exists() and not parent.is_symlink():
            raise WhowhomError(Errors.E802.format(path=given, folder=parent))
        return path

    def conflicts_with(self, other: Output) -> None:
        """E808 when two outputs of one command are the same file."""
        if _same_file(self.path, other.path):
            raise WhowhomError(Errors.E808.format(path=other.given, first=self.option, second=other.option))

    @contextmanager
    def temp_path(self) -> Iterator[Path]:
        """A temporary path beside the target; renamed over it when the block succeeds."""
        self.path = self._check()  # the world may have changed since the command started
        try:
            if self.make_folders:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix="-" + self.path.name)
            os.close(fd)
        except OSError as e:
            raise WhowhomError(Errors.E801.format(path=self.given, reason=e.strerror or e)) from e
        tmp = Path(name)
        try:
            yield tmp
            os.chmod(tmp, _default_mode())
            os.replace(tmp, self.path)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise WhowhomError(Errors.E801.format(path=self.given, reason=e.strerror or e)) from e
        except BaseException:  # KeyboardInterrupt included: no half file is left behind
            tmp.unlink(missing_ok=True)
            raise

    @contextmanager
    def open_text(self) -> Iterator[TextIO]:
        """A UTF-8 text handle (no newline translation) on the temporary file."""
        with self.temp_path() as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
            yield handle

    def write_text(self, text: str) -> None:
        with self.open_text() as handle:
            handle.write(text)
