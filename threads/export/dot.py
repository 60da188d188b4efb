"""Graphviz DOT, written directly (no pydot or pygraphviz needed).

Every identifier and value is a double-quoted DOT string except numbers and
booleans. Inside quotes DOT knows one escape, ``\\"``; Graphviz then reads
backslash sequences in labels (``\\n``, ``\\l``, ``\\N``), so a backslash is doubled
and a newline written as ``\\n``. Quoting everything also keeps ``<script>`` and
``<b>`` from being read as Graphviz HTML-like labels, which need ``<...>``
unquoted.

Not supported: subgraphs/clusters, layout hints (positions, colours): the
attributes are the graph's data, for ``dot``, ``neato`` or ``sfdp`` to lay out.
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["dot_quote", "dot_bytes"]


def dot_quote(text: str) -> str:
    """``text`` as a double-quoted DOT string.

    Examples
    --------
    >>> print(dot_quote('say "hi"\\\\n'))
    "say \\"hi\\"\\\\n"
    """
    body = (text.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))
    return f'"{body}"'


def _value(v: object) -> str:
    if isinstance(v, bool):
        return '"true"' if v else '"false"'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float) and math.isfinite(v):
        return repr(v)
    return dot_quote(str(v))


def _attrs(data: dict) -> str:
    if not data:
        return ""
    return " [" + ", ".join(f"{dot_quote(str(k))}={_value(v)}" for k, v in data.items()) + "]"


def dot_bytes(graph: nx.Graph) -> bytes:
    """The graph in DOT (UTF-8): ``digraph`` for a directed graph, graph attributes first."""
    directed = graph.is_directed()
    arrow = "->" if directed else "--"
    name = str(graph.graph.get("graph", "threads"))
    lines = [f"{'digraph' if directed else 'graph'} {dot_quote(name)} {{"]
    for k, v in graph.graph.items():
        lines.append(f"  graph [{dot_quote(str(k))}={_value(v)}];")
    for n, d in graph.nodes(data=True):
        lines.append(f"  {dot_quote(str(n))}{_attrs(d)};")
    for u, v, d in graph.edges(data=True):
        lines.append(f"  {dot_quote(str(u))} {arrow} {dot_quote(str(v))}{_attrs(d)};")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
