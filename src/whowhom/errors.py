"""Coded, actionable error messages (one place, so wording stays consistent).

Each message says what happened, where, and what to do. Codes are stable: tests and
users may grep for them.
"""

from __future__ import annotations


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
    # code / run (E2xx)
    E201 = "[E201] --date {value!r} is not a date; use YYYY-MM-DD."
    E202 = "[E202] {place}: 'date' {value!r} is not a date; use YYYY-MM-DD or YYYYMMDD."
    E203 = "[E203] spaCy model {name!r} is not installed; run 'make install' or pass --model."
    # knowledge files (E3xx)
    E301 = "[E301] {path}: dictionary directory has no {what} file (expected a name matching {pattern})."
    E302 = "[E302] {path}:{line}: {reason}"
    # store (E4xx)
    E401 = "[E401] {path}: database cannot be opened ({reason})."
    E402 = "[E402] {path}: no such database; run 'whowhom ingest ... --db {path}' first."
    # eval (E5xx)
    E501 = "[E501] {path}:{line}: not a peer case record ({reason})."
    # options (E6xx)
    E601 = "[E601] --{option} {value!r} is not one of: {choices}."
