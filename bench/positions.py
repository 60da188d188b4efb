"""How long the positions stage takes on synthetic threads of growing size.

    PYTHONPATH=. python bench/positions.py [N ...]

Each thread has N comments by N/5 speakers; 70% answer a random earlier comment
with a random relation (40% disagree, 30% agree, 30% neutral). Comment words are
sentences of the seed thread, so the claim code sees real prose. Prints seconds
for camps + proposed claims, and with two user claims.
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

from threads.model import Comment, Relation, RelationLabel, Speaker, Thread, Tone
from threads.score.positions import positions

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


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [100, 1000, 5000])
