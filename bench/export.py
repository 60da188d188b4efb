"""Time every export format on a synthetic scored thread.

    PYTHONPATH=. python bench/export.py [COMMENTS]   (default 10000)

Builds a thread of COMMENTS comments by COMMENTS/10 speakers, each comment
answering a random earlier one (every tenth is top-level), with tone, relation
and parent evidence set, then writes the comment and speaker graphs in every
format to a temporary folder and prints wall and CPU seconds (CPU time is the
steadier figure on a shared machine) and output size per format.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from threads.export import FORMATS, export_thread
from threads.model import (
    Comment,
    Evidence,
    EvidenceKind,
    EvidenceTarget,
    Relation,
    RelationLabel,
    Speaker,
    Thread,
    Tone,
)


def synthetic(n: int, seed: int = 1) -> Thread:
    rng = random.Random(seed)
    n_speakers = max(2, n // 10)
    speakers = tuple(Speaker(f"s{i}", f"Speaker {i}", camp=rng.choice(["A", "B", None]))
                     for i in range(n_speakers))
    words = "the of and to a in that is was he for it with as his on be at by I".split()
    comments = []
    for i in range(n):
        parent = None if i == 0 or i % 10 == 0 else f"c{rng.randrange(i)}"
        label = rng.choice(list(RelationLabel))
        comments.append(Comment(
            f"c{i}", f"s{rng.randrange(n_speakers)}",
            " ".join(rng.choice(words) for _ in range(rng.randint(5, 120))),
            parent=parent,
            tone=Tone(compound=rng.uniform(-1, 1), incivility=rng.random() / 4),
            relation=None if parent is None else Relation(label, rng.uniform(-1, 1)),
            evidence=() if parent is None else (
                Evidence(EvidenceTarget.PARENT, EvidenceKind.SALUTATION, "name", rng.random()),),
        ))
    return Thread(id="bench", title="synthetic", speakers=speakers, comments=tuple(comments))


def size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    thread = synthetic(n)
    print(f"{n} comments, {len(thread.speakers)} speakers")
    print(f"{'format':10} {'graph':9} {'wall s':>8} {'cpu s':>8} {'MB':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            for graph in (("comments",) if fmt == "convokit" else ("comments", "speakers")):
                out = Path(tmp) / f"{graph}.{fmt}"
                t0, c0 = time.perf_counter(), time.process_time()
                export_thread(thread, graph, fmt, out)
                dt, dc = time.perf_counter() - t0, time.process_time() - c0
                print(f"{fmt:10} {graph if fmt != 'convokit' else '(thread)':9} {dt:8.2f} {dc:8.2f} "
                      f"{size(out) / 1e6:7.2f}")


if __name__ == "__main__":
    main()
