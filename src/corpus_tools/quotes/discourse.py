"""The discourse state of one text: who has been named so far, and how a speaker phrase resolves.

Entities are created from speaker phrases and name mentions in text order; a back-reference
(he/she/they/it, "the spokeswoman", a surname) takes the most recent compatible entity that was a
subject within ``window`` paragraphs, else the most recent compatible mention.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from corpus_tools.quotes.lexicon import _LINKS, _MASK, _PARTICLE, _Lexicon
from corpus_tools.tokenize import split_paragraphs, split_sentences


@dataclass
class _Entity:
    name: str
    kind: str                # person / organisation / group
    gender: str = ""
    actor_type: str = "unknown"
    roles: set = field(default_factory=set)      # role / organisation nouns it was named with
    last: int = -1           # position of its last mention
    last_subject: int = -1   # position of its last mention as a subject or speaker
    para_subject: int = -10**9

    def surname(self) -> str:
        return self.name.split()[-1] if self.kind == "person" and self.name else ""


@dataclass
class _Resolved:
    entity: _Entity | None
    resolution: str          # name, surname, table, pronoun, description, role, organisation, unresolved
    role: str = ""


class _State:
    def __init__(self, lex: _Lexicon, doc: _MaskedText, actors, window: int):
        self.lex = lex
        self.doc = doc
        self.entities: list[_Entity] = []
        self.actors = actors
        self.window = window

    # -- bookkeeping
    def touch(self, ent: _Entity, pos: int, subject: bool) -> None:
        ent.last = max(ent.last, pos)
        if subject:
            ent.last_subject = max(ent.last_subject, pos)

    def find_name(self, name: str) -> _Entity | None:
        key = name.casefold()
        for ent in reversed(self.entities):
            if ent.name.casefold() == key:
                return ent
        return None

    def find_surname(self, token: str, before: int) -> _Entity | None:
        best = None
        for ent in self.entities:
            if ent.kind in ("person", "unknown") and len(ent.name.split()) > 1 and ent.last < before + 1 and (
                    ent.surname() == token or token in ent.name.split()[1:]):
                if best is None or ent.last > best.last:
                    best = ent
        return best

    def new(self, name: str, kind: str, gender: str = "", actor_type: str = "unknown") -> _Entity:
        ent = _Entity(name, kind, gender, actor_type)
        self.entities.append(ent)
        return ent

    def compatible(self, pos: int, kinds, gender: str, *, roles: frozenset = frozenset(),
                   subject_only: bool) -> _Entity | None:
        floor = self.doc.para_index(pos) - self.window
        best, best_pos = None, -1
        for ent in self.entities:
            p = ent.last_subject if subject_only else ent.last
            if p < 0 or p >= pos or self.doc.para_index(p) < floor:
                continue
            if ent.kind not in kinds:
                continue
            if gender and ent.gender and ent.gender != gender:
                continue
            if roles and not (roles & ent.roles):
                continue
            if p > best_pos:
                best, best_pos = ent, p
        return best

    def antecedent(self, pos: int, kinds, gender: str, roles: frozenset = frozenset(), *,
                   subject_first: bool = True, kinds_first=None) -> _Entity | None:
        for ks in ((kinds_first, kinds) if kinds_first else (kinds,)):
            for subject_only in ((True, False) if subject_first else (False,)):
                ent = self.compatible(pos, ks, gender, roles=roles, subject_only=subject_only)
                if ent is not None:
                    return ent
        return None

    def find_prefix(self, label: str) -> _Entity | None:
        """An earlier entity this capitalised label abbreviates ("Carrow" for "Carrow Foods")."""
        for ent in reversed(self.entities):
            if ent.kind in ("organisation", "unknown") and ent.name != label and ent.name.startswith(label + " "):
                return ent
        return None


class _MaskedText:
    def __init__(self, text: str, masked: str):
        self.text = text
        self.masked = masked
        self.paragraphs = split_paragraphs(text) if text.strip() else [(0, len(text))]
        self.para_starts = [s for s, _ in self.paragraphs]
        # sentences of the text with every quotation read as one word (its final . ! ? kept), so a
        # sentence never ends inside a quotation and the attribution clause stays with its quote
        readable = re.sub(f"{_MASK}+", lambda m: "x" * len(m.group()), masked)
        for i, ch in enumerate(text):
            if masked[i] == _MASK and ch in ".!?" and (i + 1 == len(text) or masked[i + 1] != _MASK):
                readable = readable[:i] + ch + readable[i + 1:]
        sents = [(s, e) for _, s, e in split_sentences(readable)] if masked.strip() else []
        self.sentences = sents or [(0, len(text))]
        self.sent_starts = [s for s, _ in self.sentences]

    def para_index(self, pos: int) -> int:
        return max(bisect.bisect_right(self.para_starts, pos) - 1, 0)

    def para_span(self, pos: int) -> tuple[int, int]:
        return self.paragraphs[self.para_index(pos)]

    def sentence_span(self, pos: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)
        return self.sentences[i]


# --------------------------------------------------------------------------------------------
# Speaker phrases
# --------------------------------------------------------------------------------------------


def _names_one_actor(canonical: str) -> bool:
    """True for an actor-table label naming one actor (capitalised: "UNHCR"), not a kind ("minister")."""
    return canonical[:1].isupper()


def _clean_tokens(phrase: str) -> list[str]:
    tokens = [t.strip(",") for t in phrase.replace("\u00a0", " ").split() if t.strip(",")]
    while len(tokens) > 1 and tokens[0] in _CONJUNCTIONS:  # "but lawmakers said": the subject is "lawmakers"
        tokens = tokens[1:]
    return tokens


_CONJUNCTIONS = {"but", "and", "or", "while", "so", "yet", "whereas"}


def _strip_possessive(tok: str) -> str:
    return re.sub(r"[’']s$", "", tok)


class _Resolver:
    """Turn a speaker phrase into an entity, creating entities as they are introduced."""

    def __init__(self, state: _State):
        self.s = state
        self.lex = state.lex

    def gender_of_name(self, tokens: list[str], title_gender: str) -> str:
        if title_gender:
            return title_gender
        first = tokens[0] if tokens else ""
        return self.lex.res.first_names.get(first, "")

    def split_title(self, tokens: list[str]) -> tuple[list[str], str, str]:
        """(name tokens, title/role words, gender from the title)."""
        gender = ""
        cut = 0
        i = 0
        while i < len(tokens):
            rest = " ".join(tokens[i:])
            m = self.lex.title_re.match(rest)
            low = tokens[i].lower().rstrip(".")
            if m:
                n = len(m.group().split())
                g = self.lex.res.titles.get(m.group().rstrip(".").replace("  ", " "), "")
                gender = g or gender
                i += n
                cut = i
                continue
            if low in self.lex.person_roles or low in self.lex.org_roles or (
                    re.fullmatch(r"[A-Z]{2,}s?", tokens[i]) and i + 1 < len(tokens)) or (
                    tokens[i][:1].islower() and low not in _PARTICLE):
                if low in self.lex.person_roles:
                    g = self.lex.res.roles[low][1]
                    gender = gender or g
                i += 1
                cut = i
                continue
            i += 1
        return tokens[cut:], " ".join(tokens[:cut]), gender

    def is_org_name(self, tokens: list[str]) -> bool:
        lows = {t.lower().rstrip(".") for t in tokens}
        if lows & (self.lex.org_roles | {"international", "inc", "ltd", "corp", "plc", "voice", "watch",
                                         "foundation", "institute", "network", "alliance", "trust"}):
            return True
        return len(tokens) == 1 and bool(re.fullmatch(r"[A-Z]{2,}s?", tokens[0]))

    def table(self, phrase: str, pos: int, *, named: bool = True) -> _Resolved | None:
        """The first actor-table row matching ``phrase``: rows that name one actor, or (named=False) kinds."""
        for canonical, actor_type, entity, regex, context in self.s.actors:
            if _names_one_actor(canonical) != named:
                continue
            if context is not None and not context.search(self.s.doc.text):
                continue
            m = regex.search(phrase)
            if m:
                kind = {"person": "person", "group": "group", "document": "document"}.get(entity, "organisation")
                ent = self.s.find_name(canonical) or self.s.new(canonical, kind, actor_type=actor_type)
                if ent.actor_type == "unknown":  # first met as a name mention, before the table typed it
                    ent.actor_type = actor_type
                if kind == "person" and not ent.gender:
                    ent.gender = self.lex.res.first_names.get(canonical.split()[0], "")
                role = re.sub(r"\s+", " ", phrase[:m.start()] + " " + phrase[m.end():]).strip(" ,")
                return _Resolved(ent, "table", role if named else "")
        return None

    def type_by_name(self, ent: _Entity) -> None:
        """Give an entity the canonical name and type of a named table row its name matches in full."""
        if ent.actor_type != "unknown":
            return
        for canonical, actor_type, _entity, regex, context in self.s.actors:
            if not _names_one_actor(canonical) or (context is not None and not context.search(self.s.doc.text)):
                continue
            if ent.name == canonical or regex.fullmatch(ent.name):
                ent.name, ent.actor_type = canonical, actor_type
                return

    def kind_type(self, phrase: str) -> str:
        """The actor type of the longest kind-of-actor row ("a police spokesman" over "spokesman") matching ``phrase``."""
        best, best_len = "unknown", 0
        for canonical, actor_type, _entity, regex, context in self.s.actors:
            if _names_one_actor(canonical) or actor_type == "unknown":
                continue
            if context is not None and not context.search(self.s.doc.text):
                continue
            m = regex.search(phrase)
            if m and m.end() - m.start() > best_len:
                best, best_len = actor_type, m.end() - m.start()
        return best

    def resolve(self, phrase: str, pos: int, role: str = "") -> _Resolved:
        """Resolve a speaker phrase: the actor table where it names the actor, else the rules.

        A table row whose canonical label starts with a capital names one actor ("Nikki Haley",
        "UNHCR"): a phrase matching it is that actor. Other rows name a kind of actor ("minister",
        "the council", "attorneys general"): where the rules find who that is (a name, a surname, a
        pronoun or description referring back, the institution a spokeswoman speaks for), the rules'
        speaker stands and the row only gives its actor type; otherwise the row's label is the speaker.
        """
        hit = self.table(phrase, pos)
        if hit is not None:
            if role:
                hit.entity.roles |= self.role_nouns(role)
            return hit
        found = self.resolve_rules(phrase, pos, role)
        if found.entity is not None:
            if found.entity.actor_type == "unknown":
                found.entity.actor_type = self.kind_type(f"{phrase} {role}".strip())
            return found
        kind = self.table(phrase, pos, named=False)
        return kind if kind is not None else found

    def resolve_rules(self, phrase: str, pos: int, role: str = "") -> _Resolved:
        tokens = _clean_tokens(phrase)
        if not tokens:
            return _Resolved(None, "unresolved")
        low = [t.lower() for t in tokens]
        res = self.lex.res
        if len(tokens) == 1 and low[0] in res.pronouns:
            kinds, gender = res.pronouns[low[0]]
            ent = self.s.antecedent(pos, (*kinds, "unknown"), gender, kinds_first=kinds)
            if ent is None:
                return _Resolved(None, "unresolved")
            if ent.kind == "unknown":
                ent.kind = kinds[0]
            if gender and not ent.gender and ent.kind == "person":
                ent.gender = gender
            return _Resolved(ent, "pronoun")
        if low[0] in ("a", "an", "the", "its", "his", "her", "their") or tokens[0][:1].islower():
            j = len(tokens)
            while j > 0 and (tokens[j - 1][:1].isupper() or (low[j - 1] in _PARTICLE and j < len(tokens))):
                j -= 1
            if 0 < j < len(tokens) and low[j - 1] not in _DETERMINERS and low[j - 1] not in _LINKS | _COMPLEMENT:
                # "the hospital spokeswoman Jane Doe", "health minister Jane Doe": the name, with its role
                named = self.resolve(" ".join(tokens[j:]), pos, " ".join(tokens[:j]))
                if named.entity is not None:
                    named.entity.roles |= self.role_nouns(" ".join(tokens[:j]))
                    named.role = named.role or " ".join(tokens[:j])
                    return named
            return self.noun_phrase(tokens, pos, role)
        if len(tokens) <= 4 and (low[0] in _QUANTIFIERS or _strip_possessive(low[0]) in self.lex.all_roles) and all(
                t[:1].islower() for t in tokens[1:]):
            # a common noun capitalised because it opens the sentence: "Police said", "Some parents said"
            rest = tokens[1:] if low[0] in _QUANTIFIERS else tokens
            return self.noun_phrase([t.lower() for t in rest] or [low[0]], pos, role)
        # capitalised phrase: a name, a titled name or an organisation
        poss = [i for i, t in enumerate(tokens[:-1]) if re.search(r"[’']s?$", t)]
        if poss:  # "Labour's Jane Doe", "Carrow's chief executive": the owner is not the name
            tokens = tokens[poss[-1] + 1:]
        tokens = [_strip_possessive(t) for t in tokens]
        name, title, gender = self.split_title(tokens)
        while name and (name[-1].lower() in _LINKS):
            name = name[:-1]
        if not name:
            if title:
                return self.noun_phrase(tokens, pos, role)
            return _Resolved(None, "unresolved")
        if not all(t[:1].isupper() or t.lower() in _PARTICLE | _LINKS for t in name):
            return _Resolved(None, "unresolved")
        if self.is_org_name(tokens) and not (title and len(name) >= 2 and name[0] in res.first_names):
            label = " ".join(name if self.is_org_name(name) else tokens)
            ent = self.s.find_name(label) or self.s.find_prefix(label) or self.s.new(label, "organisation")
            if ent.kind == "unknown":
                ent.kind = "organisation"
            ent.roles |= {t.lower() for t in tokens if t.lower() in self.lex.org_roles}
            return _Resolved(ent, "organisation")
        roles = self.role_nouns(title + " " + role)
        if len(name) == 1:
            ent = self.s.find_surname(name[0], pos)
            if ent is not None:
                if ent.kind == "unknown":
                    ent.kind = "person"
                if gender and not ent.gender:
                    ent.gender = gender
                ent.roles |= roles
                return _Resolved(ent, "surname", title)
            ent = self.s.find_prefix(name[0])
            if ent is not None:
                return _Resolved(ent, "organisation")
            fam = re.search(r"([A-Z][\w\-]+)[’']s\s+(?:" + "|".join(_FAMILY) + r")\b", role)
            if fam:
                owner = self.s.find_surname(fam.group(1), pos)
                name = [name[0], owner.surname() if owner is not None else fam.group(1)]
        full = " ".join(name)
        ent = self.s.find_name(full)
        org_roles = roles & (self.lex.org_roles | self.lex.group_roles)
        person_roles = roles & self.lex.person_roles
        if ent is None and org_roles and not person_roles and not title:
            # "The developer, Ashcroft Homes, said": named by an organisation noun
            ent = self.s.new(full, "organisation")
            ent.roles |= org_roles
            return _Resolved(ent, "organisation")
        if ent is None:
            known = bool(title) or name[0] in res.first_names or bool(person_roles)
            ent = self.s.new(full, "person" if known or len(name) == 1 else "unknown",
                             self.gender_of_name(name, gender))
        elif ent.kind == "unknown" and (title or roles):
            ent.kind = "person"
        elif gender and not ent.gender:
            ent.gender = gender
        ent.roles |= roles
        if not ent.gender:
            ent.gender = self.gender_from_roles(roles)
        return _Resolved(ent, "name", title)

    def role_nouns(self, words: str) -> set:
        """Role nouns of a title or appositive, up to its first complement ("organiser for the union")."""
        toks = [t.lower().strip(",.") for t in words.split()]
        if toks and toks[0] in ("who", "whose", "which", "where", "when", "whom"):
            return set()  # a relative clause describes, it does not name ("who chairs the committee")
        out = set()
        for t in toks:
            if t in _COMPLEMENT:
                break
            if t.endswith(("’s", "'s")):
                continue  # "Ms Whitaker's brother", "the union's": the owner is not the role
            if t in self.lex.all_roles:
                out.add(t)
        return out

    def gender_from_roles(self, roles: set) -> str:
        genders = {self.lex.res.roles[r][1] for r in roles if r in self.lex.res.roles} - {""}
        return genders.pop() if len(genders) == 1 else ""

    def head_of(self, tokens: list[str]):
        """(index of the head noun, index where the head phrase starts) of a determiner phrase."""
        low = [t.lower().strip(",.") for t in tokens]
        stop = next((i for i, t in enumerate(low) if i > 0 and t in _COMPLEMENT), len(low))
        nouns = self.lex.all_roles
        head_i = None
        for i in range(stop):
            if low[i] in nouns and not low[i].endswith(("’s", "'s")):
                head_i = i
        if head_i is None:
            return None, None
        first = 1 if low[0] in _DETERMINERS else 0
        for i in range(head_i):
            if low[i].endswith(("’s", "'s")):
                first = i + 1
        return head_i, first

    def org_label(self, tokens: list[str]) -> str:
        words = [w.strip(",") for w in tokens]
        if words and all(w[:1].isupper() for w in words):
            return " ".join(words)
        return " ".join(w.lower() if not re.fullmatch(r"[A-Z]{2,}s?", w) else w for w in words)

    def resolve_org(self, tokens: list[str], pos: int) -> _Entity | None:
        """An institution named by a phrase ("the council", "the hospital", "Westfield Borough Council")."""
        if not tokens:
            return None
        low = [t.lower().strip(",.") for t in tokens]
        if low[0] in _DETERMINERS:
            tokens, low = tokens[1:], low[1:]
        if not tokens:
            return None
        caps = [t for t in tokens if t[:1].isupper()]
        if caps and tokens[0][:1].isupper() and tokens[-1][:1].isupper() and all(
                t[:1].isupper() or t.lower() in _LINKS for t in tokens):
            label = " ".join(t.strip(",.") for t in tokens)
            label = re.sub(r"[’']s$", "", label)
            ent = self.s.find_name(label)
            if ent is None:
                sur = self.s.find_prefix(label)
                ent = sur or self.s.new(label, "organisation")
            return ent
        head = _strip_possessive(low[-1])
        ent = self.s.antecedent(pos, ("organisation", "unknown"), "", frozenset({head}))
        if ent is None:
            ent = next((e for e in reversed(self.s.entities) if e.kind in ("organisation", "unknown")
                        and head in e.name.lower().split() and e.last < pos), None)
        if ent is None and len(low) == 1 and head in self.lex.org_roles:
            ent = self.s.antecedent(pos, ("organisation", "unknown"), "", frozenset(), subject_first=True,
                                    kinds_first=("unknown",))
        if ent is None:
            label = self.org_label(tokens)
            ent = self.s.find_name(label) or self.s.new(label, "organisation")
            ent.roles.add(head)
        return ent

    def noun_phrase(self, tokens: list[str], pos: int, role: str) -> _Resolved:
        low = [t.lower().strip(",.") for t in tokens]
        det = low[0]
        if det == "the" and len(tokens) == 2 and low[1] in self.lex.person_roles:
            # "the Australian said", "the Scot said": a person named by nationality
            ent = self.s.antecedent(pos, ("person", "unknown"), self.lex.res.roles[low[1]][1], kinds_first=("person",))
            return _Resolved(ent, "description" if ent is not None else "unresolved")
        if det == "the" and len(tokens) >= 2 and tokens[1][:1].isupper() and tokens[-1][:1].isupper() and all(
                t[:1].isupper() or t.lower() in _LINKS for t in tokens[1:]):
            # "the Campaign to Protect Rural England", "the Health and Safety Executive"
            return _Resolved(self.resolve_org(tokens, pos), "organisation")
        head_i, first = self.head_of(tokens)
        if head_i is None and any(re.fullmatch(r"\d+-year-old", t) for t in low) and det in _DETERMINERS:
            # "the 28-year-old said": the most recent person
            ent = self.s.antecedent(pos, ("person", "unknown"), "", kinds_first=("person",))
            return _Resolved(ent, "description" if ent is not None else "unresolved")
        if head_i is None:
            caps = [t for t in tokens[1:] if t[:1].isupper()]
            if det == "the" and caps and len(caps) == len(tokens) - 1:
                return _Resolved(self.resolve_org(tokens, pos), "organisation")
            return _Resolved(None, "unresolved")
        head = low[head_i]
        kind, gender = self.lex.res.roles[head]
        modifiers = tokens[first:head_i]
        complement = tokens[head_i + 1:]
        definite = det in _DETERMINERS and det not in ("a", "an")
        owner = tokens[:first] if first > 1 else []
        if kind == "document":
            label = "the " + head
            ent = self.s.find_name(label) or self.s.new(label, "document")
            ent.roles.add(head)
            return _Resolved(ent, "organisation")
        if kind == "group":
            label = " ".join(w.lower() for w in tokens[first:head_i + 1])
            ent = self.s.find_name(label) or self.s.new(label, "group")
            ent.roles.add(head)
            return _Resolved(ent, "organisation")
        if kind == "organisation":
            if definite and not modifiers:
                ent = self.s.antecedent(pos, ("organisation", "unknown"), "", frozenset({head}))
                if ent is None:
                    ent = next((e for e in reversed(self.s.entities) if e.kind in ("organisation", "unknown")
                                and head in e.name.lower().split()), None)
                if ent is None and head in _COMPANY_NOUNS:
                    ent = self.s.antecedent(pos, ("unknown", "organisation"), "")
                if ent is not None:
                    ent.roles.add(head)
                    return _Resolved(ent, "description")
            label = self.org_label(tokens[first:head_i + 1])
            ent = self.s.find_name(label) or self.s.new(label, "organisation")
            ent.roles.add(head)
            return _Resolved(ent, "organisation")
        # a person named by a role
        if head in _SPOKES:
            org_tokens = None
            if complement and complement[0].lower() in ("for", "of", "at", "with", "from"):
                org_tokens = complement[1:]
            elif modifiers:
                org_tokens = ["the", *modifiers]
            elif owner:
                org_tokens = owner
            if org_tokens:
                org = self.resolve_org([_strip_possessive(t) for t in org_tokens], pos)
                if org is not None:
                    proxy = self.s.new(org.name, "person", gender, org.actor_type)
                    proxy.roles.add(head)
                    return _Resolved(proxy, "role")
        if definite:
            ent = self.s.antecedent(pos, ("person",), gender, frozenset({head}))
            if ent is None and head in _SPOKES:
                ent = self.s.antecedent(pos, ("person",), "", frozenset(_SPOKES))
            if ent is not None:
                return _Resolved(ent, "description")
        return _Resolved(None, "unresolved")


_DETERMINERS = ("the", "a", "an", "its", "his", "her", "their", "our")
_QUANTIFIERS = ("some", "many", "most", "other", "several", "two", "three", "four", "local", "angry", "worried")
_FAMILY = ("brother", "sister", "son", "daughter", "wife", "husband", "mother", "father", "partner", "widow",
           "widower", "niece", "nephew", "uncle", "aunt", "cousin", "grandson", "granddaughter", "grandmother",
           "grandfather", "fiancée", "fiance", "fiancé")
_COMPLEMENT = {"for", "of", "at", "with", "from", "in", "on", "that", "which", "who", "whose", "to", "representing",
               "behind", "under", "over", "said", "says"}
_SPOKES = {"spokeswoman", "spokesman", "spokesperson", "representative"}
_COMPANY_NOUNS = {"company", "firm", "group", "business", "manufacturer", "operator", "retailer", "airline",
                  "developer", "broadcaster", "club", "charity"}


