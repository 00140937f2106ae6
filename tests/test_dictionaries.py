"""PETRARCH/TABARI actor, agent and discard dictionaries (whowhom.coding.actors.dictionary).

Small dictionaries are written to tmp_path in the Phoenix formats; one test per
format feature. The bundled set is checked only for the Maliki date-bounded roles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from whowhom.coding.actors.dictionary import (
    ActorEntry,
    AgentEntry,
    PhraseIndex,
    Problem,
    Role,
    normalise_date,
    parse_role,
    read_actor_file,
    read_agent_file,
    read_discard_file,
)
from whowhom.coding.actors.phrases import phrase_words, token_word
from whowhom.knowledge import load_knowledge, load_knowledge_uncached

ACTORS = """\
# test actors, Phoenix format
FREEDONIA_  [FRD]
+FREEDONIAN_REPUBLIC
+REPUBLIC_OF_FREEDONIA

RUFUS_T_FIREFLY_  # CountryInfo.txt
+FIREFLY
+PRESIDENT_FIREFLY
\t[FRDELI 680101-000101]
\t[FRDGOV 20060520-20140908]
\t[FRDELI]
GROUCHO_FIREFLY_
+MR_FIREFLY

AMBASSADOR_TRENTINO_
\t[SYLGOV >19890604]
\t[SYL]
CHICOLINI_
\t[SYLREB <20030320]
\t[SYLCRM]
PINKY_
\t[SYLMIL 990101-050630]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_actors(
    tmp_path: Path, text: str, name: str = "test.actors.txt"
) -> tuple[PhraseIndex, list[Problem]]:
    index = PhraseIndex()
    problems: list[Problem] = []
    read_actor_file(write(tmp_path, name, text), index, problems)
    return index, problems


def entry(index: PhraseIndex, phrase: str) -> ActorEntry:
    found = index.entries[phrase_words(phrase)]
    assert isinstance(found, ActorEntry)
    return found


# -- phrases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("NURI_AL-MALIKI_", ("NURI", "AL", "MALIKI")),
        ("Nouri al-Maliki", ("NOURI", "AL", "MALIKI")),
        ("U.S._ARMY", ("US", "ARMY")),
        ("  +O'BRIEN_ ", ("+OBRIEN",)),
        ("___", ()),
    ],
)
def test_phrase_words(phrase: str, words: tuple[str, ...]) -> None:
    assert phrase_words(phrase) == words


def test_token_word() -> None:
    assert token_word("Iraq's") == "IRAQS"
    assert token_word("-") == ""
    assert token_word("U.S.") == "US"


# -- dates and roles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("680101", "19680101"), ("000101", "20000101"), ("140908", "20140908"), ("20060520", "20060520")],
)
def test_normalise_date(text: str, expected: str) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize("bad", ["2006052", "2006-05-20", "abcdef", "", "1234567890"])
def test_normalise_date_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        normalise_date(bad)


@pytest.mark.parametrize(
    ("body", "role"),
    [
        ("IRQ", Role("IRQ")),
        ("IRQGOV 20060520-20140908", Role("IRQGOV", "20060520", "20140908")),
        ("IRNGOV >19890604", Role("IRNGOV", start="19890604")),
        ("X <20030320", Role("X", end="20030320")),
        ("IRQELI 680101-000101", Role("IRQELI", "19680101", "20000101")),
        ("IRQGOV 040517-040517", Role("IRQGOV", "20040517", "20040517")),
        ("IRQGOV  > 110101", Role("IRQGOV", start="20110101")),
    ],
)
def test_parse_role(body: str, role: Role) -> None:
    assert parse_role(body) == role


@pytest.mark.parametrize("body", ["", "IRQGOV 2006", "IRQGOV ~20060520", "IRQGOV 20060520-2014"])
def test_parse_role_rejects(body: str) -> None:
    with pytest.raises(ValueError):
        parse_role(body)


def test_role_covers_is_inclusive() -> None:
    role = Role("IRQGOV", "20060520", "20140908")
    assert role.dated
    assert role.covers("20060520") and role.covers("20140908") and role.covers("20100101")
    assert not role.covers("20060519") and not role.covers("20140909")
    assert Role("X", start="19890604").covers("29991231")
    assert not Role("X", end="20030320").covers("20030321")
    assert not Role("X").dated


# -- actor files ------------------------------------------------------------------------


def test_actor_entry_and_synonyms(tmp_path: Path) -> None:
    index, problems = read_actors(tmp_path, ACTORS)
    assert problems == []
    country = entry(index, "FREEDONIA")
    assert [r.code for r in country.roles] == ["FRD"]
    assert country.name == "FREEDONIA_"
    assert country.where == "test.actors.txt:2"
    # "+" synonyms point at the same entry
    assert entry(index, "Freedonian Republic") is country
    assert entry(index, "republic of freedonia") is country
    # longest phrase per first word is tracked for the matcher
    assert index.longest["REPUBLIC"] == 3
    assert index.longest["FREEDONIA"] == 1


def test_dated_roles_and_six_digit_dates(tmp_path: Path) -> None:
    index, _ = read_actors(tmp_path, ACTORS)
    firefly = entry(index, "President Firefly")
    assert firefly is entry(index, "RUFUS_T_FIREFLY")
    assert firefly.roles == [
        Role("FRDELI", "19680101", "20000101"),
        Role("FRDGOV", "20060520", "20140908"),
        Role("FRDELI"),
    ]


@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("19750101", "FRDELI"),  # dated ELI role
        ("20050101", "FRDELI"),  # gap between the dated roles: undated default
        ("20060520", "FRDGOV"),  # first day in office
        ("20080401", "FRDGOV"),
        ("20140908", "FRDGOV"),  # last day in office
        ("20140909", "FRDELI"),
        (None, "FRDELI"),  # no date: the default
        ("", "FRDELI"),
    ],
)
def test_role_on(tmp_path: Path, date: str | None, code: str) -> None:
    index, _ = read_actors(tmp_path, ACTORS)
    role = entry(index, "FIREFLY").role_on(date)
    assert role is not None and role.code == code


def test_open_ended_roles(tmp_path: Path) -> None:
    index, _ = read_actors(tmp_path, ACTORS)
    trentino = entry(index, "Ambassador Trentino")
    assert trentino.roles == [Role("SYLGOV", start="19890604"), Role("SYL")]
    assert trentino.role_on("19890603").code == "SYL"  # type: ignore[union-attr]
    assert trentino.role_on("19890604").code == "SYLGOV"  # type: ignore[union-attr]
    assert trentino.role_on("20200101").code == "SYLGOV"  # type: ignore[union-attr]
    chicolini = entry(index, "Chicolini")
    assert chicolini.role_on("20030320").code == "SYLREB"  # type: ignore[union-attr]
    assert chicolini.role_on("20030321").code == "SYLCRM"  # type: ignore[union-attr]


def test_entry_without_code_shares_the_codes_that_follow(tmp_path: Path) -> None:
    """Consecutive entry lines are names of one actor and share the roles after them (Phoenix
    lists "LEONID_BREZHNEV_", "SECRETARY_BREZHNEV", … then Brezhnev's roles), so an entry with
    none of its own (GROUCHO) shares the next roles read (AMBASSADOR_TRENTINO's)."""
    index, problems = read_actors(tmp_path, ACTORS)
    assert problems == []
    groucho = entry(index, "Groucho Firefly")
    trentino = entry(index, "Ambassador Trentino")
    assert groucho is not trentino
    assert groucho.roles == trentino.roles
    assert entry(index, "Mr Firefly") is groucho
    assert groucho.where == "test.actors.txt:12"


def test_codeless_entries_take_the_next_codes_or_else_the_previous(tmp_path: Path) -> None:
    text = "ALPHA_ [AAA]\nBETA_\nGAMMA_\nDELTA_ [DDD]\nEPSILON_\n"
    index, problems = read_actors(tmp_path, text)
    assert problems == []
    names = ("ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON")
    codes = {p: [r.code for r in entry(index, p).roles] for p in names}
    assert codes == {
        "ALPHA": ["AAA"],
        "BETA": ["DDD"],
        "GAMMA": ["DDD"],
        "DELTA": ["DDD"],
        "EPSILON": ["DDD"],  # no roles follow it: the previous entry's
    }


def test_first_definition_wins(tmp_path: Path) -> None:
    index, _ = read_actors(tmp_path, "ALPHA_ [AAA]\nALPHA_ [BBB]\n+ALPHA_NEW [CCC]\n")
    assert [r.code for r in entry(index, "ALPHA").roles] == ["AAA"]
    assert len(index) == 2  # ALPHA and ALPHA NEW


def test_synonym_line_with_code_adds_role(tmp_path: Path) -> None:
    index, _ = read_actors(tmp_path, "OMEGA_\n+OMEGA_LAND [OMG]\n")
    assert [r.code for r in entry(index, "OMEGA").roles] == ["OMG"]


def test_braces_and_comments_are_ignored(tmp_path: Path) -> None:
    index, problems = read_actors(tmp_path, "SYLVANIA_ {SYLVANIAN} [SYL] # the neighbour\n")
    assert problems == []
    assert phrase_words("SYLVANIA") in index.entries
    assert phrase_words("SYLVANIA SYLVANIAN") not in index.entries


def test_malformed_dates_become_problems(tmp_path: Path) -> None:
    text = (
        "ZEPPO_\n"  # line 1
        "\t[FRDGOV 2006-05-20]\n"  # line 2: bad date restriction
        "\t[FRDELI 20060520-14]\n"  # line 3: bad end date
        "\t[FRD]\n"  # line 4: fine
        "HARPO_ [FRDMIL ~19990101]\n"  # line 5: bad restriction on an entry line
        "\t[]\n"  # line 6: empty code
    )
    index, problems = read_actors(tmp_path, text, name="bad.actors.txt")
    wheres = [p.where for p in problems]
    assert wheres == ["bad.actors.txt:2", "bad.actors.txt:3", "bad.actors.txt:5", "bad.actors.txt:6"]
    assert all(p.reason for p in problems)
    # the good code survives, the bad ones are dropped
    assert entry(index, "ZEPPO").roles == [Role("FRD")]


def test_structural_problems(tmp_path: Path) -> None:
    text = "\t[FRD]\n+ORPHAN\nKARL_ [FRD]\n\tSTRAY_WORDS\n"
    _, problems = read_actors(tmp_path, text, name="s.actors.txt")
    assert [p.where for p in problems] == ["s.actors.txt:1", "s.actors.txt:2", "s.actors.txt:4"]
    assert "code line before any actor" in problems[0].reason
    assert "synonym before any actor" in problems[1].reason
    assert "neither a code nor a synonym" in problems[2].reason


# -- agents -----------------------------------------------------------------------------

AGENTS = """\
# ======== SUBSTITUTION SETS ========
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! = MINISTER, MINISTRY

POLICE!PERSON!  [~COP]
FOREIGN_!MINIST! [~GOV]
!MINIST!_OF_!PERSON! [~ELI]
FIRE!PERSON! {} [~GOV]
PEACEKEEPING_TROOPS {} [IGO~]
HEADING WITHOUT A CODE
REBEL [REB]
"""


def read_agents(tmp_path: Path) -> tuple[PhraseIndex, list[Problem]]:
    index = PhraseIndex()
    problems: list[Problem] = []
    read_agent_file(write(tmp_path, "test.agents.txt", AGENTS), index, problems)
    return index, problems


def agent(index: PhraseIndex, phrase: str) -> AgentEntry:
    found = index.entries[phrase_words(phrase)]
    assert isinstance(found, AgentEntry)
    return found


@pytest.mark.parametrize("word", ["POLICEMAN", "POLICEMEN", "POLICEWOMAN", "POLICEWOMEN", "POLICEPERSON"])
def test_agent_substitution_set_expands(tmp_path: Path, word: str) -> None:
    index, _ = read_agents(tmp_path)
    found = agent(index, word)
    assert found.code == "~COP"
    assert found.where == "test.agents.txt:5"


def test_agent_substitution_in_phrases(tmp_path: Path) -> None:
    index, _ = read_agents(tmp_path)
    assert agent(index, "foreign minister").code == "~GOV"
    assert agent(index, "foreign ministry").code == "~GOV"
    assert phrase_words("FOREIGN !MINIST!") not in index.entries
    # two sets in one phrase: every combination
    combos = [p for p in index.entries if p[0] in ("MINISTER", "MINISTRY") and "OF" in p]
    assert len(combos) == 2 * 5
    assert agent(index, "ministry of women").code == "~ELI"
    assert agent(index, "fireman").code == "~GOV"


def test_agent_suffix_vs_prefix_codes(tmp_path: Path) -> None:
    index, _ = read_agents(tmp_path)
    assert agent(index, "policeman").code.startswith("~")  # appended to a country: IRQ + COP
    peace = agent(index, "peacekeeping troops")
    assert peace.code == "IGO~"  # prefixed
    assert peace.code.endswith("~")


def test_agent_without_tilde_is_a_problem(tmp_path: Path) -> None:
    index, problems = read_agents(tmp_path)
    assert [p.where for p in problems] == ["test.agents.txt:11"]
    assert "REB" in problems[0].reason
    assert phrase_words("REBEL") not in index.entries
    assert phrase_words("HEADING WITHOUT A CODE") not in index.entries


# -- discards ---------------------------------------------------------------------------


def test_discards_sentence_vs_story(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "test.discards.txt",
        "# Story-level discards are indicated with a '+'.\n"
        "1914\n"
        "+ World Golf Championships   # pas 26-Feb-2014\n"
        "+Manchester United\n"
        "BIRDIE_HOLE  # golf\n"
        "\n",
    )
    sentence, story = read_discard_file(path)
    assert sentence == {("1914",), ("BIRDIE", "HOLE")}
    assert story == {("WORLD", "GOLF", "CHAMPIONSHIPS"), ("MANCHESTER", "UNITED")}


# -- knowledge directories --------------------------------------------------------------


def test_load_small_knowledge_directory(tmp_path: Path) -> None:
    write(tmp_path, "test.actors.txt", ACTORS)
    write(tmp_path, "test.agents.txt", AGENTS)
    write(tmp_path, "test.discards.txt", "1914\n+Manchester United\n")
    write(tmp_path, "test.verbs.txt", "---  MEET   [040]  ---\nMEET {MEETS MET MEETING}\n- * FOO\n")
    kb = load_knowledge_uncached(tmp_path)
    assert entry(kb.actors, "Freedonia").roles == [Role("FRD")]
    assert agent(kb.agents, "policeman").code == "~COP"
    assert kb.discards == {("1914",)}
    assert kb.story_discards == {("MANCHESTER", "UNITED")}
    assert [v.code for v in kb.verbs.lookup("MET")] == ["040"]
    # agent and verb problems are collected together, each with file:line
    assert sorted(p.where for p in kb.problems) == ["test.agents.txt:11", "test.verbs.txt:3"]


def test_knowledge_directory_errors(tmp_path: Path) -> None:
    from whowhom.errors import WhowhomError

    with pytest.raises(WhowhomError, match="E111"):
        load_knowledge_uncached(tmp_path / "missing")
    with pytest.raises(WhowhomError, match=r"E301.*actor"):
        load_knowledge_uncached(tmp_path)
    write(tmp_path, "x.actors.txt", "FREEDONIA_ [FRD]\n")
    with pytest.raises(WhowhomError, match=r"E301.*verb"):
        load_knowledge_uncached(tmp_path)


# -- the bundled set --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "code"),
    [("20050101", "IRQELI"), ("20080401", "IRQGOV"), ("19900101", "IRQELI"), ("20160101", "IRQELI")],
)
def test_bundled_maliki_roles_by_date(date: str, code: str) -> None:
    kb = load_knowledge()
    maliki = kb.actors.entries[phrase_words("Nouri al-Maliki")]
    assert isinstance(maliki, ActorEntry)
    role = maliki.role_on(date)
    assert role is not None and role.code == code


def test_bundled_maliki_spellings_share_an_entry() -> None:
    kb = load_knowledge()
    spellings = ("Nouri al-Maliki", "Nuri al-Maliki", "NURI_AL-MALIKI_", "Maliki")
    entries = {id(kb.actors.entries[phrase_words(p)]) for p in spellings}
    assert len(entries) == 1


def test_bundled_countries_and_agents() -> None:
    kb = load_knowledge()
    for phrase, code in (("France", "FRA"), ("Germany", "DEU"), ("Italy", "ITA"), ("Iraq", "IRQ")):
        found = kb.actors.entries[phrase_words(phrase)]
        assert isinstance(found, ActorEntry)
        assert found.role_on("20080401").code == code  # type: ignore[union-attr]
    police = kb.agents.entries[phrase_words("police")]
    assert isinstance(police, AgentEntry) and police.code == "~COP"
    assert any(isinstance(a, AgentEntry) and a.code == "IGO~" for a in kb.agents.entries.values())
