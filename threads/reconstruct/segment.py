"""Page chrome out, paragraphs and blocks in: the first look at flattened text.

A comment page copied to text keeps its structure only as blank lines: one blank
line between paragraphs of a comment, two or more between comments. Around the
comments sits page chrome (navigation, feed notices, "comments are closed",
sidebar calendars, "powered by"), which is dropped here while what it tells about
the post (date, platform, neighbouring post titles) is kept as metadata.

Not supported: chrome in languages other than English is only partly recognised
(the patterns are English); pages whose comments are not separated by any blank
line are read as one comment per paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
DATE_LINE = re.compile(
    rf"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)?\s*$",
    re.IGNORECASE,
)
# Any short line holding a year and a clock time is a timestamp, whatever the language
# ("23. Juni 2016 um 17:21 Uhr", "2016-06-23 17:21").
TIMESTAMP = re.compile(r"^(?=.*\b(?:19|20)\d{2}\b)(?=.*\b\d{1,2}[:.h]\d{2}\b)[^\n]{6,60}$")
MONTH_YEAR = re.compile(rf"^\s*(?:{MONTHS})\s+\d{{4}}\s*$", re.IGNORECASE)
WEEKDAYS_ROW = re.compile(r"^\s*(?:(?:sun|mon|tue|wed|thu|fri|sat)[a-z]*\.?\s*){5,7}$", re.IGNORECASE)
NUMBERS_ROW = re.compile(r"^\s*(?:\d{1,2}\s+){2,6}\d{1,2}\s*$")
NAV_LINE = re.compile(r"^\s*«?\s*(?P<prev>.*?)\s*\|\s*(?:Main|Home)\s*\|\s*(?P<next>.*?)\s*»?\s*$")
POWERED = re.compile(r"\b(?:proudly\s+)?powered\s+by\s+(?P<platform>[A-Za-z][\w.\- ]{1,30})", re.I)

# Whole lines that are page furniture, not anyone's words.
CHROME_LINES = [re.compile(p, re.IGNORECASE) for p in (
    r"^\s*feed\b.*\b(?:comment feed|subscrib)",
    r"^\s*you can follow this conversation\b",
    r"^\s*(?:the\s+)?comments?\s+(?:to this entry\s+)?(?:are|is)\s+(?:now\s+)?closed\.?\s*$",
    r"^\s*comments? (?:for|on) this (?:entry|post) (?:are|is) closed\.?\s*$",
    r"^\s*(?:post a comment|leave a (?:reply|comment)|add a comment|write a comment)\s*:?\s*$",
    r"^\s*(?:reply|like|share|permalink|report|flag|edit|delete|quote)\s*$",
    r"^\s*(?:\d+\s+)?(?:comments?|replies|responses)\s*(?:\(\d+\))?\s*:?\s*$",
    r"^\s*(?:comments?|replies|responses)\s*\(\d+\)\s*$",
    r"^\s*my photo\s*$",
    r"^\s*(?:recent (?:posts|comments)|archives|categories|search|about|blogroll|subscribe|"
    r"meta|tags|links)\s*$",
    r"^\s*(?:blog\s+)?powered by\b",
    r"^\s*(?:your information|\(name (?:and email address )?(?:is|are) required.*\)|"
    r"email address is not displayed.*|name is required.*|preview|post|cancel)\s*$",
    r"^\s*(?:load more comments|show more replies|view all comments|older comments|newer comments)\s*$",
    r"^\s*(?:sign in|log in|logged in as .*|sign in with .*)\s*$",
    r"^\s*this (?:post|entry|article) has \d+ (?:comments?|replies|responses)\s*$",
    r"^\s*cancel(?: comment)? reply\s*$",
    r"^\s*your email address will not be published\b.*$",
    r"^\s*required fields are marked\b.*$",
    r"^\s*(?:name|email|e-mail|website|url|comment|message)\s*\*?\s*$",
    r"^\s*\*\s*$",
    r"^\s*(?:rate this recipe|recipe rating)\s*$",
    r"^\s*save my name, email,? and website\b.*$",
    r"^\s*notify me of (?:follow-up comments|new posts)\b.*$",
    r"^\s*(?:post comment|submit comment|submit)\s*$",
)]
COMMENT_NOTICE = re.compile(r"comment feed|comments? (?:are|is) closed|leave a (?:reply|comment)|"
                            r"post a comment|^\s*(?:\d+\s+)?(?:comments?|replies|responses)\b", re.I)
CLOSED = re.compile(r"\bcomments?\b.*\b(?:closed|disabled)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of non-blank lines; ``gap`` is the number of blank lines before it."""

    text: str
    gap: int
    line: int  # 1-based line number of its first line, for evidence and debugging


@dataclass(frozen=True, slots=True)
class Page:
    paragraphs: tuple[Paragraph, ...]
    meta: tuple[tuple[str, str], ...] = field(default=())
    block_gap: int = 2  # blank lines that separate comments on this page


def _is_chrome(line: str) -> bool:
    return any(p.search(line) for p in CHROME_LINES)


def is_timestamp(line: str) -> bool:
    s = line.strip()
    return bool(DATE_LINE.match(s) or RELATIVE_TIME.match(s) or TIMESTAMP.match(s))


def _sidebar(line: str) -> bool:
    s = line.strip()
    return bool(MONTH_YEAR.match(s) or WEEKDAYS_ROW.match(s) or NUMBERS_ROW.match(s)
                or _is_chrome(s) or DATE_LINE.match(s))


SAYS_ALONE = re.compile(r"^\s*(?:says|said|wrote|writes|sagt|schreibt|dit|dice)\s*:?\s*$", re.IGNORECASE)
HEADER_LINE = re.compile(r"^\s*(?:(?:posted|written)\s+by\s*:?\s*\S.*|\S.{0,50}?\s+(?:says|said|wrote|writes)"
                         r"\s*:?)\s*$", re.IGNORECASE)
RELATIVE_TIME = re.compile(r"^\s*[•·]?\s*(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
                           r"(?:\s*[•·]?\s*edited)?\s*$", re.IGNORECASE)
COMMENT_END = re.compile(r"^\s*(?:reply|antworten|répondre|responder|reply\s*↓|↓)\s*$", re.IGNORECASE)
FORM_START = re.compile(r"^\s*(?:leave a (?:reply|comment)|post a comment|add a comment|write a comment|"
                        r"join the discussion|kommentar (?:verfassen|hinterlassen|schreiben))\b",
                        re.IGNORECASE)
COMMENTS_ON = re.compile(r"^\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                         r"(?:thoughts?|comments?|responses?|replies)\s+(?:on|to)\s+[\"“'‘]?(?P<title>.+?)"
                         r"[\"”'’]?\s*$", re.IGNORECASE)
BREAK = 99  # the gap given to a paragraph that must start a new comment (an author header)


def _cut_tail(lines: list[str], meta: dict[str, str]) -> list[str]:
    """Drop what follows the comments: the reply form, "comments are closed", the sidebar."""
    for i in range(len(lines) - 1, -1, -1):
        s = lines[i].strip()
        if s and CLOSED.search(s) and len(s) < 80:
            meta["comments_closed"] = "true"
            tail = [ln for ln in lines[i + 1:] if ln.strip()]
            if all(_sidebar(ln) or len(ln.split()) <= 4 for ln in tail):
                return lines[:i]
            return lines[:i] + [""] + lines[i + 1:]
    seen_text = False
    for i, ln in enumerate(lines):
        s = ln.strip()
        if FORM_START.match(s) and len(s) < 60 and seen_text:
            tail = lines[i + 1:]
            if not any(HEADER_LINE.match(t) or SAYS_ALONE.match(t) for t in tail):
                meta["comment_notice"] = s
                return lines[:i]
        if s and not _is_chrome(s):
            seen_text = True
    return lines


def read_page(text: str) -> Page:
    """Split ``text`` into paragraphs with their blank-line gaps; drop and mine page chrome."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = text.split("\n")
    meta: dict[str, str] = {}
    for ln in lines:  # platform from "powered by", wherever it is
        m = POWERED.search(ln)
        if m and len(ln.strip()) < 80:
            meta.setdefault("platform", m.group("platform").strip().split()[0].lower())
    lines = _cut_tail(lines, meta)

    paragraphs: list[Paragraph] = []
    gap, buf, start = 0, [], 0
    seen_content = False
    force = False  # the next paragraph starts a new comment whatever its gap
    closers = 0  # "Reply" links seen: every comment on the page is explicitly closed

    def flush() -> None:
        nonlocal buf, gap, force
        if buf:
            paragraphs.append(Paragraph("\n".join(buf), BREAK if force else gap, start + 1))
            buf = []
            gap = 0
            force = False

    for i, raw in enumerate(lines):
        line = raw.rstrip()
        s = line.strip()
        if not s:
            if buf:
                flush()
            gap += 1
            continue
        if not seen_content:
            nav = NAV_LINE.match(s)
            if nav and ("«" in s or "»" in s or "| Main |" in s or "| Home |" in s):
                if nav.group("prev"):
                    meta["previous_post"] = nav.group("prev").strip(" «»")
                if nav.group("next"):
                    meta["next_post"] = nav.group("next").strip(" «»")
                continue
            if DATE_LINE.match(s) and not buf:
                meta.setdefault("published", s)
                continue
        m = COMMENTS_ON.match(s)
        if m and not buf and len(s) < 200:
            meta.setdefault("title", m.group("title").strip(" \"“”'‘’"))
            meta["comment_notice"] = s
            continue
        if SAYS_ALONE.match(s):
            # "Name" / "says:" on separate lines: the name just read is an author header
            if buf:
                buf[-1] = buf[-1] + " says:"
            elif paragraphs:
                last = paragraphs.pop()
                paragraphs.append(Paragraph(last.text + " says:", BREAK, last.line))
            gap = 0
            continue
        if HEADER_LINE.match(s) and len(s) < 80:
            flush()
            force = True
            start = i
            buf.append(s)
            flush()
            force = False
            continue
        if is_timestamp(s) and not buf and paragraphs and (
                HEADER_LINE.match(paragraphs[-1].text) or paragraphs[-1].gap == BREAK
                and len(paragraphs[-1].text) < 60):
            continue  # the date under an author header
        if COMMENT_END.match(s):
            flush()
            force = True  # "Reply" closes a comment
            closers += 1
            continue
        if _is_chrome(s) and not buf:
            if COMMENT_NOTICE.search(s):
                meta["comment_notice"] = s
            continue
        if not buf:
            start = i
        buf.append(s)
        seen_content = True
    flush()
    if paragraphs:  # the first paragraph's gap counts chrome above it: it starts a block anyway
        paragraphs[0] = Paragraph(paragraphs[0].text, max(paragraphs[0].gap, BREAK), paragraphs[0].line)
    return Page(tuple(paragraphs), tuple(meta.items()), _block_gap(paragraphs, closers))


def _block_gap(paragraphs: list[Paragraph], closers: int = 0) -> int:
    """Two blank lines separate comments when the page uses them; else one does.

    A page whose comments are each closed by a "Reply" link (and opened by an author
    header) is cut at those alone: its blank lines say nothing about where a comment
    ends (a copied WordPress page puts two between paragraphs of one comment).
    """
    if closers >= 2 and sum(1 for p in paragraphs[1:] if p.gap == BREAK) >= 2:
        return BREAK
    gaps = [p.gap for p in paragraphs[1:] if p.gap != BREAK]
    return 2 if sum(1 for g in gaps if g >= 2) >= 2 else 1
