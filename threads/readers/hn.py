"""Hacker News threads as the Algolia items API returns them (``/api/v1/items/<id>``).

The file is one JSON object: the story (``type: "story"``, ``title``, ``url``) with its
comments nested under ``children``; every item has ``id``, ``parent_id``, ``author``,
``text`` (HTML) and ``created_at``. The story is the thread; its comments come
depth-first in the order the file lists them, each with its parent from
``parent_id`` (the story's id means top level) and ``source_id`` = the HN item id.
Comment HTML becomes plain text with one paragraph a line, entities unescaped and
the text of ``<i>`` and ``<a>`` kept.

Deleted and dead comments (no author and no text) are left out; their replies are
attached to the nearest surviving ancestor, and their evidence says so. The
story's author, where they comment, is the host.

Not supported: the official Firebase API (``kids`` lists of ids, one request per
item), Algolia *search* results (flat hits without the tree), and HN pages saved as
HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from threads.encoding import decode
from threads.errors import ParseError
from threads.formats import Format
from threads.model import Comment, Evidence, EvidenceKind, EvidenceTarget, Speaker, Thread
from threads.readers.htmltext import fragment_text

__all__ = ["FORMAT", "detect", "read_item", "read_threads"]

FORMAT = Format.HN
PLATFORM = "hackernews"
ITEM_URL = "https://news.ycombinator.com/item?id={}"


def detect(peek: str) -> bool:
    """True when ``peek`` starts an Algolia Hacker News item tree.

    >>> detect('{"author": "pg", "children": [], "created_at": "2007-02-19T00:00:00Z", "id": 1, '
    ...        '"parent_id": null, "story_id": 1, "type": "story"}')
    True
    >>> detect('{"schema": "threads/1"}')
    False
    """
    head = peek.lstrip()
    if not head.startswith("{"):
        return False
    return ('"children"' in head and '"created_at"' in head
            and ('"parent_id"' in head or '"story_id"' in head))


def _key(item_id: Any) -> str | None:
    """Item ids as strings: JSON may hold them as numbers or strings (or, broken, as anything)."""
    return None if item_id is None else str(item_id)


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _is_gone(item: Mapping[str, Any]) -> bool:
    return not item.get("author") and not item.get("text")


def _walk(root: Mapping[str, Any], name: str) -> Iterator[tuple[Mapping[str, Any], Any]]:
    """(item, id of the nearest surviving ancestor) depth-first in file order, root excluded."""
    # An explicit stack: a 12-deep thread is fine recursively, a pathological one is not.
    stack: list[tuple[Mapping[str, Any], Any, tuple[Any, ...]]] = []
    kids = root.get("children") or []
    if not isinstance(kids, list):
        raise ParseError(f"{name}: 'children' of item {root.get('id')} is not a list")
    for child in reversed(kids):
        stack.append((child, _key(root.get("id")), ()))
    while stack:
        item, anchor, skipped = stack.pop()
        if not isinstance(item, Mapping):
            raise ParseError(f"{name}: an entry under 'children' is not an object")
        yield item, (anchor, skipped)
        gone = _is_gone(item)
        next_anchor = anchor if gone else _key(item.get("id"))
        next_skipped = (*skipped, _key(item.get("id"))) if gone else ()
        kids = item.get("children") or []
        if not isinstance(kids, list):
            raise ParseError(f"{name}: 'children' of item {item.get('id')} is not a list")
        for child in reversed(kids):
            stack.append((child, next_anchor, next_skipped))


def read_item(data: Mapping[str, Any], source: str | None = None, name: str = "input") -> Thread:
    """The thread of one Algolia item tree (a story, or a comment and its replies).

    Parameters
    ----------
    data : mapping
        The decoded JSON object.
    source : str, optional
        Where it came from, kept in ``Thread.source``.
    name : str
        How error messages name the input.

    Returns
    -------
    Thread
        The story's title, URL and date; its comments depth-first.

    Raises
    ------
    ParseError
        When ``data`` is not an item tree.

    Examples
    --------
    >>> reply = {"id": 3, "parent_id": 2, "author": "ann", "text": "<p>Yes"}
    >>> comment = {"id": 2, "parent_id": 1, "author": "bob", "text": "Hi &amp; bye", "children": [reply]}
    >>> story = {"id": 1, "type": "story", "title": "T", "author": "ann",
    ...          "created_at": "2020-01-01T00:00:00Z", "children": [comment]}
    >>> t = read_item(story)
    >>> [(c.id, c.parent, c.text) for c in t.comments], t.speaker(t.host).name
    ([('c1', None, 'Hi & bye'), ('c2', 'c1', 'Yes')], 'ann')
    """
    if not isinstance(data, Mapping) or "id" not in data or "children" not in data:
        raise ParseError(f"{name}: not a Hacker News item tree (an object with 'id' and 'children')")
    root_is_comment = data.get("type") == "comment"
    story_author = _str(data.get("author")) if not root_is_comment else None
    speakers: dict[str, Speaker] = {}
    comments: list[Comment] = []
    by_item: dict[str, str] = {}
    items: list[tuple[Mapping[str, Any], tuple[Any, tuple[Any, ...]]]] = []
    if root_is_comment and not _is_gone(data):
        items.append((data, (None, ())))
    items.extend(_walk(data, name))
    skipped = 0
    for item, (anchor, gone_between) in items:
        if _is_gone(item):
            skipped += 1
            continue
        author = _str(item.get("author")) or ""
        if author:
            if author not in speakers:
                speakers[author] = Speaker(id=f"s{len(speakers) + 1}", name=author,
                                           host=author == story_author)
            sid = speakers[author].id
            who = Evidence(EvidenceTarget.SPEAKER, EvidenceKind.SOURCE, "HN item author", 1.0)
        else:  # text without an author: shown by HN as a comment, so kept, unnamed
            key = f"\0anonymous {len(speakers) + 1}"
            speakers[key] = Speaker(id=f"s{len(speakers) + 1}", name=f"Anonymous {len(speakers) + 1}",
                                    named=False)
            sid = speakers[key].id
            who = Evidence(EvidenceTarget.SPEAKER, EvidenceKind.ANONYMOUS, "HN item without author", 1.0)
        cid = f"c{len(comments) + 1}"
        parent = by_item.get(anchor) if anchor is not None else None
        declared = _key(item.get("parent_id"))
        if gone_between:
            shown = ", ".join(str(g) for g in gone_between)
            where = "top level" if parent is None else f"the nearest surviving ancestor {anchor}"
            how = Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE,
                           f"parent_id {declared} was deleted or dead (skipped: {shown}); "
                           f"attached to {where}", 0.8)
        elif parent is None:
            how = Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE, "parent_id is the story", 1.0)
        else:
            how = Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE, f"parent_id {declared}", 1.0)
        text = fragment_text(_str(item.get("text")) or "")
        item_id = _key(item.get("id"))
        comments.append(Comment(
            id=cid, speaker=sid, text=text, parent=parent, evidence=(who, how),
            source_id=item_id, published=_str(item.get("created_at")),
        ))
        if item_id is not None:
            by_item[item_id] = cid
    host = speakers[story_author].id if story_author in speakers else None
    meta = {"hn_id": str(data.get("id")), "hn_url": ITEM_URL.format(data.get("id")),
            "skipped_deleted": str(skipped)}
    if data.get("points") is not None:
        meta["points"] = str(data.get("points"))
    if story_author:
        meta["post_author"] = str(story_author)
    return Thread(
        # an item without a usable id gets the id a thread without one has in threads JSON
        id=_key(data.get("id")) or "thread", title=_str(data.get("title")),
        url=_str(data.get("url")) or ITEM_URL.format(data.get("id")),
        published=_str(data.get("created_at")), platform=PLATFORM, source=source, host=host,
        speakers=tuple(speakers.values()), comments=tuple(comments), meta=tuple(meta.items()),
    )


def read_threads(path: Path) -> Iterator[Thread]:
    """The one thread in an Algolia item file (``Format.HN`` reader entry point)."""
    path = Path(path)
    text = decode(path.read_bytes(), str(path))
    try:
        data = json.loads(text)
    except ValueError as err:
        raise ParseError(f"{path}: not valid JSON: {err}") from err
    yield read_item(data, source=path.name, name=str(path))
