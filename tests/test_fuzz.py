"""Property-based tests (Hypothesis): whatever bytes or values the readers and the analysis
file parsers are given, they give documents or coded errors, never an uncaught exception.

* readers (``.txt`` with front matter, JSON Lines, HTML, RSS/Atom), through the same checks
  ``whowhom ingest`` uses: every item is a ``Document`` the store can hold (UTF-8 encodable
  fields, an ISO date) or an ``IngestFailure`` whose message is one printable line with an
  E1xx/E2xx code, and never E118 (the safety net for a reader's own bug: fuzzing must not
  need it);
* the issues and hypotheses parsers, on any YAML text, any bytes, and any JSON/YAML-like
  value, near-valid ones included: an ``IssueSet``/``HypothesisFile`` (whose SQL can be
  built) or a ``WhowhomError`` with an E7xx code on one printable line.

Examples are derandomized (the same every run, so CI is stable) and bounded so the file
runs in well under a minute; ``WHOWHOM_FUZZ_EXAMPLES=N`` raises the count for a deeper hunt,
and ``WHOWHOM_FUZZ_RANDOM=1`` draws new examples each run instead of the fixed ones.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whowhom.analysis.hypfile import parse_hypotheses
from whowhom.analysis.issues import load_issues, parse_issues
from whowhom.errors import WhowhomError
from whowhom.ingest import IngestFailure
from whowhom.ingest.feed import read_feed
from whowhom.ingest.html import read_html
from whowhom.ingest.jsonl import read_jsonl
from whowhom.ingest.sources import read_file
from whowhom.ingest.text import read_text
from whowhom.model import Document

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # feedparser's own, on Atom dates

SCALE = int(os.environ.get("WHOWHOM_FUZZ_EXAMPLES", "0")) or None


def fuzz(examples: int) -> Any:
    """Settings for one property: ``examples`` cases, the same ones every run."""
    return settings(
        max_examples=SCALE or examples,
        derandomize=not os.environ.get("WHOWHOM_FUZZ_RANDOM"),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


INGEST_CODE = re.compile(r"^\[E[12]\d\d\] ")
ANALYSIS_CODE = re.compile(r"^\[E7\d\d\] ")


def check_items(items: Iterable[Document | IngestFailure]) -> list[Document]:
    docs = []
    for item in items:
        if isinstance(item, IngestFailure):
            assert INGEST_CODE.match(item.message), item.message
            assert not item.message.startswith("[E118]"), item.message  # a reader's own bug
            assert item.message.isprintable(), item.message
            item.path.encode("utf-8")
        else:
            assert isinstance(item, Document)
            assert item.text.strip()
            for value in (item.text, item.title, item.source, item.url, item.author, item.path):
                if value is not None:
                    value.encode("utf-8")  # what DuckDB and text_id need
            if item.date is not None:
                dt.date.fromisoformat(item.date)
            docs.append(item)
    return docs


# -- strategies ---------------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
values = st.recursive(
    scalars | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# text that reaches the interesting branches: markup, dates, escapes, separators
_PIECES = [
    *"abc XYZ09-:.,/\\\"'<>&;#{}[]\n\r\t",
    "\x00", "\x1b", "\u2028", "\ufeff", "\ud800", "é", "中", "---\n", "<p>", "</p>", "<item>", "</item>",
    "&#0;", "&#xD800;", "2024-03-05", "9999", "\\ud800", "title: ", "date: ",
]  # fmt: skip
tricky_text = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _fields(keys: list[str], of: st.SearchStrategy[Any] = values) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), of, max_size=len(keys))


# -- readers -----------------------------------------------------------------------------------


@fuzz(300)
@given(st.text() | tricky_text)
def test_text_reader_never_raises(text: str) -> None:
    check_items(read_text(text, "a.txt"))


@fuzz(200)
@given(_fields(["title", "date", "source", "author", "url", "extra"]), st.text(max_size=40) | tricky_text)
def test_front_matter_of_any_value_never_raises(meta: dict[str, Any], body: str) -> None:
    try:
        front = yaml.safe_dump(meta, allow_unicode=True)
    except (yaml.YAMLError, ValueError):  # PyYAML cannot write lone surrogates
        return
    check_items(read_text(f"---\n{front}---\n{body}", "a.txt"))


@fuzz(300)
@given(st.lists(st.text() | tricky_text, max_size=5))
def test_jsonl_reader_on_any_lines_never_raises(lines: list[str]) -> None:
    check_items(read_jsonl("\n".join(lines), "a.jsonl"))
    check_items(read_jsonl("\n".join(lines), "a.jsonl", keep_ids=True))


RECORD_KEYS = ["text", "date", "title", "source", "url", "author", "id"]


@fuzz(300)
@given(st.lists(json_values | _fields(RECORD_KEYS, json_values), max_size=4))
def test_jsonl_reader_on_any_json_value_never_raises(records: list[Any]) -> None:
    text = "\n".join(json.dumps(r) for r in records)
    docs = check_items(read_jsonl(text, "a.jsonl"))
    assert len(docs) <= len(records)


@fuzz(60)
@given(st.text(max_size=200) | tricky_text)
def test_html_reader_never_raises(text: str) -> None:
    check_items(read_html(text, "a.html"))


@fuzz(60)
@given(
    st.lists(st.tuples(tricky_text, tricky_text, tricky_text), max_size=3), st.sampled_from(["rss", "atom"])
)
def test_feed_reader_never_raises(entries: list[tuple[str, str, str]], kind: str) -> None:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;")

    if kind == "rss":
        items = "".join(
            f"<item><title>{esc(a)}</title><description>{esc(b)}</description><pubDate>{esc(c)}</pubDate></item>"
            for a, b, c in entries
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    else:
        items = "".join(
            f"<entry><title>{esc(a)}</title><content type='html'>{esc(b)}</content>"
            f"<updated>{esc(c)}</updated></entry>"
            for a, b, c in entries
        )
        feed = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{items}</feed>'
    check_items(read_feed(feed, "a.xml"))
    check_items(read_feed("".join(a + b + c for a, b, c in entries), "a.xml"))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(150)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".xml"]))
def test_any_bytes_in_any_file_type_never_raise(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    check_items(read_file(path))


# -- analysis files ------------------------------------------------------------------------------

ISSUE_KEYS = ["id", "label", "description", "actors", "against", "targets", "locations", "since", "until",
              "codes", "keywords"]  # fmt: skip
HYPOTHESIS_KEYS = ["id", "statement", "prior"]
ITEM_KEYS = ["id", "label", "pattern", "manual", "observed", "likelihoods", "certainty", "reliability",
             "source", "event_ids", "note"]  # fmt: skip
PATTERN_KEYS = ["actor", "source", "target", "issue", "stance", "codes", "polarity", "modality", "locations",
                "keywords", "since", "until"]  # fmt: skip

near_issues = st.fixed_dictionaries(
    {"issues": st.lists(_fields(ISSUE_KEYS), min_size=1, max_size=3)},
    optional={"actors": st.dictionaries(st.text(max_size=6), values, max_size=3)},
)
near_hypotheses = st.fixed_dictionaries(
    {
        "hypotheses": st.lists(_fields(HYPOTHESIS_KEYS), min_size=2, max_size=3),
        "evidence": st.lists(
            st.one_of(
                _fields(ITEM_KEYS),
                st.fixed_dictionaries(
                    {
                        "id": st.text(max_size=4),
                        "pattern": _fields(PATTERN_KEYS),
                        "likelihoods": st.dictionaries(st.sampled_from(["H1", "H2", "x"]), values),
                    }
                ),
            ),
            max_size=3,
        ),
    },
    optional={"exclusive": values},
)


def check_analysis(parse: Any, data: Any) -> Any:
    try:
        parsed = parse(data)
    except WhowhomError as e:
        message = str(e)
        assert ANALYSIS_CODE.match(message), message
        assert message.isprintable(), message
        return None
    return parsed


def _issues(data: Any) -> Any:
    issue_set = parse_issues(data, Path("issues.yaml"))
    for issue in issue_set.issues:  # the SQL the rules become can be built
        issue.where_sql()
        issue.direction_sql()
    issue_set.to_dict()
    return issue_set


@fuzz(400)
@given(values | near_issues)
def test_issues_parser_on_any_value(data: Any) -> None:
    check_analysis(_issues, data)


@fuzz(400)
@given(values | near_hypotheses)
def test_hypotheses_parser_on_any_value(data: Any) -> None:
    check_analysis(lambda d: parse_hypotheses(d, Path("hypotheses.yaml")), data)


@fuzz(150)
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode) | tricky_text.map(
    lambda t: t.encode("utf-8", "surrogatepass")))  # fmt: skip
def test_issues_file_of_any_bytes(scratch: Path, data: bytes) -> None:
    path = scratch / "issues.yaml"
    path.write_bytes(data)
    check_analysis(load_issues, path)


@fuzz(150)
@given(near_issues)
def test_issues_file_of_any_near_valid_yaml(scratch: Path, data: Any) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return
    path = scratch / "issues.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check_analysis(load_issues, path)
