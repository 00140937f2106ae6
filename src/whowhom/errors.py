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
    # import of event data (whowhom.interop)
    E131 = (
        "[E131] {path}: cannot tell which event data format this is ({reason}); "
        "pass --format gdelt, icews or plover."
    )
    E132 = "[E132] {path}:{line}: {layout} row rejected: {reason}."
    E133 = "[E133] {path}: not {format} data ({reason}); check --format or leave it out to detect the format."
    E134 = "[E134] ... and {count} more rejected row(s); all are listed in the database's rejected table."
    # code / run (E2xx)
    E201 = "[E201] --date {value!r} is not a date; use YYYY-MM-DD."
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
    E706 = "[E706] --window {value!r} is not a duration; use a number of days or weeks, e.g. 30d or 4w."
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
    E713 = "[E713] {path}: hypothesis {hypothesis!r}: prior {value!r} is not a number above 0."
    E714 = "[E714] {path}: duplicate {what} id {ident!r}; ids must be unique."
    # report (E8xx)
    E801 = "[E801] {path}: cannot write the report ({reason}); choose a path in a writable directory."


class Warnings:
    """Not errors: carried as data in results and printed beside them."""

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
