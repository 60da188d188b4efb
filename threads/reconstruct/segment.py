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


def _sidebar(line: str) -> bool:
    s = line.strip()
    return bool(MONTH_YEAR.match(s) or WEEKDAYS_ROW.match(s) or NUMBERS_ROW.match(s)
                or _is_chrome(s) or DATE_LINE.match(s))


def read_page(text: str) -> Page:
    """Split ``text`` into paragraphs with their blank-line gaps; drop and mine page chrome."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = text.split("\n")
    meta: dict[str, str] = {}

    # The comments end at a "comments are closed" notice; what follows is sidebar.
    end = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        s = lines[i].strip()
        if s and CLOSED.search(s) and len(s) < 80:
            end = i
            meta["comments_closed"] = "true"
            break
    for ln in lines:  # platform from "powered by", wherever it is
        m = POWERED.search(ln)
        if m and len(ln.strip()) < 80:
            meta.setdefault("platform", m.group("platform").strip().split()[0].lower())
    if end < len(lines):
        tail = [ln for ln in lines[end + 1:] if ln.strip()]
        if all(_sidebar(ln) or len(ln.split()) <= 4 for ln in tail):
            lines = lines[:end]
        else:  # something real after the notice: keep it, drop only the notice
            lines = lines[:end] + [""] + lines[end + 1:]

    paragraphs: list[Paragraph] = []
    gap, buf, start = 0, [], 0
    seen_content = False

    def flush() -> None:
        nonlocal buf, gap
        if buf:
            paragraphs.append(Paragraph("\n".join(buf), gap, start + 1))
            buf = []
            gap = 0

    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if not line.strip():
            if buf:
                flush()
            gap += 1
            continue
        s = line.strip()
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
        if _is_chrome(s) and not buf:
            if COMMENT_NOTICE.search(s):
                meta["comment_notice"] = s
            continue
        if not buf:
            start = i
        buf.append(line.strip())
        seen_content = True
    flush()
    if paragraphs:  # the first paragraph's gap counts chrome above it: it starts a block anyway
        paragraphs[0] = Paragraph(paragraphs[0].text, max(paragraphs[0].gap, 99), paragraphs[0].line)
    return Page(tuple(paragraphs), tuple(meta.items()), _block_gap(paragraphs))


def _block_gap(paragraphs: list[Paragraph]) -> int:
    """Two blank lines separate comments when the page uses them; else one does."""
    gaps = [p.gap for p in paragraphs[1:]]
    return 2 if sum(1 for g in gaps if g >= 2) >= 2 else 1
