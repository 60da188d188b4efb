"""The one place that knows the order of the stages.

    read (format reader) -> segment -> attribute speakers -> link replies
        -> score tone -> score relations -> positions

Readers do the structural part (the plain-text and Movable Type readers call
:mod:`threads.reconstruct` themselves, since only they lack explicit structure);
:func:`analyze` does the scoring part. Every stage is a plain function from a
:class:`~threads.model.Thread` to a new one, so each can be tested alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from threads.encoding import decode
from threads.errors import FormatError, InputError, ParseError
from threads.formats import Format
from threads.model import Thread
from threads.readers import DETECTION_ORDER, PostInfo, reader_for

if TYPE_CHECKING:  # pragma: no cover
    from threads.score.positions import Analysis

log = logging.getLogger(__name__)

PEEK_BYTES = 65536


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        return
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty")


def peek(path: Path) -> str:
    """The start of ``path`` as text (for format detection); raises on binary input."""
    with path.open("rb") as fh:
        data = fh.read(PEEK_BYTES + 1)
    if len(data) > PEEK_BYTES:  # do not cut a multi-byte character in half
        data = data[:PEEK_BYTES]
        cut = data.rfind(b"\n")
        if cut > 0:
            data = data[:cut]
    return decode(data, str(path))


def detect(path: str | Path) -> Format:
    """The format of ``path``, found by asking each reader about its first bytes."""
    path = Path(path)
    _check_path(path)
    if path.is_dir():
        mod = reader_for(Format.CONVOKIT)
        if mod is not None and mod.detect_dir(path):
            return Format.CONVOKIT
        raise FormatError(f"{path} is a folder but not a ConvoKit corpus (no utterances.jsonl)")
    text = peek(path)
    for fmt in DETECTION_ORDER:
        mod = reader_for(fmt)
        if mod is not None and fmt is not Format.CONVOKIT and mod.detect(text):
            return fmt
    raise FormatError(f"{path}: format not recognised; use --format with one of "
                      + ", ".join(Format.names()))


def _reader(fmt: Format):
    mod = reader_for(fmt)
    if mod is None:
        raise FormatError(f"no reader for format {fmt.value!r} in this installation")
    return mod


def load_all(path: str | Path, fmt: Format | str | None = None) -> Iterator[Thread]:
    """Every thread in ``path`` (one for a page, one per post for an export)."""
    path = Path(path)
    _check_path(path)
    fmt = detect(path) if fmt is None else Format(fmt)
    yield from _reader(fmt).read_threads(path)


def list_posts(path: str | Path, fmt: Format | str | None = None) -> list[PostInfo]:
    """The threads in ``path``, most comments first."""
    posts = [PostInfo(t.id, t.title, len(t.comments), t.url) for t in load_all(path, fmt)]
    posts.sort(key=lambda p: -p.comments)
    return posts


def load(path: str | Path, fmt: Format | str | None = None, post: str | None = None) -> Thread:
    """The reconstructed thread in ``path``: the one called ``post``, else the one with most comments.

    Raises :class:`~threads.errors.ParseError` when the input holds no comments.
    """
    best: Thread | None = None
    seen: list[str] = []
    for thread in load_all(path, fmt):
        seen.append(thread.id)
        if post is not None:
            if post in (thread.id, thread.meta_dict().get("post_id"), thread.url, thread.title):
                if not thread.comments:
                    raise ParseError(f"{path}: post {post!r} has no comments")
                return thread
            continue
        if best is None or len(thread.comments) > len(best.comments):
            best = thread
    if post is not None:
        shown = ", ".join(seen[:10]) + (" ..." if len(seen) > 10 else "")
        raise ParseError(f"{path}: no post {post!r}; posts are: {shown or 'none'}")
    if best is None or not best.comments:
        why = best.meta_dict().get("no_comments_reason") if best is not None else None
        raise ParseError(f"{path}: no comments found" + (f" ({why})" if why else ""))
    return best


def load_text(text: str, name: str = "text") -> Thread:
    """Reconstruct a thread from plain text already in memory (the dashboard's paste box)."""
    from threads.readers.text import read_text

    thread = read_text(text, source=name)
    if not thread.comments:
        why = thread.meta_dict().get("no_comments_reason")
        raise ParseError(f"{name}: no comments found" + (f" ({why})" if why else ""))
    return thread


def analyze(thread: Thread, claims: Iterable[str] = (), workers: int | None = None) -> Analysis:
    """Score tone and relations, then place every speaker: the full analysis.

    ``workers`` caps the processes a stage may start (default: its own choice,
    all cores for big threads); a batch that already runs one thread per core
    passes 1.
    """
    from threads.score.positions import positions
    from threads.score.relations import score_relations
    from threads.score.tone import score_tone

    return positions(score_relations(score_tone(thread, workers=workers), workers=workers),
                     claims=tuple(claims))
