"""The web workbench in-process (FastAPI's TestClient) on the report's synthetic store: every
page and its JSON twin, the twins against ``whowhom align/assess --format json``, facets,
coded errors for bad parameters, the security headers, limits, and the write path
(corrections and saved views: off by default, token, cross-site check, applied where the
numbers are computed). No spaCy, no browser (tests/test_web_browser.py opens a real one)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from test_report import make_store, write_inputs
from whowhom.analysis.synthetic import event_row, insert_events
from whowhom.cli import app as cli_app
from whowhom.model import Document
from whowhom.report.build import load_inputs
from whowhom.store import open_store

fastapi = pytest.importorskip("fastapi", reason="fastapi is not installed (pip install -r requirements.lock)")
from fastapi.testclient import TestClient  # noqa: E402

from whowhom.web import WebSettings, create_app  # noqa: E402
from whowhom.web.app import CSP, MAX_BODY_BYTES, safe_href  # noqa: E402

TOKEN = "test-token-123"
PAGES = ["/", "/events", "/map", "/alignment", "/hypotheses", "/corrections", "/views",
         "/actor?actor=IRN", "/dyad?a=IRN&b=IRQGOV", "/event/a3", "/document/doc-a3"]  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("web")
    issues, hyps = write_inputs(folder)
    return {"folder": folder, "issues": issues, "hypotheses": hyps}


def _client(db: Path, files: dict[str, Path], **settings: Any) -> TestClient:
    inputs = load_inputs(db, files["issues"], files["hypotheses"])
    app = create_app(
        WebSettings(db=db, issues=inputs.issues, hypotheses=inputs.hypotheses, token=TOKEN, **settings)
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def ro(files: dict[str, Path]) -> Iterator[tuple[TestClient, Path]]:
    """A read-only workbench over the synthetic store (never written: shared by the module)."""
    db = make_store(files["folder"] / "ro.duckdb")
    yield _client(db, files), db


@pytest.fixture
def rw(files: dict[str, Path], tmp_path: Path) -> tuple[TestClient, Path]:
    """A workbench with writes on, over a fresh copy of the store."""
    db = make_store(tmp_path / "rw.duckdb")
    return _client(db, files, allow_writes=True), db


def _cli(*args: str | Path) -> Any:
    result = CliRunner().invoke(cli_app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- pages and twins ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_has_a_json_twin(ro: tuple[TestClient, Path], path: str) -> None:
    client, _ = ro
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    base, _, qs = path.partition("?")
    twin = client.get(("/index" if base == "/" else base) + ".json" + (f"?{qs}" if qs else ""))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    data = twin.json()
    assert data["page"] in {"home", "events", "map", "alignment", "hypotheses", "corrections", "views",
                            "actor", "dyad", "event", "document"}  # fmt: skip
    same = client.get(path + ("&" if qs else "?") + "format=json").json()
    assert same == data


def test_alignment_twin_is_whowhom_align_json(ro: tuple[TestClient, Path], files: dict[str, Path]) -> None:
    client, db = ro
    for query, options in (
        ("", []),
        ("?since=2008-03-27&until=2008-04-30&bootstrap=300&seed=3", ["--since", "2008-03-27",
         "--until", "2008-04-30", "--bootstrap", "300", "--seed", "3"]),
        ("?actors=Iran,Government&window=7d", ["--actors", "Iran,Government", "--window", "7d"]),
    ):  # fmt: skip
        twin = client.get("/alignment.json" + query).json()
        cli = _cli("align", "--db", db, "--issues", files["issues"], "--format", "json", *options)
        assert twin["result"] == cli, query
    assert twin["result"]["stances"]["stances"], "the comparison must cover stances"


def test_hypotheses_twin_is_whowhom_assess_json(ro: tuple[TestClient, Path], files: dict[str, Path]) -> None:
    client, db = ro
    twin = client.get("/hypotheses.json?until=2008-04-05&bootstrap=200").json()
    cli = _cli("assess", files["hypotheses"], "--db", db, "--until", "2008-04-05", "--bootstrap", "200",
               "--format", "json")  # fmt: skip
    assert twin["result"] == cli
    assert {h["id"] for h in cli["hypotheses"]} == {"H1", "H2"}


def test_a_facet_narrows_the_events_and_is_kept_in_links(ro: tuple[TestClient, Path]) -> None:
    client, _ = ro
    everything = client.get("/events.json").json()
    assert everything["total"] == 10
    roots = {
        v["value"]: v["count"] for v in next(f for f in everything["facets"] if f["name"] == "root")["values"]
    }
    assert roots["19"] == 3 and roots["11"] == 3
    narrowed = client.get("/events.json?root=19").json()
    assert narrowed["total"] == 3
    assert {e["event"]["code"] for e in narrowed["events"]} == {"190"}
    two = client.get("/events.json?root=19&place=Beta").json()
    assert two["total"] == 1 and two["events"][0]["event_id"] == "b4"
    either = client.get("/events.json?root=19&root=11").json()
    assert either["total"] == 6
    page = client.get("/events?root=19").text
    assert "/events?root=19&amp;place=Alpha" in page  # a facet link keeps the filter
    words = client.get("/events.json?q=ENVOYS").json()
    assert [e["event_id"] for e in words["events"]] == ["t1"]
    assert client.get("/events.json?polarity=negated").json()["total"] == 1
    assert client.get("/events.json?quad=4").json()["total"] == 0  # synthetic rows carry no QuadClass
    assert client.get("/events.json?quad=").json()["total"] == 10  # '' asks for events without one


def test_pagination_and_exports_follow_the_filter(ro: tuple[TestClient, Path]) -> None:
    client, _ = ro
    first = client.get("/events.json?per_page=4").json()
    second = client.get("/events.json?per_page=4&page=2").json()
    assert first["pages"] == 3 and len(first["events"]) == 4
    assert not {e["event_id"] for e in first["events"]} & {e["event_id"] for e in second["events"]}
    csv_text = client.get("/events?root=19&format=csv").text
    assert len(csv_text.strip().splitlines()) == 1 + 3
    assert csv_text.splitlines()[0].startswith("event_id,doc_id,")
    lines = client.get("/events.jsonl?root=19").text.strip().splitlines()
    assert sorted(json.loads(x)["event_id"] for x in lines) == ["a1", "a2", "b4"]


def test_event_and_document_pages_show_the_evidence(ro: tuple[TestClient, Path]) -> None:
    client, _ = ro
    page = client.get("/event/a3").text
    assert '<mark class="trigger">praised</mark>' in page
    assert '<mark class="source">Iran</mark>' in page
    assert '<mark class="target">the government</mark>' in page
    twin = client.get("/event/a3.json").json()
    assert twin["event"]["event"]["code"] == "051"
    assert twin["document"]["title"] == "Report a3"
    doc = client.get("/document/doc-a3").text
    assert '<a class="mark trigger" href="/event/a3">praised</a>' in doc


def test_actor_page_resolves_names_in_the_dictionaries(ro: tuple[TestClient, Path]) -> None:
    client, _ = ro
    twin = client.get("/actor.json?actor=IRN").json()
    assert twin["actor"]["as_source"] == 5
    partners = {p["code"]: p["events"] for p in twin["actor"]["partners"]}
    assert partners["IRQGOV"] == 3
    iran = next(r for r in twin["resolutions"] if r["name"] == "Iran")
    assert any(m["kind"] == "actor" and ".txt:" in m["where"] for m in iran["matches"]), iran
    assert {s["issue"] for s in twin["stances"]["stances"]} == {"op-a", "op-b"}
    dyad = client.get("/dyad.json?a=IRN&b=IRQGOV&bucket=month").json()
    assert dyad["dyad"]["total"] == 3 and len(dyad["events"]) == 3


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/events.json?bogus=1", 400, "E902"),
        ("/events.json?since=2008-02-30", 400, "E901"),
        ("/events.json?since=2008-05-01&until=2008-04-01", 400, "E901"),
        ("/events.json?page=9", 400, "E903"),
        ("/events.json?page=0", 400, "E901"),
        ("/events.json?quad=x", 400, "E901"),
        ("/events.json?month=2008", 400, "E901"),
        ("/alignment.json?window=fortnight", 400, "E7"),
        ("/alignment.json?actors==", 400, "E707"),
        ("/event/nope.json", 404, "E904"),
        ("/document/nope.json", 404, "E904"),
        ("/nowhere.json", 404, "E911"),
        ("/actor.json", 400, "E901"),
    ],
)
def test_bad_parameters_are_coded_json_errors(
    ro: tuple[TestClient, Path], path: str, status: int, code: str
) -> None:
    client, _ = ro
    r = client.get(path)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"].startswith(code) and err["message"].startswith("[E"), err
    html = client.get(path.replace(".json", "", 1))
    assert html.status_code == status and "Traceback" not in html.text
    assert f'data-code="{err["code"]}"' in html.text


def test_limits_refuse_oversized_requests(rw: tuple[TestClient, Path]) -> None:
    client, db = rw
    r = client.post("/views", content=b"name=" + b"x" * (MAX_BODY_BYTES + 10),
                    headers={"content-type": "application/x-www-form-urlencoded", "x-whowhom-token": TOKEN,
                             "accept": "application/json"})  # fmt: skip
    assert r.status_code == 413 and r.json()["error"]["code"] == "E909"
    r = client.get("/events.json?q=" + "a" * 9000)
    assert r.status_code == 414 and r.json()["error"]["code"] == "E909"
    with open_store(db, read_only=True) as store:
        assert store.saved_views() == []


# -- the write path -------------------------------------------------------------------------------


def _correct(client: TestClient, event_id: str, **form: str) -> Any:
    headers = {"accept": "application/json"}
    if "token" not in form and form.pop("header", "yes") == "yes":
        headers["x-whowhom-token"] = TOKEN
    return client.post(f"/event/{event_id}/corrections", data=form, headers=headers)


def _stance(client: TestClient, issue: str, actor: str, query: str = "") -> tuple[float, int] | None:
    twin = client.get("/alignment.json" + query).json()
    cell = [s for s in twin["result"]["stances"]["stances"] if s["issue"] == issue and s["actor"] == actor]
    return (cell[0]["stance"], cell[0]["n"]) if cell else None


def test_writes_are_off_by_default(ro: tuple[TestClient, Path]) -> None:
    client, db = ro
    r = client.post("/event/a3/corrections", data={"verdict": "wrong", "token": TOKEN})
    assert r.status_code == 403 and "[E906]" in r.text
    with open_store(db, read_only=True) as store:
        assert store.count_corrections() == 0


def test_a_write_without_the_token_is_refused_and_writes_nothing(rw: tuple[TestClient, Path]) -> None:
    client, db = rw
    for form in ({"verdict": "wrong", "header": "no"}, {"verdict": "wrong", "token": "guess"}):
        r = _correct(client, "a3", **form)
        assert r.status_code == 403 and r.json()["error"]["code"] == "E907"
    r = client.get("/?token=guess")
    assert r.status_code == 403
    with open_store(db, read_only=True) as store:
        assert store.count_corrections() == 0


def test_flagging_an_event_changes_the_stance_and_the_toggle_restores_it(
    rw: tuple[TestClient, Path], files: dict[str, Path]
) -> None:
    client, db = rw
    before = _stance(client, "op-a", "Iran")
    assert before == (1.0, 2)  # a3 (praise) and a4 (did not condemn)
    r = _correct(client, "a3", verdict="wrong", note="praise was for another operation")
    assert r.status_code == 201, r.text
    assert _stance(client, "op-a", "Iran") == (1.0, 1)
    assert _stance(client, "op-a", "Iran", "?corrections=0") == before
    # the CLI sees the same, with and without
    cli_on = _cli("align", "--db", db, "--issues", files["issues"], "--format", "json")
    cli_off = _cli("align", "--db", db, "--issues", files["issues"], "--format", "json", "--no-corrections")
    assert cli_on == client.get("/alignment.json").json()["result"]
    assert cli_off == client.get("/alignment.json?corrections=0").json()["result"]
    # shown where the event appears, never written over the coder's output
    assert "praise was for another operation" in client.get("/event/a3").text
    assert client.get("/events.json").json()["total"] == 9
    assert client.get("/events.json?corrections=0").json()["total"] == 10
    with open_store(db, read_only=True) as store:
        assert store.fetchone("SELECT event_code FROM main.events WHERE event_id = 'a3'") == ("051",)
    # export honours them (and --no-corrections gives the coder's events)
    out_on, out_off = files["folder"] / "on.jsonl", files["folder"] / "off.jsonl"
    for out, flag in ((out_on, "--corrections"), (out_off, "--no-corrections")):
        result = CliRunner().invoke(
            cli_app, ["export", str(out), "--db", str(db), "--format", "jsonl", "--force", flag]
        )
        assert result.exit_code == 0, result.output
    ids_on = {json.loads(x)["event_id"] for x in out_on.read_text().splitlines()}
    ids_off = {json.loads(x)["event_id"] for x in out_off.read_text().splitlines()}
    assert ids_off - ids_on == {"a3"}


def test_a_recode_changes_the_code_everywhere_it_counts(rw: tuple[TestClient, Path]) -> None:
    client, db = rw
    assert _stance(client, "op-b", "Iran") == (-1.0, 1)  # b1: Iran condemned the government
    r = _correct(client, "b1", verdict="recode", event_code="051", note="it was praise")
    assert r.status_code == 201, r.text
    assert _stance(client, "op-b", "Iran") == (1.0, 1)
    assert _stance(client, "op-b", "Iran", "?corrections=0") == (-1.0, 1)
    twin = client.get("/event/b1.json").json()
    assert twin["event"]["event"]["code"] == "051" and twin["event"]["event"]["goldstein"] == 3.4
    assert twin["corrections"][-1]["verdict"] == "recode"
    assert client.get("/event/b1.json?corrections=0").json()["event"]["event"]["code"] == "111"
    bad = _correct(client, "b1", verdict="recode", event_code="999")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E910"
    dup = _correct(client, "b2", verdict="duplicate")
    assert dup.status_code == 400 and "duplicate_of" in dup.json()["error"]["message"]
    missing = _correct(client, "zzz", verdict="wrong")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E904"
    with open_store(db, read_only=True) as store:
        assert [c["verdict"] for c in store.corrections()] == ["recode"]


def test_cookie_sign_in_needs_the_csrf_field_and_the_same_origin(rw: tuple[TestClient, Path]) -> None:
    client, db = rw
    r = client.get("/events?token=" + TOKEN, follow_redirects=False)
    assert r.status_code == 303 and "token" not in r.headers["location"]
    assert "whowhom_token" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    client.cookies.set("whowhom_token", TOKEN)
    page = client.get("/event/a1").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    no_field = client.post(
        "/event/a1/corrections", data={"verdict": "right"}, headers={"accept": "application/json"}
    )
    assert no_field.status_code == 403 and no_field.json()["error"]["code"] == "E908"
    other_site = client.post("/event/a1/corrections", data={"verdict": "right", "csrf": csrf},
                             headers={"origin": "http://evil.example",
                                      "accept": "application/json"})  # fmt: skip
    assert other_site.status_code == 403 and other_site.json()["error"]["code"] == "E908"
    ok = client.post("/event/a1/corrections", data={"verdict": "right", "csrf": csrf},
                     headers={"origin": "http://testserver"}, follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303 and ok.headers["location"].startswith("/event/a1")
    with open_store(db, read_only=True) as store:
        assert [c["verdict"] for c in store.corrections()] == ["right"]


def test_saved_views_are_named_filters(rw: tuple[TestClient, Path]) -> None:
    client, _ = rw
    r = client.post("/views", data={"name": "Beta fighting", "url": "/events?root=19&place=Beta&token=x"},
                    headers={"x-whowhom-token": TOKEN, "accept": "application/json"})  # fmt: skip
    assert r.status_code == 201, r.text
    views = client.get("/views.json").json()["views"]
    assert [(v["name"], v["path"], v["query"]) for v in views] == [
        ("Beta fighting", "/events", "root=19&place=Beta")
    ]
    assert 'href="/events?root=19&amp;place=Beta"' in client.get("/views").text
    bad = client.post("/views", data={"name": "x", "url": "https://elsewhere.example/events"},
                      headers={"x-whowhom-token": TOKEN, "accept": "application/json"})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E915"


# -- untrusted documents ----------------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)'


def hostile_store(path: Path) -> Path:
    """A document whose text, title, source, URL and author are all hostile, with one event
    whose actors and sentence are too."""
    text = f"Iran condemned the raid. {HOSTILE}"
    with open_store(path) as store:
        store.add_documents([Document(text=text, doc_id="evil", date="2008-03-30", title=HOSTILE,
                                      source=HOSTILE, url="javascript:alert(1)",
                                      author=HOSTILE)])  # fmt: skip
        insert_events(store.con, [event_row(
            "x1", doc_id="evil", date="2008-03-30", source_code="IRN", source_text=HOSTILE,
            target_code="USA", target_text="javascript:alert(1)", event_code="111", event_goldstein=-2.0,
            event_trigger="condemned", event_start=5, event_end=14, evidence_text=text, evidence_start=0,
            location_name=HOSTILE, location_lat=33.3, location_lon=44.4,
        )])  # fmt: skip
    return path


def test_hostile_documents_are_escaped_everywhere(files: dict[str, Path], tmp_path: Path) -> None:
    db = hostile_store(tmp_path / "evil.duckdb")
    client = _client(db, files)
    for path in ["/events", "/event/x1", "/document/evil", "/actor?actor=IRN", "/dyad?a=IRN&b=USA",
                 "/map", "/alignment", "/events?place=" + HOSTILE]:  # fmt: skip
        r = client.get(path)
        assert r.status_code in (200, 400), (path, r.status_code)
        body = r.text
        assert "<script>alert" not in body and "<img src=x" not in body, path
        assert 'href="javascript:' not in body.lower(), path
        if r.status_code == 200 and path != "/alignment":
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body or "\\u003cscript" in body, path
    assert (
        safe_href("javascript:alert(1)") is None
        and safe_href("https://example.org/a") == "https://example.org/a"
    )
    assert safe_href('http://x/"onmouseover=1') is None and safe_href("data:text/html,x") is None


# -- concurrency ------------------------------------------------------------------------------------

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
con.close()
"""


def test_a_database_being_written_gives_retry_not_a_crash(files: dict[str, Path], tmp_path: Path) -> None:
    db = make_store(tmp_path / "busy.duckdb")
    client = _client(db, files, retry_seconds=0.2, cache_size=0)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        t0 = time.perf_counter()
        r = client.get("/events.json")
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "E905" and "retry" in r.json()["error"]["message"]
        assert time.perf_counter() - t0 < 5
        assert client.get("/alignment").status_code == 503
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert client.get("/events.json").status_code == 200


def test_serve_says_how_to_write_and_refuses_a_taken_port() -> None:
    import socket

    from whowhom.cli_web import check_bind, start_up_lines
    from whowhom.errors import WhowhomError

    lines = start_up_lines("http://127.0.0.1:8000/", allow_writes=True, token="abc")
    assert any("http://127.0.0.1:8000/?token=abc" in line for line in lines)
    assert not any("token" in line for line in start_up_lines("http://x/", allow_writes=False, token="abc"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(WhowhomError, match=r"\[E913\].*address in use"):
            check_bind("127.0.0.1", port)


def test_report_and_actor_recodes_honour_corrections(
    rw: tuple[TestClient, Path], files: dict[str, Path]
) -> None:
    from whowhom.report import ReportOptions, build_report

    client, db = rw
    r = _correct(client, "b3", verdict="recode", source_code="IRN", note="it was Iran, not America")
    assert r.status_code == 201, r.text
    iran = client.get("/actor.json?actor=IRN").json()["actor"]
    assert iran["as_source"] == 6
    assert client.get("/actor.json?actor=USA").json()["actor"]["as_source"] == 0
    assert client.get("/actor.json?actor=USA&corrections=0").json()["actor"]["as_source"] == 1
    on = build_report(db, issues=files["issues"], options=ReportOptions())
    off = build_report(db, issues=files["issues"], options=ReportOptions(corrections=False))
    assert any("1 analyst correction(s) are applied" in n for n in on.meta.notes), on.meta.notes
    assert any("not applied" in n for n in off.meta.notes)
    assert on.heatmap is not None and off.heatmap is not None
    assert on.heatmap != off.heatmap
