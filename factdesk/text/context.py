"""The sentence around a mention, found in the article text: every mention's ``context``.

Pure string work: a sentence ends at ``.``, ``!`` or ``?`` (and a closing quotation mark) followed by
white space, or at a line break; a full stop after a title or an initial ("Mr.", "U.S.", "J.") does not
end one. A very long sentence is cut to a window around the mention, marked with "…".
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from threading import Lock

from factdesk.model import CONTEXT_CLOSE, CONTEXT_OPEN

ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st",
                           "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr",
                           "aug", "sept", "sep", "oct", "nov", "dec", "mt", "ft", "approx", "u.s", "u.k", "d.c"})
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
LONGEST = 360  # characters of a sentence shown whole; longer ones are cut around the mention
AROUND = 150  # characters kept on either side of the mention in a cut sentence
_WORD_WINDOW = 64
REACH = 3000  # a sentence's ends are looked for this far either side at most (every mention has one: keep it linear)


def _is_end(text: str, match: re.Match[str]) -> bool:
    if match.group() == "\n":
        return True
    if not match.group().startswith("."):
        return True
    # the word before the full stop, looked for in the few characters before it (the whole text before it
    # made every mention cost as much as the article: 2.4 s of 2.9 s aligning 50 articles); a word that
    # fills the window is no abbreviation and no initial either way
    word = re.search(r"([\w.]+)\.?$", text[max(0, match.start() - _WORD_WINDOW):match.start() + 1].rstrip("."))
    before = word.group(1).lower() if word else ""
    return not (before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()))


_ENDS_KEPT_CHARS = 8_000_000  # the texts whose sentence ends are kept, in characters (least recently used out)
_ends_kept: OrderedDict[str, tuple[array[int], array[int], bytearray]] = OrderedDict()
_ends_lock = Lock()  # the analysis thread and the window's sheet may both ask


def _sentence_ends(text: str) -> tuple[array[int], array[int], bytearray]:
    """Every sentence end of ``text``, found once per text: match starts, match ends, whether a line break.

    Kept for the last few texts asked about (a case's articles), up to ``_ENDS_KEPT_CHARS`` characters.
    """
    with _ends_lock:
        found = _ends_kept.get(text)
        if found is not None:
            _ends_kept.move_to_end(text)
            return found
    starts, ends, breaks = array("q"), array("q"), bytearray()
    for m in _END.finditer(text):
        if _is_end(text, m):
            starts.append(m.start())
            ends.append(m.end())
            breaks.append(m.group() == "\n")
    found = (starts, ends, breaks)
    with _ends_lock:
        _ends_kept[text] = found
        while len(_ends_kept) > 1 and sum(map(len, _ends_kept)) > _ENDS_KEPT_CHARS:
            _ends_kept.popitem(last=False)
    return found


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[s, e) of the sentence(s) of ``text`` holding ``text[start:end]``, surrounding white space left out.

    The sentence ends of a text are found once (every mention of an article asks), then looked up; a
    sentence is looked for at most REACH characters either side of the mention (a megabyte without a full
    stop is no sentence; the context shown is cut with "…" long before).
    """
    starts, ends, breaks = _sentence_ends(text)
    s = max(0, start - REACH)
    i = bisect_right(ends, start) - 1  # the last end at or before the mention
    if i >= 0 and starts[i] >= s:
        s = ends[i]
    e = min(len(text), end + REACH)
    j = bisect_left(ends, end)  # the first end at or after the mention's end
    if j < len(ends) and ends[j] <= e:
        e = starts[j] if breaks[j] else ends[j]
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def sentence_parts(text: str, start: int, end: int, longest: int = LONGEST,
                   around: int = AROUND) -> tuple[str, str, str]:
    """(before, the mention, after) within its sentence, white space collapsed, cut with "…" when long."""
    s, e = sentence_bounds(text, start, end)
    before, after = text[s:start], text[end:e]
    if e - s > longest:
        if len(before) > around:
            before = "…" + before[-around:].split(" ", 1)[-1]
        if len(after) > around:
            after = after[:around].rsplit(" ", 1)[0] + "…"
    squeeze = " ".join
    lead = squeeze(before.split()) + (" " if before[-1:].isspace() else "")
    tail = (" " if after[:1].isspace() else "") + squeeze(after.split())
    return lead, squeeze(text[start:end].split()), tail


CONTEXT_LONGEST = 200  # a mention's context: its sentence, cut around it when longer than this
CONTEXT_AROUND = 80


def mention_context(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, trimmed to ~200 characters, the mention between ⟦ ⟧."""
    before, mention, after = sentence_parts(text, start, end, CONTEXT_LONGEST, CONTEXT_AROUND)
    return f"{before}{CONTEXT_OPEN}{mention}{CONTEXT_CLOSE}{after}"
