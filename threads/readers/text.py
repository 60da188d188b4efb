"""Plain text copied off a comment page (placeholder: blocks become comments)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from threads.encoding import decode
from threads.formats import Format
from threads.model import Comment, Speaker, Thread

FORMAT = Format.TEXT


def detect(peek: str) -> bool:
    return True


def read_text(text: str, source: str | None = None) -> Thread:
    blocks = [b.strip() for b in re.split(r"\n\s*\n\s*\n", text) if b.strip()]
    speakers = tuple(Speaker(id=f"s{i+1}", name=f"Anonymous {i+1}", named=False) for i in range(len(blocks)))
    comments = tuple(Comment(id=f"c{i+1}", speaker=f"s{i+1}", text=b) for i, b in enumerate(blocks))
    return Thread(id="thread", source=source, speakers=speakers, comments=comments, platform=None)


def read_threads(path: Path) -> Iterator[Thread]:
    yield read_text(decode(path.read_bytes(), str(path)), source=path.name)
