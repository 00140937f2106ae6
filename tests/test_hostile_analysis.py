"""Malformed analysis files and option values (issue 8, smaller defects): each is one coded
line, never a traceback, a wrong number, or a value silently taken for something else."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from hostile import Ran, run_main
from whowhom.analysis.hypfile import parse_hypotheses
from whowhom.analysis.hypotheses import assess
from whowhom.analysis.issues import load_issues, parse_issues
from whowhom.analysis.windows import MAX_WINDOW_DAYS, parse_duration
from whowhom.errors import WhowhomError
from whowhom.store import open_store

ISSUES = """\
actors:
  Iran: [IRN]
issues:
  - id: talks
    label: Talks in Geneva
    actors: [Iran]
    codes: ['04']
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "issues.yaml").write_text(ISSUES, encoding="utf-8")
    with open_store(tmp_path / "db.duckdb"):
        pass
    return tmp_path


def _one_line(ran: Ran, code: str) -> str:
    assert ran.code == 1, (ran.stdout, ran.stderr)
    assert len(ran.lines) == 1 and ran.lines[0].startswith(f"[{code}] "), ran.lines
    return ran.lines[0]


# -- --window ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999w", "9" * 5000, f"{MAX_WINDOW_DAYS + 1}d", "0d"])
def test_window_out_of_range_is_e706(value: str) -> None:
    with pytest.raises(WhowhomError, match=r"^\[E706\]"):
        parse_duration(value)


def test_longest_window_is_accepted() -> None:
    assert parse_duration(f"{MAX_WINDOW_DAYS}d") == MAX_WINDOW_DAYS


def test_window_overflow_through_align(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ran = run_main(capsys, "align", "--db", folder / "db.duckdb", "--window", "99999999999999999999w")
    _one_line(ran, "E706")


# -- priors ------------------------------------------------------------------------------------


def _hypotheses(*priors: object) -> dict[str, object]:
    return {
        "hypotheses": [
            {"id": f"H{k}", "statement": f"statement {k}", "prior": p} for k, p in enumerate(priors, 1)
        ],
        "evidence": [
            {
                "id": "seen",
                "manual": True,
                "likelihoods": {f"H{k}": 0.5 + 0.1 * k for k in range(1, len(priors) + 1)},
            }
        ],
    }


def test_huge_priors_give_finite_posteriors(folder: Path) -> None:
    hyp_file = parse_hypotheses(_hypotheses(1e308, 1e308, 1e308), folder / "h.yaml")
    with open_store(folder / "db.duckdb", read_only=True) as store:
        result = assess(store, hyp_file)
    posteriors = [h.posterior for h in result.hypotheses]
    assert all(math.isfinite(p) for p in posteriors), posteriors
    assert math.isclose(sum(posteriors), 1.0)
    assert [round(h.prior, 6) for h in result.hypotheses] == [0.333333] * 3


@pytest.mark.parametrize("prior", [math.inf, "inf", ".inf", math.nan, "nan", 10**400, True, -1, 0])
def test_prior_that_is_not_a_finite_positive_number_is_e713(folder: Path, prior: object) -> None:
    with pytest.raises(WhowhomError, match=r"^\[E713\]"):
        parse_hypotheses(_hypotheses(prior, 0.5), folder / "h.yaml")


# -- issues files: types are checked, not converted ---------------------------------------------


@pytest.mark.parametrize(
    ("issue", "where"),
    [
        ("{id: 5, codes: ['04']}", "issues[0].id"),
        ("{id: talks, label: [x], codes: ['04']}", "issues[0].label"),
        ("{id: talks, actors: 7, codes: ['04']}", "issues[0].actors"),
        ("{id: talks, description: {a: b}, codes: ['04']}", "issues[0].description"),
        ("{id: talks, against: [7], codes: ['04']}", "issues[0].against[0]"),
        ("{id: talks, targets: 365, codes: ['04']}", "issues[0].targets"),
    ],
)
def test_issue_fields_of_the_wrong_type_are_e703(tmp_path: Path, issue: str, where: str) -> None:
    path = tmp_path / "issues.yaml"
    path.write_text(f"issues:\n  - {issue}\n", encoding="utf-8")
    with pytest.raises(WhowhomError, match=r"^\[E703\]") as caught:
        load_issues(path)
    assert f": {where}: " in str(caught.value)


def test_numbers_stay_welcome_where_they_mean_codes() -> None:
    issues = parse_issues({"issues": [{"id": "talks", "codes": [4, "190"], "keywords": 2008}]}, Path("x"))
    assert issues.issues[0].rules.codes == ("4", "190")
    assert issues.issues[0].label == "talks"


@pytest.mark.parametrize("kind", ["issues", "hypotheses"])
def test_5000_deep_yaml_list_is_e702(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(f"{kind}: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with open_store(tmp_path / "db.duckdb"):
        pass
    argv = ["issues", "list", path] if kind == "issues" else ["assess", path]
    line = _one_line(run_main(capsys, *argv, "--db", tmp_path / "db.duckdb"), "E702")
    assert "nested too deeply" in line


def test_5000_digit_number_in_yaml_is_e702(tmp_path: Path) -> None:
    path = tmp_path / "issues.yaml"
    path.write_text("issues:\n  - {id: talks, codes: " + "4" * 5000 + "}\n", encoding="utf-8")
    with pytest.raises(WhowhomError, match=r"^\[E702\].*more than \d+ digits"):
        load_issues(path)


# -- --since / --until are named as given ---------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["events"],
        ["issues", "list", "{dir}/issues.yaml"],
        ["align", "--bootstrap", "0"],
        ["report", "{dir}/r.html", "--bootstrap", "0"],
    ],
)
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_period_is_reported_under_its_own_name(
    folder: Path, capsys: pytest.CaptureFixture[str], command: list[str], option: str
) -> None:
    argv = [a.format(dir=folder) for a in command]
    ran = run_main(capsys, *argv, "--db", folder / "db.duckdb", option, "March")
    line = _one_line(ran, "E201")
    assert line.startswith(f"[E201] {option} 'March' is not a date")


# -- issues list|show: the file as an argument or as --issues (README's form) -----------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["issues", "list", "{dir}/issues.yaml"],
        ["issues", "list", "--issues", "{dir}/issues.yaml"],
        ["issues", "show", "{dir}/issues.yaml", "talks", "--bootstrap", "0"],
        ["issues", "show", "talks", "--issues", "{dir}/issues.yaml", "--bootstrap", "0"],
        ["issues", "show", "{dir}/issues.yaml", "talks", "--issues", "{dir}/issues.yaml", "--bootstrap", "0"],
    ],
)
def test_issues_file_positional_or_option(
    folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    ran = run_main(
        capsys, *[a.format(dir=folder) for a in argv], "--db", folder / "db.duckdb", "--format", "json"
    )
    assert ran.code == 0, ran.stderr
    assert "talks" in ran.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["issues", "show", "talks"],
        ["issues", "list"],
        ["issues", "list", "{dir}/other.yaml", "--issues", "{dir}/issues.yaml"],
        ["issues", "show", "a", "b", "c"],
    ],
)
def test_issues_file_missing_or_twice_is_e715(
    folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    ran = run_main(capsys, *[a.format(dir=folder) for a in argv], "--db", folder / "db.duckdb")
    _one_line(ran, "E715")
