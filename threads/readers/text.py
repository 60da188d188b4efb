"""Plain text copied off a comment page: the seed's form, and the fallback for any text.

The structure is rebuilt by :mod:`threads.reconstruct`: page chrome out
(:mod:`~threads.reconstruct.segment`), comments and their authors
(:mod:`~threads.reconstruct.speakers`), reply links
(:mod:`~threads.reconstruct.replies`). This module only assembles the result
into the thread model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from threads.encoding import decode
from threads.formats import Format
from threads.model import Comment, Evidence, EvidenceKind, EvidenceTarget, Quote, Speaker, Thread
from threads.reconstruct.replies import link
from threads.reconstruct.segment import read_page
from threads.reconstruct.speakers import HOST_KEY, attribute, comment_cues

MIN_CUES = 2  # below this, the text reads as an article or notes, not a comment section

FORMAT = Format.TEXT

_PLATFORMS = {"typepad": "typepad", "wordpress": "wordpress", "blogger": "blogger", "disqus": "disqus",
              "movable": "movabletype", "substack": "substack", "medium": "medium"}


def detect(peek: str) -> bool:
    """Any text is a candidate; this reader comes last in detection."""
    return bool(peek.strip())


def read_text(text: str, source: str | None = None) -> Thread:
    """Reconstruct the thread in ``text`` (a comment page flattened to text)."""
    page = read_page(text)
    drafts, reg, host_sig = attribute(page)
    digest = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:10]
    if comment_cues(page, drafts, host_sig) < MIN_CUES:
        reason = ("the text reads as an article, not a comment section: no author lines, signatures, "
                  "salutations, quotations or comment-page notices")
        return Thread(id=f"text-{digest}", source=source, meta=(("no_comments_reason", reason),))
    links = link(drafts)

    # speakers in order of first appearance; anonymous ones numbered in that order
    keys: list[str] = []
    anon_of: dict[int, str] = {}
    for k, d in enumerate(drafts):
        key = d.author if d.author is not None else f"@anon{k}"
        if key not in keys:
            keys.append(key)
        for a in d.addressees:
            if a not in keys:
                keys.append(a)
        if d.author is None:
            anon_of[k] = key
    ids = {key: f"s{i + 1}" for i, key in enumerate(keys)}
    speakers: list[Speaker] = []
    n_anon = 0
    for key in keys:
        if key == HOST_KEY:
            display = reg.host_name or host_sig or "host"
            aliases = sorted({a for a in reg.host_aliases if a.lower() != display.lower()})
            speakers.append(Speaker(ids[key], display, tuple(aliases), True, True))
        elif key.startswith("@anon"):
            n_anon += 1
            speakers.append(Speaker(ids[key], f"Anonymous {n_anon}", (), False, False))
        else:
            aliases = sorted(a for a in reg.names.get(key, set()) if a != key.lower())
            speakers.append(Speaker(ids[key], key, tuple(aliases), True, False))

    comments: list[Comment] = []
    for k, (d, lk) in enumerate(zip(drafts, links, strict=False)):
        key = d.author if d.author is not None else anon_of[k]
        ev = [Evidence(EvidenceTarget.SPEAKER, d.author_how,
                       d.author_detail or "no name on the page for this comment", d.author_conf)]
        ev.append(Evidence(EvidenceTarget.PARENT, lk.kind, lk.detail, lk.confidence))
        sal = d.salutation.text or None if d.salutation else None
        for a in d.addressees:
            how = EvidenceKind.TITLE if a == HOST_KEY and sal and any(
                n.lower() in reg.host_aliases and not n.lower() == (host_sig or "").lower()
                for n in d.salutation.names) else EvidenceKind.SALUTATION
            ev.append(Evidence(EvidenceTarget.ADDRESSEE, how, f"addressed as in {sal or 'the text'!r}", 0.85))
        quotes = tuple(Quote(span.text, f"c{src + 1}" if src is not None else None, round(score, 1))
                       for span, src, score in d.quotes)
        comments.append(Comment(
            id=f"c{k + 1}", speaker=ids[key], text=d.text,
            parent=f"c{lk.parent + 1}" if lk.parent is not None else None,
            addressees=tuple(ids[a] for a in d.addressees), quotes=quotes, evidence=tuple(ev),
            salutation=sal, signature=d.signature,
        ))

    meta = dict(page.meta)
    platform = meta.pop("platform", None)
    platform = next((v for k, v in _PLATFORMS.items() if platform and platform.startswith(k)), platform)
    return Thread(
        id=f"text-{digest}", title=meta.pop("title", None), published=meta.pop("published", None),
        platform=platform,
        source=source, host=ids.get(HOST_KEY), speakers=tuple(speakers), comments=tuple(comments),
        meta=tuple(meta.items()),
    )


def read_threads(path: Path) -> Iterator[Thread]:
    yield read_text(decode(path.read_bytes(), str(path)), source=path.name)
