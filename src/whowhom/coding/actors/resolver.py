"""Resolving actor mentions in a parsed sentence to CAMEO actor codes.

Dictionary phrases are matched on the token sequence once per document (longest match
first); an argument of a verb is then coded from the matches inside its noun phrase:
the actor (country, organisation or person, with the code in force on the document
date) and any agent word ("police", "ambassador") that adds a sector to a bare country.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from whowhom.coding.actors.dictionary import ActorEntry, AgentEntry, PhraseIndex, Role
from whowhom.coding.actors.phrases import token_word
from whowhom.coding.arguments import POLITICAL_OBJECTS
from whowhom.coding.modality import quotation_speaker, quote_spans
from whowhom.model import ActorRef

#: Code prefixes that are not countries (international, non-state, multinational).
NON_COUNTRY = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "NGM", "---"})
_SKIP_TAGS = frozenset({"POS"})  # the possessive 's
#: Heads that stand for some of a group ("thousands of lawyers", "members of the party").
PARTITIVES = frozenset(
    {
        "thousand",
        "hundred",
        "dozen",
        "million",
        "score",
        "group",
        "number",
        "crowd",
        "member",
        "some",
        "many",
        "most",
        "all",
        "few",
        "several",
        "leader",
        "head",
        "delegation",
        "team",
        "unit",
        "band",
        "contingent",
        "wing",
    }
)


@dataclass(slots=True)
class Match:
    start: int  # token index
    end: int  # exclusive
    entry: object


@lru_cache(maxsize=65536)
def _word_forms(text: str, lemma: str) -> tuple[str, str]:
    """A token's comparable word and lemma (("", "") for punctuation, which takes no part);
    cached, as the same few thousand words make up most text."""
    w = token_word(text)
    if not w:
        return "", ""
    return w, token_word(lemma) or w


def _words(doc: Doc) -> tuple[list[int], list[str], list[str]]:
    """Indices of tokens that take part in matching, with their word and lemma forms."""
    idx: list[int] = []
    words: list[str] = []
    lemmas: list[str] = []
    for tok in doc:
        if tok.tag_ in _SKIP_TAGS:
            continue
        w, lemma = _word_forms(tok.text, tok.lemma_)
        if not w:
            continue
        idx.append(tok.i)
        words.append(w)
        if lemma == w and w.endswith("S") and len(w) > 3 and tok.is_sent_start and tok.pos_ == "PROPN":
            # "Rebels attacked …": a capitalised plural that the tagger took for a name keeps
            # the common noun's singular, as the same word inside the sentence would
            lemma = w[:-1]
        elif tok.ent_type_ == "NORP" and lemma == w and w.endswith("S") and len(w) > 4:
            lemma = w[:-1]  # "Americans", "Iranians": the people of a country, by its demonym
        lemmas.append(lemma)
    return idx, words, lemmas


def find_matches(
    doc: Doc,
    index: PhraseIndex,
    idx: list[int],
    words: list[str],
    lemmas: list[str],
    *,
    proper_single: bool = False,
) -> list[Match | None]:
    """For each token, the longest dictionary phrase that covers it (or None).

    With ``proper_single`` a one-word phrase does not match an all-lower-case token: a one-word
    actor name is a proper noun ("Trump", "Hamas"), and the same word in lower case is a
    common word ("trump", "youth", "tigers")."""
    out: list[Match | None] = [None] * len(doc)
    entries = index.entries
    longest = index.longest
    longest2 = index.longest2
    n = len(words)
    i = 0
    while i < n:
        found = None
        for first in (words[i], lemmas[i]) if lemmas[i] != words[i] else (words[i],):
            top = longest.get(first)
            if top is None:
                continue
            top = min(top, n - i)
            if top > 2:  # a phrase of three or more words starts with the text's next word
                top = max(2, min(top, longest2.get((first, words[i + 1]), 0)))
            for length in range(top, 0, -1):
                key = (first, *words[i + 1 : i + length]) if length > 1 else (first,)
                entry = entries.get(key)
                if entry is None and length > 1:
                    entry = entries.get((*key[:-1], lemmas[i + length - 1]))
                if entry is not None and length == 1 and proper_single and _not_a_name(doc[idx[i]].text):
                    entry = None
                if entry is not None:
                    found = (length, entry)
                    break
            if found:
                break
        if found:
            length, entry = found
            m = Match(idx[i], idx[i + length - 1] + 1, entry)
            for t in range(m.start, m.end):
                out[t] = m
            i += length
        else:
            i += 1
    return out


def _not_a_name(text: str) -> bool:
    """A word that cannot be a one-word actor's name: in lower case ("trump", "youth"), or the
    plural of an abbreviation ("MPs" are members of parliament, not Chad's MPS)."""
    return text.islower() or (len(text) > 2 and text.endswith("s") and text[:-1].isupper())


def split_code(code: str) -> tuple[str | None, str | None]:
    """``IRQGOV`` → (``IRQ``, ``GOV``); ``IGOUNO`` → (None, ``IGO``)."""
    head = code[:3]
    if head in NON_COUNTRY or len(head) < 3:
        return None, head or None
    return head, (code[3:6] or None)


#: Titles that name no sector but whose "of"/"at"/"for" phrase names the organisation the
#: holder speaks for ("director at Amnesty International", "head of the commission").
TITLE_NOUNS = frozenset(
    {
        "director", "head", "chief", "chairman", "chairwoman", "chair", "president", "secretary",
        "executive", "founder", "member", "manager", "coordinator", "commissioner", "researcher",
        "representative", "adviser", "advisor", "counsel", "lawyer", "analyst", "officer",
    }
)  # fmt: skip
#: Sectors whose title before a name ("President", "opposition leader", "General") outranks
#: the elite role a person holds between dated offices.
TITLE_SECTORS = frozenset({"GOV", "OPP", "MIL", "LEG", "JUD"})
#: Prefixes that make a country a side taken, not the actor's own: "pro-Russia rebels" are not
#: Russian, "anti-American protesters" not American.
SIDE_PREFIXES = frozenset({"pro", "anti"})


#: Words that end the name of an association, a guild or a foundation: a non-governmental
#: body (CAMEO NGO) of whatever country its name or the document gives.
ASSOCIATIONS = frozenset(
    {"association", "guild", "league", "federation", "society", "foundation", "institute", "coalition",
     "alliance", "network", "trust", "club"}
)  # fmt: skip
#: Incidents that a place's name before them locates ("the Berlin attack", "Iran unrest").
INCIDENTS = frozenset(
    {"attack", "bombing", "shooting", "massacre", "unrest", "riot", "crash", "explosion", "blast", "fire",
     "earthquake", "flood", "crisis", "violence", "clash", "siege", "stabbing", "rampage", "coup"}
)  # fmt: skip
#: Those sent to another state or body, who speak for the one that sent them.
ENVOYS = frozenset({"ambassador", "envoy", "representative", "emissary", "delegate", "delegation", "mission"})
#: The share of the other countries' mentions the main one needs to be an envoy's sender.
HOME_SHARE_OF_OTHERS = 0.5


#: Capitalised words after a name that make it a street or a town's name: "Wellington Road" and
#: "Spanish Town" are places, not New Zealand's government or Spain.
PLACE_WORDS = frozenset({"road", "street", "avenue", "drive", "lane", "boulevard", "highway", "town"})


#: Participles after "X-" that make X a backer of what follows, not its country.
BACKING = frozenset({"backed", "supported", "funded", "sponsored", "armed", "aligned", "allied", "trained"})


def _names_a_country(m: Match) -> bool:
    """Whether a match is of a country (a state's name or adjective), whose backing of a group is
    no membership; a named group's own name is kept ("Hamas-backed" is still Hamas's)."""
    entry = m.entry
    return isinstance(entry, ActorEntry) and any(len(r.code) == 3 for r in entry.roles)


#: Words before "American" that make it a region of the Americas, not the United States.
AMERICAS = frozenset({"latin", "south", "central", "north", "pan", "meso"})


def _not_sided(doc: Doc, matches: list[Match | None], given_names: frozenset[str]) -> list[Match | None]:
    """Actor matches, without those that follow "pro-" or "anti-", begin a street's name, name a
    region of the Americas or are part of a person's name."""
    for i, m in enumerate(matches):
        if m is None or m.start != i:
            continue
        sided = i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in SIDE_PREFIXES
        # "Rwandan-backed M23 rebels", "Iran-backed militias": the backer, not their country
        backing = m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].lower_ in BACKING
        sided = sided or (backing and _names_a_country(m))
        street = m.end < len(doc) and doc[m.end].is_title and doc[m.end].lower_ in PLACE_WORDS
        lower = _written_in_lower_case(doc, m)
        # "Latin American countries", "South American leaders": a region's people, not the US
        regional = i > 0 and doc[i].lower_ in ("american", "americans") and doc[i - 1].lower_ in AMERICAS
        if sided or street or lower or regional or _in_a_persons_name(doc, m, given_names):
            for j in range(m.start, m.end):
                matches[j] = None
    return matches


def _written_in_lower_case(doc: Doc, m: Match) -> bool:
    """A name from the knowledge base (parties, groups, people: proper names), or an armed
    group's name of several words, written all in lower case is the words, not the name: "left
    en masse" is no Spanish party, "the liberal opposition" no Albanian one."""
    entry = m.entry
    if not isinstance(entry, ActorEntry):
        return False
    # Phoenix's armed groups named in common words too ("the red lines of civility" is no Greek
    # group, Red Line)
    group = entry.layer == "phoenix" and "MilNonState" in (entry.where or "") and m.end - m.start > 1
    if entry.layer != "kb" and not group:
        return False
    return all(t.is_lower or not t.is_alpha for t in doc[m.start : m.end])


def _in_a_persons_name(doc: Doc, m: Match, given_names: frozenset[str]) -> bool:
    """A place's one-word name inside a person's name, as told by a given name in it or by its
    coming first: "Ben Murray-Bruce" is no Australian (the Murray river), "Jordan Peterson" no
    Jordanian."""
    entry = m.entry
    if m.end - m.start != 1 or not isinstance(entry, ActorEntry) or any(len(r.code) > 3 for r in entry.roles):
        return False
    if doc[m.start].ent_type_ != "PERSON":
        return False
    start = m.start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = m.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    others = [t for t in doc[start:end] if t.i != m.start and t.is_alpha]
    if not others:
        return False
    # the first of a person's names is a given name ("Nasser Kanaani", "Chad Wolf")
    own_given = m.start == start and (doc[m.start].text.upper() in given_names or m.end < end)
    return own_given or any(t.text.upper() in given_names for t in others)


def _titles(tok: Token, head: Token) -> bool:
    """Whether ``tok`` modifies the name headed by ``head`` directly or through the name's
    other words ("*Prosecutor* Jane Lee": the title hangs on "Jane", which hangs on "Lee")."""
    while tok.dep_ in ("compound", "nmod") and tok.head.i != tok.i:
        if tok.head.i == head.i:
            return True
        tok = tok.head
        if tok.pos_ != "PROPN":
            return False
    return False


#: Places a force holds, which an attack on stands for an attack on the force ("struck rebel
#: positions", "militant hideouts", "military bases").
HOLDINGS = frozenset(
    {"position", "base", "hideout", "stronghold", "target", "camp", "post", "outpost", "installation", "site",
     "depot", "headquarters", "checkpoint", "barracks"}
)  # fmt: skip


#: Prepositions of a topic, into whose clause no search for whom an act is towards goes
#: ("concern about how the decree might affect South Korea").
TOPIC_ONLY = frozenset({"about", "over", "regarding", "concerning"})
#: Nouns of words, whose "on" is their topic ("Haley's strong words on Russia").
WORDS_NOUNS = frozenset(
    """
    words word remarks comment comments views view take statement statements report reports speech
    article column essay testimony thoughts position stance opinion
    """.split()  # noqa: SIM905 - a word list reads better as text
)


#: People named by what they know about: "a Ukraine specialist", "a China expert", "a Middle
#: East correspondent" are of no country their subject names.
EXPERT_NOUNS = frozenset(
    {"specialist", "expert", "analyst", "scholar", "correspondent", "watcher", "historian", "hand"}
)


def _subject_of_expert(tok: Token) -> bool:
    """Whether ``tok`` is a name (not a demonym) compounded with an expert noun: "a *Ukraine*
    specialist" (what they know), not "a *Ukrainian* specialist" (whose they are)."""
    return (
        tok.pos_ == "PROPN"
        and tok.dep_ == "compound"
        and tok.head.i > tok.i
        and tok.head.lemma_.lower() in EXPERT_NOUNS
    )


def _opens(tok: Token, child: Token, *, nested: bool = False) -> bool:
    """Whether the search for the actor an object names goes on from ``tok`` into ``child``: not
    into a relative clause ("the helicopter, which crashed in Logar" is no Afghan), nor a role
    ("as president"), nor a topic told as a clause ("concern about how …") or of words ("words
    on Russia")."""
    if child.dep_ == "relcl":
        return False
    if (
        nested
        and tok.pos_ in ("NOUN", "PROPN")
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
    ):
        # below the object, a clause with its own subject names its own actors ("held talks
        # pursuing an agreement for US troops to begin leaving"; but "hopes that Osgiliath …")
        return False
    if child.dep_ != "prep" or tok.pos_ not in ("NOUN", "PROPN", "VERB"):
        return True
    if child.lower_ == "as":
        return False  # "briefings as president": a role held
    if any(c.dep_ == "pcomp" for c in child.children):
        # a clause: "concern about how the decree might affect …", "accused his opponents of
        # sympathizing with North Korea" (but "rumours about Bree")
        return False
    return not (child.lower_ == "on" and tok.lemma_.lower() in WORDS_NOUNS)


def _as_association(ref: ActorRef) -> ActorRef:
    """An association named with its country ("the Ohio Sheriffs' Association", "the Restaurants
    Association of Ireland") is a body of that country (NGO), not the country."""
    if len(ref.code or "") != 3:
        return ref
    return replace(ref, code=f"{ref.code}NGO", sector="NGO")


#: Federal states, whose "federal" courts, police and prosecutors a story may name without
#: naming the state.
FEDERATIONS = frozenset(
    {"USA", "CAN", "MEX", "BRA", "ARG", "VEN", "DEU", "AUT", "CHE", "BEL", "RUS", "IND", "PAK", "NPL",
     "MYS", "AUS", "NGA", "ETH", "SOM", "SSD", "SDN", "IRQ", "ARE", "BIH"}
)  # fmt: skip


class SentenceActors:
    """Actor and agent matches for one document, queried per argument."""

    def __init__(
        self,
        doc: Doc,
        actors: PhraseIndex,
        agents: PhraseIndex,
        date: str | None,
        text: str | None = None,
        *,
        unknown_named: bool = False,
        context: SentenceActors | None = None,
        given_names: frozenset[str] = frozenset(),
    ):
        idx, words, lemmas = _words(doc)
        self.doc = doc
        self.text = text if text is not None else doc.text  # doc.text is rebuilt on every access
        self.date = date.replace("-", "") if date else None
        matches = find_matches(doc, actors, idx, words, lemmas, proper_single=True)
        self.actor_at = _not_sided(doc, matches, given_names)
        self.given_names = given_names
        self._drop_towns_of_other_countries()
        self._drop_namesakes_abroad()
        self.agent_at = find_matches(doc, agents, idx, words, lemmas)
        self._code_relatives_by_country(actors, agents)
        self.recent: list[tuple[int, ActorRef]] = []  # resolved actors, for later references
        self.token_index = idx  # tokens that take part in matching, and their words:
        self.words = words  # reused for discard phrases
        self.ent_at = {e.start: e for e in doc.ents}  # named entities by first token
        #: code people and organisations the dictionaries do not know as actors of unknown
        #: country ("---"), for later steps to place (PETRARCH's new_actor_length, for names)
        self.unknown_named = unknown_named
        self.context = context  # the body's actors, when this document is its headline
        self._people: dict[str | tuple[str, str], list[tuple[int, list[str], ActorRef]]] | None = None
        self._quotes: list[tuple[int, int]] | None = None  # quotation spans, found when needed
        self._ent_ends: list[int] | None = None  # the named entities' end tokens, when needed
        self._surnames: set[str] | None = None  # last words of full names, when needed

    def _actor_ref(self, start: int, end: int, code: str, actor_id: str | None) -> ActorRef:
        """The record of an actor named by tokens ``start:end`` (character offsets into the text)."""
        country, sector = split_code(code)
        while end - 1 > start and self.doc[end - 1].is_space:
            end -= 1  # a phrase never ends on a line break
        while start < end - 1 and self.doc[start].is_space:
            start += 1
        last = self.doc[end - 1]
        start_char, end_char = self.doc[start].idx, last.idx + len(last.text)
        return ActorRef(
            text=self.text[start_char:end_char],
            code=code,
            country=country,
            sector=sector,
            actor_id=actor_id,
            start=start_char,
            end=end_char,
        )

    def _code_of(self, m: Match) -> str | None:
        role = m.entry.role_on(self.date) if isinstance(m.entry, ActorEntry) else None
        return role.code if role else None

    def _country_of(self, m: Match) -> str | None:
        code = self._code_of(m)
        return split_code(code)[0] if code else None

    def _code_relatives_by_country(self, actors: PhraseIndex, agents: PhraseIndex) -> None:
        """ "Hunter Biden", "Melania Trump": a known person's surname after a given name that is
        none of theirs names a relative, who holds no office of theirs: the country alone. Where
        the document names nothing else of that country, nor the known person by full name, the
        name is a namesake's, no actor ("Steve Castor" in a story about Congress)."""
        doc = self.doc
        for i, m in enumerate(self.actor_at):
            if (
                m is None
                or m.start != i
                or m.end - m.start != 1
                or i == 0
                or not isinstance(m.entry, ActorEntry)
            ):
                continue
            given = doc[i - 1]
            if not (given.is_title and given.is_alpha and given.pos_ == "PROPN"):
                continue
            in_name = doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "I"
            if not in_name and not (given.dep_ == "compound" and given.head.i == i and not doc[i].ent_type_):
                continue  # "Ivanka Trump", which the tagger may not see as a name
            if self.agent_at[i - 1] is not None and given.text.upper() not in self.given_names:
                continue  # "*President* Biden", but "*Hunter* Biden"
            # the names the person goes by before this surname, not titles ("President Biden")
            surname = _word_forms(doc[i].text, doc[i].lemma_)[0]
            own = {w for w in actors.given_words(m.entry, surname) if (w,) not in agents.entries}
            if not own or given.text.upper() in own:
                continue
            role = m.entry.role_on(self.date)
            country = role.code[:3] if role is not None else ""
            if len(country) != 3 or country in ("---", "IGO"):
                continue
            if not any(
                o is not None
                and (o.end - o.start > 1 if o.entry is m.entry else self._country_of(o) == country)
                for o in self.actor_at
            ):
                self.actor_at[i] = None  # "Steve Castor" in a story nothing else ties to Guiana
                continue
            relative = ActorEntry(
                name=f"{given.text} {doc[i].text}",
                roles=[Role(country)],
                where=m.entry.where,
                layer=m.entry.layer,
            )
            self.actor_at[i] = Match(m.start, m.end, relative)

    def _drop_namesakes_abroad(self) -> None:
        """ "the opposition Democratic Party" in a story about South Korea is not the US party: a
        name other countries share is its actor's only where the rest of the document is not
        about another country."""
        shared = [m for m in self.actor_at if m is not None and getattr(m.entry, "namesakes_abroad", False)]
        if not shared:
            return
        others = Counter(
            country
            for m in self.actor_at
            if m is not None
            and not getattr(m.entry, "namesakes_abroad", False)
            and (country := self._country_of(m)) is not None
        )
        if not others:
            return
        top, n = others.most_common(1)[0]
        if n / sum(others.values()) <= 0.5:
            return
        for j, m in enumerate(self.actor_at):
            if m is not None and getattr(m.entry, "namesakes_abroad", False) and self._country_of(m) != top:
                self.actor_at[j] = None

    def _drop_towns_of_other_countries(self) -> None:
        """ "Birmingham, Alabama": a town the dictionaries give one country (Phoenix lists big
        towns as their countries) followed by a place of another is that other place's town."""
        doc, at = self.doc, self.actor_at
        for i, m in enumerate(at):
            if m is None or m.start != i or m.end + 1 >= len(doc) or doc[m.end].text != ",":
                continue
            after = at[m.end + 1]
            if (
                after is None
                or after.start != m.end + 1
                or not doc[i].ent_type_ == doc[after.start].ent_type_ == "GPE"
            ):
                continue
            if self._in_list(m.start - 1, backward=True) or self._in_list(after.end, backward=False):
                continue  # "Germany, France and Britain": a list of actors, not a town's address
            mine, theirs = self._country_of(m), self._country_of(after)
            if mine and theirs and mine != theirs:
                for j in range(m.start, m.end):
                    at[j] = None

    def _in_list(self, i: int, *, backward: bool) -> bool:
        """Whether token ``i`` (just before or after two actors named "A, B") goes on with a
        list: "and"/"or", or a comma and another actor."""
        doc, at = self.doc, self.actor_at
        if not 0 <= i < len(doc):
            return False
        if doc[i].lower_ in ("and", "or", "&"):
            return True
        j = i - 1 if backward else i + 1
        return doc[i].text == "," and 0 <= j < len(doc) and at[j] is not None

    def country_counts(self) -> Counter[str]:
        """How many actor mentions of the document belong to each country (on its date)."""
        out: Counter[str] = Counter()
        for m in self.actor_at:
            if m is not None and isinstance(m.entry, ActorEntry):
                role = m.entry.role_on(self.date)
                if role:
                    country, _ = split_code(role.code)
                    if country:
                        out[country] += 1
        return out

    def countries(self) -> set[str]:
        return set(self.country_counts())

    def _code_in(self, start: int, end: int) -> tuple[Match | None, Match | None]:
        actor: Match | None = None
        agent: Match | None = None
        for t in range(start, end):
            a = self.actor_at[t]
            if (
                a is not None
                and not self._hosting(a)
                and not self._locates_an_incident(a)
                and not _subject_of_expert(self.doc[a.end - 1])  # "a Ukraine specialist"
            ):
                actor = a  # the rightmost actor is nearest the head
            g = self.agent_at[t]
            if (
                g is not None
                and a is None
                and (agent is None or g.start != agent.start)
                and not self._surname(g)
            ):
                agent = g  # an agent word inside an actor's name ("Mahdi *Army*") is not an agent
        return actor, agent

    def _surname(self, g: Match) -> bool:
        """Whether a one-word title ends a person's name, as its surname: "Kevin *King*", "John
        *Major*" hold no office by it."""
        i = g.start
        tok = self.doc[i]
        if g.end - i != 1 or tok.pos_ != "PROPN" or not tok.is_title:
            return False
        if tok.ent_iob_ != "I" and (i + 1 >= len(self.doc) or self.doc[i + 1].ent_iob_ != "I"):
            # the name alone, as a full name in the document has it: "King and Weeks were abducted"
            if self._surnames is None:
                self._surnames = {e[-1].text for e in self.doc.ents if e.label_ == "PERSON" and len(e) > 1}
            return tok.text in self._surnames
        if tok.ent_type_ != "PERSON" or i == 0:
            return False
        last = i + 1 >= len(self.doc) or self.doc[i + 1].ent_iob_ != "I"
        before = self.doc[i - 1]
        return last and before.pos_ == "PROPN" and before.is_title and self.agent_at[i - 1] is None

    def _sent_by_the_other(self, ref: ActorRef, start: int, end: int) -> ActorRef:
        """ "Special envoy to Ukraine Kurt Volker", "Ambassador to the European Union Gordon
        Sondland" in a story of two countries: an envoy whose sending state the phrase does not
        name is of the story's main country other than the one they are sent to, when one
        country has most of the other mentions."""
        hosts = {
            self._country_of(m) or (self._code_of(m) or "")[:3]
            for m in self.actor_at[start:end]
            if m is not None and self._hosting(m)
        }
        if not hosts:
            return ref
        others = Counter({c: n for c, n in self.country_counts().items() if c not in hosts})
        if not others:
            return ref
        country, n = others.most_common(1)[0]
        if n / sum(others.values()) <= HOME_SHARE_OF_OTHERS:
            return ref
        return replace(ref, code=country + (ref.code or "---")[3:], country=country)

    def _federal(self, ref: ActorRef, start: int, end: int) -> ActorRef:
        """ "A federal grand jury", "federal prosecutors": of the federation the document names
        most, in a story about a unitary state too (an American tried at home for crimes in
        Cambodia)."""
        if not any(t.lower_ == "federal" for t in self.doc[start:end]):
            return ref
        counts = Counter({c: n for c, n in self.country_counts().items() if c in FEDERATIONS})
        if not counts:
            return ref
        country = counts.most_common(1)[0][0]
        return replace(ref, code=country + (ref.code or "---")[3:], country=country)

    def _names_an_association(self, start: int, end: int) -> bool:
        """Whether the phrase is an organisation's name ending in a word for an association
        ("… Sheriffs' Association", "… Lawyers Guild")."""
        return self._association_word(start, end) >= 0

    def _association_word(self, start: int, end: int) -> int:
        """The index of the phrase's word for an association in an organisation's name, or -1."""
        return next(
            (
                t.i
                for t in self.doc[start:end]
                if t.ent_type_ == "ORG" and t.lemma_.lower() in ASSOCIATIONS and t.is_title
            ),
            -1,
        )

    def _locates_an_incident(self, m: Match) -> bool:
        """ "the Berlin attack", "Iran unrest": a place naming where an incident happened, not
        an actor (a nationality names the attacker: "an Israeli air strike")."""
        last = self.doc[m.end - 1]
        return (
            last.dep_ == "compound"
            and last.head.lemma_.lower() in INCIDENTS
            and self.doc[m.start].ent_type_ in ("GPE", "LOC", "FAC")
        )

    def _hosting(self, m: Match) -> bool:
        """Whether the actor is where an envoy is sent ("U.S. Ambassador *to the United Nations*
        Nikki Haley"), not the one the envoy speaks for."""
        j = m.start - 1
        if j >= 0 and self.doc[j].lower_ == "the":
            j -= 1
        if j >= 1 and self.doc[j].lower_ == "to" and self.doc[j - 1].lemma_.lower() in ENVOYS:
            return True
        # "the United Nations ambassador": a state's ambassador to a body (a "UN envoy" is the
        # body's own)
        after = self.doc[m.end] if m.end < len(self.doc) else None
        code = self._code_of(m) or ""
        return after is not None and after.lemma_.lower() == "ambassador" and code.startswith("IGO")

    def _names_head(self, agent: Match, head: Token) -> bool:
        """Whether an agent word names the phrase's referent: it is the head ("Iraqi *police*"),
        or a possessor ("the *government's* plan"). In "military exercises" it does not."""
        if agent.start <= head.i < agent.end:
            return True
        tok = self.doc[agent.end - 1]
        if head.pos_ == "PROPN" and _titles(tok, head):
            return True  # a title before a name: "*King* Hassan", "*Prosecutor* Jane Lee"
        if head.lemma_.lower() in HOLDINGS and tok.dep_ in ("compound", "amod") and tok.head.i == head.i:
            return True  # what a group holds stands for it: "struck *rebel* positions"
        for _ in range(6):
            if tok.dep_ == "poss":
                return True
            if tok.i == head.i or tok.head.i == tok.i:
                return False
            tok = tok.head
        return False

    def _core(self, head: Token) -> tuple[int, int]:
        """The noun phrase's own tokens: its left modifiers, the head, trailing name parts."""
        end = head.i + 1
        while end < len(self.doc) and self.doc[end].dep_ in ("compound", "flat"):
            end += 1
        return head.left_edge.i, end

    def _ref(self, start: int, end: int, actor: Match | None, agent: Match | None) -> ActorRef | None:
        if actor is None and agent is None:
            return None
        if actor is not None and actor.start >= start and actor.end > end:
            end = actor.end  # "Nouri al-Maliki" parsed with "al" as the head
        if actor is not None and not (start <= actor.start < end):
            start, end = actor.start, actor.end  # the actor was found outside the phrase
        code, actor_id = self._combine(actor, agent)
        if code is None:
            return None
        while start < end - 1 and self.doc[start].pos_ in ("DET", "PUNCT"):
            start += 1
        return self._actor_ref(start, end, code, actor_id)

    def resolve(self, head: Token, *, deep: bool) -> ActorRef | None:
        """Code the noun phrase headed by ``head`` (the first actor when it names several)."""
        refs = self.resolve_all(head, deep=deep)
        return refs[0] if refs else None

    def resolve_all(self, head: Token, *, deep: bool) -> list[ActorRef]:
        """Actors named by the phrase headed by ``head``.

        The phrase's own words first ("Iran's ambassador" → IRNGOV); else an ``of``/``from``/
        ``in`` phrase or apposition, each coordinated actor there combined with the head's
        agent ("the ambassadors of Arnor and Gondor" → ARNGOV, GONGOV); with ``deep``, else
        the nearest actor anywhere below the head, with its coordinated partners.
        """
        if head.pos_ == "PRON":
            return self._pronoun(head)
        if head.pos_ == "PUNCT":
            return []
        refs = self._resolve_phrase(head, deep=deep)
        if not refs and self.unknown_named:
            unknown = self._unknown_named(head)
            if unknown is not None:
                self.recent.append((head.i, unknown))
                return [unknown]
        if refs and all(r.country is None and r.code and r.code.startswith("---") for r in refs):
            refs = [self._antecedent(head, r) or r for r in refs]
        for r in refs:
            if r.country is not None:
                self.recent.append((head.i, r))
        return refs

    #: Named-entity types that name actors the dictionaries may not know.
    UNKNOWN_NAMED_TYPES = frozenset({"PERSON", "ORG"})

    def _unknown_named(self, head: Token) -> ActorRef | None:
        """A person or organisation named by the phrase but in no dictionary: code "---" (no
        country, no sector), its id the name, so that "he" and "she" can refer back to it."""
        if head.ent_type_ not in self.UNKNOWN_NAMED_TYPES:
            if head.pos_ == "PROPN":  # a surname the tagger missed or took for a place
                return self._namesake(self.doc[head.i : head.i + 1])
            return None
        start = head.i
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        ent = self.ent_at.get(start)
        if ent is None or ent.label_ not in self.UNKNOWN_NAMED_TYPES:
            return None
        if ent.label_ == "PERSON" or len(ent) == 1:  # a lone surname may be tagged ORG
            known = self._namesake(ent)
            if known is not None:
                return known
        name = " ".join(ent.text.split()).lower()
        actor_id = f"name:{name}" if ent.label_ == "PERSON" else None
        if ent.label_ == "ORG" and self._names_an_association(ent.start, ent.end):
            return replace(self._actor_ref(ent.start, ent.end, "---NGO", None), sector="NGO")
        return replace(self._actor_ref(ent.start, ent.end, "---", actor_id), sector=None)

    @staticmethod
    def _name_words(ent: Span) -> list[str]:
        return [t.lower_ for t in ent if t.is_alpha and t.tag_ != "POS"]

    def _namesake(self, ent: Span) -> ActorRef | None:
        """A person the dictionaries do not know, named elsewhere in the document with a title
        that codes them: "Defense Secretary Mark Esper" codes a later "Esper said" (and a
        headline's "Esper accuses …"). Only one namesake with a code may exist, and full names
        must agree ("James Lee" is not "Han Lee")."""
        words = self._name_words(ent)
        if not words:
            return None
        ref = self._titled(words, skip=ent.start)
        if ref is None and self.context is not None:
            ref = self.context._titled(words, skip=None)
        if ref is None:
            return None
        mention = self._actor_ref(ent.start, ent.end, ref.code or "---", ref.actor_id)
        return replace(mention, country=ref.country, sector=ref.sector)

    def _titled(self, words: list[str], skip: int | None) -> ActorRef | None:
        """The one code that this document's other mentions of the name ``words`` give."""
        found: dict[str | None, ActorRef] = {}
        people = self._coded_people()
        for start, other_words, ref in people.get(words[-1], ()):
            if start == skip or (len(words) > 1 and len(other_words) > 1 and other_words != words):
                continue
            found.setdefault(ref.code, ref)
        if len(words) == 1 and all((code or "---").startswith("---") for code in found):
            # a name written surname first ("Yoon Suk Yeol", later "Yoon"), which a titled
            # mention of no country ("President Yoon", ---GOV) does not outrank
            first = {ref.code: ref for start, _, ref in people.get(("first", words[0]), ()) if start != skip}
            if len(first) == 1:
                return next(iter(first.values()))
        placed = {code: ref for code, ref in found.items() if not (code or "---").startswith("---")}
        if placed:  # "Senator Smith" (---LEG) and "John Smith" (USALEG): the one with a country
            found = placed
        return next(iter(found.values())) if len(found) == 1 else None

    def _coded_people(self) -> dict[str | tuple[str, str], list[tuple[int, list[str], ActorRef]]]:
        """The document's people whose phrase codes them, by surname (worked out once: a long
        document names many people many times)."""
        if self._people is None:
            self._people = {}
            for ent in self.doc.ents:
                words = self._name_words(ent) if ent.label_ == "PERSON" else []
                if not words:
                    continue
                refs = self._resolve_phrase(ent.root, deep=False)
                if refs and refs[0].code and refs[0].code != "---":
                    self._people.setdefault(words[-1], []).append((ent.start, words, refs[0]))
                    if len(words) > 1:
                        self._people.setdefault(("first", words[0]), []).append((ent.start, words, refs[0]))
        return self._people

    #: Pronouns resolved to the nearest named person, and to the last group or state.
    PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
    GROUP_PRONOUNS = frozenset({"they", "them"})

    #: Pronouns that, inside a quotation, stand for its speaker ("“They blamed me,” Ann said").
    SPEAKER_PRONOUNS = frozenset({"i", "me", "we", "us"})

    def _pronoun(self, head: Token) -> list[ActorRef]:
        low = head.lower_
        if low in self.SPEAKER_PRONOUNS:
            speaker = self._quoted_speaker(head)
            return [self._refer(head, speaker)] if speaker is not None else []
        found: tuple[int, ActorRef] | None = None
        for i, ref in reversed(self.recent):
            if i >= head.i:
                continue
            is_person = ref.actor_id is not None
            if (low in self.PERSON_PRONOUNS and is_person) or (low in self.GROUP_PRONOUNS and not is_person):
                found = (i, ref)
                break
            if low not in self.PERSON_PRONOUNS | self.GROUP_PRONOUNS:
                return []
        if low in self.PERSON_PRONOUNS:
            named = self._nearest_named_person(head)
            if named is not None and (found is None or named[0] > found[0]):
                found = named  # a person named closer by than the last one an event was about
        return [self._refer(head, found[1])] if found is not None else []

    def _nearest_named_person(self, head: Token) -> tuple[int, ActorRef] | None:
        """The person named last before ``head``, in its sentence or the one before, who is
        not the subject of the pronoun's own verb ("Trump praised him" is not Trump)."""
        sent = head.sent
        earliest = sent.start
        if sent.start > 0:
            earliest = self.doc[sent.start - 1].sent.start
        own_subjects = {
            c.i for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass") and head.dep_ != "poss"
        }
        if self._ent_ends is None:
            self._ent_ends = [e.end for e in self.doc.ents]
        ents = self.doc.ents
        for k in range(bisect_right(self._ent_ends, head.i) - 1, -1, -1):
            ent = ents[k]
            if ent.start < earliest:
                break
            if ent.label_ != "PERSON" or ent.root.i in own_subjects:
                continue
            refs = self._resolve_phrase(ent.root, deep=False)
            ref = refs[0] if refs else (self._unknown_named(ent.root) if self.unknown_named else None)
            if ref is not None and ref.actor_id is not None:
                return ent.root.i, ref
        return None

    def quotation_end(self, at: int) -> int:
        """The end (a character offset) of the quotation the character ``at`` lies in, or 0."""
        if self._quotes is None:
            self._quotes = quote_spans(self.text)
        i = bisect_right(self._quotes, (at, len(self.text) + 1)) - 1
        return self._quotes[i][1] if i >= 0 and self._quotes[i][0] < at < self._quotes[i][1] else 0

    def _quoted_speaker(self, head: Token) -> ActorRef | None:
        """The speaker of the quotation ``head`` stands in, when the words after it name them."""
        end = self.quotation_end(head.idx)
        if not end:
            return None
        subj = quotation_speaker(self.doc, end)
        if subj is None or subj.lower_ in self.SPEAKER_PRONOUNS:
            return None
        return self.resolve(subj, deep=False)

    def _antecedent(self, head: Token, ref: ActorRef) -> ActorRef | None:
        """ "the ministry", "the militia": the last actor of the same sector in the document."""
        sector = ref.code[3:6] if ref.code else None
        for i, prior in reversed(self.recent):
            if i < head.i and prior.sector == sector and prior.code:
                return replace(prior, text=ref.text, start=ref.start, end=ref.end)
        return None

    @staticmethod
    def _refer(head: Token, ref: ActorRef) -> ActorRef:
        return replace(ref, text=head.text, start=head.idx, end=head.idx + len(head.text))

    def _resolve_phrase(self, head: Token, *, deep: bool) -> list[ActorRef]:
        start, end = self._core(head)
        actor, agent = self._code_in(start, end)
        if actor is None and agent is not None and not self._names_head(agent, head):
            agent = None
        association = self._names_an_association(start, end)
        if association and agent is not None and agent.start > self._association_word(start, end):
            agent = None  # "Ohio Teachers Association President Ann Lee": the association's office
        own = self._ref(start, end, actor, agent)
        if own is not None and actor is None and own.country is None:
            own = self._sent_by_the_other(own, start, max(end, head.right_edge.i + 1))
        if own is not None and actor is None and own.country is None:
            own = self._federal(own, start, end)
        association = association and agent is None
        if own is not None and association:
            own = _as_association(own)  # "the Oklahoma Sheriffs' Association"
        if actor is not None:
            shared = self._coordinated_modifiers(start, end, agent)
            if shared:
                return shared
            return [own] if own else []
        # "the president of Iran", "militias in Iraq", "officials from Iran": the phrase names
        # a role whose country follows; "an attack in Ithilen" names a place, not an actor.
        lemma = head.lemma_.lower()
        role_like = agent is not None or head.pos_ == "NUM" or lemma in PARTITIVES or lemma in TITLE_NOUNS
        some_of: list[ActorRef] = []
        for child in head.rights:
            # "a spokesperson *for* X", "a director *at* X"
            preps = ("of", "from", "in", "for", "at") if role_like else ("of",)
            if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ in preps):
                objs = [child] if child.dep_ == "appos" else [c for c in child.children if c.dep_ == "pobj"]
                refs = self._with_agent(objs, agent)
                if not refs and child.dep_ == "appos":
                    # "Philip Luther, research director at Amnesty International": his title's
                    # organisation; "Ann Lee, a police officer": her role
                    refs = self._resolve_phrase(child, deep=False)
                if not refs and child.lower_ == "of" and (lemma in PARTITIVES or head.pos_ == "NUM"):
                    # "thousands of teachers": some of a group the dictionaries know by its role
                    # (if nothing names their country)
                    some_of = some_of or [r for o in objs for r in self._resolve_phrase(o, deep=False)]
                    continue
                if refs:
                    # "the Restaurants Association of Ireland"
                    return (
                        [_as_association(r) for r in refs] if association and child.lower_ == "of" else refs
                    )
        if deep:
            # not into a relative clause: "the helicopter, which crashed in Logar" is no Afghan
            queue = [c for c in head.children if (c.i >= end or c.i < start) and _opens(head, c)]
            while queue:
                tok = queue.pop(0)
                s, e = self._core(tok)
                found, role = self._code_in(s, e)
                if found is not None and tok.pos_ not in ("PRON", "PUNCT"):
                    refs = self._with_agent([tok], None)
                    if refs:
                        return refs
                elif role is not None and tok.dep_ == "pobj" and own is None and self._names_head(role, tok):
                    # "pressure from Congress to help Iran": the nearer role noun, not an actor
                    # named further down in what the pressure is for
                    ref = self._ref(s, e, None, role)
                    if ref is not None:
                        return [ref]
                queue.extend(c for c in tok.children if _opens(tok, c, nested=True))
        if deep and own is None and not some_of and self.unknown_named and lemma in POLITICAL_OBJECTS:
            # "opposed the FCC decision", "Amazon's stance": whoever the undertaking is of
            for child in head.children:
                if child.dep_ in ("compound", "poss") and child.ent_type_ in self.UNKNOWN_NAMED_TYPES:
                    unknown = self._unknown_named(child)
                    if unknown is not None:
                        return [unknown]
        return [own] if own else some_of

    def _coordinated_modifiers(self, start: int, end: int, agent: Match | None) -> list[ActorRef]:
        """ "Thai and Cambodian troops", "the Turkish and Iranian foreign ministers": one
        actor per coordinated modifier, each with the phrase's agent."""
        matches: list[Match] = []
        for t in range(start, end):
            m = self.actor_at[t]
            if m is not None and (not matches or matches[-1] is not m):
                matches.append(m)
        if len(matches) < 2:
            return []
        between = self.doc[matches[0].end : matches[-1].start]
        if not any(t.dep_ == "cc" or t.pos_ == "CCONJ" for t in between):
            return []
        refs = []
        for m in matches:
            code, actor_id = self._combine(m, agent)
            if code is None:
                continue
            refs.append(self._actor_ref(m.start, m.end, code, actor_id))
        return refs

    def _with_agent(self, heads: list[Token], agent: Match | None) -> list[ActorRef]:
        refs: list[ActorRef] = []
        for h in heads:
            for tok in (h, *(c for c in h.conjuncts if c.i != h.i)):
                s, e = self._core(tok)
                actor, own_agent = self._code_in(s, e)
                if actor is not None:
                    ref = self._ref(s, e, actor, own_agent or agent)
                    if ref is not None:
                        refs.append(ref)
        return refs

    def _combine(self, actor: Match | None, agent: Match | None) -> tuple[str | None, str | None]:
        actor_code: str | None = None
        actor_id: str | None = None
        if actor is not None and isinstance(actor.entry, ActorEntry):
            role = actor.entry.role_on(self.date)
            if role is None:
                return None, None
            actor_code = role.code
            if len(actor_code) > 3:
                actor_id = "_".join(w.lower() for w in actor.entry.name.strip("_").split("_") if w)
        agent_code = agent.entry.code if agent is not None and isinstance(agent.entry, AgentEntry) else None
        if actor_code is None:
            if agent_code is None:
                return None, None
            return "---" + agent_code.replace("~", ""), None
        if agent_code and actor_code[3:6] == "ELI" and agent_code.lstrip("~")[:3] in TITLE_SECTORS:
            # "President X", "opposition leader X": the title outranks a dated role
            return actor_code[:3] + agent_code.lstrip("~")[:3], actor_id
        if agent_code and len(actor_code) == 3:
            if agent_code.startswith("~"):
                return actor_code + agent_code[1:], actor_id
            return agent_code.rstrip("~") + actor_code, actor_id
        return actor_code, actor_id
