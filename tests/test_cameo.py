"""CAMEO code tables (whowhom.coding.cameo): labels, Goldstein, quad classes, PLOVER."""

from __future__ import annotations

import pytest

from whowhom.coding.cameo import CameoTables, CodeInfo, cameo_tables, quad_class


@pytest.fixture(scope="module")
def tables() -> CameoTables:
    return cameo_tables()


@pytest.mark.parametrize(
    ("code", "label", "plover", "goldstein", "quad"),
    [
        ("111", "Criticize or denounce", "ACCUSE", -2.0, 3),
        ("190", "Use conventional military force", "ASSAULT", -10.0, 4),
        ("042", "Make a visit", "CONSULT", 1.9, 1),
        ("0334", "Express intent to provide military protection or peacekeeping", "AGREE", 6.0, 1),
    ],
)
def test_code_info(
    tables: CameoTables, code: str, label: str, plover: str, goldstein: float, quad: int
) -> None:
    info = tables.info(code)
    assert info == CodeInfo(
        code=code, root=code[:2], label=label, plover=plover, goldstein=goldstein, quad_class=quad
    )


def test_root_labels_come_from_comment_headings(tables: CameoTables) -> None:
    # "//03= EXPRESS INTENT TO COOPERATE" → capitalised
    assert tables.info("03").label == "Express intent to cooperate"
    assert tables.info("19").label == "Fight"
    assert tables.info("04").label == "Consult"


@pytest.mark.parametrize(
    ("root", "quad"),
    [
        ("01", 1),
        ("05", 1),
        ("06", 2),
        ("08", 2),
        ("09", 3),
        ("13", 3),
        ("14", 4),
        ("20", 4),
        ("00", None),
        ("21", None),
        ("--", None),
        ("", None),
    ],
)
def test_quad_class_boundaries(root: str, quad: int | None) -> None:
    assert quad_class(root) == quad


def test_goldstein_signs(tables: CameoTables) -> None:
    # cooperation scores above zero, conflict below; the extremes are ±10
    assert tables.info("057").goldstein is not None and tables.info("057").goldstein > 0  # type: ignore[operator]
    assert tables.info("173").goldstein < 0  # type: ignore[operator]
    values = tables.goldstein.values()
    assert min(values) == -10.0 and max(values) == 10.0


def test_parents_fallback(tables: CameoTables) -> None:
    # 1213 has a label but no Goldstein score of its own: its parent 121's is used
    assert "1213" in tables.labels and "1213" not in tables.goldstein
    info = tables.info("1213")
    assert info.label == "Reject judicial cooperation"
    assert info.goldstein == tables.goldstein["121"]
    # an unknown sub-code takes everything from its nearest known parent
    unknown = tables.info("1119")
    parent = tables.info("111")
    assert unknown.label == parent.label
    assert unknown.plover == parent.plover
    assert unknown.goldstein == parent.goldstein
    assert unknown.root == "11" and unknown.quad_class == 3
    # 0349 falls back to 034, not to 03
    assert tables.info("0349").label == tables.labels["034"] != tables.labels["03"]


def test_plover_has_no_mapping_for_statements(tables: CameoTables) -> None:
    # PLOVER 2021 leaves CAMEO 01/02 (public statements, appeals) unmapped
    assert tables.info("010").plover is None
    assert tables.info("010").label is not None
    assert tables.info("0334").plover == "AGREE"


def test_unknown_root(tables: CameoTables) -> None:
    info = tables.info("99")
    assert (info.label, info.plover, info.goldstein, info.quad_class) == (None, None, None, None)


def test_tables_are_cached_and_complete() -> None:
    assert cameo_tables() is cameo_tables()
    t = cameo_tables()
    roots = [f"{n:02d}" for n in range(1, 21)]
    assert all(r in t.labels for r in roots)
    assert all(t.info(r).goldstein is not None for r in roots)
    assert all(t.info(r).quad_class in (1, 2, 3, 4) for r in roots)
    assert all(t.info(r).plover for r in roots[2:])  # 03–20 all map to PLOVER
