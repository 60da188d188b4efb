"""JSON text of threads' results, fast: orjson, with the standard library as the fallback.

A 100,000-comment analysis is about 200 MB of JSON. The standard library's
encoder with ``indent`` runs in pure Python (its C accelerator only serves
compact output) and builds the whole text as tens of millions of small strings
before joining them: about 9 s and well over a gigabyte at that size. orjson
writes the same document as UTF-8 bytes in well under a second, holding only
the result.

What differs from ``json.dumps(..., ensure_ascii=False, indent=2)``: nothing a
JSON reader sees. Floats are written in their shortest round-trip form either
way (orjson spells ``1e-05`` as ``1e-5``), and indentation is always two spaces.

Not supported by orjson and therefore sent to the standard library (same
document, ASCII-escaped): strings holding lone surrogates (text decoded with
``surrogateescape``) and integers beyond 64 bits. NaN and infinity, which JSON
cannot spell, become ``null`` (Python's encoder would write a bare ``NaN`` that
browsers reject), or ``ValueError`` with ``check_finite=True``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

__all__ = ["dumps"]


def _check_finite(data: Any) -> None:
    # orjson writes NaN and infinity as null; refuse them the way json(allow_nan=False) does.
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError(f"out of range float value for JSON: {value!r}")
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)


def dumps(data: Any, *, indent: bool = True, sort_keys: bool = False, check_finite: bool = False) -> bytes:
    """``data`` as UTF-8 JSON, followed by a newline.

    Parameters
    ----------
    data : dict, list, str, int, float, bool or None (nested)
        A JSON-able value (dataclasses must be turned into dicts first).
    indent : bool
        Two-space indentation (default); compact one-line output otherwise.
    sort_keys : bool
        Object keys in sorted order.
    check_finite : bool
        Raise ``ValueError`` on NaN or infinity instead of writing ``null``.

    Examples
    --------
    >>> dumps({"b": [1, 2.5], "a": "é"}, indent=False, sort_keys=True)
    b'{"a":"\\xc3\\xa9","b":[1,2.5]}\\n'
    """
    if check_finite:
        _check_finite(data)
    option = orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS
    if indent:
        option |= orjson.OPT_INDENT_2
    if sort_keys:
        option |= orjson.OPT_SORT_KEYS
    try:
        return orjson.dumps(data, option=option)
    except orjson.JSONEncodeError:
        # Lone surrogates or huge integers: the standard library escapes what UTF-8 cannot hold.
        text = json.dumps(data, ensure_ascii=True, indent=2 if indent else None, sort_keys=sort_keys,
                          separators=None if indent else (",", ":"), allow_nan=not check_finite)
        return (text + "\n").encode("ascii")
