"""Movable Type / TypePad text exports: one thread per entry.

The format is plain text: an entry opens with ``KEY: value`` lines (``AUTHOR:``,
``TITLE:``, ``BASENAME:``, ``DATE:``, ...), then multi-line sections (``BODY:``,
``EXTENDED BODY:``, ``COMMENT:``, ``PING:``, ...) each closed by a line of five
dashes; a line of eight dashes ends the entry. Detected by an opening block of
such keys followed by a five-dash line.

Movable Type stores comments flat: no comment says which one it answers.
Readers mark replies in the words instead, and this reader links those:

- a comment opening with ``>name`` (or ``＞name``; honorifics such as さん, くん,
  ちゃん, 様 allowed) addresses that speaker; its parent is the addressed
  speaker's latest earlier comment in the entry (evidence ``SALUTATION`` with
  the marker as detail, confidence 0.8). The marker lines go into
  ``Comment.salutation`` and out of ``Comment.text``; every named speaker is
  recorded in ``Comment.addressees``;
- a first line that starts with a commenter's name plus an honorific (``nobuさん、``)
  or ``@name`` counts the same way, at confidence 0.7;
- a name that matches nobody who commented earlier leaves the comment
  top-level; the addressee is still recorded if that name comments later;
- everything else is top-level (evidence ``TOP_LEVEL``: the format is flat).

PINGs (trackbacks) are not comments: they are counted in ``Thread.meta``
(``pings``). The host is the commenter whose name is the entry's ``AUTHOR`` or
whose ``URL:`` points at the blog's own site. E-mail and IP lines are never
read. Not supported: entry bodies are not read; ``CONVERT BREAKS`` filters
other than HTML and plain line breaks are shown as plain text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from threads.encoding import decode
from threads.errors import ParseError
from threads.formats import Format
from threads.model import Evidence, EvidenceKind, EvidenceTarget, Thread
from threads.readers._build import RawComment, build_thread, name_key
from threads.readers._markup import html_to_text, plain

FORMAT = Format.MT
PLATFORM = "movabletype"
log = logging.getLogger(__name__)

ENTRY_END = "--------"
SECTION_END = "-----"
_HEADER_KEYS = frozenset({
    "AUTHOR", "TITLE", "BASENAME", "STATUS", "ALLOW COMMENTS", "ALLOW PINGS", "CONVERT BREAKS",
    "CATEGORY", "PRIMARY CATEGORY", "DATE", "TAGS", "NO ENTRY", "UNIQUE URL", "AUTHOR EMAIL",
    "AUTHOR URL", "EMAIL", "IP", "URL", "BLOG NAME",
})
_SECTIONS = ("BODY:", "EXTENDED BODY:", "EXCERPT:", "KEYWORDS:", "COMMENT:", "PING:")
_KEY_LINE = re.compile(r"^([A-Z][A-Z ]*[A-Z]):(?: (.*))?$")
_MARKER = re.compile(r"^[ \t\u3000]*[>＞]+[ \t\u3000]*(\S.{0,39}?)[ \t\u3000]*$")
_HONORIFIC = re.compile(r"(?:さん|さま|様|くん|君|ちゃん|氏|殿|先生|[-\s]?san)へ?$", re.IGNORECASE)
_TRAIL = re.compile(r"[\s。、，,:：!！.．…~～〜♪☆★]+$")
_SALUTE = re.compile(r"^[ \t\u3000]*(@?)(\S{1,30}?)(さん|さま|様|くん|君|ちゃん|氏)?([、，,:：!！。]|\s|$)")
PARENT_CONFIDENCE = 0.8
SALUTE_CONFIDENCE = 0.7


def detect(peek: str) -> bool:
    """A Movable Type export: ``KEY: value`` header lines, then a ``-----`` line.

    >>> detect("AUTHOR: Ann\\nTITLE: Hi\\nDATE: 01/02/2010 10:00:00 AM\\n-----\\nBODY:\\nHello\\n-----\\n")
    True
    >>> detect("AUTHOR: Ann\\nSome article text.\\n")
    False
    """
    lines = peek.lstrip("\ufeff \t\r\n").splitlines()
    keys = 0
    for line in lines[:60]:
        line = line.rstrip("\r")
        if line.strip() == "" and keys:
            continue
        if line == SECTION_END:
            return keys >= 2
        m = _KEY_LINE.match(line)
        if not m or m.group(1) not in _HEADER_KEYS:
            return False
        keys += 1
    return False


def _iso(stamp: str) -> str | None:
    stamp = stamp.strip()
    for fmt in ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %I:%M %p"):
        try:
            return datetime.strptime(stamp, fmt).isoformat()
        except ValueError:
            continue
    return None


@dataclass(slots=True)
class _Comment:
    fields: dict[str, str]
    body: str
    position: int


@dataclass(slots=True)
class _Entry:
    fields: dict[str, list[str]] = field(default_factory=dict)
    comments: list[_Comment] = field(default_factory=list)
    pings: int = 0

    def first(self, key: str) -> str:
        return (self.fields.get(key) or [""])[0].strip()


def _parse_section(lines: list[str], entry: _Entry) -> None:
    if not lines:
        return
    head = lines[0].strip()
    if head == "COMMENT:" or head == "PING:":
        fields: dict[str, str] = {}
        i = 1
        while i < len(lines):
            m = _KEY_LINE.match(lines[i])
            if not m or m.group(1) not in _HEADER_KEYS:
                break
            fields.setdefault(m.group(1), m.group(2) or "")
            i += 1
        if head == "PING:":
            entry.pings += 1
        else:
            entry.comments.append(_Comment(fields, "\n".join(lines[i:]), len(entry.comments) + 1))
    elif head in _SECTIONS:
        return  # the post's own text: not part of the debate
    else:
        for line in lines:
            m = _KEY_LINE.match(line)
            if m and m.group(1) in _HEADER_KEYS:
                entry.fields.setdefault(m.group(1), []).append(m.group(2) or "")


def _entries(text: str) -> Iterator[_Entry]:
    entry = _Entry()
    section: list[str] = []
    dirty = False
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if line == ENTRY_END:
            _parse_section(section, entry)
            yield entry
            entry, section, dirty = _Entry(), [], False
        elif line == SECTION_END:
            _parse_section(section, entry)
            section = []
        else:
            if line.strip() or section:
                section.append(line)
            dirty = dirty or bool(line.strip())
    if dirty:
        _parse_section(section, entry)
        yield entry


def _match_key(name: str) -> str:
    return name_key(unicodedata.normalize("NFKC", name).replace("〜", "~").replace("～", "~"))


def _candidates(raw: str) -> list[str]:
    """Names a marker may stand for: as written, without trailing signs, without honorific."""
    out = [raw.strip()]
    bare = _TRAIL.sub("", raw).strip()
    out.append(bare)
    out.append(_HONORIFIC.sub("", bare).strip())
    return [c for c in dict.fromkeys(out) if c]


def _host_site(url: str) -> str:
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.").lower()


@dataclass(slots=True)
class _Plain:
    author: str
    text: str
    published: str | None
    is_host: bool
    position: int


def _link(comments: list[_Plain], host_name: str | None) -> list[RawComment]:
    """Turn address markers into parents (see the module docstring)."""
    latest: dict[str, int] = {}  # speaker key -> index of their latest comment so far
    all_names: dict[str, str] = {}
    for c in comments:
        all_names.setdefault(_match_key(c.author), c.author)
    raws: list[RawComment] = []
    for i, c in enumerate(comments):
        own = _match_key(c.author)
        lines = c.text.split("\n")
        markers: list[tuple[str, str | None]] = []  # (marker line, matched author name)
        k = 0
        while k < len(lines):
            m = _MARKER.match(lines[k])
            if not m:
                break
            name = next((all_names[_match_key(n)] for n in _candidates(m.group(1))
                         if _match_key(n) in all_names), None)
            if name is None and not _HONORIFIC.search(_TRAIL.sub("", m.group(1))):
                break  # a quoted line (">I agree"), not an address
            markers.append((lines[k].strip(), name))
            k += 1
        confidence = PARENT_CONFIDENCE
        if not markers and lines:
            m = _SALUTE.match(lines[0])
            if m and (m.group(1) or m.group(3)):
                name = all_names.get(_match_key(m.group(2)))
                if name is not None and _match_key(name) != own:
                    markers.append((m.group(0).strip(), name))
                    rest = lines[0][m.end():].strip()
                    lines = ([rest] if rest else []) + lines[1:]
                    k = 0
                    confidence = SALUTE_CONFIDENCE
        text = "\n".join(lines[k:]).strip()
        addressees = tuple(n for _, n in markers if n is not None and _match_key(n) != own)
        parent: str | None = None
        ev: list[Evidence] = []
        for marker, n in markers:
            if n is not None and _match_key(n) != own:
                ev.append(Evidence(EvidenceTarget.ADDRESSEE, EvidenceKind.SALUTATION, marker, confidence))
        for marker, n in markers:
            if n is not None and _match_key(n) != own and _match_key(n) in latest:
                parent = str(comments[latest[_match_key(n)]].position)
                ev.insert(0, Evidence(EvidenceTarget.PARENT, EvidenceKind.SALUTATION,
                                      f"{marker}: the latest earlier comment by {n}", confidence))
                break
        if parent is None:
            if markers:
                who = ", ".join(m for m, _ in markers)
                ev.insert(0, Evidence(EvidenceTarget.PARENT, EvidenceKind.TOP_LEVEL,
                                      f"{who}: addresses no one who commented earlier in this entry",
                                      0.6))
            else:
                ev.insert(0, Evidence(EvidenceTarget.PARENT, EvidenceKind.TOP_LEVEL,
                                      "no address marker; Movable Type comments are flat", 0.5))
        raws.append(RawComment(
            source_id=str(c.position), author=c.author, text=text, published=c.published,
            sort_key=f"{i:09d}", parent=parent, is_host=c.is_host,
            salutation="\n".join(m for m, _ in markers) or None, addressee_names=addressees,
            parent_evidence=tuple(e for e in ev if e.about is EvidenceTarget.PARENT),
            extra_evidence=tuple(e for e in ev if e.about is not EvidenceTarget.PARENT)))
        latest[own] = i
    return raws


def _thread(entry: _Entry, index: int, path: Path) -> Thread:
    author = plain(entry.first("AUTHOR"))
    url = entry.first("UNIQUE URL")
    site = _host_site(url) if url else ""
    plains: list[_Plain] = []
    for c in entry.comments:
        name = plain(c.fields.get("AUTHOR"))
        curl = c.fields.get("URL", "").strip()
        text, _ = html_to_text(c.body)
        is_host = bool(name) and (name_key(name) == name_key(author) or
                                  bool(site and curl and _host_site(curl) == site))
        plains.append(_Plain(name, text, _iso(c.fields.get("DATE", "")), is_host, c.position))
    plains.sort(key=lambda p: (p.published or "", p.position))
    raws = _link(plains, author or None)
    basename = entry.first("BASENAME")
    meta = {"author": author} if author else {}
    if entry.pings:
        meta["pings"] = str(entry.pings)
    return build_thread(
        thread_id=basename or url or f"entry{index}", raws=raws, platform=PLATFORM,
        source=path.name, title=plain(entry.first("TITLE")), url=url or None,
        published=_iso(entry.first("DATE")), meta=meta)


def read_threads(path: Path) -> Iterator[Thread]:
    """Every entry of a Movable Type export, one thread each, in file order.

    Raises :class:`~threads.errors.ParseError` when no entry can be read.
    """
    path = Path(path)
    text = decode(path.read_bytes(), str(path))
    ids: set[str] = set()
    n = 0
    for n, entry in enumerate(_entries(text.lstrip("\ufeff")), start=1):
        if not entry.fields and not entry.comments:
            raise ParseError(f"{path}: entry {n} has no AUTHOR:/TITLE: header lines; "
                             "not a Movable Type export")
        thread = _thread(entry, n, path)
        if thread.id in ids:
            k = 2
            while f"{thread.id}-{k}" in ids:
                k += 1
            thread = replace(thread, id=f"{thread.id}-{k}")
        ids.add(thread.id)
        yield thread
    if n == 0:
        raise ParseError(f"{path}: no Movable Type entries found")
