"""The actor knowledge base (whowhom.kb.*.actors.txt), its layering, and the dictionary lint.

Small dictionaries written to tmp_path test the layering and the lint rules; the bundled set
is checked for the actors the real-news audit found missing or wrong (sentences written
for these tests). The KB itself is built by scripts/build_actor_kb.py from
../shared/data/actors; the build test runs only when that data is present.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from whowhom.coding.actors.dictionary import ActorEntry, PhraseIndex, Problem, read_actor_file
from whowhom.coding.actors.lint import GIVEN_NAMES_FILE, lint_actors, read_given_names
from whowhom.coding.actors.phrases import phrase_words
from whowhom.knowledge import bundled_directory, load_knowledge, load_knowledge_uncached

ROOT = Path(__file__).resolve().parents[1]
SHARED_ACTORS = ROOT / ".." / "shared" / "data" / "actors"

VERBS = "---  MEET   [040]  ---\nMEET {MEETS MET MEETING}\n"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def entry(index: PhraseIndex, phrase: str) -> ActorEntry:
    found = index.entries[phrase_words(phrase)]
    assert isinstance(found, ActorEntry)
    return found


# -- layering: additions > knowledge base > Phoenix ------------------------------------------

PHOENIX = """\
RUFUS_FIREFLY_  # CountryInfo.txt
+PRESIDENT_FIREFLY_
\t[FRDELI 19200101-19321231]
\t[FRDGOV 19330101-19350101]
\t[FRDELI]
CHICOLINI_
\t[SYLREB]
"""

KB = """\
# a tiny knowledge base
RUFUS_FIREFLY_  # leaders/factbook.json:fd.json
\t[FRDGOV 20200101-20241231]
\t[FRDELI]
TRENTINO_  # us_congress/x.yaml:12
\t[SYLGOV]
CHICOLINI_  # ucdp.csv:3
\t[SYLOPP]
"""

ADDITIONS = """\
actors:
  - name: Chicolini
    roles:
      - code: SYLCRM
"""


@pytest.fixture()
def layered(tmp_path: Path) -> Path:
    write(tmp_path, "Phoenix.test.actors.txt", PHOENIX)
    write(tmp_path, "whowhom.kb.actors.txt", KB)
    write(tmp_path, "test.verbs.txt", VERBS)
    return tmp_path


def test_kb_wins_over_phoenix_and_keeps_its_source(layered: Path) -> None:
    kb = load_knowledge_uncached(layered)
    firefly = entry(kb.actors, "Rufus Firefly")
    assert firefly.layer == "kb"
    assert firefly.where == "whowhom.kb.actors.txt:2"
    assert firefly.source == "leaders/factbook.json:fd.json"
    assert firefly.role_on("20220601").code == "FRDGOV"  # type: ignore[union-attr]


def test_phoenix_fills_dates_the_kb_lacks(layered: Path) -> None:
    kb = load_knowledge_uncached(layered)
    firefly = entry(kb.actors, "Rufus Firefly")
    assert firefly.fallback is not None and firefly.fallback.layer == "phoenix"
    role, giver = firefly.explain_role("19340101")
    assert role is not None and role.code == "FRDGOV" and giver is firefly.fallback
    # no dated role anywhere: the KB's own default, not Phoenix's
    role, giver = firefly.explain_role("20300101")
    assert role is not None and role.code == "FRDELI" and giver is firefly
    # a Phoenix-only phrase of the same person still reads Phoenix
    assert entry(kb.actors, "President Firefly").layer == "phoenix"


def test_single_word_collision_gets_no_fallback(layered: Path) -> None:
    kb = load_knowledge_uncached(layered)
    chicolini = entry(kb.actors, "Chicolini")
    assert chicolini.role_on(None).code == "SYLOPP"  # type: ignore[union-attr]
    assert chicolini.fallback is None  # one word is too weak to say it is the same actor


def test_additions_win_over_kb(layered: Path) -> None:
    write(layered, "whowhom.actors.yaml", ADDITIONS)
    kb = load_knowledge_uncached(layered)
    chicolini = entry(kb.actors, "Chicolini")
    assert chicolini.layer == "additions"
    assert chicolini.role_on(None).code == "SYLCRM"  # type: ignore[union-attr]


def test_a_directory_with_only_a_kb_loads(tmp_path: Path) -> None:
    write(tmp_path, "whowhom.kb.actors.txt", KB)
    write(tmp_path, "test.verbs.txt", VERBS)
    kb = load_knowledge_uncached(tmp_path)
    assert entry(kb.actors, "Trentino").role_on(None).code == "SYLGOV"  # type: ignore[union-attr]


def test_consecutive_entries_share_the_roles_that_follow(tmp_path: Path) -> None:
    """Phoenix lists a person's names one per line before their roles: all of them share those
    roles, not the previous person's."""
    path = write(
        tmp_path,
        "x.actors.txt",
        "OLD_LEADER_\n\t[ARNGOV 19500101-19601231]\nNEW_LEADER_\nPRESIDENT_NEW_LEADER_\n"
        "\t[ARNGOV 19610101-19701231]\nUNDATED_\n",
    )
    index, problems = PhraseIndex(), []  # type: ignore[var-annotated]
    read_actor_file(path, index, problems)
    assert not problems
    for name in ("NEW_LEADER_", "PRESIDENT_NEW_LEADER_"):
        assert [r.start for r in entry(index, name).roles] == ["19610101"], name
    assert [r.start for r in entry(index, "UNDATED_").roles] == ["19610101"]  # none: the previous


# -- the lint ------------------------------------------------------------------------------

LINT_ACTORS = """\
GAZTERIAK_ [FRAREB]
+YOUTH_
TANZIM_ [MEAREB]
+ORGANIZATION_
HASSAN_
\t[JORGOV 19980714-19990119]
CHAD_ [TCD]
PINKY_
\t[SYLMIL 20050630-19990101]
\t[SYLGOV 20061345-20070101]
MAGNUSSON_ [ISLGOV]
"""


def lint_tmp(tmp_path: Path, given: str = "HASSAN\nCHAD\n") -> list[Problem]:
    index = PhraseIndex()
    problems: list[Problem] = []
    read_actor_file(write(tmp_path, "test.actors.txt", LINT_ACTORS), index, problems)
    write(tmp_path, GIVEN_NAMES_FILE, "# given names\n" + given)
    agents = PhraseIndex()
    agents.add(("SENATE",), object())
    return lint_actors(index, agents, read_given_names(tmp_path))


def test_lint_finds_generic_synonyms_with_their_lines(tmp_path: Path) -> None:
    problems = lint_tmp(tmp_path)
    generic = [p for p in problems if "generic word" in p.reason]
    assert [p.where for p in generic] == ["test.actors.txt:2", "test.actors.txt:4"]
    assert "'YOUTH'" in generic[0].reason and "'ORGANIZATION'" in generic[1].reason


def test_lint_finds_bare_first_names_but_not_places(tmp_path: Path) -> None:
    problems = lint_tmp(tmp_path)
    names = [p for p in problems if "first name" in p.reason]
    assert [p.where for p in names] == ["test.actors.txt:5"]  # HASSAN, not the country CHAD
    assert not any("first name" in p.reason for p in lint_tmp(tmp_path, given=""))


def test_lint_finds_impossible_dates(tmp_path: Path) -> None:
    reasons = [p.reason for p in lint_tmp(tmp_path) if "PINKY" in p.reason]
    assert any("ends (19990101) before it starts (20050630)" in r for r in reasons)
    assert any("'20061345' is not a calendar date" in r for r in reasons)


def test_lint_exempts_hand_written_additions(tmp_path: Path) -> None:
    write(tmp_path, "whowhom.actors.yaml", "actors:\n  - name: Hassan\n    roles:\n      - code: JORGOV\n")
    write(tmp_path, "x.actors.txt", "FREEDONIA_ [FRD]\n")
    write(tmp_path, "test.verbs.txt", VERBS)
    write(tmp_path, GIVEN_NAMES_FILE, "HASSAN\n")
    kb = load_knowledge_uncached(tmp_path)
    assert lint_actors(kb.actors, kb.agents, read_given_names(tmp_path)) == []


def test_bundled_dictionaries_pass_the_lint() -> None:
    kb = load_knowledge()
    verb = set(map(id, kb.verbs.problems))
    actor_problems = [p for p in kb.problems if id(p) not in verb]
    lint = lint_actors(kb.actors, kb.agents, read_given_names(kb.directory))
    assert actor_problems == [] and lint == [], (actor_problems + lint)[:5]
    assert len(read_given_names(kb.directory)) > 500  # the list is really there


def test_actors_check_exits_0_on_the_bundled_files(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("actors", "check")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "; 0 problems" in result.stdout


# -- the bundled KB: names the real-news audit found missing or wrong ---------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from whowhom.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def show(nlp):  # type: ignore[no-untyped-def]
    from whowhom.coding.actors.explain import explain

    kb = load_knowledge()

    def run(name: str, date: str):  # type: ignore[no-untyped-def]
        return explain(name, date, kb, nlp)

    return run


@pytest.mark.parametrize(
    ("name", "date", "code"),
    [
        ("Elizabeth Warren", "2020-02-01", "USALEG"),
        ("Senator Warren", "2020-02-01", "USALEG"),
        ("Elizabeth Warren", "2010-02-01", "USAELI"),  # before her first term
        ("Letitia James", "2020-02-01", "USAGOV"),  # New York attorney general
        ("Donald Trump", "2018-05-01", "USAGOV"),
        ("Donald Trump", "2022-05-01", "USAELI"),  # between the terms
        ("Trump", "2025-05-01", "USAGOV"),
        ("Narendra Modi", "2020-02-01", "INDGOV"),
        ("Houthis", "2020-02-01", "YEMREB"),
        ("Ansarallah", "2020-02-01", "YEMREB"),
        ("Holy See", "2020-02-01", "VAT"),
        ("the Vatican", "2020-02-01", "VAT"),
        ("Bharatiya Janata Party", "2020-02-01", "INDPTY"),
        ("BJP", "2020-02-01", "INDPTY"),
        ("Indian National Congress", "2020-02-01", "INDPTY"),
        ("Rahul Gandhi", "2018-06-01", "INDPTY"),  # INC leader in the 2018 Factbook
        ("Pan American Health Organization", "2020-02-01", "IGO"),
        ("Omar Hassan al-Bashir", "2008-04-01", "SDNGOV"),
        ("Omar Hassan al-Bashir", "2020-04-01", "SDNELI"),  # ousted in 2019
        ("Downing Street", "2020-02-01", "GBRGOV"),  # seats of government (whowhom.actors.yaml)
        ("US Secretary of State", "2019-11-20", "USAGOV"),  # a Phoenix group of names
        ("the State Department", "2020-02-01", "USAGOV"),
        ("Customs and Border Protection", "2020-02-01", "USACOP"),
        ("Paul Ryan", "2016-02-01", "USALEG"),  # a former member of Congress
        ("Mitt Romney", "2020-02-01", "USALEG"),
        ("Mike Pompeo", "2019-11-20", "USAGOV"),  # whowhom.officials.actors.yaml, dated roles
        ("Mike Pompeo", "2017-06-01", "USASPY"),  # CIA director
        ("Pompeo", "2019-11-20", "USAGOV"),
        ("Wang Yi", "2019-11-20", "CHNGOV"),
        ("Chad Wolf", "2020-02-01", "USAGOV"),  # not the country Chad
        ("Antonio Guterres", "2019-11-20", "IGOUNO"),
        ("Bristol Crown Court", "2019-11-20", "GBRJUD"),
        ("People's Liberation Army", "2019-11-20", "CHNMIL"),  # not Phoenix's unnamed rebels
        ("ISI", "2019-11-20", "PAKSPY"),
    ],
)
def test_bundled_kb_resolves(show, name: str, date: str, code: str) -> None:  # type: ignore[no-untyped-def]
    res = show(name, date)
    assert res.code == code, (res.code, res.actor, res.actor_where)


def test_show_names_the_kb_file_line_and_source(show) -> None:  # type: ignore[no-untyped-def]
    res = show("Elizabeth Warren", "2020-02-01")
    assert res.actor_layer == "kb"
    assert res.actor_where.startswith("whowhom.kb.actors.txt:")
    assert res.actor_source.startswith("us_congress/legislators-current.yaml:")
    line = int(res.actor_where.rsplit(":", 1)[1])
    text = (bundled_directory() / "whowhom.kb.actors.txt").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].startswith("ELIZABETH_WARREN_")


@pytest.mark.parametrize("name", ["Youth Association", "the Organization", "Tigers"])
def test_generic_words_are_not_rebels(show, name: str) -> None:  # type: ignore[no-untyped-def]
    res = show(name, "2020-02-01")
    assert res.code is None or res.sector != "REB", (res.code, res.actor_where)


@pytest.mark.parametrize(
    ("name", "wrong"),
    [("Han", "IRQ"), ("ABC News", "CUB"), ("ABC", "CUB"), ("the Democrats", "GAB"), ("The families", "MEX")],
)
def test_names_and_old_acronyms_are_no_groups(show, name: str, wrong: str) -> None:  # type: ignore[no-untyped-def]
    """A group's acronym that is a person's name ("Han Lee"), a one-word name of a party
    dissolved long ago (Cuba's ABC, 1931–52) and "the" + an English word (a Gabonese party
    "The Democrats", a cartel "The Family") are left out of the KB."""
    res = show(name, "2020-02-01")
    assert res.code is None or not res.code.startswith(wrong), (res.code, res.actor_where)


def test_lower_case_word_is_not_a_one_word_actor(show) -> None:  # type: ignore[no-untyped-def]
    assert show("Trump", "2018-05-01").code == "USAGOV"
    assert show("a trump card", "2018-05-01").code is None


# -- the same actors inside sentences (the coder, as on real text) ------------------------------


@pytest.fixture(scope="module")
def code(nlp):  # type: ignore[no-untyped-def]
    from whowhom.coding.stages import Coder
    from whowhom.model import Document
    from whowhom.pipeline import code_documents

    coder = Coder(load_knowledge())

    def run(text: str, date: str):  # type: ignore[no-untyped-def]
        [(_, events, _)] = list(code_documents([Document(text=text, date=date)], coder=coder, nlp=nlp))
        return events

    return run


def actor_codes(events) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.code for e in events for a in (e.source, e.target) if a is not None and a.code}


def test_youth_association_and_paho_are_not_rebels(code) -> None:  # type: ignore[no-untyped-def]
    events = code(
        "The Pan American Health Organization praised the Youth Association of Guyana.", "2019-03-04"
    )
    assert events, "the sentence should be coded"
    assert not any(c[3:6] == "REB" for c in actor_codes(events)), actor_codes(events)
    assert {e.source.code for e in events if e.source} == {"IGO"}
    events = code("The Youth Association accused the government of Guyana of neglect.", "2019-03-04")
    assert not any(c[3:6] == "REB" for c in actor_codes(events)), actor_codes(events)


def test_a_country_qualified_senate_is_that_countrys(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Trinidad's Senate rejected the new budget of the government.", "2019-03-04")
    sources = {e.source.code for e in events if e.source}
    assert sources and all(s.startswith("TTO") for s in sources), sources
    assert not any(c.startswith("USA") for c in actor_codes(events))


def test_king_hassan_of_morocco(code) -> None:  # type: ignore[no-untyped-def]
    events = code("King Hassan of Morocco met the Spanish foreign minister in Rabat.", "1995-06-01")
    sources = {e.source.code for e in events if e.source}
    assert "MARGOV" in sources, sources
    assert not any(c.startswith("JOR") for c in actor_codes(events))


def test_omar_hassan_al_bashir(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Omar Hassan al-Bashir accused the rebels of attacking civilians in Darfur.", "2008-04-01")
    sources = {e.source.code for e in events if e.source}
    assert "SDNGOV" in sources, sources


def test_a_relative_of_a_known_person_holds_none_of_their_offices(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Hunter Biden and Melania Trump criticized the Chinese government.", "2019-11-20")
    sources = {e.source.code for e in events if e.source}
    assert sources and not any(s.endswith("GOV") for s in sources), sources
    events = code("Joseph Biden criticized the Chinese government.", "2019-11-20")
    assert {e.source.code for e in events if e.source} == {"USAELI"}  # his own name, out of office


def test_a_namesake_of_a_known_person_is_no_actor_of_their_country(code) -> None:  # type: ignore[no-untyped-def]
    # Castor is a former leader of French Guiana; this Castor works for the US Congress
    text = "Senator Mitch McConnell spoke. Republican counsel Steve Castor criticized the witness."
    codes = {e.source.code for e in code(text, "2019-11-20") if e.source}
    assert codes and not any(c.startswith("GUF") for c in codes), codes
    # the person's own country named elsewhere: a relative, coded by that country
    text = "Hunter Biden, the son of Joe Biden, criticized the Chinese government."
    assert "USA" in {e.source.code[:3] for e in code(text, "2019-11-20") if e.source}


# -- the build --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_ACTORS.is_dir(), reason="../shared/data/actors not present")
def test_build_is_reproducible(tmp_path: Path) -> None:
    """The committed KB files are what the build script makes from the shared data."""
    out = tmp_path / "data"
    out.mkdir()
    for p in bundled_directory().glob("Phoenix.*"):
        (out / p.name).write_bytes(p.read_bytes())
    for p in bundled_directory().glob("*agents*.txt"):
        (out / p.name).write_bytes(p.read_bytes())
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_actor_kb.py"),
            "--out",
            str(out),
            "--source",
            str(SHARED_ACTORS.parent),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in (
        "whowhom.kb.actors.txt",
        "whowhom.kb.ucdp.actors.txt",
        "whowhom.kb.igos.actors.txt",
        GIVEN_NAMES_FILE,
    ):
        assert (out / name).read_text(encoding="utf-8") == (bundled_directory() / name).read_text(
            encoding="utf-8"
        ), name


def test_plural_abbreviation_is_no_acronym(show) -> None:  # type: ignore[no-untyped-def]
    """ "Tory MPs" are members of parliament, not Chad's MPS (a UCDP rebel group)."""
    assert not (show("Tory MPs", "2020-02-01").code or "").startswith("TCD")
    assert (show("MPS", "2020-02-01").code or "").startswith("TCD")


def test_a_surname_written_first_outranks_a_title_of_no_country(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "South Korean President Yoon Suk Yeol declared martial law. President Yoon spoke on "
        "television. American officials said Friday that Yoon had ordered the arrest of politicians."
    )
    sources = {e.source.code for e in code(text, "2024-12-06") if e.source and e.source.text == "Yoon"}
    assert sources == {"KORGOV"}, sources


def test_an_armed_groups_name_in_common_words_written_in_lower_case_is_the_words(code) -> None:  # type: ignore[no-untyped-def]
    events = code("The American president has eradicated red lines of civility.", "2019-11-20")
    assert events
    assert not any((e.target.code if e.target else "").endswith("REB") for e in events)


def test_a_company_is_a_business_of_its_country(code) -> None:  # type: ignore[no-untyped-def]
    events = code("The European Commission fined Boeing on Tuesday.", "2023-09-26")
    assert {e.target.code for e in events if e.target} == {"USABUS"}
    events = code("The European Commission fined Google on Tuesday.", "2023-09-26")
    assert {e.target.code for e in events if e.target} == {"USAMED"}  # a media company
    events = code("The Ghanaian government sued the railroad operator on Monday.", "2023-09-26")
    assert {e.target.code for e in events if e.target} == {"GHABUS"}


def test_a_code_that_is_only_a_sector_is_of_no_country(code) -> None:  # type: ignore[no-untyped-def]
    events = code("A Russian court sentenced Wall Street Journal reporter Evan Gershkovich.", "2024-07-19")
    assert all(not (e.target.code or "").startswith("MED") for e in events if e.target)
