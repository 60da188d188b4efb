"""Finding a quotation's source through the trigram index.

The texts are paragraphs of the seed articles (seeds/000, 001, 003, 004), so the index sees
real prose.
"""

from __future__ import annotations

import os
import subprocess
import sys

from threads.reconstruct.quotes import QuoteIndex, quoted_spans

from .conftest import ROOT, SEEDS

QUOTE = "the convoy, taking IS fighters, their family and all the ammunition they could stuff"


def _paragraphs() -> list[str]:
    paras = []
    for name in ("000_4a2d2465221f63ba", "001_032fc5a1be7b3cc9", "003_a43c0adff565e831",
                 "004_5a47cd9e08f3db8a"):
        text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
        paras += [p for p in text.split("\n\n") if len(p.split()) > 25 and QUOTE not in p]
    return paras


def _index_of_repeaters(n: int) -> QuoteIndex:
    """n comments that each repeat the same passage after different own words."""
    index = QuoteIndex()
    for i, para in enumerate(_paragraphs()[:n]):
        index.add(f"c{i + 1}", f"{para} As they put it: {QUOTE}.")
    return index


def test_quoted_spans_finds_marked_quotations():
    text = f'You wrote "{QUOTE}" and I doubt it.\n> a line quoted from above\nok'
    assert [s.text for s in quoted_spans(text)] == [QUOTE, "a line quoted from above"]


def test_a_quotation_is_traced_to_the_comment_holding_it():
    index = QuoteIndex()
    paras = _paragraphs()
    for i, para in enumerate(paras[:6]):
        index.add(f"c{i + 1}", para)
    words = paras[3].split()[4:14]
    hit = index.find(" ".join(words))
    assert hit is not None and hit[0] == "c4" and hit[1] >= 85


def test_among_equally_good_sources_the_latest_wins():
    # Eight earlier comments hold the passage word for word: more candidates tie than the
    # five the index confirms, and the reader quoted the one just read.
    index = _index_of_repeaters(8)
    assert index.find(QUOTE) == ("c8", 100.0)


def test_the_source_does_not_depend_on_the_hash_seed():
    code = ("from tests.test_quotes import _index_of_repeaters, QUOTE;"
            "print(_index_of_repeaters(12).find(QUOTE))")
    seen = set()
    for seed in ("0", "1", "7", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout
        seen.add(out.strip())
    assert seen == {"('c12', 100.0)"}
