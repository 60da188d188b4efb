"""Analyse many threads at once: every file of a folder, every post of a blog export.

:func:`run_batch` works in two phases, each a map of a pure function over work
items, on local cores (``concurrent.futures``) or on Dask (``dask.bag``):

1. :func:`expand_file`: read one input file and cut it into per-thread
   :class:`Task` values (a multi-post export yields every post with comments);
2. :func:`analyse_one`: score one thread (tone, relations, camps) and turn it
   into a :class:`~threads.store.ThreadRecord`.

The parent process alone writes the store, one transaction per thread. Threads
whose key (source path + thread id + hash of the parsed thread) is already in
the store are skipped, so a stopped or repeated run does only the missing work.
A file that cannot be read, holds no comments, or breaks a stage is reported in
the summary and skipped; it never stops the batch.

Not supported: one thread spread over several workers (a single huge thread is
one task; its own stages decide how to use cores), inputs or an output folder
that workers of a remote Dask cluster cannot reach at the same path (the cluster
needs a shared disk: the spool lives beside the output), and choosing one post of
an export (use ``threads analyze --post``).
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from threads.errors import InputError, ThreadsError
from threads.model import Thread, to_dict
from threads.store import ThreadRecord, open_store

log = logging.getLogger(__name__)

__all__ = ["Engine", "Task", "Spooled", "BatchError", "BatchSummary", "expand_inputs", "expand_file",
           "analyse_one", "run_batch"]

# A chunk of work sent to a worker in one message: large enough that the
# per-message cost (pickling, scheduling) is small next to the work, small
# enough that two workers stay busy until the end.
CHUNK_COMMENTS = 2000
MAX_CHUNK_THREADS = 64


class Engine(StrEnum):
    """Where the per-thread work runs."""

    LOCAL = "local"  # worker processes on this machine (concurrent.futures)
    DASK = "dask"  # dask.bag over a LocalCluster or a scheduler you name


@dataclass(frozen=True, slots=True)
class Spooled:
    """A parsed thread waiting in a spool file (see :func:`expand_file`), and what the
    parent needs to know of it without reading it: its id and number of comments."""

    path: str
    id: str
    n_comments: int

    def load(self) -> Thread:
        # A file this run wrote itself (pickle is only ever read from the run's own spool).
        try:
            with open(self.path, "rb") as fh:
                thread = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError) as err:
            raise ThreadsError(f"thread {self.id} cannot be read back from the spool: {err}") from err
        if not isinstance(thread, Thread):
            raise ThreadsError(f"{self.path}: not a spooled thread")
        return thread


@dataclass(frozen=True, slots=True)
class Task:
    """One thread to analyse, with the key it will have in the store.

    ``thread`` is the thread itself, or a :class:`Spooled` reference to it.
    """

    source: str
    thread: Thread | Spooled
    content_hash: str
    key: str

    @property
    def size(self) -> int:
        t = self.thread
        return t.n_comments if isinstance(t, Spooled) else len(t.comments)

    def load(self) -> Thread:
        """The thread (read from its spool file when it waits in one)."""
        t = self.thread
        return t.load() if isinstance(t, Spooled) else t


@dataclass(frozen=True, slots=True)
class FileTasks:
    """What :func:`expand_file` found in one input."""

    source: str
    tasks: tuple[Task, ...] = ()
    empty: int = 0  # threads with no comments (pages, articles), left out


@dataclass(frozen=True, slots=True)
class BatchError:
    """An input (or one thread of it) that was skipped, and why."""

    source: str
    message: str
    thread_id: str | None = None

    def as_text(self) -> str:
        where = self.source + (f" (thread {self.thread_id})" if self.thread_id else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch did. ``as_text()`` is what ``threads batch`` prints."""

    out: str
    engine: Engine
    workers: int
    files: int
    threads_found: int
    analysed: int
    skipped: int
    comments: int
    seconds: float
    errors: tuple[BatchError, ...] = ()

    def as_text(self) -> str:
        rate = ""
        if self.seconds > 0 and self.comments:
            rate = f", {self.comments / self.seconds:,.0f} comments/s"
        lines = [
            f"{self.files} file(s), {self.threads_found} thread(s) with comments: "
            f"{self.analysed} analysed, {self.skipped} already in the store, "
            f"{len(self.errors)} error(s)",
            f"{self.comments:,} comments in {self.seconds:.1f} s on {self.workers} "
            f"{self.engine.value} worker(s){rate}",
            f"results: {self.out}",
        ]
        if self.errors:
            lines.append("skipped:")
            lines += [f"  {e.as_text()}" for e in self.errors]
        return "\n".join(lines)


# --- work items ------------------------------------------------------------------


_GLOB_CHARS = frozenset("*?[")


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[BatchError]]:
    """Files named by ``inputs``: files as given, folders walked, glob patterns matched.

    Hidden files and folders are left out of walks; a ConvoKit corpus folder is
    one input. Names that match nothing come back as errors. Each file appears
    once, in the order first named.
    """
    files: list[Path] = []
    errors: list[BatchError] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            files.append(r)

    for item in inputs:
        raw = os.fspath(item)
        path = Path(raw).expanduser()
        if path.is_file():
            add(path)
        elif path.is_dir():
            if _is_convokit(path):
                add(path)
                continue
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                here = Path(dirpath)
                if here != path and _is_convokit(here):
                    add(here)
                    dirnames[:] = []
                    continue
                for name in sorted(filenames):
                    if not name.startswith("."):
                        add(here / name)
        elif _GLOB_CHARS & set(raw):
            matches = sorted(glob.glob(os.path.expanduser(raw), recursive=True))
            if not matches:
                errors.append(BatchError(raw, "no file matches this pattern"))
            for m in matches:
                mp = Path(m)
                if mp.is_file() or (mp.is_dir() and _is_convokit(mp)):
                    add(mp)
        elif path.exists():
            errors.append(BatchError(raw, "not a regular file or folder"))
        else:
            errors.append(BatchError(raw, "no such file or folder"))
    return files, errors


def _is_convokit(path: Path) -> bool:
    return (path / "utterances.jsonl").is_file()


def thread_key(source: str, thread_id: str, content_hash: str) -> str:
    """The store key of a thread: source path, thread id and content hash, hashed."""
    raw = "\x00".join((source, thread_id, content_hash)).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:24]


def content_hash(thread: Thread) -> str:
    """A hash of the parsed thread (before scoring): changes whenever the thread does."""
    data = json.dumps(to_dict(thread), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _spool(thread: Thread, spool: Path, source: str, n: int) -> Spooled:
    tag = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    path = spool / f"{tag}-{n}.pickle"
    try:
        with open(path, "wb") as fh:
            pickle.dump(thread, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as err:  # a full disk is not the input's fault: say where it happened
        path.unlink(missing_ok=True)
        raise ThreadsError(f"cannot write thread {thread.id} to the spool folder {spool}: "
                           f"{err.strerror or err}") from err
    return Spooled(str(path), thread.id, len(thread.comments))


def expand_file(source: str, spool: str | os.PathLike[str] | None = None) -> FileTasks:
    """Read one input and cut it into per-thread tasks (pure: reads, never writes outside ``spool``).

    With ``spool`` (a folder), each thread is written there as soon as it is parsed
    and its task holds a :class:`Spooled` reference, so no more than one thread of
    the input is in memory at a time; without it, the tasks hold the threads.

    Raises
    ------
    ThreadsError
        The file cannot be read, or none of its threads has a comment.
    """
    from threads.errors import ParseError
    from threads.pipeline import load_all

    tasks: list[Task] = []
    empty = 0
    for thread in load_all(source):
        if not thread.comments:
            empty += 1
            continue
        h = content_hash(thread)
        ref = thread if spool is None else _spool(thread, Path(spool), source, len(tasks))
        tasks.append(Task(source, ref, h, thread_key(source, thread.id, h)))
    if not tasks:
        raise ParseError(f"{source}: no comments found"
                         + (f" ({empty} thread(s) without comments)" if empty > 1 else ""))
    ids = [t.thread.id for t in tasks]
    if len(set(ids)) != len(ids):
        # Two posts with one id would share a store key; keep them apart by position.
        tasks = [Task(t.source, t.thread, t.content_hash,
                      thread_key(t.source, f"{t.thread.id}#{n}", t.content_hash))
                 for n, t in enumerate(tasks)]
    return FileTasks(source, tuple(tasks), empty)


# --- one thread ----------------------------------------------------------------------


def _score(thread: Thread, workers: int | None = 1) -> tuple[Thread, Any]:
    """The scored thread and the positions analysis (None where a stage is not installed)."""
    from threads import pipeline

    try:
        analysis = pipeline.analyze(thread, workers=workers)
    except ModuleNotFoundError as err:
        if not (err.name or "").startswith("threads.score"):
            raise
    else:
        return analysis.thread, analysis
    # Some scoring stage is not there: run those that are, in the pipeline's order.
    for module, func in (("threads.score.tone", "score_tone"),
                         ("threads.score.relations", "score_relations")):
        try:
            mod = __import__(module, fromlist=[func])
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            log.debug("%s is not installed: %s skipped", module, func)
            continue
        thread = getattr(mod, func)(thread)
    return thread, None


def _mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def _depth(thread: Thread) -> int:
    parent = {c.id: c.parent for c in thread.comments}
    depth: dict[str, int] = {}
    best = 0
    for c in thread.comments:
        chain: list[str] = []
        cur: str | None = c.id
        while cur is not None and cur not in depth and cur in parent and cur not in chain:
            chain.append(cur)
            cur = parent[cur]
        d = depth.get(cur, -1) if cur is not None else -1
        for cid in reversed(chain):  # memoised: linear over the thread, cycles cut
            d += 1
            depth[cid] = d
        best = max(best, depth.get(c.id, 0))
    return best


def record_of(task: Task, scored: Thread, analysis: Any = None) -> ThreadRecord:
    """The store rows of a scored thread (camp confidence from ``analysis`` when given)."""
    speakers = scored.speakers_by_id()
    by_id = scored.comments_by_id()
    comments: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    per_speaker: dict[str, list[float | None]] = {s: [] for s in speakers}
    labels = {"agree": 0, "disagree": 0, "neutral": 0}
    for pos, c in enumerate(scored.comments):
        compound = c.tone.compound if c.tone is not None else None
        label = c.relation.label.value if c.relation is not None else None
        score = c.relation.score if c.relation is not None else None
        per_speaker.setdefault(c.speaker, []).append(compound)
        comments.append({"comment_id": c.id, "position": pos, "speaker_id": c.speaker,
                         "parent_id": c.parent, "published": c.published, "text": c.text,
                         "compound": compound,
                         "incivility": c.tone.incivility if c.tone is not None else None,
                         "relation": label, "relation_score": score})
        parent = by_id.get(c.parent) if c.parent is not None else None
        if parent is not None:
            if label in labels:
                labels[label] += 1
            relations.append({"comment_id": c.id, "parent_id": parent.id, "source_speaker": c.speaker,
                              "target_speaker": parent.speaker, "label": label, "score": score})
    speaker_rows = []
    camps: dict[str, list[str]] = {}
    for s in scored.speakers:
        tones = per_speaker.get(s.id, [])
        speaker_rows.append({"speaker_id": s.id, "name": s.name, "named": s.named, "host": s.host,
                             "camp": s.camp, "camp_confidence": s.camp_confidence,
                             "n_comments": len(tones), "mean_tone": _mean(tones)})
        if s.camp is not None:
            camps.setdefault(s.camp, []).append(s.id)
    confidence = {c.label: c.confidence for c in getattr(analysis, "camps", ())}
    camp_rows = []
    for camp, members in sorted(camps.items()):
        tones = [t for m in members for t in per_speaker.get(m, [])]
        camp_rows.append({"camp": camp, "n_speakers": len(members), "n_comments": len(tones),
                          "mean_tone": _mean(tones), "confidence": confidence.get(camp),
                          "members": [speakers[m].name for m in members]})
    host = speakers.get(scored.host) if scored.host else None
    summary = {"title": scored.title, "url": scored.url, "published": scored.published,
               "platform": scored.platform, "host": host.name if host else None,
               "n_comments": len(scored.comments), "n_speakers": len(scored.speakers),
               "n_replies": len(relations), "depth": _depth(scored),
               "mean_tone": _mean(r["compound"] for r in comments),
               "n_agree": labels["agree"], "n_disagree": labels["disagree"],
               "n_neutral": labels["neutral"], "n_camps": len(camp_rows)}
    return ThreadRecord(key=task.key, source=task.source, thread_id=task.thread.id,
                        content_hash=task.content_hash, thread=summary, speakers=tuple(speaker_rows),
                        comments=tuple(comments), relations=tuple(relations), camps=tuple(camp_rows))


def analyse_one(task: Task, workers: int = 1) -> ThreadRecord:
    """Score one thread and return its store rows (pure: same task, same record).

    Runs every scoring stage that is installed (tone, relations, positions) in
    the pipeline's order. ``workers`` is how many processes a stage may use
    inside this one thread: 1 when many threads already share the cores.

    Examples
    --------
    >>> from threads.model import Comment, Speaker, Thread
    >>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"), Speaker("s2", "Bo")),
    ...            comments=(Comment("c1", "s1", "Hi."), Comment("c2", "s2", "Yes.", parent="c1")))
    >>> rec = analyse_one(Task("x.txt", t, content_hash(t), "k"))
    >>> rec.thread["n_comments"], rec.thread["n_replies"], rec.relations[0]["target_speaker"]
    (2, 1, 's1')
    """
    scored, analysis = _score(task.load(), workers)
    return record_of(task, scored, analysis)


# --- running the maps ----------------------------------------------------------------

# An outcome is ("ok", value) or ("error", source, thread id or None, message):
# workers never raise, so one bad input cannot stop the others.
Outcome = tuple[Any, ...]


def _expand_outcome(source: str, spool: str | None = None) -> Outcome:
    try:
        return ("ok", expand_file(source, spool))
    except ThreadsError as err:
        return ("error", source, None, str(err))
    except (OSError, UnicodeError) as err:
        return ("error", source, None, f"cannot read: {err}")
    except Exception as err:  # a reader bug on one file must not end the batch
        log.debug("reader failed on %s", source, exc_info=True)
        return ("error", source, None, f"reader failed: {type(err).__name__}: {err}")


def _analyse_outcome(task: Task, workers: int = 1) -> Outcome:
    try:
        return ("ok", analyse_one(task, workers))
    except ThreadsError as err:
        return ("error", task.source, task.thread.id, str(err))
    except Exception as err:  # a stage bug on one thread must not end the batch
        log.debug("analysis failed on %s", task.source, exc_info=True)
        return ("error", task.source, task.thread.id, f"analysis failed: {type(err).__name__}: {err}")


def _run_chunk(fn: Callable[[Any], Outcome], items: Sequence[Any]) -> list[Outcome]:
    return [fn(item) for item in items]


def _expand_chunk(items: Sequence[str], spool: str | None = None) -> list[Outcome]:
    return _run_chunk(partial(_expand_outcome, spool=spool), items)


def _analyse_chunk(items: Sequence[Task]) -> list[Outcome]:
    return _run_chunk(_analyse_outcome, items)


def _chunks(tasks: list[Task], workers: int) -> list[list[Task]]:
    """Largest threads first (so no worker is left with a giant at the end), in chunks."""
    ordered = sorted(tasks, key=lambda t: -t.size)
    total = sum(t.size for t in ordered)
    # Several chunks per worker so that the last ones even out.
    budget = max(1, min(CHUNK_COMMENTS, total // max(1, workers * 4)))
    chunks: list[list[Task]] = []
    cur: list[Task] = []
    cur_size = 0
    for t in ordered:
        if cur and (cur_size + t.size > budget or len(cur) >= MAX_CHUNK_THREADS):
            chunks.append(cur)
            cur, cur_size = [], 0
        cur.append(t)
        cur_size += t.size
    if cur:
        chunks.append(cur)
    return chunks


class _LocalRunner:
    """Chunks of work on a process pool (or in this process for one worker)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers) if workers > 1 else None

    def run(self, fn: Callable[[Sequence[Any]], list[Outcome]],
            chunks: list[list[Any]]) -> Iterator[tuple[list[Any], list[Outcome]]]:
        if self.pool is None:
            for chunk in chunks:
                yield chunk, fn(chunk)
            return
        pending = {self.pool.submit(fn, chunk): chunk for chunk in chunks}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = pending.pop(fut)
                yield chunk, fut.result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


class _DaskRunner:
    """The same chunks as ``dask.bag`` partitions on a Dask cluster."""

    def __init__(self, workers: int, scheduler: str | None) -> None:
        try:
            import dask.bag  # noqa: F401  (imported here: dask is an optional extra)
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise ThreadsError("the dask engine needs the optional extra: pip install 'threads[dask]' "
                               f"({err})") from err
        self.cluster = None
        try:
            if scheduler is None:
                # One thread per worker: the stages are pure Python and hold the GIL.
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            if self.cluster is not None:
                self.cluster.close()
            raise ThreadsError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {err}") from err
        self.workers = len(self.client.scheduler_info().get("workers", {})) or workers

    def run(self, fn: Callable[[Sequence[Any]], list[Outcome]],
            chunks: list[list[Any]]) -> Iterator[tuple[list[Any], list[Outcome]]]:
        import dask.bag as db
        from distributed import as_completed

        if not chunks:
            return
        # One bag partition per chunk; each partition runs fn over its items.
        bag = db.from_sequence(chunks, npartitions=len(chunks))
        parts = bag.map(fn).to_delayed()
        futures = self.client.compute(parts)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            i = index[fut.key]
            results = fut.result()
            yield chunks[i], [o for chunk_out in results for o in chunk_out]
            fut.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _progress(total: int, desc: str, unit: str, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=not enabled,
                dynamic_ncols=True, leave=False)


def run_batch(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str],
              engine: Engine | str = Engine.LOCAL, scheduler: str | None = None,
              workers: int | None = None, jsonl: bool = False, progress: bool = True) -> BatchSummary:
    """Analyse every thread in ``inputs`` and write the results to ``out``.

    Parameters
    ----------
    inputs : iterable of path-like or str
        Files, folders (walked) and glob patterns (``**`` recurses).
    out : path-like
        The SQLite store (created if missing, added to if it is one), or a JSON
        Lines file with ``jsonl=True``. Any other existing file is left alone
        and :class:`~threads.errors.ExportError` is raised.
    engine : Engine or {"local", "dask"}
        ``local``: worker processes on this machine. ``dask``: ``dask.bag``
        partitions on a LocalCluster of ``workers`` processes, or on the cluster
        at ``scheduler``.
    scheduler : str, optional
        A Dask scheduler address (``tcp://host:8786``); only with ``engine="dask"``.
    workers : int, optional
        Worker processes (default: the machine's cores).
    jsonl : bool
        Write JSON Lines (one record per thread) instead of SQLite.
    progress : bool
        Show progress bars on stderr.

    Returns
    -------
    BatchSummary
        Counts, time and the inputs that were skipped, with why.

    Raises
    ------
    ThreadsError
        Only for the batch as a whole (unusable output, unknown engine, Dask
        missing or unreachable); a bad input is reported in the summary instead.
    """
    start = time.perf_counter()
    try:
        engine = Engine(engine)
    except ValueError as err:
        raise ThreadsError(f"unknown engine {engine!r}; use one of "
                           + ", ".join(e.value for e in Engine)) from err
    if scheduler is not None and engine is not Engine.DASK:
        raise ThreadsError("--scheduler needs --engine dask")
    if workers is not None and workers < 1:
        raise ThreadsError(f"--workers must be at least 1, not {workers}")
    n_workers = workers or os.cpu_count() or 1
    inputs = list(inputs)
    if not inputs:
        raise InputError("no inputs given")
    files, errors = expand_inputs(inputs)
    out = Path(out)
    if out.resolve() in files:  # a re-run over a folder that holds the store
        files.remove(out.resolve())

    runner: _LocalRunner | _DaskRunner | None = None
    if files and engine is Engine.DASK:
        runner = _DaskRunner(n_workers, scheduler)  # first: an unreachable cluster leaves no new file
    try:
        store = open_store(out, jsonl=jsonl)
    except BaseException:
        if runner is not None:
            runner.close()
        raise
    threads_found = analysed = skipped = comments = 0
    spool: Path | None = None
    try:
        done = store.keys()
        if not files:
            return _summary(out, engine, n_workers, 0, 0, 0, 0, 0, start, errors)
        if runner is None:
            runner = _LocalRunner(n_workers)
        n_workers = runner.workers
        # Beside the output: where the user has room for results, and on the shared disk
        # that the workers of a remote cluster read the inputs from.
        spool = Path(tempfile.mkdtemp(prefix=".threads-batch-", dir=out.resolve().parent))

        tasks: list[Task] = []
        bar = _progress(len(files), "reading", "file", progress)
        with bar:
            expand = partial(_expand_chunk, spool=str(spool))
            for _chunk, outcomes in runner.run(expand, [[str(f)] for f in files]):
                for outcome in outcomes:
                    if outcome[0] == "error":
                        errors.append(BatchError(outcome[1], outcome[3], outcome[2]))
                        continue
                    found: FileTasks = outcome[1]
                    threads_found += len(found.tasks)
                    removed = store.prune(found.source, {t.key for t in found.tasks})
                    if removed:
                        log.info("%s changed: %d old thread(s) removed from the store", found.source, removed)
                    for task in found.tasks:
                        if task.key in done:
                            skipped += 1
                            _unspool(task)
                        else:
                            tasks.append(task)
                bar.update(len(outcomes))

        bar = _progress(len(tasks), "analysing", "thread", progress)
        with bar:
            if engine is Engine.LOCAL and len(tasks) == 1:
                # One thread: a pool of one task would idle; its stages use the cores instead.
                runs: Iterable[tuple[list[Task], list[Outcome]]] = [
                    (tasks, [_analyse_outcome(tasks[0], n_workers)])]
            else:
                runs = runner.run(_analyse_chunk, _chunks(tasks, n_workers))
            for chunk, outcomes in runs:
                for task, outcome in zip(chunk, outcomes, strict=True):
                    _unspool(task)
                    if outcome[0] == "error":
                        errors.append(BatchError(outcome[1], outcome[3], outcome[2]))
                        continue
                    store.write(outcome[1])
                    analysed += 1
                    comments += task.size
                bar.update(len(chunk))
                bar.set_postfix(comments=comments, refresh=False)
    finally:
        if runner is not None:
            runner.close()
        store.close()
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
    return _summary(out, engine, n_workers, len(files), threads_found, analysed, skipped, comments,
                    start, errors)


def _unspool(task: Task) -> None:
    # Frees the disk a thread took as soon as it is done with (the folder goes at the end).
    if isinstance(task.thread, Spooled):
        Path(task.thread.path).unlink(missing_ok=True)


def _summary(out: Path, engine: Engine, workers: int, files: int, found: int, analysed: int,
             skipped: int, comments: int, start: float, errors: list[BatchError]) -> BatchSummary:
    for e in errors:
        log.info("skipped %s", e.as_text())
    return BatchSummary(out=str(out), engine=engine, workers=workers, files=files, threads_found=found,
                        analysed=analysed, skipped=skipped, comments=comments,
                        seconds=time.perf_counter() - start, errors=tuple(errors))
