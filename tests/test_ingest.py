"""Ingest: every format's happy path, and every bad input giving its coded failure."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from whowhom.ingest import DEFAULT_MAX_BYTES, IngestFailure, read_paths
from whowhom.ingest import sources as ingest_sources
from whowhom.model import Document, text_id


def run(*paths: str | Path, **kwargs: int) -> tuple[list[Document], list[IngestFailure]]:
    docs: list[Document] = []
    failures: list[IngestFailure] = []
    for item in read_paths(paths, **kwargs):
        if isinstance(item, Document):
            docs.append(item)
        else:
            assert isinstance(item, IngestFailure)
            failures.append(item)
    return docs, failures


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def only_failure(path: Path, code: str, line: int | None = None) -> IngestFailure:
    """The single failure reading ``path``; checks its code, file and line."""
    docs, failures = run(path)
    assert docs == []
    assert len(failures) == 1, failures
    failure = failures[0]
    assert failure.message.startswith(f"[{code}] {path}"), failure.message
    assert failure.path == str(path)
    assert failure.line == line
    assert "\n" not in failure.message
    if line is not None:
        assert f"{path}:{line}:" in failure.message
    return failure


# --- .txt -----------------------------------------------------------------------------


def test_plain_text_is_one_document_with_normalised_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\n  Rebels attacked a convoy.\r\nFive died.  \r\n\n")
    docs, failures = run(path)
    assert failures == []
    [doc] = docs
    assert doc.text == "Rebels attacked a convoy.\nFive died."
    assert doc.doc_id == text_id(doc.text)
    assert doc.path == str(path)
    assert (doc.date, doc.title, doc.source, doc.url, doc.author) == (None, None, None, None, None)


def test_plain_text_keeps_inner_whitespace_exactly(tmp_path: Path) -> None:
    body = "Talks  resumed.\n\n\tThe envoy said\u00a0so."
    docs, _ = run(write(tmp_path / "a.txt", body))
    assert docs[0].text == body


def test_front_matter_gives_metadata(tmp_path: Path) -> None:
    path = write(
        tmp_path / "fm.txt",
        (
            "---\n"
            "title: Talks resume in Geneva\n"
            "date: 2024-03-05\n"
            "source: Daily Planet\n"
            "author: Jane Roe\n"
            "url: https://planet.example.com/talks\n"
            "tags: [ignored]\n"
            "---\n"
            "Negotiators met in Geneva on Tuesday.\n"
        ),
    )
    docs, failures = run(path)
    assert failures == []
    [doc] = docs
    assert doc.text == "Negotiators met in Geneva on Tuesday."
    assert doc.title == "Talks resume in Geneva"
    assert doc.date == "2024-03-05"
    assert doc.source == "Daily Planet"
    assert doc.author == "Jane Roe"
    assert doc.url == "https://planet.example.com/talks"
    assert doc.doc_id == text_id("Negotiators met in Geneva on Tuesday.")


@pytest.mark.parametrize(
    "written",
    ["20240305", "'20240305'", "'2024-03-05'", "2024-03-05", "2024-03-05 10:30:00", "2024-03-05T10:30:00Z"],
)
def test_front_matter_date_forms(tmp_path: Path, written: str) -> None:
    path = write(tmp_path / "d.txt", f"---\ndate: {written}\n---\nText.\n")
    docs, failures = run(path)
    assert failures == []
    assert docs[0].date == "2024-03-05"


def test_front_matter_with_crlf_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", "---\r\ntitle: T\r\n---\r\nLine one.\r\nLine two.\r\n")
    docs, failures = run(path)
    assert failures == []
    assert (docs[0].title, docs[0].text) == ("T", "Line one.\nLine two.")


def test_text_not_starting_with_front_matter_keeps_dashes(tmp_path: Path) -> None:
    body = "Rebels attacked.\n---\nnot: front matter\n---"
    docs, failures = run(write(tmp_path / "a.txt", body))
    assert failures == []
    assert docs[0].text == body


# --- encodings ------------------------------------------------------------------------


def test_cp1252_news_file_decodes(tmp_path: Path) -> None:
    text = (
        "The minister’s “constructive” talks in Zürich — officials said the café in "
        "Genève was closed. The €2m aid package was suspended."
    )
    docs, failures = run(write(tmp_path / "w.txt", text.encode("cp1252")))
    assert failures == []
    assert docs[0].text == text


def test_short_latin1_file_decodes(tmp_path: Path) -> None:
    docs, failures = run(write(tmp_path / "s.txt", "Crème brûlée diplomacy in Genève.".encode("latin-1")))
    assert failures == []
    assert docs[0].text == "Crème brûlée diplomacy in Genève."


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    docs, _ = run(write(tmp_path / "bom.txt", b"\xef\xbb\xbfZ\xc3\xbcrich talks."))
    assert docs[0].text == "Zürich talks."


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    docs, failures = run(write(tmp_path / "u16.txt", "Talks in Zürich.".encode("utf-16")))
    assert failures == []
    assert docs[0].text == "Talks in Zürich."


# --- HTML -----------------------------------------------------------------------------

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Talks resume in Geneva | Daily Planet</title>
<meta property="og:title" content="Talks resume in Geneva">
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://planet.example.com/2024/03/05/talks">
</head><body>
<header><ul class="menu"><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul>
</header>
<article>
<h1>Talks resume in Geneva</h1>
<p>Negotiators from both sides met in Geneva on Tuesday.</p>
<p>The foreign minister said the talks were constructive.</p>
<p>Rebels accused the government of shelling villages near the border.</p>
<p>The UN envoy urged both sides to show restraint.</p>
</article>
<div id="comments"><p>Reader comment: this is all propaganda.</p></div>
<aside class="related"><ul><li><a href="/a">Storm hits coast</a></li></ul></aside>
<footer><p>Copyright 2024 Daily Planet. All rights reserved.</p></footer>
</body></html>
"""

PARAGRAPHS = [
    "Negotiators from both sides met in Geneva on Tuesday.",
    "The foreign minister said the talks were constructive.",
    "Rebels accused the government of shelling villages near the border.",
    "The UN envoy urged both sides to show restraint.",
]


def test_html_article_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "article.html", ARTICLE_HTML)
    docs, failures = run(path)
    assert failures == []
    [doc] = docs
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    for boilerplate in ("Home", "Copyright", "Storm hits coast", "propaganda"):
        assert boilerplate not in doc.text
    assert doc.title == "Talks resume in Geneva"
    assert doc.date == "2024-03-05"
    assert doc.author == "Jane Roe"
    assert doc.source == "Daily Planet"
    assert doc.url == "https://planet.example.com/2024/03/05/talks"
    assert doc.path == str(path)
    assert doc.doc_id == text_id(doc.text)


@pytest.mark.parametrize("count", [3, 6])
def test_short_html_article_without_article_tag_is_extracted(tmp_path: Path, count: int) -> None:
    sentences = [f"Paragraph {i}: officials in the capital reported clashes." for i in range(count)]
    body = "".join(f"<p>{s}</p>" for s in sentences)
    html = (
        f"<html><head><title>Clashes</title></head><body><div class='nav'>"
        f"<a href='/'>Home</a></div><div class='story'>{body}</div></body></html>"
    )
    docs, failures = run(write(tmp_path / "short.htm", html))
    assert failures == []
    assert docs[0].text.split("\n")[-count:] == sentences


def test_html_fragment_without_html_tag_is_extracted(tmp_path: Path) -> None:
    # trafilatura alone rejects a lone block without an <html> tag as "not HTML"
    path = write(tmp_path / "frag.html", "<p>Rebels attacked a convoy near Goma on Monday.</p>")
    docs, failures = run(path)
    assert failures == []
    assert docs[0].text == "Rebels attacked a convoy near Goma on Monday."


def test_html_falls_back_to_favor_recall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    real = trafilatura.bare_extraction
    calls: list[bool] = []

    def balanced_finds_nothing(*args: Any, **kwargs: Any) -> Any:
        calls.append(bool(kwargs.get("favor_recall")))
        return real(*args, **kwargs) if kwargs.get("favor_recall") else None

    monkeypatch.setattr(trafilatura, "bare_extraction", balanced_finds_nothing)
    docs, failures = run(write(tmp_path / "a.html", ARTICLE_HTML))
    assert failures == []
    assert calls == [False, True]
    assert PARAGRAPHS[0] in docs[0].text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_html_without_text_is_e108(tmp_path: Path, html: str) -> None:
    only_failure(write(tmp_path / "empty.html", html), "E108")


# --- JSON Lines -----------------------------------------------------------------------


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "r1",
                "text": "Rebels attacked a convoy.",
                "date": "2024-03-05",
                "title": "Attack",
                "source": "Wire",
                "url": "https://w.example/1",
                "author": "J. Roe",
            }
        ),
        "",
        json.dumps({"text": "  Talks resumed.\r\nEnvoy hopeful. ", "date": 20240306}),
        json.dumps({"text": "Line\u2028separator stays inside the record."}),
    ]
    path = write(tmp_path / "r.jsonl", "\n".join(lines) + "\n")
    docs, failures = run(path)
    assert failures == []
    assert [d.path for d in docs] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    first, second, third = docs
    assert first.doc_id == text_id("Rebels attacked a convoy.")  # not the record's id
    assert (first.date, first.title, first.source, first.url, first.author) == (
        "2024-03-05",
        "Attack",
        "Wire",
        "https://w.example/1",
        "J. Roe",
    )
    assert second.text == "Talks resumed.\nEnvoy hopeful."
    assert second.date == "2024-03-06"
    assert third.text == "Line\u2028separator stays inside the record."


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.jsonl",
        "\n".join(
            [
                json.dumps({"text": "First good."}),
                "{not json",
                "[1, 2]",
                json.dumps({"title": "no text"}),
                json.dumps({"text": "   "}),
                json.dumps({"text": 42}),
                json.dumps({"text": "Bad date.", "date": "2024-02-30"}),
                json.dumps({"text": "Bad date form.", "date": "05/03/2024"}),
                json.dumps({"text": "Last good."}),
            ]
        ),
    )
    docs, failures = run(path)
    assert [d.text for d in docs] == ["First good.", "Last good."]
    assert [d.path for d in docs] == [f"{path}:1", f"{path}:9"]
    got = [(f.line, f.message.split("]")[0] + "]") for f in failures]
    assert got == [
        (2, "[E106]"),
        (3, "[E106]"),
        (4, "[E107]"),
        (5, "[E107]"),
        (6, "[E107]"),
        (7, "[E202]"),
        (8, "[E202]"),
    ]
    for failure in failures:
        assert failure.path == str(path)
        assert f"{path}:{failure.line}:" in failure.message
    assert "expected a JSON object" in failures[1].message
    assert "'2024-02-30'" in failures[5].message


def test_jsonl_malformed_message_matches_contract(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"text": "ok"}\n\n{"text": }\n')
    failure = only_failure_of_many(path)
    assert failure.line == 3
    assert failure.message == f"[E106] {path}:3: malformed JSON Lines record (Expecting value)."


def only_failure_of_many(path: Path) -> IngestFailure:
    _, failures = run(path)
    assert len(failures) == 1
    return failures[0]


# --- feeds ----------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World Wire</title><link>https://wire.example.org/</link>
<item><title>Talks resume</title><link>https://wire.example.org/1</link>
<author>jane@example.org (Jane Roe)</author>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Negotiators met in &lt;b&gt;Geneva&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Talks
were constructive.&lt;/p&gt;</description></item>
<item><title>Convoy attacked</title><link>https://wire.example.org/2</link>
<pubDate>Wed, 06 Mar 2024 23:30:00 -0500</pubDate>
<description>Rebels attacked a convoy.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<id>urn:x</id><updated>2024-03-07T08:00:00Z</updated>
<entry><title>Envoy urges restraint</title><id>urn:x:1</id>
<link href="https://atom.example.org/a"/><updated>2024-03-07T08:00:00+02:00</updated>
<author><name>John Doe</name></author>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;The UN envoy urged restraint.&lt;/p&gt;&lt;p&gt;Both sides
agreed.&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_feed_gives_one_document_per_entry(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.rss", RSS)
    docs, failures = run(path)
    assert failures == []
    assert len(docs) == 2
    first, second = docs
    assert first.text == "Negotiators met in Geneva.\nTalks were constructive."
    assert (first.title, first.date, first.author, first.url, first.source) == (
        "Talks resume",
        "2024-03-05",
        "Jane Roe",
        "https://wire.example.org/1",
        "World Wire",
    )
    assert first.path == f"{path}#1"
    assert second.text == "Rebels attacked a convoy."
    assert second.date == "2024-03-06"  # the date as written, not 2024-03-07 in UTC
    assert second.author is None
    assert second.path == f"{path}#2"


def test_atom_feed_prefers_content_over_summary(tmp_path: Path) -> None:
    docs, failures = run(write(tmp_path / "wire.atom", ATOM))
    assert failures == []
    [doc] = docs
    assert doc.text == "The UN envoy urged restraint.\nBoth sides agreed."
    assert (doc.title, doc.date, doc.author, doc.url, doc.source) == (
        "Envoy urges restraint",
        "2024-03-07",
        "John Doe",
        "https://atom.example.org/a",
        "Atom Wire",
    )


def test_feed_in_declared_legacy_encoding(tmp_path: Path) -> None:
    rss = RSS.replace('encoding="utf-8"', 'encoding="iso-8859-1"').replace("Geneva", "Genève")
    docs, failures = run(write(tmp_path / "wire.xml", rss.encode("iso-8859-1")))
    assert failures == []
    assert docs[0].text.startswith("Negotiators met in Genève.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<rss><channel><item><title>x</title", "unclosed token"),
        ("this is not xml", "syntax error"),
        (
            "<?xml version='1.0'?><urlset><url><loc>https://x</loc></url></urlset>",
            "not an RSS or Atom document",
        ),
    ],
)
def test_unparseable_feed_is_e109(tmp_path: Path, content: str, reason: str) -> None:
    failure = only_failure(write(tmp_path / "bad.xml", content), "E109")
    assert reason in failure.message


@pytest.mark.parametrize(
    "content",
    [
        "<rss version='2.0'><channel><title>Empty</title></channel></rss>",
        "<rss version='2.0'><channel><title>T</title><item><title>Headline only</title>"
        "<link>https://x/1</link></item><item><description>  </description></item>"
        "</channel></rss>",
    ],
)
def test_feed_without_entry_text_is_e110(tmp_path: Path, content: str) -> None:
    only_failure(write(tmp_path / "empty.rss", content), "E110")


# --- walking, dispatch, duplicates ----------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Text b.")
    write(root / "a.txt", "Text a.")
    write(root / "sub" / "c.jsonl", json.dumps({"text": "Text c."}) + "\n")
    write(root / "sub" / "deeper" / "d.TXT", "Text d.")
    write(root / "aa" / "e.txt", "Text e.")
    write(root / "README.md", "# not a report")
    write(root / "config.yaml", "a: 1")
    write(root / ".hidden.txt", "Hidden file.")
    write(root / ".git" / "x.txt", "Hidden dir.")
    write(root / "sub" / "notes.txt~", "Editor backup.")
    docs, failures = run(root)
    assert failures == []
    assert [d.text for d in docs] == ["Text a.", "Text e.", "Text b.", "Text c.", "Text d."]
    assert docs[0].path == str(root / "a.txt")
    assert docs[3].path == f"{root / 'sub' / 'c.jsonl'}:1"
    again, _ = run(root)
    assert [d.path for d in again] == [d.path for d in docs]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", "Text a.")
    (root / "loop").symlink_to(root, target_is_directory=True)
    docs, failures = run(root)
    assert failures == []
    assert [d.text for d in docs] == ["Text a."]


def test_duplicates_get_identical_doc_ids(tmp_path: Path) -> None:
    text = "Rebels attacked a convoy near Goma."
    write(tmp_path / "one.txt", text)
    write(tmp_path / "two.txt", f"---\ntitle: Copy\n---\n{text}\r\n")
    write(tmp_path / "three.jsonl", json.dumps({"id": "other-id", "text": text}) + "\n")
    docs, failures = run(tmp_path)
    assert failures == []
    assert len(docs) == 3
    assert {d.doc_id for d in docs} == {text_id(text)}


def test_path_given_as_string_is_reported_as_given(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Text.")
    given = f"{tmp_path}//./a.txt"
    docs, _ = run(given)
    assert docs[0].path == given


def test_mixed_good_and_bad_files_yield_the_good_documents(tmp_path: Path) -> None:
    good_txt = write(tmp_path / "good.txt", "Good text.")
    empty = write(tmp_path / "empty.txt", "")
    binary = write(tmp_path / "bin.html", b"<html>\x00\x01\x02</html>")
    good_jsonl = write(tmp_path / "good.jsonl", json.dumps({"text": "Good record."}) + "\nnope\n")
    missing = tmp_path / "missing.txt"
    odd = write(tmp_path / "notes.md", "# notes")
    docs, failures = run(good_txt, empty, missing, binary, odd, good_jsonl)
    assert [d.text for d in docs] == ["Good text.", "Good record."]
    assert [f.message[:6] for f in failures] == ["[E102]", "[E111]", "[E104]", "[E112]", "[E106]"]
    assert [f.path for f in failures] == [str(p) for p in (empty, missing, binary, odd, good_jsonl)]


def test_read_paths_is_lazy(tmp_path: Path) -> None:
    iterator = read_paths([tmp_path / "missing.txt"])
    assert not isinstance(iterator, list)
    first = next(iterator)
    assert isinstance(first, IngestFailure)


# --- bad inputs, one code each --------------------------------------------------------


def test_unreadable_file_is_e101(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", "Secret.")
    real_open = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    failure = only_failure(path, "E101")
    assert "Permission denied" in failure.message


def test_unreadable_directory_is_e101(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", "Text.")

    def deny(path: object) -> object:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ingest_sources.os, "scandir", deny)
    only_failure(root, "E101")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_file_is_e102(tmp_path: Path, content: bytes) -> None:
    only_failure(write(tmp_path / "empty.txt", content), "E102")


def test_oversized_file_is_e103(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 101)
    failure = only_failure_with(path, "E103", max_bytes=100)
    assert "101 bytes" in failure.message
    assert "100-byte limit" in failure.message
    docs, _ = run(path, max_bytes=101)
    assert len(docs) == 1
    assert DEFAULT_MAX_BYTES == 20_000_000


def only_failure_with(path: Path, code: str, **kwargs: int) -> IngestFailure:
    docs, failures = run(path, **kwargs)
    assert docs == []
    assert len(failures) == 1
    assert failures[0].message.startswith(f"[{code}] {path}")
    return failures[0]


def test_nul_bytes_are_e104(tmp_path: Path) -> None:
    only_failure(write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "E104")


def test_undecodable_bytes_are_e105(tmp_path: Path) -> None:
    rng = random.Random(7)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    only_failure(write(tmp_path / "noise.txt", noise), "E105")


def test_control_character_soup_is_e105(tmp_path: Path) -> None:
    soup = bytes(range(1, 9)) * 50 + b"some text"
    only_failure(write(tmp_path / "soup.jsonl", soup), "E105")


def test_missing_path_is_e111(tmp_path: Path) -> None:
    only_failure(tmp_path / "nowhere" / "gone.txt", "E111")


@pytest.mark.parametrize("name", ["notes.md", "config.yaml", "README"])
def test_explicit_unsupported_file_is_e112(tmp_path: Path, name: str) -> None:
    failure = only_failure(write(tmp_path / name, "Rebels attacked."), "E112")
    assert "unsupported file type" in failure.message


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: [unclosed\n", "line"),
        ("title: a: b\n", "mapping values are not allowed here"),
        ("just a sentence\n", "got a str"),
        ("- a\n- b\n", "got a list"),
    ],
)
def test_bad_front_matter_is_e113(tmp_path: Path, front: str, reason: str) -> None:
    path = write(tmp_path / "fm.txt", f"---\n{front}---\nBody text.\n")
    failure = only_failure(path, "E113")
    assert reason in failure.message


def test_unclosed_front_matter_is_e113(tmp_path: Path) -> None:
    failure = only_failure(write(tmp_path / "fm.txt", "---\ntitle: T\nBody text.\n"), "E113")
    assert "no closing '---' line" in failure.message


def test_front_matter_without_text_is_e114(tmp_path: Path) -> None:
    only_failure(write(tmp_path / "fm.txt", "---\ntitle: T\n---\n\n  \n"), "E114")


@pytest.mark.parametrize("date", ["2024-13-45", "yesterday", "05/03/2024"])
def test_front_matter_bad_date_is_e202(tmp_path: Path, date: str) -> None:
    path = write(tmp_path / "fm.txt", f"---\ndate: {date}\n---\nBody text.\n")
    failure = only_failure(path, "E202")
    assert failure.message.startswith(f"[E202] {path}: 'date' ")
    assert date in failure.message


# --- hostile input (issue 8): one coded line for the line or file, the rest still read -----


def _jsonl_with(tmp_path: Path, bad: str) -> tuple[list[Document], list[IngestFailure]]:
    good = json.dumps({"text": "Talks resumed in Geneva.", "date": "2024-03-05"})
    return run(write(tmp_path / "a.jsonl", f"{bad}\n{good}\n"))


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"text": "x", "n": ' + "7" * 5000 + "}", "a number of more than"),
        ('{"text": "x", "date": ' + "7" * 4000 + "}", "E202"),  # shown clipped, not 4,000 digits long
    ],
)
def test_jsonl_line_python_cannot_parse_fails_alone(tmp_path: Path, bad: str, reason: str) -> None:
    docs, failures = _jsonl_with(tmp_path, bad)
    assert [d.text for d in docs] == ["Talks resumed in Geneva."]
    assert len(failures) == 1 and failures[0].line == 1
    assert reason in failures[0].message and len(failures[0].message) < 1300


@pytest.mark.parametrize("field", ["text", "title", "author", "source", "url"])
def test_lone_surrogate_is_e115(tmp_path: Path, field: str) -> None:
    record = {"text": "Talks resumed.", field: "bad \ud800 value"}
    docs, failures = _jsonl_with(tmp_path, json.dumps(record))
    assert len(docs) == 1
    assert failures[0].message.startswith(f"[E115] {tmp_path / 'a.jsonl'}:1: {field} holds a lone surrogate")
    assert "\\ud800" in failures[0].message


def test_lone_surrogate_in_front_matter_is_e115(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", '---\ntitle: "Geneva \\udc00"\n---\nTalks resumed.')
    only_failure(path, "E115")


def test_implausible_feed_date_is_e117(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>A</title><description>Dated from nowhere.</description>"
        "<pubDate>9999999999</pubDate></item>"
        "<item><title>B</title><description>Dated well.</description>"
        "<pubDate>Wed, 06 Mar 2024 10:00 +0000</pubDate></item></channel></rss>"
    )
    docs, failures = run(write(tmp_path / "wire.rss", feed))
    assert [(d.text, d.date) for d in docs] == [("Dated well.", "2024-03-06")]
    assert len(failures) == 1 and failures[0].message.startswith(f"[E117] {tmp_path / 'wire.rss'}#1: date")


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1699-12-31"])
def test_implausible_dates_are_e117_in_every_format(tmp_path: Path, date: str) -> None:
    only_failure(write(tmp_path / "a.txt", f"---\ndate: {date}\n---\nText."), "E117")
    docs, failures = _jsonl_with(tmp_path, json.dumps({"text": "x", "date": date}))
    assert len(docs) == 1 and failures[0].message.startswith("[E117]")


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: " + "[" * 5000 + "]" * 5000, "nested too deeply"),
        ("n: " + "9" * 5000, "a number of more than"),
    ],
)
def test_front_matter_python_cannot_load_is_e113(tmp_path: Path, front: str, reason: str) -> None:
    failure = only_failure(write(tmp_path / "a.txt", f"---\n{front}\n---\nText."), "E113")
    assert reason in failure.message


def test_broken_links_in_a_folder_are_e116(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "a.txt", "Text a.")
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "loop.txt").symlink_to("loop.txt")
    (root / "gone-dir").symlink_to(tmp_path / "no-such-folder", target_is_directory=True)
    docs, failures = run(root)
    assert [d.text for d in docs] == ["Text a."]
    by_name = {Path(f.path).name: f.message for f in failures}
    assert set(by_name) == {"dangling.txt", "loop.txt", "gone-dir"}
    assert all(m.startswith("[E116] ") for m in by_name.values())
    assert "leads back to itself" in by_name["loop.txt"]
    assert "does not exist" in by_name["dangling.txt"]


def test_folder_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    import sys

    from hostile import make_deep, remove_deep

    make_deep(tmp_path / "deep", sys.getrecursionlimit() + 50, "bottom.txt", "Text at the bottom.")
    try:
        docs, failures = run(tmp_path / "deep")
    finally:
        remove_deep(tmp_path / "deep")
    assert failures == [] and [d.text for d in docs] == ["Text at the bottom."]


@pytest.mark.parametrize("name", ["evil\n[E999] forged.txt", "red\x1b[31m.txt", "rtl\u202etxt.exe.txt"])
def test_names_cannot_forge_or_colour_a_line(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b"")
    docs, failures = run(path)
    assert docs == []
    message = failures[0].message
    assert message.startswith("[E102] '") and message.isprintable()
    assert repr(str(path)) in message  # quoted, escapes visible


def test_name_that_is_not_utf8_is_stored_escaped(tmp_path: Path) -> None:
    import os

    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(b"Talks resumed.")
    docs, failures = run(tmp_path)
    assert failures == []
    assert docs[0].path == f"{tmp_path}/caf\\xe9.txt"
    docs[0].path.encode("utf-8")  # storable


def test_reader_bug_is_e118_for_its_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, path: str) -> Any:
        yield Document(text="first", path=path)
        raise RuntimeError("boom")

    monkeypatch.setitem(ingest_sources.READERS, ".txt", broken)
    write(tmp_path / "a.txt", "x")
    write(tmp_path / "b.jsonl", json.dumps({"text": "from b"}))
    docs, failures = run(tmp_path)
    assert [d.text for d in docs] == ["first", "from b"]
    assert [f.message for f in failures] == [
        f"[E118] {tmp_path / 'a.txt'}: could not be read (RuntimeError: boom); this is a bug in whowhom, "
        "please report it."
    ]


def test_feed_snippet_with_control_characters_is_read(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>A</title><description>&lt;p&gt;Talks\x1b resumed.&lt;/p&gt;</description></item>"
        "</channel></rss>"
    )
    docs, failures = run(write(tmp_path / "wire.rss", feed))
    assert failures == [] and [d.text for d in docs] == ["Talks resumed."]
