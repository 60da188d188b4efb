"""Detect an input's format once, at the edge, by peeking at its first bytes.

Each reader module exposes ``FORMAT``, ``detect(peek: str) -> bool`` and
``read_threads(path: Path) -> Iterator[Thread]``. Detection asks the readers in
order, most specific first; the plain-text reader accepts anything textual and
comes last.
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Input formats threads reads (``--format`` takes these values)."""

    TEXT = "text"  # comment page flattened to plain text (the seed's form)
    HTML = "html"  # saved comment page: WordPress, Blogger, Typepad, generic
    WXR = "wxr"  # WordPress export
    DISQUS = "disqus"  # Disqus XML export
    MT = "mt"  # Movable Type / TypePad text export
    ATOM = "atom"  # Blogger Atom export
    HN = "hn"  # Hacker News item JSON tree
    CONVOKIT = "convokit"  # ConvoKit corpus folder
    JSON = "json"  # our own threads/1 JSON

    @classmethod
    def names(cls) -> list[str]:
        return [f.value for f in cls]
