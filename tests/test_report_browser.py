"""The report in a real browser: headless Chromium, networking off, opens the page and
its DOM holds the network picture, the hypothesis matrix and marked evidence sentences.
Skipped where Chromium is not installed (CI installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from test_report import invoke, make_store, write_inputs

BROWSER_TIMEOUT_S = 90


def chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(browser: str, page: Path) -> str:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            # no network at all: any host fails to resolve, any connection goes nowhere
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
            "--dump-dom",
            page.resolve().as_uri(),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=BROWSER_TIMEOUT_S, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (/usr/bin/chromium or on PATH)")
def test_report_opens_offline_in_chromium(tmp_path: Path) -> None:
    browser = chromium()
    assert browser is not None
    db = make_store(tmp_path / "events.duckdb")
    issues, hyps = write_inputs(tmp_path)
    out = tmp_path / "report.html"
    result = invoke(out, "--db", db, "--issues", issues, "--hypotheses", hyps, "--bootstrap", "200")
    assert result.exit_code == 0, result.output

    dom = dump_dom(browser, out)

    svg = re.search(r'<svg class="network".*?</svg>', dom, re.S)
    assert svg is not None, "no network picture in the DOM"
    assert len(re.findall(r'<circle class="node"', svg.group(0))) == 4
    assert '<line class="edge neg"' in svg.group(0)
    assert '<line class="edge pos"' in svg.group(0)
    matrix = re.search(r'<table class="matrix">.*?</table>', dom, re.S)
    assert matrix is not None, "no hypothesis matrix in the DOM"
    assert 'data-item="iran-backs-a"' in matrix.group(0)
    evidence = re.search(r'<section id="evidence">.*?</section>', dom, re.S)
    assert evidence is not None
    assert '<mark class="trigger">praised</mark>' in evidence.group(0)
    assert re.search(r'<span class="sent">.*?<mark class="trigger">hosted</mark>', evidence.group(0))
