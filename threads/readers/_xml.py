"""Stream the records of a large XML export with little memory, in any declared encoding.

:func:`iter_records` wraps :func:`lxml.etree.iterparse`: it hands each finished
record element (a WordPress ``<item>``, a Disqus ``<post>``, an Atom
``<entry>``) to the reader and then clears it and its finished siblings, so a
500 MB export is read in a few megabytes. libxml2 honours a byte-order mark and
the encoding declared in the XML prolog (windows-1252, ISO-8859-1, UTF-16, ...).
Files that break the XML rules about encodings (UTF-16 without a byte-order
mark, cp1252 bytes with no declaration) are decoded with
:func:`threads.encoding.decode` and parsed from memory instead.

Any XML error becomes one :class:`~threads.errors.ParseError` line naming the
file and the line. External entities and DTDs are never loaded (no network, no
entity expansion attacks).

Not supported: XML that is not well-formed beyond the encoding (no recovery
mode: a truncated export is reported, not silently half-read).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from threads.encoding import decode
from threads.errors import ParseError

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding=["'][^"']*["']""")
_ENCODING_WORDS = ("encoding", "utf-8", "utf8", "not proper", "char 0x", "bytes:")


def local(tag: object) -> str:
    """The local part of an element's tag (``{ns}item`` -> ``item``); '' for comments/PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: object) -> str:
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]


def _in_memory(path: Path) -> BinaryIO:
    text = decode(path.read_bytes(), str(path))
    text = _DECL_ENCODING.sub(r"\1", text.lstrip("\ufeff"), count=1)
    return io.BytesIO(text.encode("utf-8"))


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding=["']([A-Za-z0-9_.:-]+)["']""")


def _valid_utf8(path: Path) -> bool:
    """Whether the whole file is UTF-8 (read in chunks: constant memory)."""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while chunk := fh.read(1 << 20):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _streamable(path: Path) -> bool:
    """Whether libxml2 can read ``path`` straight from disk with the right encoding.

    It can when the file has a byte-order mark, declares an encoding other than
    UTF-8 (libxml2 converts), or is valid UTF-8. UTF-16 without a byte-order mark
    and undeclared non-UTF-8 bytes break the XML rules and are decoded by us.
    """
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(_BOMS):
        return True
    if b"\x00" in head:
        return False
    m = _DECLARED.match(head)
    if m and m.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return True
    return _valid_utf8(path)


_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": True,
            "remove_comments": True, "remove_pis": True}


def _message(path: Path, err: Exception) -> str:
    line = getattr(err, "lineno", None) or getattr(getattr(err, "position", None), "__getitem__",
                                                   lambda i: None)(0)
    msg = str(err).splitlines()[0] if str(err) else type(err).__name__
    msg = re.sub(r",? line \d+, column \d+.*$", "", msg)
    where = f" at line {line}" if line else ""
    return f"{path}: not well-formed XML{where} ({msg}); the export may be truncated or damaged"


def iter_events(path: Path, events: tuple[str, ...] = ("end",),
                tag: str | tuple[str, ...] | None = None) -> Iterator[tuple[str, object]]:
    """``(event, element or namespace)`` pairs of ``path``; see the module docstring.

    ``tag`` limits element events to those tags (``{*}name`` for any namespace),
    filtered inside libxml2: far fewer Python calls on a large export. The
    caller clears elements it is done with (:func:`release`).
    """
    source: BinaryIO | str = str(path) if _streamable(path) else _in_memory(path)
    while True:
        try:
            yield from etree.iterparse(source, events=events, tag=tag, **_OPTIONS)
            return
        except etree.XMLSyntaxError as err:
            text = str(err).lower()
            if _only_prolog(err) and isinstance(source, str) and any(
                    w in text for w in _ENCODING_WORDS):
                # An encoding libxml2 does not know, refused before any record was
                # read: decode it the forgiving way and parse again from memory.
                source = _in_memory(path)
                continue
            raise ParseError(_message(path, err)) from err


def root_tag(path: Path) -> str:
    """The root element's tag (``{namespace}name``), read from the first bytes only."""
    try:
        for _, el in etree.iterparse(str(path), events=("start",), **_OPTIONS):
            if el.tag.isascii():
                # ASCII reads the same in any encoding the whole file may turn out to
                # need, so the file's encoding need not be checked first (a pass over
                # all of it; iter_events makes that pass for the records).
                return el.tag
            break
    except etree.XMLSyntaxError:
        pass  # told again, with the right encoding, by the read below
    for _, el in iter_events(path, ("start",)):
        return el.tag
    raise ParseError(f"{path}: no XML element found")


def _only_prolog(err: etree.XMLSyntaxError) -> bool:
    return (getattr(err, "lineno", 0) or 0) <= 1


def release(el: etree._Element) -> None:
    """Free a finished record and the finished siblings before it."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]
