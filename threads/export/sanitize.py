"""One attribute sanitiser in front of every graph writer.

networkx's GraphML and GEXF writers raise on ``None``, lists, dicts and
datetimes, and GraphML writes control characters raw, then cannot read its own
file. :func:`sanitize` returns a copy of a graph in which every node id, key and
attribute value is safe for every writer:

- ``None`` and non-finite floats (NaN, infinity: JSON has no spelling for them)
  are dropped: the attribute is simply missing on that node or edge;
- ``bool``, ``int`` and ``float`` stay typed (ints beyond 64 bits become text:
  GraphML and GEXF ``long`` cannot hold them);
- enums become their value, datetimes and dates ISO 8601 text, bytes UTF-8 text,
  lists / tuples / sets ``"a; b"`` text, dicts sorted-key JSON text;
- characters XML 1.0 cannot hold (``\\x00``-``\\x08``, ``\\x0b``, ``\\x0c``,
  ``\\x0e``-``\\x1f``, lone surrogates, U+FFFE/U+FFFF) are removed, and ``\\r\\n`` / ``\\r``
  become ``\\n`` (an XML parser would do that on reading anyway);
- every attribute keeps one type across the graph: ints mixed with floats become
  floats, any other mixture becomes text (``true`` / ``false`` for booleans), so
  each writer declares one type per attribute;
- attribute names the writers use for themselves (``id``, ``source``, ``target``,
  ``key``, ``type``, GEXF's ``pid`` / ``start`` / ``end`` / ``viz`` / ``spells``, networkx's
  cytoscape ``value``) get an ``_attr`` suffix, a non-numeric edge ``weight``
  becomes ``weight_attr``, and ``label`` is always text.

Not supported: multigraphs are sanitised as such, but the writers in this
package are only tested on the simple directed graphs of :mod:`threads.graph`.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from collections import defaultdict
from enum import Enum
from typing import Any

import networkx as nx

from threads.errors import ExportError

__all__ = ["clean_text", "clean_value", "sanitize"]

# Characters outside the XML 1.0 Char production (tab, newline and carriage return allowed).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INT64 = 2**63

RESERVED_NODE = frozenset({"id", "pid", "start", "end", "viz", "spells", "value", "source", "target"})
RESERVED_EDGE = frozenset({"id", "key", "type", "start", "end", "viz", "spells", "source", "target"})
RESERVED_GRAPH = frozenset({"node_default", "edge_default", "mode"})
SUFFIX = "_attr"

Scalar = str | int | float | bool


def clean_text(text: str) -> str:
    """``text`` without characters XML cannot hold, with newlines normalised to ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("", text)


def clean_value(value: Any) -> Scalar | None:
    """One attribute value as ``str``, ``int``, ``float`` or ``bool``; ``None`` means drop it.

    Examples
    --------
    >>> clean_value(["a", None, 2]), clean_value(float("nan")), clean_value(True)
    ('a; 2', None, True)
    """
    kind = type(value)  # exact-type fast path: nearly every value is one of these
    if kind is str:
        return clean_text(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is bool:
        return value
    if value is None:
        return None
    if isinstance(value, Enum):
        return clean_value(value.value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value) if -_INT64 <= value < _INT64 else str(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return clean_text(bytes(value).decode("utf-8", errors="replace"))
    if isinstance(value, dict):
        return clean_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        parts = [clean_value(v) for v in items]
        return "; ".join(_as_text(p) for p in parts if p is not None)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        try:
            return clean_value(value.item())
        except (TypeError, ValueError):
            pass
    return clean_text(str(value))


def _as_text(v: Scalar) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _clean_key(key: Any, reserved: frozenset[str]) -> str:
    name = clean_text(str(key.value if isinstance(key, Enum) else key)) or "attr"
    return name + SUFFIX if name in reserved else name


def _clean_attrs(data: dict[Any, Any], reserved: frozenset[str], edge: bool = False,
                 keys: dict[Any, str] | None = None) -> dict[str, Scalar]:
    out: dict[str, Scalar] = {}
    keys = {} if keys is None else keys  # the same few keys recur on every node: clean each once
    for k, v in data.items():
        cv = clean_value(v)
        if cv is None:
            continue
        name = keys.get(k)
        if name is None:
            name = keys[k] = _clean_key(k, reserved)
        if edge and name == "weight" and (isinstance(cv, (bool, str))):
            name = "weight" + SUFFIX
        if name == "label":  # display text in every tool (GEXF writes it as an XML attribute)
            cv = _as_text(cv)
        while name in out:  # two keys that clean to the same name: keep both
            name += "_"
        out[name] = cv
    return out


def _unify(rows: list[dict[str, Scalar]]) -> None:
    """Give each attribute one type across ``rows`` (in place)."""
    types: dict[str, set[type]] = defaultdict(set)
    for row in rows:
        for k, v in row.items():
            types[k].add(type(v))
    for k, ts in types.items():
        if len(ts) < 2:
            continue
        to_float = ts == {int, float}
        for row in rows:
            if k in row:
                row[k] = float(row[k]) if to_float else _as_text(row[k])


def sanitize(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose ids, keys and values every writer accepts and reads back.

    Node ids become text. Raises :class:`~threads.errors.ExportError` when two node
    ids become the same text once illegal characters are removed.

    Examples
    --------
    >>> import datetime, networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node(1, when=datetime.date(2017, 3, 1), camp=None, name="A\\x00nn")
    >>> dict(sanitize(g).nodes["1"])
    {'when': '2017-03-01', 'name': 'Ann'}
    """
    ids: dict[Any, str] = {}
    seen: dict[str, Any] = {}
    for n in graph.nodes:
        nid = clean_text(str(n.value if isinstance(n, Enum) else n))
        if nid in seen:
            raise ExportError(f"node ids {seen[nid]!r} and {n!r} are the same once characters "
                              "XML cannot hold are removed")
        seen[nid] = n
        ids[n] = nid

    out = graph.__class__()
    graph_attrs = _clean_attrs(graph.graph, RESERVED_GRAPH)
    out.graph.update(graph_attrs)

    node_keys: dict[Any, str] = {}
    node_rows = [_clean_attrs(d, RESERVED_NODE, keys=node_keys) for _, d in graph.nodes(data=True)]
    _unify(node_rows)
    for n, row in zip(graph.nodes, node_rows, strict=True):
        out.add_node(ids[n], **row)

    edge_keys: dict[Any, str] = {}
    if graph.is_multigraph():
        edges = list(graph.edges(keys=True, data=True))
        edge_rows = [_clean_attrs(d, RESERVED_EDGE, edge=True, keys=edge_keys) for *_, d in edges]
        _unify(edge_rows)
        for (u, v, k, _), row in zip(edges, edge_rows, strict=True):
            out.add_edge(ids[u], ids[v], key=k, **row)
    else:
        edges2 = list(graph.edges(data=True))
        edge_rows = [_clean_attrs(d, RESERVED_EDGE, edge=True, keys=edge_keys) for *_, d in edges2]
        _unify(edge_rows)
        for (u, v, _), row in zip(edges2, edge_rows, strict=True):
            out.add_edge(ids[u], ids[v], **row)
    return out
