"""Format readers: one module per format, each with ``detect`` and ``read_threads``.

Readers know formats; nothing after them does. A reader returns threads whose
comments have speakers and, where the source says so, parents; comments whose
parent the source does not give are linked by :mod:`threads.reconstruct`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from threads.formats import Format

# Detection order: most specific first, plain text last.
_MODULES: dict[Format, str] = {
    Format.CONVOKIT: "threads.readers.convokit",
    Format.JSON: "threads.readers.threadsjson",
    Format.HN: "threads.readers.hn",
    Format.WXR: "threads.readers.wxr",
    Format.DISQUS: "threads.readers.disqus",
    Format.ATOM: "threads.readers.atom",
    Format.MT: "threads.readers.mt",
    Format.HTML: "threads.readers.html",
    Format.TEXT: "threads.readers.text",
}


# The order in which readers are asked about a file (the Format enum's order is not it).
DETECTION_ORDER: tuple[Format, ...] = tuple(_MODULES)


@dataclass(frozen=True, slots=True)
class PostInfo:
    """One thread in a multi-thread input (``--list-posts``)."""

    id: str
    title: str | None
    comments: int
    url: str | None = None


def reader_for(fmt: Format) -> ModuleType | None:
    """The reader module for ``fmt``, or None if that reader is not available."""
    try:
        return importlib.import_module(_MODULES[fmt])
    except ModuleNotFoundError as err:
        if err.name == _MODULES[fmt]:
            return None
        raise


def available() -> list[Format]:
    return [f for f in _MODULES if reader_for(f) is not None]
