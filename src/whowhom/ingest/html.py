"""Saved web pages (``.html``/``.htm``): main text and metadata via trafilatura.

trafilatura (2.x) finds the article body and drops navigation, footers and related
links; its metadata gives the title, the date (ISO), the author, the site name (used as
``source``) and the canonical URL. Reader comments are left out: they are not the
report. Quirks handled here:

* A page without an ``<html`` tag whose body is a single block (``<p>...</p>``) is
  rejected by trafilatura as "not HTML"; such fragments are wrapped first.
* If the default (balanced) extraction finds nothing, ``favor_recall=True`` is tried
  before giving up with E108.
* Some pages keep the article only in their JSON-LD metadata (``articleBody``), and
  trafilatura then finds a photo caption: when the extracted text is shorter than
  ``JSONLD_SHARE`` (half) of the longest ``articleBody``, the ``articleBody`` is the text.
* Lines that are never news ("Tweet this", "Sign up for our newsletter", copyright lines,
  navigation runs such as "Home | News | World") are dropped: the list, matched against
  whole lines only, is ``data/boilerplate_lines.txt``.
* Which extractor gave the text is kept as ``Document.extractor`` (``trafilatura``,
  ``trafilatura+recall`` or ``json-ld``), stored in ``documents.extractor``.

``fragment_to_text`` turns the HTML snippets found in feeds into plain text.
"""

from __future__ import annotations

import html as html_entities
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from importlib import resources

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from whowhom.errors import Errors
from whowhom.ingest.text import IngestFailure, iso_date, make_document, meta_str, normalise_text
from whowhom.model import Document

_HTML_TAG = re.compile(r"<html[\s>]", re.IGNORECASE)


#: The JSON-LD ``articleBody`` replaces the extracted text when that is shorter than this share
#: of it (trafilatura kept a caption of an article whose body is only in the metadata).
JSONLD_SHARE = 0.5
BOILERPLATE_FILE = "data/boilerplate_lines.txt"
_TRAILING = " \t:.|›»"


def _extract(markup: str, *, favor_recall: bool) -> trafilatura.settings.Document | None:
    try:
        result = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            favor_recall=favor_recall,
        )
    except Exception:
        return None
    if isinstance(result, trafilatura.settings.Document) and result.text and result.text.strip():
        return result
    return None


def _bodies(data: object) -> Iterator[str]:
    """Every ``articleBody`` string in a JSON-LD value (objects, lists, ``@graph``)."""
    if isinstance(data, dict):
        body = data.get("articleBody")
        if isinstance(body, str):
            yield body
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _bodies(value)
    elif isinstance(data, list):
        for value in data:
            yield from _bodies(value)


def jsonld_body(markup: str) -> str:
    """The longest JSON-LD ``articleBody`` of a page, as plain text ("" when there is none;
    a script that is not valid JSON is passed over: it is metadata, not the page)."""
    if "articlebody" not in markup.lower():
        return ""
    try:
        root = lxml_html.fromstring(_NOT_XML.sub("", markup))
    except (etree.ParserError, ValueError):
        return ""
    best = ""
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text_content(), strict=False)
        except ValueError:
            continue
        for body in _bodies(data):
            text = fragment_to_text(body) if "<" in body else html_entities.unescape(body)
            text = normalise_text(text)
            if len(text) > len(best):
                best = text
    return best


@cache
def boilerplate_rules() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The whole-line boilerplate list: plain lines (case-folded) and ``re:`` patterns."""
    plain: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    text = resources.files("whowhom").joinpath(BOILERPLATE_FILE).read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append(re.compile(line[3:]))
        else:
            plain.add(line.casefold().rstrip(_TRAILING))
    return frozenset(plain), tuple(patterns)


def is_boilerplate_line(line: str) -> bool:
    """Whether a whole line is one of the listed boilerplate lines (never part of a line)."""
    stripped = line.strip()
    if not stripped:
        return False
    plain, patterns = boilerplate_rules()
    if stripped.casefold().rstrip(_TRAILING) in plain:
        return True
    return any(p.fullmatch(stripped) for p in patterns)


def drop_boilerplate(text: str) -> str:
    """``text`` without its boilerplate lines (the other lines exactly as they were)."""
    return "\n".join(line for line in text.split("\n") if not is_boilerplate_line(line)).strip()


def read_html(text: str, path: str) -> Iterator[Document | IngestFailure]:
    """One document from a decoded HTML page, or E108 when it has no main text."""
    markup = text if _HTML_TAG.search(text) else f"<html><body>{text}</body></html>"
    extractor = "trafilatura"
    extracted = _extract(markup, favor_recall=False)
    if extracted is None:
        extracted, extractor = _extract(markup, favor_recall=True), "trafilatura+recall"
    body = drop_boilerplate(normalise_text(extracted.text or "")) if extracted is not None else ""
    ld = drop_boilerplate(jsonld_body(markup))
    if ld and len(body) < JSONLD_SHARE * len(ld):
        body, extractor = ld, "json-ld"
    if not body:
        yield IngestFailure(path, None, Errors.E108.format(path=path))
        return
    date = None
    if extracted is not None:
        try:
            date = iso_date(extracted.date)
        except ValueError:  # trafilatura gives YYYY-MM-DD; anything else is not trusted
            date = None
    meta = extracted
    made = make_document(
        path,
        None,
        text=body,
        date=date,
        title=meta_str(meta.title) if meta else None,
        source=meta_str(meta.sitename) if meta else None,
        url=meta_str(meta.url) if meta else None,
        author=meta_str(meta.author) if meta else None,
    )
    yield replace(made, extractor=extractor) if isinstance(made, Document) else made


_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


_SPACES = re.compile(r"\s+")
# characters XML (and so lxml) refuses in text: C0 controls but tab/newline/CR, lone surrogates
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML snippet: one line per block element, spaces collapsed."""
    if not fragment.strip():
        return ""
    fragment = _NOT_XML.sub("", fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    # newlines in the markup are just spaces; line breaks come from block elements only
    for element in root.iter():
        element.text = _SPACES.sub(" ", element.text) if element.text else element.text
        element.tail = _SPACES.sub(" ", element.tail) if element.tail else element.tail
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
