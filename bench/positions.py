"""How long the positions stage takes on synthetic threads of growing size, or on an export.

    PYTHONPATH=. python bench/positions.py [N ...]
    PYTHONPATH=. python bench/positions.py --export FILE [--repeat K]

Each thread has N comments by N/5 speakers; 70% answer a random earlier comment
with a random relation (40% disagree, 30% agree, 30% neutral). Comment words are
sentences of the seed thread, so the claim code sees real prose. Prints seconds
for camps + proposed claims, and with two user claims.

With ``--export``, the file's (first) thread is loaded and scored for tone and
relations (slow: about a minute at 100,000 comments), then ``positions()`` runs
``K`` times; prints the CPU seconds (user + system) of each run and of its parts.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
from pathlib import Path

from threads.model import Comment, Relation, RelationLabel, Speaker, Thread, Tone, replace
from threads.score import balance, claims
from threads.score.positions import _first_seen, positions, speaker_stats

SEED = Path(__file__).resolve().parent.parent / "seeds" / "002_07c1f8e8e588d880.txt"
CLAIMS = ("The US tolerated ISIS as an ally against Assad", "The US should have engaged the buses directly")


def synthetic(n: int, rng: random.Random) -> Thread:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", SEED.read_text(encoding="utf-8")) if len(s) > 30]
    speakers = tuple(Speaker(f"s{i}", f"Speaker {i}") for i in range(max(2, n // 5)))
    comments = []
    for i in range(n):
        parent = f"c{rng.randrange(i)}" if i and rng.random() < 0.7 else None
        rel = None
        if parent is not None:
            label = rng.choices(list(RelationLabel), weights=(3, 4, 3))[0]
            rel = Relation(label, rng.uniform(0.1, 1.0) * (-1 if label is RelationLabel.DISAGREE else 1))
        text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 5)))
        comments.append(Comment(f"c{i}", rng.choice(speakers).id, text, parent=parent, relation=rel,
                                tone=Tone(compound=rng.uniform(-1, 1))))
    return Thread(id=f"synthetic-{n}", speakers=speakers, comments=tuple(comments))


def main(sizes: list[int]) -> None:
    print(f"{'comments':>9} {'speakers':>9} {'camps':>6} {'no claims s':>12} {'2 claims s':>11}")
    for n in sizes:
        thread = synthetic(n, random.Random(n))
        t0 = time.perf_counter()
        a = positions(thread)
        t1 = time.perf_counter()
        positions(thread, CLAIMS)
        t2 = time.perf_counter()
        print(f"{n:>9} {len(thread.speakers):>9} {len(a.camps):>6} {t1 - t0:>12.2f} {t2 - t1:>11.2f}")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def export(path: str, repeat: int) -> None:
    from threads.pipeline import load
    from threads.score.relations import score_relations
    from threads.score.tone import score_tone

    t0 = time.perf_counter()
    thread = score_relations(score_tone(load(path)))
    print(f"{path}: {len(thread.comments)} comments, {len(thread.speakers)} speakers "
          f"(loaded and scored in {time.perf_counter() - t0:.0f} s)")
    for _ in range(repeat):
        c0 = _cpu()
        positions(thread)
        total = _cpu() - c0
        parts = _parts(thread)
        print(f"positions: {total:.2f} CPU s  (" + ", ".join(f"{k} {v:.2f}" for k, v in parts.items()) + ")")


def _parts(thread) -> dict[str, float]:
    """CPU seconds of each step of positions(), run one by one, to see where the time goes."""
    parts: dict[str, float] = {}
    c = _cpu()

    def lap(name: str) -> None:
        nonlocal c
        parts[name], c = _cpu() - c, _cpu()

    targets = balance.thread_targets(thread)
    edges = balance.signed_edges(thread, targets)
    lap("edges")
    _, assignment = balance.camps(_first_seen(thread), edges)
    lap("camps")
    lex = claims.Lexicon.of_thread(thread)
    lap("lexicon")
    scored = replace(thread, speakers=tuple(replace(s, camp=assignment.get(s.id, (None,))[0])
                                            for s in thread.speakers))
    chosen = claims.propose_claims(scored, lex)
    lap("claims")
    claims.stances(scored, chosen, lex)
    lap("stances")
    speaker_stats(scored, targets)
    lap("stats")
    return parts


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, help="synthetic thread sizes (default 100 1000 5000)")
    ap.add_argument("--export", help="time positions() on this export instead")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    if args.export:
        export(args.export, args.repeat)
    else:
        main(args.sizes or [100, 1000, 5000])
