"""The workbench in a real headless Chromium (Debian's ``chromium``, driven by Playwright with
``executable_path``): every page loads on the demo database with no script error and no
Content-Security-Policy violation; a facet changes the count; an event opened from the
table shows its sentence highlighted; the network can be dragged; flagging an event
without the token fails and writes nothing, with it the stance on the alignment page
changes; a hostile document runs no script in any page and still shows its text.

The server runs in this process (uvicorn in a thread, on a free port); the browser has no
network beyond it. Skipped, with the reason, where Chromium or Playwright is missing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web import HOSTILE, hostile_store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "basra-2008"
TOKEN = "browser-token-456"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip


def chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _skip_reason() -> str | None:
    if chromium() is None:
        return "Chromium is not installed (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.lock)"
    return None


REASON = _skip_reason()
if REASON:
    print(f"test_web_browser skipped: {REASON}")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(REASON is not None, reason=REASON or "")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A workbench served by uvicorn in a thread of this process."""

    def __init__(self, db: Path, *, issues: Path | None = None, hypotheses: Path | None = None):
        import uvicorn

        from whowhom.report.build import load_inputs
        from whowhom.web import WebSettings, create_app

        inputs = load_inputs(db, issues, hypotheses)
        settings = WebSettings(db=db, issues=inputs.issues, hypotheses=inputs.hypotheses,
                               allow_writes=True, token=TOKEN)  # fmt: skip
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, run_cli: Any) -> Path:
    db = tmp_path_factory.mktemp("webdemo") / "demo.duckdb"
    assert run_cli("ingest", DEMO, "--db", db).returncode == 0
    coded = run_cli("run", "--db", db)
    assert coded.returncode == 0, coded.stderr
    return db


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Iterator[Server]:
    with Server(demo_db, issues=DEMO / "issues.yaml", hypotheses=DEMO / "hypotheses.yaml") as server:
        yield server


class Page:
    """A browser page that records script errors, CSP violations and dialogs."""

    def __init__(self, browser: Any):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"{message.type}: {message.text}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Page]:
    page = Page(browser)
    yield page
    page.close()


PAGES = ["/", "/events", "/events?root=19", "/map", "/alignment", "/hypotheses", "/corrections", "/views",
         "/actor?actor=IRQGOV", "/dyad?a=IRQGOV&b=IRQREBSHI"]  # fmt: skip


def test_every_page_loads_with_no_script_error_or_csp_violation(demo: Server, tab: Page) -> None:
    for path in PAGES:
        response = tab.page.goto(demo.url + path)
        assert response is not None and response.status == 200, path
        tab.page.wait_for_load_state("networkidle")
        assert tab.page.locator("main h1").count() == 1, path
    assert tab.problems == [], tab.problems
    # the pictures were drawn: network canvas, map outlines, timeline
    tab.page.goto(demo.url + "/alignment")
    tab.page.wait_for_function("window.whowhomNetwork && window.whowhomNetwork.nodes().length > 3")
    tab.page.goto(demo.url + "/map")
    tab.page.wait_for_selector("svg#map[data-countries]")
    assert int(tab.page.get_attribute("svg#map", "data-countries") or 0) > 150
    assert tab.page.locator("svg#map circle").count() >= 2
    tab.page.goto(demo.url + "/actor?actor=IRQGOV")
    tab.page.wait_for_selector("#timeline canvas")
    assert tab.problems == [], tab.problems


def test_a_facet_changes_the_count_and_an_event_opens_highlighted(demo: Server, tab: Page) -> None:
    tab.page.goto(demo.url + "/events")
    total = int(tab.page.get_attribute("#total", "data-total") or 0)
    assert total > 20
    tab.page.click('section.facet[data-facet="root"] a[data-value="19"]')
    tab.page.wait_for_url("**/events?root=19")
    narrowed = int(tab.page.get_attribute("#total", "data-total") or 0)
    assert 0 < narrowed < total
    assert tab.page.locator('section.facet[data-facet="root"] li.selected').count() == 1
    tab.page.click("table.events tbody tr:first-child a.ev")
    tab.page.wait_for_url("**/event/**")
    sentence = tab.page.locator("#sentence")
    assert sentence.locator("mark.trigger").count() == 1
    assert sentence.locator("mark.source").count() == 1
    trigger = sentence.locator("mark.trigger").inner_text()
    assert trigger and trigger in sentence.inner_text()
    assert tab.problems == [], tab.problems


def test_the_network_can_be_dragged(demo: Server, tab: Page) -> None:
    tab.page.goto(demo.url + "/alignment")
    tab.page.wait_for_function("window.whowhomNetwork && window.whowhomNetwork.nodes().length > 3")
    name = "Iran"
    before = tab.page.evaluate(f"window.whowhomNetwork.getElementById({name!r}).renderedPosition()")
    box = tab.page.locator("#network").bounding_box()
    assert box is not None
    x, y = box["x"] + before["x"], box["y"] + before["y"]
    tab.page.mouse.move(x, y)
    tab.page.mouse.down()
    tab.page.mouse.move(x + 60, y + 40, steps=8)
    tab.page.mouse.up()
    after = tab.page.evaluate(f"window.whowhomNetwork.getElementById({name!r}).renderedPosition()")
    assert abs(after["x"] - before["x"]) > 30 and abs(after["y"] - before["y"]) > 20, (before, after)
    # the minimum-weight filter hides weak edges, and keeps itself in the URL
    shown = tab.page.evaluate(
        "window.whowhomNetwork.edges().filter(e => e.style('display') !== 'none').length"
    )
    tab.page.fill("#min-weight", "0.5")
    tab.page.dispatch_event("#min-weight", "input")
    fewer = tab.page.evaluate(
        "window.whowhomNetwork.edges().filter(e => e.style('display') !== 'none').length"
    )
    assert fewer < shown and "min_weight=0.5" in tab.page.url
    assert tab.problems == [], tab.problems


def _mixed_cell(page: Any, base: str) -> tuple[str, str, float, str]:
    data = page.evaluate(f"fetch({base + '/alignment.json'!r}).then(r => r.json())")
    for s in data["result"]["stances"]["stances"]:
        if s["n"] >= 2 and s["support"] > 0 and s["oppose"] > 0:
            return s["issue"], s["actor"], s["stance"], s["evidence"][0]["event_id"]
    raise AssertionError("no stance with evidence both ways in the demo")


def _cell_value(page: Any, issue: str, actor: str) -> str | None:
    cell = page.locator(f'table.heatmap td[data-issue="{issue}"][data-actor="{actor}"]')
    return cell.get_attribute("data-stance") if cell.count() else None


def test_flagging_needs_the_token_and_changes_the_stance(demo: Server, tab: Page) -> None:
    tab.page.goto(demo.url + "/alignment")
    issue, actor, stance, event_id = _mixed_cell(tab.page, demo.url)
    assert float(_cell_value(tab.page, issue, actor) or "nan") == stance
    # without the token: refused, nothing written
    tab.page.goto(f"{demo.url}/event/{event_id}")
    tab.page.check('form#correct input[value="wrong"]')
    tab.page.fill('form#correct input[name="note"]', "not what happened")
    with tab.page.expect_navigation():
        tab.page.click("form#correct button[type=submit]")
    assert "[E907]" in tab.page.inner_text("main")
    listed = tab.page.evaluate(f"fetch({demo.url + '/corrections.json'!r}).then(r => r.json())")
    assert listed["corrections"] == []
    # with the token (the link serve prints): written, and the stance moves
    tab.page.goto(f"{demo.url}/event/{event_id}?token={TOKEN}")
    assert "token" not in tab.page.url
    assert tab.page.locator('form#correct input[name="token"]').count() == 0  # the cookie holds it
    tab.page.check('form#correct input[value="wrong"]')
    tab.page.fill('form#correct input[name="note"]', "not what happened")
    with tab.page.expect_navigation():
        tab.page.click("form#correct button[type=submit]")
    assert "not what happened" in tab.page.inner_text("main")
    tab.page.goto(demo.url + "/alignment")
    changed = _cell_value(tab.page, issue, actor)
    assert changed is not None and float(changed) != stance
    tab.page.click("a.toggle.on")
    tab.page.wait_for_url("**corrections=0**")
    assert float(_cell_value(tab.page, issue, actor) or "nan") == stance
    unexpected = [p for p in tab.problems if "status of 403" not in p]  # the refused write
    assert unexpected == [], tab.problems


def test_a_hostile_document_runs_no_script(browser: Any, tmp_path: Path) -> None:
    db = hostile_store(tmp_path / "evil.duckdb")
    page = Page(browser)
    try:
        with Server(db) as server:
            page.page.add_init_script(
                "window.__ran = []; window.alert = (m) => window.__ran.push(String(m));"
            )
            for path in ["/events", "/event/x1", "/document/evil", "/actor?actor=IRN", "/map", "/alignment",
                         "/dyad?a=IRN&b=USA"]:  # fmt: skip
                response = page.page.goto(server.url + path)
                assert response is not None and response.status == 200, path
                page.page.wait_for_load_state("networkidle")
                assert page.page.evaluate("window.__ran") == [], path
                assert (
                    page.page.locator('main script:not([type="application/json"]), main img').count() == 0
                ), path
                hrefs = page.page.eval_on_selector_all(
                    "a[href]", "els => els.map(e => e.getAttribute('href'))"
                )
                assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], path
            page.page.goto(server.url + "/document/evil")
            assert HOSTILE.split(" ")[0] in page.page.inner_text("main")  # shown as text
            assert "javascript:alert(1)" in page.page.inner_text("main")  # the URL, as text
        assert page.dialogs == []
    finally:
        page.close()
