"""Quotations: spans inside quote marks, gathered into passages, with their speakers.

Straight and curly double quotes; a quote that runs over several paragraphs
(opening mark on each, closing mark on the last) is read paragraph by paragraph;
an odd number of marks never raises: an unclosed quote ends with its paragraph.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

OPEN = "“„«"
CLOSE = "”»"
STRAIGHT = '"'
MIN_WORDS = 5  # shorter quoted phrases are titles or scare quotes
SPEECH_VERBS = ("said", "says", "told", "tells", "wrote", "writes", "added", "adds", "stated", "states",
                "explained", "according to", "asked", "warned", "declared", "noted", "insisted")
# after these the name is the speaker ("said John Smith"); after "told" it is the listener
_SPEAKER_NEXT = ("said", "says", "wrote", "writes", "added", "adds", "stated", "states", "explained",
                 "according to", "declared", "noted", "insisted")
_WORD = re.compile(r"\[[^\]]{1,12}\]|[\w'’]+(?:[-'’][\w]+)*", re.UNICODE)
_SPEAKER_AFTER = re.compile(
    r"^[,.]?\s*(?:" + "|".join(_SPEAKER_NEXT) + r")\s+(?P<name>(?:[A-Z][\w.'’-]+\s?){1,4})")
_SPEAKER_BEFORE = re.compile(
    r"(?P<name>(?:[A-Z][\w.'’-]+\s){0,3}[A-Z][\w.'’-]+),?\s+(?:" + "|".join(SPEECH_VERBS)
    + r")(?:\s+(?:[a-z]+\s+){0,2}[a-z]+)?\s*[:,]?\s*$")  # "John Smith told reporters:"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "there"}
_NAME_SAID = re.compile(
    r"^[,.]?\s*(?P<name>(?:[A-Z][\w.'’-]+\s){0,3}[A-Z][\w.'’-]+)\s+(?:" + "|".join(SPEECH_VERBS) + r")\b")


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int
    speaker: str | None


@dataclass(frozen=True)
class QuoteSegment:
    """A quoted passage (the quotations of one paragraph taken together): the unit quotes are aligned by."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]  # normalised words
    word_spans: tuple[tuple[int, int], ...]  # absolute spans of those words
    speaker: str | None
    parts: tuple[tuple[int, int], ...] = ()  # the quotations it is made of (absolute spans)


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Every quotation in ``text[start:end]``, paragraph by paragraph."""
    end = len(text) if end is None else end
    out: list[Quote] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        out.extend(_quotes_in_line(text, pos, line_end))
        pos = line_end + 1
    return out


def _quotes_in_line(text: str, s: int, e: int) -> list[Quote]:
    out: list[Quote] = []
    i = s
    while i < e:
        ch = text[i]
        if ch in OPEN or (ch == STRAIGHT and (i == s or not text[i - 1].isalnum())):
            # a straight mark may be closed by a curly one: scraped pages mix them ("Like this,” she said)
            closers = CLOSE if ch in OPEN else STRAIGHT + CLOSE
            j = i + 1
            while j < e and text[j] not in closers and text[j] not in OPEN:
                j += 1
            reopened = ch == STRAIGHT and j < e and text[j] == STRAIGHT and _opens(text, j, e)
            inner_s, inner_e = i + 1, j
            # trim blanks and trailing punctuation that belongs to the sentence
            while inner_s < inner_e and text[inner_s].isspace():
                inner_s += 1
            while inner_e > inner_s and text[inner_e - 1] in " \t,":
                inner_e -= 1
            if inner_e > inner_s:
                out.append(Quote(inner_s, inner_e, _speaker(text, s, e, i, min(j + 1, e))))
            # a straight mark that opens the next quotation (space before, a word after) means this
            # one was never closed: it ends there, and the mark is read again as an opening
            i = j + 1 if j < e and text[j] not in OPEN and not reopened else j
        else:
            i += 1
    return out


def _opens(text: str, j: int, e: int) -> bool:
    """A straight quote mark that can only open a quotation: after a space, before a word."""
    return text[j - 1].isspace() and j + 1 < e and text[j + 1].isalnum()


def _speaker(text: str, line_s: int, line_e: int, q_s: int, q_e: int) -> str | None:
    after = text[q_e:min(line_e, q_e + 120)]
    before = text[max(line_s, q_s - 120):q_s]
    for m in (_SPEAKER_AFTER.match(after), _NAME_SAID.match(after), _SPEAKER_BEFORE.search(before)):
        if m:
            name = m.group("name").strip(" ,.")
            return None if name.lower() in PRONOUNS else name  # "She said:" names nobody
    return None


def normal_word(w: str) -> str:
    return w.lower().replace("’", "'")


def passages(text: str, quotes: list[Quote]) -> list[QuoteSegment]:
    """The quoted passages of a text: the quotations of one paragraph taken together.

    “Colon cancer ... elderly,” Hendren said. “This study is really a wake-up call” is one
    passage: its words are the quoted words only, its span runs from the first to the last.
    """
    out: list[QuoteSegment] = []
    group: list[Quote] = []

    def flush() -> None:
        words = [(m.group(), m.start(), m.end()) for q in group for m in _WORD.finditer(text, q.start, q.end)]
        if len(words) >= MIN_WORDS:
            s, e = group[0].start, group[-1].end
            while e > s and text[e - 1] in " \t,;:“\"”":
                e -= 1
            speaker = next((q.speaker for q in group if q.speaker), None)
            parts = tuple((q.start, min(q.end, e)) for q in group)
            out.append(QuoteSegment(s, e, text[s:e], tuple(normal_word(w) for w, _, _ in words),
                                    tuple((a, b) for _, a, b in words), speaker, parts))
        group.clear()

    for q in quotes:
        if len(text[q.start:q.end].split()) < MIN_WORDS and not _sentence_like(text[q.start:q.end]):
            flush()  # a title or scare quote interrupts a passage
            continue
        if group and not _continues(text, group[-1], q):
            flush()
        group.append(q)
    flush()
    return out


def diverging_stretch(seg: QuoteSegment, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The stretch of a passage that holds the words at ``spans``: its quotations from the first that holds
    one to the last (a quotation is never split); the whole passage when none does."""
    held = [(a, b) for a, b in seg.parts if any(a <= s and e <= b for s, e in spans)]
    if not held:
        return seg.start, seg.end
    return held[0][0], held[-1][1]


MAX_GAP = 160  # characters of attribution ("said Dr. Samantha Hendren, an associate professor...")


def _continues(text: str, prev: Quote, q: Quote) -> bool:
    """Whether quotation ``q`` carries on the passage that ``prev`` ended, with only an attribution between."""
    gap = text[prev.end:q.start]
    if len(gap) > MAX_GAP:
        return False
    if "\n" in gap:
        # a new paragraph continues the passage only when it opens with the quotation itself
        # (nothing but an attribution after the previous one) and nobody else is named as speaking
        later_lines = gap.split("\n")[1:]
        if any(line.strip(" \t\u00a0“\"") for line in later_lines):
            return False
        return q.speaker is None or prev.speaker is None or q.speaker == prev.speaker
    return True


def _sentence_like(s: str) -> bool:
    return len(s.split()) >= 3 and s.rstrip()[-1:] in ".!?,"


@dataclass(frozen=True)
class WordDiff:
    """Where two quotations differ, within the stretch both quote."""

    changes: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # (word indices in a, in b) per change
    places: tuple[tuple[int, int], ...] = ()  # where each change begins in a and in b (a word missing has a place)

    @property
    def in_a(self) -> list[int]:
        return [i for ia, _ in self.changes for i in ia]

    @property
    def in_b(self) -> list[int]:
        return [j for _, jb in self.changes for j in jb]

    def __bool__(self) -> bool:
        return bool(self.changes)


def word_diff(a: QuoteSegment, b: QuoteSegment) -> WordDiff:
    """The words of ``a`` and ``b`` that differ, within the stretch both quote.

    Words one article quotes beyond the other's excerpt are not differences; a word
    replaced right at the edge of the shared stretch ("Colorectal"/"Colon cancer has") is.
    """
    sm = difflib.SequenceMatcher(None, a.words, b.words, autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size]
    if not blocks:
        return WordDiff(((tuple(range(len(a.words))), tuple(range(len(b.words)))),), ((0, 0),))
    a_lo, b_lo = blocks[0].a, blocks[0].b
    a_hi, b_hi = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
    changes: list[tuple[int, int, int, int]] = []  # a's words i1:i2, b's j1:j2
    lead = min(a_lo, b_lo, 2)
    if lead:
        changes.append((a_lo - lead, a_lo, b_lo - lead, b_lo))
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        inside = (a_lo <= i1 and i2 <= a_hi) and (b_lo <= j1 and j2 <= b_hi)
        if tag != "equal" and inside:
            changes.append((i1, i2, j1, j2))
    trail = min(len(a.words) - a_hi, len(b.words) - b_hi, 2)
    if trail:
        changes.append((a_hi, a_hi + trail, b_hi, b_hi + trail))
    kept = [(i1, i2, j1, j2) for i1, i2, j1, j2 in changes
            if _letters(a.words[i1:i2]) != _letters(b.words[j1:j2])]
    return WordDiff(tuple((tuple(range(i1, i2)), tuple(range(j1, j2))) for i1, i2, j1, j2 in kept),
                    tuple((i1, j1) for i1, _, j1, _ in kept))


def _letters(words) -> str:
    """A run of words with punctuation set aside: "well being" = "well-being", "'is" = "is", a lone "_" is
    nothing; but "J.C. Penney" is not "JCPenney" (spacing inside a name is house style)."""
    spelled = " ".join(w.replace("-", " ").strip("'’‘_") for w in words)
    return " ".join(w for w in spelled.split() if any(ch.isalnum() for ch in w))
