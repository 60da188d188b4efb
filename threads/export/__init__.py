"""Export a thread's reply graph (or the thread itself) for other tools.

:func:`export_thread` builds the comment or speaker graph
(:mod:`threads.graph`), passes it through the one attribute sanitiser
(:func:`~threads.export.sanitize.sanitize`) and hands it to one writer:

==========  ========  ==============================================
format      output    opens in
==========  ========  ==============================================
graphml     file      Gephi, Cytoscape, yEd, igraph, networkx
gexf        file      Gephi (GEXF 1.2)
json        file      d3 / networkx (node-link, edges under "links")
cyjs        file      Cytoscape desktop, cytoscape.js
dot         file      Graphviz (dot, neato, sfdp)
csv         folder    Gephi spreadsheet import: nodes.csv + edges.csv
convokit    folder    ConvoKit ``Corpus(filename=...)`` (the thread)
==========  ========  ==============================================

Writing is all or nothing: the output goes to a hidden temporary file or folder
beside OUT and is renamed into place only once complete, so a failed export
leaves neither a partial file nor a damaged older one. An existing OUT is only
replaced with ``force=True``, and even then a folder is only replaced when it
holds nothing but the files this format writes (``--force`` never deletes
unrelated files).

:func:`export_bytes` gives the same output in memory (a folder format as a ZIP of
its files), for a download button.

Not supported: appending to an existing export; writing a folder format to stdout.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from threads.errors import ExportError, ThreadsError
from threads.export.convokit import CORPUS_FILES, corpus_files, write_corpus
from threads.export.dot import dot_bytes
from threads.export.sanitize import sanitize
from threads.export.spreadsheet import EDGES_FILE, NODES_FILE, table_bytes, write_tables
from threads.export.writers import cyjs_bytes, gexf_bytes, graphml_bytes, json_bytes
from threads.graph import comment_graph, speaker_graph, thread_of

__all__ = ["FORMATS", "FOLDER_FORMATS", "GRAPHS", "build_graph", "export_bytes", "export_thread"]

log = logging.getLogger(__name__)

GRAPHS = ("comments", "speakers")

_FILE_WRITERS: dict[str, Callable[[nx.Graph], bytes]] = {
    "graphml": graphml_bytes,
    "gexf": gexf_bytes,
    "json": json_bytes,
    "cyjs": cyjs_bytes,
    "dot": dot_bytes,
}
FOLDER_FORMATS = {"csv": (NODES_FILE, EDGES_FILE), "convokit": CORPUS_FILES}
FORMATS = tuple(_FILE_WRITERS) + tuple(FOLDER_FORMATS)


def build_graph(analysis_or_thread: Any, graph: str, min_confidence: float = 0.0) -> nx.DiGraph:
    """The sanitised comment or speaker graph, ready for any writer."""
    if graph == "comments":
        g = comment_graph(analysis_or_thread, min_confidence=min_confidence)
    elif graph == "speakers":
        g = speaker_graph(analysis_or_thread, min_confidence=min_confidence)
    else:
        raise ExportError(f"unknown graph {graph!r}; choose one of: {', '.join(GRAPHS)}")
    return sanitize(g)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            # a fixed date keeps the archive identical for identical input
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def export_bytes(analysis_or_thread: Any, graph: str, fmt: str, min_confidence: float = 0.0) -> bytes:
    """An export in memory (for a download button): the file, or a ZIP of a folder format's files.

    Examples
    --------
    >>> from threads.model import Comment, Speaker, Thread
    >>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"),), comments=(Comment("c1", "s1", "Hi."),))
    >>> export_bytes(t, "comments", "dot").decode().splitlines()[0]
    'digraph "comments" {'
    >>> export_bytes(t, "comments", "csv")[:2]
    b'PK'
    """
    if graph not in GRAPHS:
        raise ExportError(f"unknown graph {graph!r}; choose one of: {', '.join(GRAPHS)}")
    if fmt == "convokit":
        return _zip(corpus_files(thread_of(analysis_or_thread)))
    if fmt == "csv":
        nodes, edges = table_bytes(build_graph(analysis_or_thread, graph, min_confidence))
        return _zip({NODES_FILE: nodes, EDGES_FILE: edges})
    writer = _FILE_WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return writer(build_graph(analysis_or_thread, graph, min_confidence))


def _check_target(out: Path, fmt: str, force: bool) -> None:
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent}: no such folder to write {out.name} into")
    if not (out.exists() or out.is_symlink()):
        return
    if not force:
        raise ExportError(f"{out} already exists; use --force to overwrite it")
    if fmt in FOLDER_FORMATS:
        if out.is_dir():
            extra = sorted(p.name for p in out.iterdir() if p.name not in FOLDER_FORMATS[fmt])
            if extra:
                raise ExportError(f"{out} is a folder holding other files ({', '.join(extra[:3])}); "
                                  f"not replacing it even with --force: choose a new folder")
    elif out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name for the {fmt} export")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_file(data: bytes, out: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_folder(fill: Callable[[Path], None], out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part"))
    old: Path | None = None
    try:
        fill(tmp)
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes the folder private (0700)
        if out.exists() or out.is_symlink():
            # A folder cannot be os.replace()d onto a non-empty one: move the old one aside
            # first, and put it back if the swap fails.
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
            os.rmdir(old)
            os.replace(out, old)
        try:
            os.replace(tmp, out)
        except BaseException:
            if old is not None:
                os.replace(old, out)
                old = None
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def export_thread(analysis_or_thread: Any, graph: str, fmt: str, out: str | os.PathLike[str],
                  force: bool = False, min_confidence: float = 0.0) -> Path | None:
    """Write the thread's comment or speaker graph (or ConvoKit corpus) to ``out``.

    Parameters
    ----------
    analysis_or_thread : Thread or object with ``.thread``
        The thread, scored or not.
    graph : {"comments", "speakers"}
        Which graph (ignored by ``convokit``, which exports the thread itself).
    fmt : {"graphml", "gexf", "json", "cyjs", "dot", "csv", "convokit"}
        Output format.
    out : str or path
        Output file; a folder for ``csv`` and ``convokit``; ``"-"`` for stdout (one-file
        formats only).
    force : bool
        Replace an existing ``out``.
    min_confidence : float
        Leave out reply links whose evidence is less confident than this.

    Returns
    -------
    Path or None
        What was written, or None when written to stdout.

    Raises
    ------
    ExportError
        Unknown graph or format, ``out`` exists without ``force``, missing folder,
        or the writer failed (nothing is left behind).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from threads.model import Comment, Speaker, Thread
    >>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"),), comments=(Comment("c1", "s1", "Hi."),))
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.graphml"
    >>> export_thread(t, "speakers", "graphml", out) == out
    True
    """
    if graph not in GRAPHS:
        raise ExportError(f"unknown graph {graph!r}; choose one of: {', '.join(GRAPHS)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    thread = thread_of(analysis_or_thread)
    to_stdout = str(out) == "-"
    target = Path(out)
    if to_stdout and fmt in FOLDER_FORMATS:
        raise ExportError(f"{fmt} writes a folder; give a folder name, not - (stdout)")
    if not to_stdout:
        _check_target(target, fmt, force)
    try:
        if to_stdout:
            data = export_bytes(analysis_or_thread, graph, fmt, min_confidence)
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return None
        if fmt == "convokit":
            _write_folder(lambda folder: write_corpus(thread, folder), target)
        elif fmt == "csv":
            g = build_graph(analysis_or_thread, graph, min_confidence)
            _write_folder(lambda folder: write_tables(g, folder), target)
        else:
            _write_file(export_bytes(analysis_or_thread, graph, fmt, min_confidence), target)
    except (ThreadsError, BrokenPipeError):  # a closed pipe (| head) is the CLI's to handle
        raise
    except (OSError, ValueError, TypeError, nx.NetworkXError) as err:
        where = "stdout" if to_stdout else target
        raise ExportError(f"could not write {fmt} to {where}: {err}") from err
    log.info("wrote %s graph of thread %s as %s to %s", graph, thread.id, fmt, target)
    return target
