"""Finding input files, checking them, decoding them, and handing them to a reader.

Every file goes through the same checks before a format reader sees it:

1. size: over ``max_bytes`` (``DEFAULT_MAX_BYTES`` = 20,000,000 bytes, 20 MB, the
   same cap trafilatura uses) → E103, without reading the file;
2. empty: 0 bytes → E102;
3. binary: a NUL byte in the first 8 KB → E104 (UTF-16/32 text with a byte-order mark
   is the exception: it is decoded, not rejected);
4. decoding: UTF-8 (BOM or not) or BOM-marked UTF-16/32; otherwise charset_normalizer's
   reading when it is confident (see ``_guess``; ties between Latin code pages go to
   Windows-1252); otherwise Windows-1252 when the file is mostly ASCII (short
   Western-European files the detector cannot judge). Text that is still more than a
   trace of control characters, private-use or replacement characters, or bytes no
   encoding reads → E105;
5. whitespace only after decoding → E102.

Read errors (permissions, a vanished file) are E101. Directories are walked
recursively in sorted order, skipping hidden entries and, silently, files whose type
is not supported; a file named explicitly with an unsupported type is E112. A broken
symbolic link met in a directory (its target missing, or a loop of links) is E116.

File names are passed on as text the store can hold: bytes that are not UTF-8 are
written as ``\\xNN`` (``os.fsencode`` then ``backslashreplace``). A reader that fails
in a way no check foresaw gives E118 for its file, and the other files are still read.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from whowhom.errors import Errors
from whowhom.ingest.feed import read_feed
from whowhom.ingest.html import read_html
from whowhom.ingest.jsonl import read_jsonl
from whowhom.ingest.text import IngestFailure, read_text
from whowhom.model import MAX_DOCUMENT_CHARS, Document

DEFAULT_MAX_BYTES = 20_000_000
"""Largest file read, in bytes (20 MB); bigger files give E103. For JSON Lines and feeds, which
hold many documents, the limit is each document's instead (E120): a JSON Lines file over it is
read a block of lines at a time, whatever its size; a feed, parsed whole, up to
``FEED_MAX_BYTES``."""

FEED_MAX_BYTES = 512_000_000
"""Largest feed read (a feed is parsed whole, so its size is memory)."""

FEED_SUFFIXES = (".xml", ".rss", ".atom")
#: Lines of a large JSON Lines file decoded and read together.
JSONL_BLOCK_BYTES = 4_000_000

BINARY_SNIFF_BYTES = 8192

Reader = Callable[[str, str], Iterator[Document | IngestFailure]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
}

_UNICODE_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_HIGH_BYTES = bytes(range(0x80, 0x100))

_EAST_ASIAN = frozenset(
    {
        "big5",
        "big5hkscs",
        "cp932",
        "cp949",
        "cp950",
        "euc_jis_2004",
        "euc_jisx0213",
        "euc_jp",
        "euc_kr",
        "gb18030",
        "gb2312",
        "gbk",
        "hz",
        "iso2022_jp",
        "iso2022_kr",
        "johab",
        "shift_jis",
        "shift_jis_2004",
        "shift_jisx0213",
    }
)

# control characters other than tab/newline/CR/VT/FF, C1 controls, private use, U+FFFD
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")


def _is_sane(text: str, tolerance: float = 0.001) -> bool:
    """True when (almost) no characters are ones that never occur in news text."""
    return len(_NOT_TEXT.findall(text)) <= tolerance * len(text)


def _mostly_ascii(data: bytes) -> bool:
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return high <= 0.2 * len(data)


def _guess(data: bytes) -> str | None:
    """charset_normalizer's reading, only when it is confident of it.

    Confident means that its best reading has little mess (chaos) and a recognisable
    language (coherence), or, for text that is mostly non-ASCII and not tiny, that a
    multi-byte East Asian code page reads it without any mess (the detector rates no
    coherence for those on short texts). Single-byte Latin code pages often tie: cp1250
    and cp1252 differ in a few letters only, and the detector may rank "Genčve" above
    "Genève". Among the readings as coherent as the best, Windows-1252, the usual legacy
    encoding of Western news, wins.
    """
    candidates = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not candidates:
        return None
    best = candidates[0]
    if best.chaos <= 0.1 and best.coherence >= 0.2:
        near = [match for match in candidates if match.coherence >= best.coherence - 0.05]
        pick = next((m for m in near if "cp1252" in m.could_be_from_charset), best)
    elif best.encoding in _EAST_ASIAN and best.chaos <= 0.05 and len(data) >= 64 and not _mostly_ascii(data):
        pick = best
    else:
        return None
    text = str(pick)
    return text if _is_sane(text) else None


def decode(data: bytes) -> str | None:
    """Decoded text, or None when no encoding gives sensible text (E105)."""
    declared = next((encoding for bom, encoding in _UNICODE_BOMS if data.startswith(bom)), None)
    try:
        text = data.decode(declared or "utf-8-sig")
    except UnicodeDecodeError:
        if declared:
            return None
    else:  # valid Unicode; still refuse control-character soup
        return text if _is_sane(text, tolerance=0.01) else None
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    # too little for the detector (a short file with an accent or two): Windows-1252 if
    # the file is mostly ASCII and every byte means something there
    if _mostly_ascii(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
            return None
        if _is_sane(text):
            return text
    return None


def _has_unicode_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _UNICODE_BOMS)


def _failure(path: str, message: str) -> IngestFailure:
    return IngestFailure(path=path, line=None, message=message)


def display_name(name: str | Path) -> str:
    """``name`` as storable text: undecodable bytes of a file name (kept by Python as lone
    surrogates) become ``\\xNN``."""
    text = str(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def _broken_link(path: Path) -> str:
    """Why the symbolic link ``path`` leads nowhere, for E116."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"it leads back to itself through {target}"
        return f"its target {display_name(target)} does not exist"
    return f"its target {display_name(target)} is not a file or folder"


def _read_safely(reader: Reader, text: str, name: str) -> Iterator[Document | IngestFailure]:
    """The reader's output; an exception no check foresaw becomes E118 for this file only."""
    try:
        for item in reader(text, name):
            if isinstance(item, Document) and len(item.text) > MAX_DOCUMENT_CHARS:
                where = item.path or name
                yield _failure(
                    name, Errors.E119.format(place=where, size=len(item.text), limit=MAX_DOCUMENT_CHARS)
                )
                continue
            yield item
    except Exception as exc:  # a bug met on one file must not stop the others
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        yield _failure(name, Errors.E118.format(path=name, reason=reason))


def read_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, size: int | None = None, name: str | None = None
) -> Iterator[Document | IngestFailure]:
    """Check, decode and read one file; ``name`` is how to call it (default ``str(path)``)."""
    name = display_name(path if name is None else name)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield _failure(name, Errors.E112.format(path=name, suffix=path.suffix or "(none)"))
        return
    suffix = path.suffix.lower()
    file_limit = max(max_bytes, FEED_MAX_BYTES) if suffix in FEED_SUFFIXES else max_bytes
    try:
        if size is None:
            size = path.stat().st_size
        if size > max_bytes and suffix == ".jsonl":
            yield from _read_large_jsonl(path, name, max_bytes)
            return
        if size > file_limit:
            yield _failure(name, Errors.E103.format(path=name, size=size, limit=file_limit))
            return
        with path.open("rb") as handle:
            data = handle.read(file_limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        yield _failure(name, Errors.E101.format(path=name, reason=exc.strerror or exc))
        return
    if len(data) > file_limit:
        yield _failure(name, Errors.E103.format(path=name, size=len(data), limit=file_limit))
        return
    if not data:
        yield _failure(name, Errors.E102.format(path=name))
        return
    if b"\x00" in data[:BINARY_SNIFF_BYTES] and not _has_unicode_bom(data):
        yield _failure(name, Errors.E104.format(path=name))
        return
    text = decode(data)
    if text is None:
        yield _failure(name, Errors.E105.format(path=name))
        return
    if not text.strip():
        yield _failure(name, Errors.E102.format(path=name))
        return
    if suffix in FEED_SUFFIXES and file_limit > max_bytes:
        yield from _per_document_limit(_read_safely(reader, text, name), name, max_bytes)
        return
    yield from _read_safely(reader, text, name)


def _per_document_limit(
    items: Iterable[Document | IngestFailure], name: str, max_bytes: int
) -> Iterator[Document | IngestFailure]:
    """A feed's entries, each held to ``max_bytes`` (E120)."""
    for item in items:
        if isinstance(item, Document) and len(item.text.encode("utf-8", "replace")) > max_bytes:
            size = len(item.text.encode("utf-8", "replace"))
            yield _failure(name, Errors.E120.format(place=item.path or name, size=size, limit=max_bytes))
            continue
        yield item


def _read_large_jsonl(path: Path, name: str, max_bytes: int) -> Iterator[Document | IngestFailure]:
    """A JSON Lines file over ``max_bytes``, read a block of lines at a time (memory stays
    bounded); a line over ``max_bytes`` is one failure (E120), the others are read."""
    if not _jsonl_streamable(path):  # UTF-16/32 or binary: the whole-file rule, E103
        size = path.stat().st_size
        yield _failure(name, Errors.E103.format(path=name, size=size, limit=max_bytes))
        return
    block: list[bytes] = []
    block_bytes = 0
    first = number = 1
    found = False

    def flush() -> Iterator[Document | IngestFailure]:
        data = b"".join(block)
        text = decode(data)
        if text is None:
            yield IngestFailure(name, first, Errors.E105.format(path=f"{name}:{first}"))
            return
        yield from _read_safely(lambda t, n: read_jsonl(t, n, first_line=first), text, name)

    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            if len(line) > max_bytes:
                if block:
                    found = True
                    yield from flush()
                    block, block_bytes = [], 0
                place = f"{name}:{number}"
                yield IngestFailure(
                    name, number, Errors.E120.format(place=place, size=len(line), limit=max_bytes)
                )
                first = number + 1
                continue
            if not block:
                first = number
            block.append(line if line.endswith(b"\n") else line + b"\n")
            block_bytes += len(line)
            if block_bytes >= JSONL_BLOCK_BYTES:
                found = True
                yield from flush()
                block, block_bytes = [], 0
    if block:
        found = True
        yield from flush()
    if not found and number <= 1:
        yield _failure(name, Errors.E102.format(path=name))


def _jsonl_streamable(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(BINARY_SNIFF_BYTES)
    return not _has_unicode_bom(head) and b"\x00" not in head


def _entries(directory: Path) -> list[os.DirEntry[str]] | IngestFailure:
    try:
        with os.scandir(directory) as scan:
            return sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        name = display_name(directory)
        return _failure(name, Errors.E101.format(path=name, reason=exc.strerror or exc))


def _walk(directory: Path, max_bytes: int, seen: set[str]) -> Iterator[Document | IngestFailure]:
    """Supported files under ``directory``, depth first in name order; hidden entries skipped.

    Symlinked directories are followed once each (``seen`` holds real paths), so a
    link loop cannot recurse forever; the walk keeps its own stack, so a folder tree
    deeper than Python's recursion limit is walked too.
    """
    stack: list[tuple[Path, str, Iterator[os.DirEntry[str]]]] = []

    def enter(folder: Path, real: str) -> IngestFailure | None:
        listed = _entries(folder)
        if isinstance(listed, IngestFailure):
            return listed
        stack.append((folder, real, iter(listed)))
        return None

    if (failed := enter(directory, os.path.realpath(directory))) is not None:
        yield failed
    while stack:
        folder, real_folder, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:  # a loop of links raises here; a vanished entry is not listed
            is_dir = is_file = False
        if not is_dir and not is_file:
            if entry.is_symlink():
                name = display_name(child)
                yield _failure(name, Errors.E116.format(path=name, reason=_broken_link(child)))
            continue
        if is_dir:
            # only a link can lead back up the tree; a plain folder's real path is known
            real = os.path.realpath(child) if entry.is_symlink() else os.path.join(real_folder, entry.name)
            if real not in seen:
                seen.add(real)
                if (failed := enter(child, real)) is not None:
                    yield failed
        elif child.suffix.lower() in READERS:
            yield from read_file(child, max_bytes=max_bytes)


def read_paths(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | IngestFailure]:
    """Documents from files and directories, and a failure for each input that has none.

    Lazy: files are read as the iterator is consumed. One bad file or JSON Lines record
    never stops the others; failures are yielded, never raised.
    """
    for given in paths:
        path = Path(given)
        name = display_name(given)
        try:
            info = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            yield _failure(name, Errors.E111.format(path=name))
            continue
        except OSError as exc:
            yield _failure(name, Errors.E101.format(path=name, reason=exc.strerror or exc))
            continue
        except ValueError:  # a NUL byte in the name
            yield _failure(name, Errors.E101.format(path=name, reason="the name holds a NUL byte"))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, max_bytes, {os.path.realpath(path)})
        elif stat.S_ISREG(info.st_mode):
            yield from read_file(path, max_bytes=max_bytes, size=info.st_size, name=name)
        else:
            yield _failure(name, Errors.E101.format(path=name, reason="not a regular file"))
