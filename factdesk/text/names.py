"""Names of people, organisations, places and groups, and how two spellings relate.

``find_names(doc, base)`` reads entities from the parse, capitalised sequences and
hashtags.  ``name_relation(a, b)`` tells whether two names are the same entity
written the same way, a spelling variant of it, or something else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from factdesk.text.lexicon import common_word, misspelling

if TYPE_CHECKING:
    from spacy.tokens import Doc

LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "lt", "sgt", "gen", "col", "capt", "gov", "sen",
          "rep", "rev", "president", "premier", "chancellor", "minister", "judge", "justice", "lieutenant",
          "sheriff", "officer", "detective", "ceo", "chief", "mayor", "governor", "senator", "the"}
FUNCTION = {"of", "the", "and", "for", "de", "del", "la", "le", "van", "von", "da", "di", "du", "&", "in", "on", "at"}
# capitalised words that start sentences or name days and months: not names on their own
COMMON = {
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "you", "i", "but",
    "and", "or", "so", "if", "in", "on", "at", "for", "after", "before", "when", "while", "as", "then",
    "now", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "mr", "mrs", "ms", "dr", "there", "here", "his", "her", "their", "our", "my", "its",
    "what", "who", "why", "how", "where", "many", "some", "one", "two", "also", "still", "since",
}
_CAPSEQ = re.compile(
    r"(?<![\w#@])(?:[A-Z][\w’'.-]*[a-zA-Z0-9]|[A-Z]\.)(?:[ \t]+(?:(?:of|the|for|de|van|von|al|bin)[ \t]+)?"
    r"(?:[A-Z][\w’'.-]*[a-zA-Z0-9]|[A-Z]\.))*")
ORG_WORDS = ("Studies", "Affairs", "Institute", "Center", "Centre", "Council", "Committee", "Association",
             "Foundation", "Party", "Movement", "University", "Society", "Agency", "Commission", "Department",
             "Ministry", "Bank", "Fund", "Union", "Company", "Corporation", "Court", "Board", "Services",
             "Service", "Forces", "Museum", "Church", "Hospital", "Alliance", "Federation", "League", "Front",
             "Organization", "Organisation", "Authority", "Office", "Bureau", "Laboratory", "Review", "Journal")
_CAPWORD = r"[A-Z][\w’'.-]*[a-zA-Z]"
# "Centre for Israel and Jewish Affairs": an organisation whose name holds "and"
_ORG_AND = re.compile(
    rf"(?<![\w])(?:{_CAPWORD}[ \t]+)*?{_CAPWORD}(?:[ \t]+(?:for|of|the)[ \t]+(?:{_CAPWORD}[ \t]+)*{_CAPWORD})?"
    rf"[ \t]+(?:and|&)[ \t]+(?:{_CAPWORD}[ \t]+)*(?:{'|'.join(ORG_WORDS)})\b")
PLACES = {"GPE", "LOC", "FAC"}
# the preposition that places a mention: in it, or only near it
_LOCATIVE = re.compile(
    r"(?<![\w-])((?:(?:just|right)[ \t]+)?(?:near|outside|in)|close[ \t]+to)[ \t]+(?:the[ \t]+)?$", re.I)
_HASHTAG = re.compile(r"#([A-Za-z][A-Za-z0-9_]{3,})")
ACRONYM = re.compile(r"^[A-Z]{3,6}$")


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, ... or "NAME" when found by capitalisation only
    key: str  # folded form used for matching
    # a place's locative qualifier: "in" (in Mountain View) or "near" (near / outside / just outside it),
    # and where it starts: a place stated "in" one article and "near" in another is a hedge that differs
    qualifier: str = ""
    qualifier_start: int = -1


def strip_accents(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower case, accents off, hyphens/underscores/periods as spaces, titles and initials dropped."""
    s = strip_accents(s).lower().replace("’", "'")
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[-_./,]", " ", s)
    words = [w for w in s.split() if w]
    while words and words[0] in TITLES:
        words = words[1:]
    # initials carry no identity: "Michael R. Bloomberg", "U.S. National Cancer Institute"
    return " ".join([w for w in words if len(w) > 1] or words)


@lru_cache(maxsize=65536)
def squash(s: str) -> str:
    return fold(s).replace(" ", "")


def find_names(doc: Doc, base: int, skip: list[tuple[int, int]] | None = None) -> list[Name]:
    """Names in a parsed chunk, with absolute offsets; entities win over capitalised runs."""
    skip = skip or []
    out: list[Name] = []
    taken: list[tuple[int, int]] = []
    text_of_doc = doc.text  # Doc.text is rebuilt from the tokens on every access

    def add(s: int, e: int, label: str) -> None:
        text = text_of_doc[s:e]
        # "Twitter’s Jack Dorsey": the owner is a name of its own, the person another
        owner = re.search(r"['’]s\s+(?=[A-Z])", text)
        if owner:
            add(s, s + owner.start(), "NAME" if label == "PERSON" else label)
            add(s + owner.end(), e, label)
            return
        # trim possessive and surrounding punctuation
        m = re.search(r"(?:['’]s)?[\s.,;:/|'’\"”)-]*$", text)
        if m and m.start() > 0:
            e = s + m.start()
            text = text_of_doc[s:e]
        if e - s < 2 or any(a < e + base and s + base < b for a, b in skip):
            return
        if any(a < e and s < b for a, b in taken):
            return
        words = text.split()
        if all(w.lower().strip(".") in COMMON for w in words):
            return
        if text.lower().startswith("the "):
            s += 4
            text = text[4:]
        key = fold(text)
        if not key:
            return
        taken.append((s, e))
        qualifier, q_start = locative(text_of_doc, s) if label in PLACES else ("", -1)
        out.append(Name(base + s, base + e, text, label, key, qualifier, base + q_start if q_start >= 0 else -1))

    for m in _ORG_AND.finditer(text_of_doc):
        if not _two_names(m.group()):
            add(m.start(), m.end(), "ORG")
    for ent in doc.ents:
        if ent.label_ in LABELS:
            s, e = ent.start_char, ent.end_char
            paren = text_of_doc.find(" (", s, e)
            add(s, paren if paren > 0 else e, ent.label_)
    for m in _HASHTAG.finditer(text_of_doc):
        s, e = m.span()
        if any(a < e + base and s + base < b for a, b in skip):
            continue
        taken.append((s, e))
        text = m.group(1).replace("_", " ")
        out.append(Name(base + s, base + e, text_of_doc[s:e], "HASHTAG", fold(text)))
    for m in _CAPSEQ.finditer(text_of_doc):
        s, e = m.span()
        words = m.group().split()
        # drop a sentence-initial common word ("The", "After")
        while words and words[0].lower() in COMMON:
            s = text_of_doc.index(words[0], s) + len(words[0])
            while s < e and text_of_doc[s].isspace():
                s += 1
            words = words[1:]
        if len(words) >= 2 or (len(words) == 1 and len(words[0]) > 2 and (
                not _sentence_start(text_of_doc, s) or _unknown_word(words[0]))):
            add(s, e, "NAME")
    out.sort(key=lambda n: n.start)
    return out


def _two_names(phrase: str) -> bool:
    """"Baycrest Foundation and Mount Sinai Hospital": two names listed, not one whose name holds "and"
    ("Centre for Israel and Jewish Affairs"): the words joined before "and" (after any of / for / the)
    make a name of two words or more themselves."""
    left = re.split(r"[ \t]+(?:and|&)[ \t]+", phrase, maxsplit=1)[0]
    joined = re.split(r"(?:^|[ \t]+)(?:of|for|the)[ \t]+", left, flags=re.I)[-1]
    return len(joined.split()) >= 2


def locative(text: str, start: int) -> tuple[str, int]:
    """The locative preposition just before a place at ``start``: ("in" or "near", where it starts), or ("", -1)."""
    m = _LOCATIVE.search(text, max(0, start - 30), start)
    if not m:
        return "", -1
    return ("in" if m.group(1).lower() == "in" else "near"), m.start(1)


def _unknown_word(word: str) -> bool:
    """A capitalised word opening a sentence is a name when English does not know it as a word ("Telsa said")."""
    return len(word) > 3 and word.isalpha() and word[1:].islower() and not common_word(word)


def quoted_names(text: str, quotes) -> list[Name]:
    """Short quoted phrases with a capital in them are titles and names: "Flames of the Supporters"."""
    out = []
    for q in quotes:
        s, e = q.start, q.end
        phrase = text[s:e].rstrip(" .,")
        e = s + len(phrase)
        words = phrase.split()
        if not 2 <= len(words) <= 6 or not any(w[:1].isupper() for w in words) or phrase[-1:] in "?!":
            continue
        if words[0].lower() == "the":
            s = text.index(words[1], s)
            phrase = text[s:e]
        out.append(Name(s, e, phrase, "QUOTED", fold(phrase)))
    return out


def _sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\"“'‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:"


# ----------------------------------------------------------------------------- relations

SAME, VARIANT, PARTIAL, OTHER = "same", "variant", "partial", "other"


def _tokens(s: str) -> list[str]:
    return [w for w in fold(s).split() if w]


def _close(a: str, b: str) -> bool:
    """One typo apart (insert, delete, substitute or swap), on a word long enough to tell."""
    return a == b or (min(len(a), len(b)) >= 5 and OSA.distance(a, b) <= 1)


def _transliterated(a: str, b: str) -> bool:
    """Two spellings of one foreign name: same first letter, a few letters apart for the length."""
    if a == b:
        return True
    return a[:1] == b[:1] and min(len(a), len(b)) >= 5 and OSA.distance(a, b) <= (2 if min(len(a), len(b)) >= 7 else 1)


def _surface(s: str) -> str:
    """The spelling as printed, minus titles, initials, possessives and sentence-case noise."""
    s = unicodedata.normalize("NFC", s).replace("’", "'")
    s = re.sub(r"'s$", "", s).strip(" .,")
    words = s.split()
    while words and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    # initials carry no identity, with or without a stop: R. / D.C. / U.S. / the "X" of "Model X"
    words = [w for w in words if not re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]", w)]
    # case only matters inside a word (WinCo / Winco), not at its start (army / Army)
    # nor in a dateline or headline set in capitals (LONDON / London)
    words = [w.capitalize() if w.isupper() and len(w) > 3 else w for w in words]
    words = [w[0].upper() + w[1:] if w else w for w in words]
    return " ".join(words)


def name_relation(a: Name, b: Name) -> str:
    """same: one entity, one spelling; variant: one entity, spelled differently;
    partial: one entity, one name shorter (a first name or middle name left out); other."""
    if _derived(a.key, b.key):
        return OTHER  # Russia / Russian / Russians: a country and its people
    if {a.label, b.label} == {"NORP", "GPE"}:
        return OTHER
    if ACRONYM.match(a.text) and ACRONYM.match(b.text):
        if a.text == b.text:
            return SAME
        return VARIANT if sorted(a.text) == sorted(b.text) else OTHER
    if a.key == b.key:
        if a.text.isupper() != b.text.isupper():
            return SAME  # a dateline or headline in capitals tells nothing about spelling
        return SAME if _surface(a.text) == _surface(b.text) else VARIANT
    ta, tb = _tokens(a.text), _tokens(b.text)
    if not ta or not tb:
        return OTHER
    if squash(a.text) == squash(b.text) or _letters(a.text) == _letters(b.text):
        return VARIANT  # Kim Jong-nam / Kim Jong Nam; J.C. Penney / JCPenney (initials run together)
    person = "PERSON" in (a.label, b.label)
    ca = [t for t in ta if t not in FUNCTION]
    cb = [t for t in tb if t not in FUNCTION]
    if len(ca) == len(cb) and len(ca) >= 1:
        pairs = list(zip(ca, cb, strict=True))
        one_typo = all(_close(x, y) for x, y in pairs) and sum(x != y for x, y in pairs) == 1
        if one_typo and (len(ca) > 1 or len(ca[0]) >= 6):  # single words need length to be sure
            return VARIANT
        slips = [misspelling(x, y) for x, y in pairs if x != y]
        if slips and all(slips):
            return VARIANT  # "Telsa" / "Tesla": a form English does not know beside one it does
        if person and len(ca) >= 2 and all(_transliterated(x, y) for x, y in pairs):
            return VARIANT  # "Moustafa Soliman" / "Mustafa Suleiman": one person, two transliterations
        if person and len(ca) >= 2 and ca[1:] == cb[1:] and _short_form(ca[0], cb[0]):
            return VARIANT  # "Nick Verhoeven" / "Nicholas Verhoeven": one person, a short first name
        if ca != cb and sorted(ca) == sorted(cb) and not person:
            return VARIANT  # "University of Manchester" / "Manchester University"
        if ca == cb:  # only function words differ: "Holocaust (and) Genocide Studies"
            return VARIANT
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    if person and short and long_ and ({a.label, b.label} <= {"PERSON", "NAME"} or len(short) == 1):
        # "Zuckerberg" / "Mark Zuckerberg"; "Amadou Sanogo" / "Amadou Haya Sanogo"
        if short[-1] == long_[-1] and all(t in long_ for t in short):
            return PARTIAL if {a.label, b.label} <= {"PERSON", "NAME"} else OTHER
        if _close(short[-1], long_[-1]) and all(t in long_ for t in short[:-1]):
            return VARIANT  # "Sanago" / "Amadou Sanogo"
        return OTHER
    if len(short) >= 4 and a.label not in ("GPE", "LOC") and b.label not in ("GPE", "LOC"):
        matched = sum(any(_close(t, u) for u in long_) for t in short)
        if matched == len(short) and len(long_) - len(short) <= 1:
            return VARIANT  # "Centre for Israel and Jewish Affairs" / "Canadian Centre for ..."
    return OTHER


def _short_form(a: str, b: str) -> bool:
    """Two first names, one a short form of the other: the same first three letters ("Nick" / "Nicholas")."""
    return a != b and min(len(a), len(b)) >= 3 and a[:3] == b[:3]


def _letters(s: str) -> str:
    """Every letter and digit of a name, initials included, without case, accents, spaces or stops."""
    return re.sub(r"[\W_]", "", strip_accents(re.sub(r"['’]s$", "", s)).lower())


_DERIVED_SUFFIXES = ("s", "n", "an", "ian", "ians", "ans", "ns", "i", "is", "ese", "ish", "ic")


def _derived(a: str, b: str) -> bool:
    """One name is the other plus a plural or demonym ending."""
    short, long_ = sorted((a, b), key=len)
    return long_ != short and long_.startswith(short[:-1]) and any(
        long_ == short + suf or long_ == short[:-1] + suf for suf in _DERIVED_SUFFIXES)
