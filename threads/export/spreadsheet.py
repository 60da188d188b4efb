"""A node table and an edge table as CSV, the pair Gephi's spreadsheet import reads.

``nodes.csv`` starts ``Id,Label`` and ``edges.csv`` starts ``Source,Target,Type,Weight``
(Gephi's column names), followed by every other attribute in name order. Files
are UTF-8 with ``\\r\\n`` row ends and RFC 4180 quoting (a value holding a comma,
quote or newline is quoted), which Gephi, LibreOffice, Excel and pandas read.
Booleans are written ``true`` / ``false``; a missing attribute is an empty cell.

Not supported: a single-file edge list, Excel workbooks.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

__all__ = ["NODES_FILE", "EDGES_FILE", "write_tables", "table_bytes"]

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"
_NODE_COLUMNS = ("Id", "Label")
_EDGE_COLUMNS = ("Source", "Target", "Type", "Weight")


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _others(rows: list[dict], fixed: tuple[str, ...], skip: set[str]) -> list[tuple[str, str]]:
    """(attribute, column) pairs for the remaining attributes; clashes with Gephi's names renamed."""
    taken = {c.lower() for c in fixed}
    names = sorted({k for row in rows for k in row} - skip)
    out = []
    for k in names:
        col = k
        while col.lower() in taken:  # Gephi matches its column names case-insensitively
            col += "_attr"
        taken.add(col.lower())
        out.append((k, col))
    return out


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def table_bytes(graph: nx.Graph) -> tuple[bytes, bytes]:
    """``(nodes.csv, edges.csv)`` contents for ``graph``."""
    node_data = [d for _, d in graph.nodes(data=True)]
    node_cols = _others(node_data, _NODE_COLUMNS, {"label"})
    nodes = [[_cell(n), _cell(d.get("label", n))] + [_cell(d.get(k)) for k, _ in node_cols]
             for n, d in graph.nodes(data=True)]
    kind = "Directed" if graph.is_directed() else "Undirected"
    edge_data = [d for *_, d in graph.edges(data=True)]
    edge_cols = _others(edge_data, _EDGE_COLUMNS, {"weight"})
    edges = [[_cell(u), _cell(v), kind, _cell(d.get("weight", 1))] + [_cell(d.get(k)) for k, _ in edge_cols]
             for u, v, d in graph.edges(data=True)]
    return (_csv(list(_NODE_COLUMNS) + [c for _, c in node_cols], nodes),
            _csv(list(_EDGE_COLUMNS) + [c for _, c in edge_cols], edges))


def write_tables(graph: nx.Graph, folder: Path) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into the existing ``folder``."""
    nodes, edges = table_bytes(graph)
    (folder / NODES_FILE).write_bytes(nodes)
    (folder / EDGES_FILE).write_bytes(edges)
