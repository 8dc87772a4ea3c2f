"""Scraped junk in an article's text: comment forms, related links, captions, share buttons...

Every rule is general (a shape or a stock phrase of web pages), never a piece of
one article.  Rules look at whole lines; the result is a sorted tuple of
non-overlapping :class:`IgnoredSpan` that each cover whole lines (from the
first line's start to the last line's end, line break excluded).

Three kinds of rules:

* line rules - one line is junk by itself ("Leave a Reply", "(Photo by ...)",
  "Share this", "Advertisement", "— Name (@handle) March 2, 2016");
* block rules - a header line ("Related articles", "Next Article", "Leave a
  Reply") starts a block that runs over the short lines that follow it, or
  over the whole rest of the text when what follows is mostly title-like lines;
* shape rules - a trailing run of short title-like lines after the body's last
  paragraph is a related-links list (a line of several sentences is prose, not a
  link, and a question right under the last paragraph is the article's closing
  question); a short line right above a caption is the caption's title; a hashtag
  paragraph right above a tweet signature is the tweet.

Lines longer than ``MAX_JUNK_LINE`` are body text by definition, which also keeps
the work linear on huge articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from factdesk.case.dateline import TOP_CHARS, TOP_LINES, is_date_line
from factdesk.case.sentences import is_question, sentence_count
from factdesk.case.textlines import Line, split_lines
from factdesk.model import IgnoredSpan

MAX_JUNK_LINE = 600  # longer lines are always body text
MAX_TITLE_LINE = 160  # a title-like line (headline of a link) is at most this long
MIN_TRAILING_LIST = 3  # this many title-like lines at the end make a related-links list
LIST_SHARE = 0.6  # after a "Related" header, this share of title-like lines makes the rest a list


class Reason:
    """The ``IgnoredSpan.reason`` values."""

    COMMENT_FORM = "comment form"
    PROBLEM_REPORT = "report-a-problem link"
    RELATED = "related links"
    NAVIGATION = "next/previous links"
    PHOTO_CAPTION = "photo caption"
    VIDEO_CAPTION = "video caption"
    EMBEDDED_POST = "embedded tweet"
    SHARE = "share buttons"
    NEWSLETTER = "newsletter sign-up"
    COOKIES = "cookie notice"
    ADVERTISEMENT = "advertisement"
    CLICK_HERE = "click-here link"
    COPYRIGHT = "copyright notice"
    FOOTER = "contact/credits footer"
    DATE_LINE = "date line"
    BYLINE = "byline"


@dataclass(frozen=True, slots=True)
class LineRule:
    reason: str
    pattern: re.Pattern[str]
    max_len: int = MAX_JUNK_LINE


def _rule(reason: str, pattern: str, max_len: int = MAX_JUNK_LINE) -> LineRule:
    return LineRule(reason, re.compile(pattern, re.I), max_len)


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"

# A line that is junk by itself.  Tried in order on the normalised line; the first match wins.
LINE_RULES: tuple[LineRule, ...] = (
    # comment forms
    _rule(
        Reason.COMMENT_FORM,
        r"^(?:leave a (?:reply|comment)|post a comment|add (?:a|your) comment"
        r"|join the (?:conversation|discussion)|(?:\d+ )?comments?(?: \(\d+\))?|show comments"
        r"|view comments|post comment|submit comment|cancel reply)\W*$",
    ),
    _rule(
        Reason.COMMENT_FORM,
        r"your email address will not be published|required fields are marked"
        r"|you are commenting using|fill in your details below|connecting to %s|uses akismet"
        r"|how your comment data is processed|notify me of (?:new|follow-up)"
        r"|save my name, email|logged in as .{0,60}log out|you must be logged in to post",
        300,
    ),
    _rule(Reason.COMMENT_FORM, r"^(?:name|e-?mail|website|comment)\s*\*\s*$"),
    _rule(Reason.PROBLEM_REPORT, r"^report (?:a|an) (?:problem|error|issue|typo|correction)\b", 80),
    # captions and credits
    _rule(Reason.VIDEO_CAPTION, r"\bmedia caption\b|^media playback is unsupported|\bvideo caption\b"),
    _rule(Reason.VIDEO_CAPTION, r"(?-i:^CLOSE\s[A-Z])", 400),  # a video player's "CLOSE" button + caption
    _rule(Reason.VIDEO_CAPTION, r"\(published [^()]{3,80}\)\W*$"),
    _rule(Reason.PHOTO_CAPTION, r"\bimage (?:copyright|caption)\b|\btoggle caption\b|^enlarge this image\b"),
    _rule(Reason.PHOTO_CAPTION, r"^(?:image |photo |picture )?caption\b\s*[:\-–—]?"),
    _rule(
        Reason.PHOTO_CAPTION,
        r"\[(?:photos?|images?|pictures?)\s+(?:by|via|from|courtesy|credit)\b[^\]]{0,160}\]",
    ),
    _rule(
        Reason.PHOTO_CAPTION,
        r"\((?:ap )?(?:photos?|images?|pictures?)(?:\s+(?:by|via|courtesy|credit)\b|\s?[:/])"
        r"[^()]{0,160}\)",
    ),
    _rule(Reason.PHOTO_CAPTION, r"\bap photo\b|\bgetty images\s*[)\]]?\W*$|[(\[/]\s?getty images\b"),
    _rule(Reason.PHOTO_CAPTION, r"\((?-i:[A-Z])[^()/]{0,60}/[^()]{1,60}\)\W*$"),  # (Jane Doe/AP, Pool)
    _rule(
        Reason.PHOTO_CAPTION,
        r"\((?:the )?(?:associated press|ap|reuters|afp|getty|epa|shutterstock|file"
        r"|handout|pool)\)\W*$",
    ),
    _rule(
        Reason.PHOTO_CAPTION,
        r"^file\s?[-–—:]\s?(?:in this|this)\b|^in this (?:[^,]{0,40},\s)?(?:\d{4},?\s)?"
        r"(?:file\s)?photo\b",
    ),
    _rule(
        Reason.PHOTO_CAPTION,
        r"^(?:photo|photograph|image|picture|pic|credit|photo credit|featured image)s?"
        r"(?:\s?[:|]|\s[-–—]\s|\s(?:by|via|courtesy|credit)\b)",
        300,
    ),
    _rule(
        Reason.PHOTO_CAPTION,
        r"^(?:source|images?|photos?)(?: (?:and|&) (?:source|images?|photos?))? via\b",
        200,
    ),
    # a one-sentence screenshot caption ("A screenshot from the video", "Screen Shot 2016-03-04 at 8.36 PM")
    _rule(
        Reason.PHOTO_CAPTION,
        r"^(?:(?:a|the|this is a)\s)?screen ?(?:shot|grab|capture)s?\b(?!.*[.!?]\s+[A-Z])",
        400,
    ),
    # a caption that ends with a bare credit in parentheses and no full stop: "... Africa (Garrondo)"
    _rule(
        Reason.PHOTO_CAPTION,
        r"^(?=(?:\S+\s+){5})(?!.*[.!?]\s+[A-Z]).*[^.!?\"”’'\s]\s\((?-i:[A-Z])[\w.'’-]*"
        r"(?:\s(?-i:[A-Z])[\w.'’-]*){0,3}\)$",
        300,
    ),
    # embedded tweets and posts
    _rule(Reason.EMBEDDED_POST, r"\bpic\.twitter\.com/\w+|^a post shared by\b"),
    _rule(
        Reason.EMBEDDED_POST,
        rf"[—–-]\s?[^()]{{1,80}}\(@\w{{1,15}}\)\s{{1,3}}{_MONTH}\s\d{{1,2}},\s\d{{4}}\W*$",
    ),
    # share, social, newsletter, cookies, ads
    _rule(
        Reason.NEWSLETTER,
        r"^(?:sign up|subscribe|get|join|receive)\b.{0,100}\b(?:newsletters?|inbox|updates|alerts)\b"
        r"|\bsign up (?:for|to) (?:our|the)\b.{0,60}\bnewsletter"
        r"|^newsletters?\W*$|^subscribe(?: now| today)?\W*$",
        200,
    ),
    _rule(
        Reason.COOKIES,
        r"\bcookies?\b.{0,200}\b(?:accept|consent|privacy|policy|browsing|continuing to use"
        r"|this (?:web)?site)\b|\b(?:we use|this (?:web)?site uses|accept(?: all)?)\s(?:\w+\s)?cookies\b",
        400,
    ),
    _rule(
        Reason.ADVERTISEMENT,
        r"^(?:advertisement|advertising|ad|sponsored(?: content)?|paid content"
        r"|story continues below(?: this)?(?: advertisement)?|continue reading(?: below| the main story)?"
        r"|scroll to continue(?: with content)?)\W*$",
    ),
    _rule(Reason.CLICK_HERE, r"\bclick here\b|\btap here to\b", 250),
    # related links and navigation (a header without text after it opens a block, see BLOCK_HEADERS)
    _rule(
        Reason.RELATED,
        r"^(?:related|read more|see also|also read|read also|also see|recommended|watch)"
        r"\s?(?::|\||»|›|–|—|-)\s?\S",
        250,
    ),
    _rule(Reason.RELATED, r"^read (?:more|also|the full|our full|\w+['’]s full)\b", 150),
    _rule(Reason.RELATED, r"^more (?:from|on|about|stories|news|articles|coverage)\b[^.]{0,60}$"),
    _rule(
        Reason.NAVIGATION,
        r"^(?:[«‹<←]\s?)?(?:next|previous|prev|older|newer)(?: (?:article|post|story|entry"
        r"|page|item))?(?:\s?[»›>→])?\W*$",
    ),
    # footers
    _rule(
        Reason.COPYRIGHT,
        r"^(?:©|\(c\)\s|copyright\s?(?:©|\(c\)|\d{4}))|\ball rights reserved\b"
        r"|\bmay not be (?:published|reproduced)(?:,|\sor)\s(?:broadcast|rewritten|redistributed)",
        400,
    ),
    _rule(
        Reason.FOOTER,
        r"\bcontributed (?:to )?(?:this |the )?(?:report|story|article)(?:ing)?\b"
        r"|^\(?(?:additional )?(?:reporting|writing|editing) by\b|\bopinions expressed (?:are|in this)\b"
        r"|^an expanded version of this (?:report|story|article)\b",
        400,
    ),
    _rule(
        Reason.FOOTER,
        r"^(?:to )?(?:contact|write to|e-?mail|reach|follow)\b.{0,200}[\w.+-]@[\w-]+\.\w",
        300,
    ),
    _rule(Reason.FOOTER, r"^follow\s.{0,100}\bon (?:twitter|facebook|instagram)\b", 200),
)

# A header that is alone on its line and opens a block of links.
_RELATED_HEADER = re.compile(
    r"^(?:related(?: (?:articles?|stories|posts|content|links|news|coverage|reading|topics))?"
    r"|read (?:more|also|next)|also read|see also|more (?:stories|news|articles|from \S.{0,40})"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|recommended(?: for you| stories| articles)?|most (?:popular|read|viewed|shared)"
    r"|trending(?: now| stories)?|top stories|latest (?:news|stories)|what to read next|further reading"
    r"|more in \S.{0,40}|elsewhere on \S.{0,30}|popular (?:now|stories))\W*$",
    re.I,
)
_NAV_HEADER = re.compile(r"^(?:[«‹<←]\s?)?(?:next|previous|prev)\s(?:article|post|story|entry)\W*$", re.I)
_COMMENT_HEADER = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add (?:a|your) comment"
    r"|join the (?:conversation|discussion)|(?:\d+ )?comments?(?: \(\d+\))?)\W*$",
    re.I,
)

_SOCIAL_WORDS = frozenset(
    {
        *("share", "shares", "sharing", "this", "article", "story", "page", "on", "via", "us", "x"),
        *("tweet", "email", "e-mail", "mail", "facebook", "twitter", "pinterest", "linkedin", "whatsapp"),
        *("reddit", "print", "comments", "comment", "google", "google+", "instagram", "messenger", "copy"),
        *("link", "flipboard", "tumblr", "sms", "telegram", "save", "follow"),
    }
)
_SOCIAL_STRONG = frozenset(
    {
        *("share", "tweet", "email", "e-mail", "facebook", "twitter", "pinterest", "linkedin", "whatsapp"),
        *("reddit", "print", "flipboard", "tumblr"),
    }
)
_HASHTAG_OR_HANDLE = re.compile(r"(?:^|\s)[#@]\w")
_ENDS_LIKE_SENTENCE = re.compile(r"[.,;:]['\"’”)\]]*$")
_MARKUP_LEAD = re.compile(r"^(?:>\s?|[-*+]\s|#{1,6}\s)+")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.+)\1$")
_SPACES = re.compile(r"\s+")
_BYLINE = re.compile(
    r"^[Bb][Yy]:?\s(?:[A-Z][\w.'’-]*|[a-z]+)(?:\s[A-Z][\w.'’-]*){0,4}"  # By Jane Doe
    r"(?:\s?(?:[,/|•·]|and)\s?[\w.'’ &-]{1,60})?$"  # , Outlet | /Outlet
)


def find_boilerplate(text: str, lines: Sequence[Line] | None = None) -> tuple[IgnoredSpan, ...]:
    """The junk in ``text`` as sorted, non-overlapping spans of whole lines."""
    lines = split_lines(text) if lines is None else lines
    norm = [normalise(line.text) if len(line.text) <= MAX_JUNK_LINE else None for line in lines]
    reasons: list[str | None] = [classify_line(s) if s else None for s in norm]
    _mark_top_metadata(lines, norm, reasons)
    _mark_header_blocks(norm, reasons)
    _mark_caption_titles(norm, reasons)
    _mark_tweet_texts(norm, reasons)
    _mark_trailing_list(norm, reasons)
    return spans_from_reasons(lines, reasons)


def normalise(line: str) -> str:
    """The line as the rules see it: trimmed, markdown emphasis/bullets/quotes removed, spaces collapsed."""
    s = line.strip()
    if not s:
        return ""
    s = _MARKUP_LEAD.sub("", s).strip()
    if m := _EMPHASIS.match(s):
        s = m.group(2).strip()
    return _SPACES.sub(" ", s)


# A page of repeated blocks asks about the same few lines thousands of times (a megabyte of them
# took a second): each answer is kept for the next time (pure functions of one line, bounded caches).
@lru_cache(maxsize=4096)
def classify_line(s: str) -> str | None:
    """The reason a normalised line is junk by itself, or None."""
    n = len(s)
    for rule in LINE_RULES:
        if n <= rule.max_len and rule.pattern.search(s):
            return rule.reason
    if _is_social_line(s):
        return Reason.SHARE
    return None


@lru_cache(maxsize=4096)
def is_title_like(s: str | None) -> bool:
    """A short line of one sentence without a final full stop: a headline, a link text, a button.

    A line of several sentences ("What do you think? Will it work?") is prose, not a link.
    """
    return (
        bool(s)
        and len(s) <= MAX_TITLE_LINE
        and not _ENDS_LIKE_SENTENCE.search(s)
        and len(s.split()) <= 25
        and sentence_count(s) == 1
    )


def _is_social_line(s: str) -> bool:
    if len(s) > 80:
        return False
    words = [w for w in re.split(r"[\s|/•·,:()]+", s.lower()) if w and not w.isdigit()]
    return bool(words) and all(w in _SOCIAL_WORDS for w in words) and any(w in _SOCIAL_STRONG for w in words)


def _mark_top_metadata(lines: Sequence[Line], norm: list[str | None], reasons: list[str | None]) -> None:
    """Date lines and bylines near the top ("Published March 3, 2016", "By Jane Doe")."""
    for line, s in zip(lines, norm, strict=True):
        if line.index >= TOP_LINES or line.start >= TOP_CHARS:
            break
        if not s or reasons[line.index]:
            continue
        if is_date_line(s):
            reasons[line.index] = Reason.DATE_LINE
        elif len(s) <= 80 and _BYLINE.match(s):
            reasons[line.index] = Reason.BYLINE


def _mark_header_blocks(norm: list[str | None], reasons: list[str | None]) -> None:
    """A header line ("Related", "Next Article", "Leave a Reply") and the links or form fields under it."""
    i = 0
    count = len(norm)
    # The lines below a header are never marked before that header is reached, so what the rest
    # of the text holds is counted once, from the bottom up (one pass, however many headers).
    rest = _rest_counts(norm, reasons)
    while i < count:
        s = norm[i]
        if not s:
            i += 1
            continue
        if _COMMENT_HEADER.match(s):
            reason, tail_list = Reason.COMMENT_FORM, False
        elif _NAV_HEADER.match(s):
            reason, tail_list = Reason.NAVIGATION, False
        elif _RELATED_HEADER.match(s):
            reason, tail_list = Reason.RELATED, True
        else:
            i += 1
            continue
        reasons[i] = reasons[i] or reason
        if tail_list and _mostly_links(*rest[i + 1]):
            for k in range(i + 1, count):
                if norm[k] and not reasons[k]:
                    reasons[k] = reason
            return
        j = i + 1
        while j < count:
            t = norm[j]
            if t and not reasons[j]:
                if _NAV_HEADER.match(t) or _RELATED_HEADER.match(t) or _COMMENT_HEADER.match(t):
                    break  # the next header starts its own block
                if not is_title_like(t):
                    break
                if reason == Reason.RELATED and t.endswith("?"):
                    break  # a question is the next section's heading, not a link
                reasons[j] = reason
            j += 1
        i = j


def _rest_counts(norm: list[str | None], reasons: list[str | None]) -> list[tuple[int, int]]:
    """(link-like lines, body lines) from each line to the end of the text, and (0, 0) past it."""
    counts = [(0, 0)] * (len(norm) + 1)
    listy = body = 0
    for k in range(len(norm) - 1, -1, -1):
        t = norm[k]
        if t is None:
            body += 1
        elif t:
            if reasons[k] or is_title_like(t):
                listy += 1
            else:
                body += 1
        counts[k] = (listy, body)
    return counts


def _mostly_links(listy: int, body: int) -> bool:
    return listy >= MIN_TRAILING_LIST and listy >= LIST_SHARE * (listy + body)


def _mark_caption_titles(norm: list[str | None], reasons: list[str | None]) -> None:
    """A short title-like paragraph opener right above a photo caption belongs to the caption."""
    for i in range(1, len(norm)):
        if reasons[i] != Reason.PHOTO_CAPTION or reasons[i - 1]:
            continue
        above = norm[i - 1]
        starts_paragraph = i == 1 or not norm[i - 2]
        if above and starts_paragraph and len(above) <= 80 and is_title_like(above):
            reasons[i - 1] = Reason.PHOTO_CAPTION


def _mark_tweet_texts(norm: list[str | None], reasons: list[str | None]) -> None:
    """The text of an embedded tweet: the hashtag/@handle paragraph right above its signature line."""
    for i in range(len(norm)):
        if reasons[i] != Reason.EMBEDDED_POST:
            continue
        k = i - 1
        while k >= 0 and norm[k] == "":
            k -= 1
        above = norm[k] if k >= 0 else None
        if above and not reasons[k] and len(above) <= 300 and _HASHTAG_OR_HANDLE.search(above):
            reasons[k] = Reason.EMBEDDED_POST


def _mark_trailing_list(norm: list[str | None], reasons: list[str | None]) -> None:
    """Many short title-like lines after the body's last full paragraph: a related-links list.

    A question right under the last paragraph is the article's closing question to its
    readers (body text), not the first link: it is not counted in the run.
    """
    titles: list[int] = []  # from the bottom up
    for k in range(len(norm) - 1, -1, -1):
        t = norm[k]
        if t == "" or reasons[k]:
            continue
        if not is_title_like(t):
            break
        titles.append(k)
    if titles and is_question(norm[titles[-1]] or ""):
        titles.pop()
    if len(titles) >= MIN_TRAILING_LIST:
        for k in titles:
            reasons[k] = Reason.RELATED


def spans_from_reasons(lines: Sequence[Line], reasons: Sequence[str | None]) -> tuple[IgnoredSpan, ...]:
    """Merge junk lines into spans: consecutive lines of one reason (blank lines between them included)."""
    spans: list[IgnoredSpan] = []
    current: tuple[int, int, str] | None = None
    for line, reason in zip(lines, reasons, strict=True):
        if reason is None:
            if not line.blank and current:
                spans.append(IgnoredSpan(*current))
                current = None
            continue
        if current and current[2] == reason:
            current = (current[0], line.end, reason)
        else:
            if current:
                spans.append(IgnoredSpan(*current))
            current = (line.start, line.end, reason)
    if current:
        spans.append(IgnoredSpan(*current))
    return tuple(spans)


def merge_spans(*groups: Iterable[IgnoredSpan]) -> tuple[IgnoredSpan, ...]:
    """Sorted union of span groups; where spans overlap, the earlier-starting one is kept whole."""
    out: list[IgnoredSpan] = []
    for span in sorted((s for g in groups for s in g), key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            if span.end > out[-1].end:
                last = out[-1]
                out[-1] = IgnoredSpan(last.start, span.end, last.reason)
            continue
        out.append(span)
    return tuple(out)


def ignored_summary(text: str, spans: Sequence[IgnoredSpan]) -> tuple[int, int]:
    """How much of ``text`` the spans ignore: (characters, non-blank lines)."""
    chars = sum(s.end - s.start for s in spans)
    lines = sum(sum(1 for ln in text[s.start : s.end].splitlines() if ln.strip()) for s in spans)
    return chars, lines
