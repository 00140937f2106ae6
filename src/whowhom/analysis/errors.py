"""Coded error messages of the analysis stage (E7xx), in the style of ``whowhom.errors``.

Kept here while the analysis package is young; the codes are stable, so they can move
into ``whowhom.errors`` without changing what users see. Warnings (W7xx) are not
errors: they are carried as data in results and printed beside them.
"""

from __future__ import annotations


class AnalysisErrors:
    # files (issues.yaml, hypotheses.yaml)
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


class AnalysisWarnings:
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
