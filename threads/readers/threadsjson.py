"""Our own ``threads/1`` JSON (``threads parse`` output) read back in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from threads.encoding import decode
from threads.errors import ParseError
from threads.formats import Format
from threads.model import SCHEMA, Thread, from_dict

FORMAT = Format.JSON


def detect(peek: str) -> bool:
    head = peek.lstrip()[:2000]
    return head.startswith("{") and f'"{SCHEMA}"' in head


def read_threads(path: Path) -> Iterator[Thread]:
    text = decode(path.read_bytes(), str(path))
    # JSON Lines split on \n only: str.splitlines also cuts at U+2028 inside comment texts
    for n, line in enumerate(text.split("\n") if text.lstrip().startswith('{"schema"') else [text]):
        if not line.strip():
            continue
        try:
            yield from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError) as err:
            raise ParseError(f"{path}: not valid threads JSON (record {n + 1}): {err}") from err
