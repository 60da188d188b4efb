"""Graph writers: each takes a sanitised graph and returns the file's bytes.

Every writer here expects a graph that went through
:func:`threads.export.sanitize.sanitize` (that is what :func:`threads.export.export_thread`
does): typed scalar attributes only, text node ids, no XML-illegal characters.

- GraphML (Gephi, Cytoscape, yEd, igraph): networkx's writer; booleans come out
  as ``True`` / ``False``, which networkx, Gephi, yEd and igraph read.
- GEXF 1.2 (Gephi): networkx's writer, ``mode="static"``, ``defaultedgetype="directed"``,
  one typed ``<attribute>`` declaration per attribute.
- JSON: node-link with the edge list under ``"links"`` (what d3 expects).
- Cytoscape JSON (``.cyjs``): ``{"elements": {"nodes": [{"data": ...}], "edges": [...]}}``.
- DOT (Graphviz) is in :mod:`threads.export.dot`, the spreadsheet CSV pair in
  :mod:`threads.export.spreadsheet`.

Not supported: GEXF dynamics (spells, time-varying attributes) and viz
attributes; GraphML hyperedges and ports.
"""

from __future__ import annotations

import io

import networkx as nx

from threads import jsonio

__all__ = ["graphml_bytes", "gexf_bytes", "json_bytes", "cyjs_bytes", "GEXF_VERSION"]

GEXF_VERSION = "1.2draft"


def graphml_bytes(graph: nx.Graph) -> bytes:
    """The graph as GraphML (UTF-8)."""
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(graph: nx.Graph) -> bytes:
    """The graph as GEXF 1.2 (UTF-8), static, with the graph's default edge type."""
    buf = io.BytesIO()
    nx.write_gexf(graph, buf, encoding="utf-8", prettyprint=True, version=GEXF_VERSION)
    return buf.getvalue()


def _json(data: object) -> bytes:
    # check_finite: the sanitiser already dropped NaN/inf; a stray one must fail loudly,
    # since JSON.parse in a browser rejects the bare NaN Python would write.
    return jsonio.dumps(data, check_finite=True)


def json_bytes(graph: nx.Graph) -> bytes:
    """Node-link JSON with ``"links"`` (d3); read back with ``node_link_graph(data, edges="links")``."""
    return _json(nx.node_link_data(graph, edges="links"))


def cyjs_bytes(graph: nx.Graph) -> bytes:
    """Cytoscape JSON (Cytoscape desktop's File > Import > Network from File, cytoscape.js)."""
    return _json(nx.cytoscape_data(graph))
