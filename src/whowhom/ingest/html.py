"""Saved web pages (``.html``/``.htm``): main text and metadata via trafilatura.

trafilatura (2.x) finds the article body and drops navigation, footers and related
links; its metadata gives the title, the date (ISO), the author, the site name (used as
``source``) and the canonical URL. Reader comments are left out: they are not the
report. Quirks handled here:

* A page without an ``<html`` tag whose body is a single block (``<p>...</p>``) is
  rejected by trafilatura as "not HTML"; such fragments are wrapped first.
* If the default (balanced) extraction finds nothing, ``favor_recall=True`` is tried
  before giving up with E108.

``fragment_to_text`` turns the HTML snippets found in feeds into plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from whowhom.errors import Errors
from whowhom.ingest.text import IngestFailure, iso_date, make_document, meta_str, normalise_text
from whowhom.model import Document

_HTML_TAG = re.compile(r"<html[\s>]", re.IGNORECASE)


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


def read_html(text: str, path: str) -> Iterator[Document | IngestFailure]:
    """One document from a decoded HTML page, or E108 when it has no main text."""
    markup = text if _HTML_TAG.search(text) else f"<html><body>{text}</body></html>"
    extracted = _extract(markup, favor_recall=False) or _extract(markup, favor_recall=True)
    body = normalise_text(extracted.text or "") if extracted is not None else ""
    if extracted is None or not body:
        yield IngestFailure(path, None, Errors.E108.format(path=path))
        return
    try:
        date = iso_date(extracted.date)
    except ValueError:  # trafilatura gives YYYY-MM-DD; anything else is not trusted
        date = None
    yield make_document(
        path,
        None,
        text=body,
        date=date,
        title=meta_str(extracted.title),
        source=meta_str(extracted.sitename),
        url=meta_str(extracted.url),
        author=meta_str(extracted.author),
    )


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
