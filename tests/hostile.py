"""A hostile corpus, generated at test time (nothing big is committed), and a way to run
``whowhom`` in-process the way the console script does (``whowhom.cli.main``).

``write_corpus(folder)`` writes good files and one file (or record) per class of bad
input the hostile-input campaign of issue 8 used, and returns what a run over the folder
must report: the code expected for each bad input, and how many documents are good.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

GOOD_TEXT = "Negotiators from both delegations met in Geneva on Tuesday and agreed to resume talks."


@dataclass
class Expected:
    """What ingesting the corpus must give: one line per bad input, the good documents stored."""

    good: int = 0  # documents that must be stored
    failures: dict[str, str] = field(default_factory=dict)  # a name the line contains -> its code


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Ran:
    """``whowhom ARGS...`` in this process, through the console script's own entry point."""
    from whowhom.cli import main

    argv = sys.argv
    sys.argv = ["whowhom", *(str(a) for a in args)]
    code = 0
    try:
        main()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    finally:
        sys.argv = argv
    out = capsys.readouterr()
    return Ran(code, out.out, out.err)


def make_deep(top: Path, depth: int, name: str, text: str) -> None:
    """``top/d/d/.../d/name``, ``depth`` folders down (pathlib and os.makedirs recurse)."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        file = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(file, text.encode("utf-8"))
        os.close(file)
    finally:
        os.close(fd)


def remove_deep(top: Path) -> None:
    """Remove a tree made by ``make_deep`` (shutil.rmtree recurses too)."""
    fds = [os.open(top, os.O_RDONLY)]
    try:
        while "d" in os.listdir(fds[-1]):
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        while fds:
            fd = fds.pop()
            for entry in os.listdir(fd):
                os.unlink(entry, dir_fd=fd)
            os.close(fd)
            if fds:
                os.rmdir("d", dir_fd=fds[-1])
    finally:
        for fd in fds:
            os.close(fd)
    top.rmdir()


def _record(**fields: object) -> str:
    return json.dumps(fields)


def _rss(*items: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        + "".join(items)
        + "</channel></rss>"
    )


def _item(title: str, text: str, date: str) -> str:
    return f"<item><title>{title}</title><description>{text}</description><pubDate>{date}</pubDate></item>"


def write_corpus(folder: Path) -> Expected:
    """Good and bad inputs under ``folder``; returns what ingesting ``folder`` must report."""
    folder.mkdir(parents=True, exist_ok=True)
    exp = Expected()

    def put(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    # -- good inputs: they must all be stored whatever else is in the folder
    put("good/plain.txt", GOOD_TEXT)
    put("good/front.txt", f"---\ntitle: Talks\ndate: 2024-03-05\n---\n{GOOD_TEXT} (front matter)")
    put("good/page.html", f"<html><body><article><p>{GOOD_TEXT} (page)</p></article></body></html>")
    put("good/wire.rss", _rss(_item("One", f"{GOOD_TEXT} (feed)", "Wed, 06 Mar 2024 10:00 +0000")))
    exp.good += 4

    # -- JSON Lines: every bad line is one failure; the good lines beside them are kept
    deep = "[" * 100_000 + "]" * 100_000
    lines = [
        deep,  # 1: RecursionError in the parser
        '{"text": "a number", "n": ' + "7" * 5000 + "}",  # 2: int over 4300 digits
        _record(text="bad \ud800 text"),  # 3: lone surrogate in the text
        _record(text=f"{GOOD_TEXT} (titled)", title="bad \udfff title"),  # 4: lone surrogate, title
        _record(text=f"{GOOD_TEXT} (far future)", date="9999-12-31"),  # 5: implausible date
        _record(text=f"{GOOD_TEXT} (jsonl)", date="2024-03-07"),  # 6: good
        "[1, 2]",  # 7: not an object
        '{"text": "a", "date": ' + "1" * 5000 + "}",  # 8: int over 4300 digits in the date
    ]
    put("mixed.jsonl", "\n".join(lines))
    exp.good += 1
    for number, code in ((1, "E106"), (2, "E106"), (3, "E115"), (4, "E115"), (5, "E117"), (7, "E106"),
                         (8, "E106")):  # fmt: skip
        exp.failures[f"mixed.jsonl:{number}:"] = code

    # -- whole files that cannot be documents
    put("empty.txt", b"")
    exp.failures["empty.txt"] = "E102"
    put("binary.txt", b"\x00\x01\x02binary\x00" * 10)
    exp.failures["binary.txt"] = "E104"
    put("deep-front.txt", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nBody.")
    exp.failures["deep-front.txt"] = "E113"
    put("long-number-front.txt", "---\ndate: " + "9" * 5000 + "\n---\nBody.")
    exp.failures["long-number-front.txt"] = "E113"
    put("surrogate-front.txt", '---\ntitle: "a\\ud800b"\n---\nBody of the report.')
    exp.failures["surrogate-front.txt"] = "E115"
    put("unclosed-front.txt", "---\ntitle: x\nBody.")
    exp.failures["unclosed-front.txt"] = "E113"
    put("nothing.html", "<html><body><script>var x = 1;</script></body></html>")
    exp.failures["nothing.html"] = "E108"
    put("garbage.xml", "<rss><channel><item>")
    exp.failures["garbage.xml"] = "E109"
    put("late.rss", _rss(_item("Late", "An entry dated from nowhere.", "9999999999")))
    exp.failures["late.rss#1"] = "E117"

    # -- names that could forge or colour a line, and names that are not UTF-8
    put("evil\n[E999] forged.txt", b"")
    exp.failures["evil\\n[E999] forged.txt"] = "E102"
    put("good/new\nline.txt", GOOD_TEXT + " (a newline in the name)")
    exp.good += 1
    put("red\x1b[31mname.txt", b"")
    exp.failures["red\\x1b[31mname.txt"] = "E102"
    raw = os.fsencode(folder) + b"/latin-\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(b"")
    exp.failures["latin-\\xe9.txt"] = "E102"

    # -- links that lead nowhere
    os.symlink(folder / "no-such-file.txt", folder / "dangling.txt")
    exp.failures["dangling.txt"] = "E116"
    os.symlink("self-loop.txt", folder / "self-loop.txt")
    exp.failures["self-loop.txt"] = "E116"

    # -- a folder tree deeper than Python's recursion limit, with a good file at the bottom
    make_deep(folder / "deep", sys.getrecursionlimit() + 50, "bottom.txt", GOOD_TEXT + " (bottom)")
    exp.good += 1

    # -- ignored silently: hidden entries, unsupported types inside a folder
    put(".hidden.txt", b"")
    put("notes.docx", b"\x00")
    return exp
