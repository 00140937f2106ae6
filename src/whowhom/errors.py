"""Coded, actionable error messages (one place, so wording stays consistent).

Each message says what happened, where, and what to do. Codes are stable: tests and
users may grep for them.
"""

from __future__ import annotations

import string
from typing import Any


class WhowhomError(Exception):
    """A problem the user can act on; the CLI prints it as one line and exits non-zero."""


class Errors:
    # ingest (E1xx)
    E101 = "[E101] {path}: cannot read file ({reason})."
    E102 = "[E102] {path}: file is empty."
    E103 = "[E103] {path}: file is {size} bytes, over the {limit}-byte limit; split it or raise --max-bytes."
    E104 = "[E104] {path}: looks binary (contains NUL bytes), not text."
    E105 = "[E105] {path}: not valid UTF-8 and no other encoding decodes it sensibly."
    E106 = "[E106] {path}:{line}: malformed JSON Lines record ({reason})."
    E107 = "[E107] {path}:{line}: record has no non-empty 'text' field."
    E108 = "[E108] {path}: HTML page has no extractable main text."
    E109 = "[E109] {path}: feed could not be parsed ({reason})."
    E110 = "[E110] {path}: feed has no entries with text."
    E111 = "[E111] {path}: no such file or directory."
    E112 = (
        "[E112] {path}: unsupported file type '{suffix}' (use .txt, .html, .htm, .jsonl, .xml, .rss, .atom)."
    )
    E113 = "[E113] {path}: front matter is not valid YAML ({reason})."
    E114 = "[E114] {path}: no text after the front matter."
    # import of event data (whowhom.interop)
    E131 = (
        "[E131] {path}: cannot tell which event data format this is ({reason}); "
        "pass --format gdelt, icews or plover."
    )
    E132 = "[E132] {path}:{line}: {layout} row rejected: {reason}."
    E133 = "[E133] {path}: not {format} data ({reason}); check --format or leave it out to detect the format."
    E134 = "[E134] ... and {count} more rejected row(s); all are listed in the database's rejected table."
    E115 = (
        "[E115] {place}: {field} holds a lone surrogate ({char}), which is not Unicode text; "
        "fix the escape in the source."
    )
    E116 = "[E116] {path}: broken symbolic link ({reason}); remove it or fix its target."
    E117 = (
        "[E117] {place}: date {value!r} is implausible for a news report (before {earliest} or after "
        "{latest}); fix or remove it."
    )
    E118 = "[E118] {path}: could not be read ({reason}); this is a bug in whowhom, please report it."
    E119 = (
        "[E119] {place}: the document has {size} characters, over the {limit}-character limit that "
        "whowhom codes; split it into smaller documents."
    )
    E120 = (
        "[E120] {place}: the record is {size} bytes, over the {limit}-byte limit per document; "
        "raise --max-bytes."
    )
    # code / run (E2xx)
    E201 = "[E201] --{option} {value!r} is not a date; use YYYY-MM-DD."
    E202 = "[E202] {place}: 'date' {value!r} is not a date; use YYYY-MM-DD or YYYYMMDD."
    E203 = "[E203] spaCy model {name!r} is not installed; run 'make install' or pass --model."
    E204 = "[E204] coder stage {name!r} is not registered; registered stages: {known}."
    E205 = (
        "[E205] coder stage {name!r} requires {missing}, which no stage before it assigns; "
        "put a stage that assigns it earlier in the configuration."
    )
    E206 = "[E206] coder stage {name!r} declares unknown state {fields}; known: {known}."
    E207 = "[E207] the coder configuration assigns no 'events'; end it with a finalising stage."
    E208 = (
        "[E208] document {doc_id} ({where}) has {size} characters, over the {limit}-character limit "
        "that whowhom codes; split it into smaller documents."
    )
    E209 = "[E209] document {doc_id} ({where}) could not be coded: {reason}"
    E210 = (
        "[E210] document {doc_id} ({where}) could not be coded: its worker process died each time "
        "it coded it; it is recorded as failed."
    )
    E211 = (
        "[E211] --workers {value!r}: give a number of worker processes from 1 to {limit} "
        "(this machine has {cores} cores)."
    )
    E212 = (
        "[E212] worker processes died {count} times; giving up (see the messages above, or run "
        "with --workers 1)."
    )
    E213 = (
        "[E213] --dask {address!r}: no Dask scheduler answers there ({reason}); start one "
        "('dask scheduler') or use --dask local."
    )
    E214 = "[E214] --input {pattern!r}: {reason}."
    # knowledge files (E3xx)
    E301 = "[E301] {path}: dictionary directory has no {what} file (expected a name matching {pattern})."
    E302 = "[E302] {path}:{line}: {reason}"
    # store (E4xx)
    E401 = "[E401] {path}: database cannot be opened ({reason})."
    E402 = "[E402] {path}: no such database; run 'whowhom ingest ... --db {path}' first."
    E403 = (
        "[E403] {path}: a DuckDB file, but not a whowhom store ({what}); "
        "pass another --db or move the file away."
    )
    E404 = (
        "[E404] {path}: written by a newer whowhom (schema {found}, this version knows {known}); "
        "upgrade whowhom."
    )
    E405 = "[E405] {path}: the database is damaged ({reason}); restore it from a backup or re-ingest."
    E406 = "[E406] {path}: cannot write the export ({reason}); choose a path in a writable directory."
    E407 = (
        "[E407] {path}: the database is in use by {holder}, which holds its lock; "
        "wait for it to finish and retry."
    )
    E408 = (
        "[E408] {path}: not a folder of whowhom event parts ({reason}); give the --out folder of "
        "'whowhom run --dask'."
    )
    # eval (E5xx)
    E501 = "[E501] {path}:{line}: not a peer case record ({reason})."
    # options (E6xx)
    E601 = "[E601] --{option} {value!r} is not one of: {choices}."
    # analysis (E7xx)
    # analysis files (issues.yaml, hypotheses.yaml)
    E701 = "[E701] {path}: cannot read file ({reason})."
    E702 = "[E702] {path}: not valid YAML ({reason})."
    E703 = "[E703] {path}: {where}: {reason}"
    E704 = (
        "[E704] {path}: issue {issue!r} has no rules; give at least one of targets, locations, "
        "since, until, codes, keywords."
    )
    E705 = "[E705] no issue {issue!r} in {path}; known issues: {known}."
    E706 = (
        "[E706] --window {value!r} is not a duration of 1 to {limit} days; use a number of days or "
        "weeks, e.g. 30d or 4w."
    )
    E707 = "[E707] --actors {value!r}: {reason}"
    E708 = "[E708] {path}: {where}: date {value!r} is not a date; use YYYY-MM-DD."
    E709 = (
        "[E709] {path}: evidence {item!r}: likelihood under {hypothesis!r} is {value!r}; "
        "use a number in (0, 1] or an ACH rating (CC, C, N, I, II)."
    )
    E710 = "[E710] {path}: evidence {item!r} names hypothesis {hypothesis!r}, which the file does not define."
    E711 = "[E711] {path}: needs at least two hypotheses to compare (found {count})."
    E712 = (
        "[E712] {path}: evidence {item!r} uses issue {issue!r} but no issues file is given; "
        "set 'issues:' in the file or pass --issues."
    )
    E713 = "[E713] {path}: hypothesis {hypothesis!r}: prior {value!r} is not a finite number above 0."
    E714 = "[E714] {path}: duplicate {what} id {ident!r}; ids must be unique."
    E715 = (
        "[E715] issues {command}: {reason}; give it as the first argument or as --issues FILE "
        "(whowhom issues {command} --issues issues.yaml ...)."
    )
    # report and other output files (E8xx)
    E801 = "[E801] {path}: cannot write the file ({reason}); choose a path in a writable directory."
    E802 = "[E802] {path}: the folder {folder} does not exist; create it first or choose another path."
    E803 = "[E803] {path}: is a directory; give the name of a file to write."
    E804 = (
        "[E804] {path}: is {what}; writing there would destroy it (refused even with --force); "
        "choose another path."
    )
    E805 = "[E805] {path}: already exists; pass --force to overwrite it, or choose another path."
    E806 = "[E806] {path}: is a URL; only local files are written; write here and copy it there."
    E807 = "[E807] {path}: is {what}, not a place to write a file; choose a path in a normal folder."
    E808 = "[E808] {path}: is given as both {first} and {second}; give two different files."
    # the web workbench, whowhom serve (E9xx): each is also a JSON error {"error": {"code", "message"}}
    E901 = "[E901] parameter {name!r}: {value!r} is not {what}."
    E902 = "[E902] unknown parameter {name!r} for this page; known: {known}."
    E903 = "[E903] page {page} is out of range: this filter has {pages} page(s) of {per_page} events."
    E904 = "[E904] no {what} {ident!r} in the database."
    E905 = (
        "[E905] the database {path} is being written by another process (DuckDB allows one writer at a "
        "time); retry in a moment."
    )
    E906 = "[E906] writes are off; start 'whowhom serve --allow-writes' to record corrections and views."
    E907 = (
        "[E907] writing needs the token 'whowhom serve' printed at start-up (header X-Whowhom-Token, "
        "field 'token', or open the printed link); nothing was written."
    )
    E908 = (
        "[E908] the request did not come from the workbench's own pages (the cross-site check failed); "
        "nothing was written."
    )
    E909 = "[E909] the request is {size} bytes, over the {limit}-byte limit."
    E910 = "[E910] correction of event {event_id!r}: {reason}."
    E911 = "[E911] no page at {path}; start at /."
    E912 = "[E912] the server could not answer ({reason}); this is a bug in whowhom, please report it."
    E913 = "[E913] cannot serve on {host}:{port} ({reason}); choose another --port or --host."
    E914 = "[E914] {what} needs {option}: start 'whowhom serve {option} FILE'."
    E915 = "[E915] view name {name!r}: {reason}."


class Warnings:
    """Not errors: carried as data in results and printed beside them."""

    W401 = (
        "[W401] {path}: in use by {holder}; waiting up to {seconds} s (a writer lets readers in "
        "between its batches)."
    )
    W701 = (
        "[W701] hypotheses are marked 'exclusive: false': posteriors are computed as if exactly one "
        "held; read them as relative support, not probabilities."
    )
    W702 = "[W702] priors sum to {total:.3g}, not 1; they were scaled to sum to 1."
    W703 = (
        "[W703] {first} and {second} give every observed item the same likelihood: the evidence "
        "cannot tell them apart (do they overlap?)."
    )
    W704 = "[W704] {count} event(s) are counted by both {first} and {second} (e.g. {examples})."
    W705 = "[W705] {item}: pattern matched no stored event; it is not counted (see gaps)."


# -- formatting: one line, whatever the values hold ------------------------------------------

#: Longest a single value may run in a message; longer ones keep their two ends.
MAX_FIELD_CHARS = 1000
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every non-printable character escaped (newlines, ANSI escapes, bidi
    controls, lone surrogates): a message stays one line and cannot forge another or colour
    the terminal. Printable text, backslashes included, is unchanged."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        else:
            code = ord(ch)
            width = 2 if code < 0x100 else 4 if code < 0x10000 else 8
            out.append(f"\\{'x' if width == 2 else 'u' if width == 4 else 'U'}{code:0{width}x}")
    return "".join(out)


def _clip(text: str) -> str:
    if len(text) <= MAX_FIELD_CHARS:
        return text
    half = MAX_FIELD_CHARS // 2
    return f"{text[:half]}…[{len(text) - 2 * half} characters]…{text[-half:]}"


def _unshowable(value: object) -> str:
    if isinstance(value, int):
        return f"<a number of about {int(value.bit_length() * 0.30103) + 1} digits>"
    return f"<{type(value).__name__} too large or deep to show>"


def shown(value: object) -> str:
    """A safe, one-line, bounded ``repr`` of any value (a 5,000-digit number or a list
    nested 1,000 deep included), for messages built outside ``Errors``."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        text = _unshowable(value)
    return _clip(printable(text))


class _MessageFormatter(string.Formatter):
    def convert_field(self, value: Any, conversion: str | None) -> Any:
        try:
            return super().convert_field(value, conversion)
        except (ValueError, RecursionError):
            return _unshowable(value)

    def format_field(self, value: Any, format_spec: str) -> str:
        try:
            text = super().format_field(value, format_spec)
        except (ValueError, RecursionError):
            text = _unshowable(value)
        if not text.isprintable():
            # a name with a newline or an escape sequence is quoted, so the escapes are
            # visibly escapes: 'evil\\n[E999] x.txt'
            quoted = isinstance(value, str) or hasattr(value, "__fspath__")
            text = printable(repr(text) if quoted else text)
        return _clip(text)


_FORMATTER = _MessageFormatter()


class Message(str):
    """A message template whose ``format`` keeps the result one safe line (``printable``)."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        return _FORMATTER.vformat(str(self), args, kwargs)


def _safe_templates(cls: type) -> type:
    for name, value in list(vars(cls).items()):
        if name[:1] in "EW" and name[1:].isdigit() and isinstance(value, str):
            setattr(cls, name, Message(value))
    return cls


_safe_templates(Errors)
_safe_templates(Warnings)
