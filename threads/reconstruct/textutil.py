"""Small text tools the reconstruction shares: words, content words, TF-IDF cosine.

Deliberately light: a regex tokenizer, a stop-word list and crude suffix
stripping are enough to tell which earlier comment a reply shares unusual
words with, and they run at hundreds of thousands of comments a minute.
Not supported: languages without spaces between words (Chinese, Japanese),
where the word-based similarity finds little; quotation matching still works.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me
more most mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over own
same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
while who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves yes yeah one two get got go going know think said say says like well even really much
many still also may might must shall us lot thing things way ever never always
thought guess believe suppose within without upon via among
""".split())


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, apostrophes normalised."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """Crude suffix stripping: enough to join 'bombing'/'bombed'/'bombs'."""
    for suf in ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if len(word) > len(suf) + 3 and word.endswith(suf):
            base = word[: -len(suf)]
            return base + "y" if suf in ("ies", "ied") else base
    return word


IDIOMS = re.compile(r"\b(?:on the other hand|on the one hand|in fact|at least|as well as|of course|"
                    r"by the way|in any case|after all)\b", re.IGNORECASE)


def content_words(text: str) -> list[str]:
    """Stemmed words that carry content (no stop words, idioms or one-letter tokens)."""
    text = IDIOMS.sub(" ", text)
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


class TfIdf:
    """TF-IDF vectors over a fixed set of documents, for cosine similarity.

    >>> t = TfIdf(["the train reached Lyon", "buses stuck in the snow", "train stuck"])
    >>> round(t.cosine(0, 2), 2) > 0
    True
    """

    def __init__(self, docs: Sequence[str]) -> None:
        self._tokens = [content_words(d) for d in docs]
        df: Counter[str] = Counter()
        for toks in self._tokens:
            df.update(set(toks))
        n = max(1, len(docs))
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
        self.df = df
        self._vecs: list[dict[str, float]] = []
        self._mass: list[float] = []
        for toks in self._tokens:
            tf = Counter(toks)
            vec = {w: (1 + math.log(c)) * self.idf[w] for w, c in tf.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self._vecs.append({w: v / norm for w, v in vec.items()})
            self._mass.append(sum(self.idf[w] for w in tf) or 1.0)

    def vector(self, i: int) -> dict[str, float]:
        return self._vecs[i]

    def tokens(self, i: int) -> list[str]:
        return self._tokens[i]

    def cosine(self, i: int, j: int) -> float:
        a, b = self._vecs[i], self._vecs[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(w, 0.0) for w, v in a.items())

    def coverage(self, i: int, j: int) -> float:
        """Share of ``i``'s distinct-word weight (idf) that ``j`` also uses.

        Unlike the cosine, a long ``j`` is not penalised: a short reply answering a
        long comment covers few of its words, but the comment covers the reply's.
        """
        a, b = self._vecs[i], self._vecs[j]
        return sum(self.idf[w] for w in a if w in b) / self._mass[i]

    def shared(self, i: int, j: int, top: int = 5) -> list[str]:
        """The shared words that weigh most in the similarity of ``i`` and ``j``."""
        a, b = self._vecs[i], self._vecs[j]
        common = sorted(set(a) & set(b), key=lambda w: (-(a[w] * b[w]), w))  # ties: same order every run
        return common[:top]


def sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation; good enough for finding questions."""
    parts = re.split(r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def initials(name: str) -> str:
    """Initials of a multi-word name, a leading article and lower-case particles skipped.

    >>> initials("The Quiet Observer"), initials("Sofia in Lisbon")
    ('QO', 'SL')
    """
    toks = [t for t in re.split(r"[\s\-_.]+", name) if t]
    if len(toks) > 1 and toks[0].lower() in {"the", "a", "an", "le", "la", "der", "die", "das"}:
        toks = toks[1:]
    return "".join(t[0] for t in toks if t[0].isupper() or t[0].isdigit()).upper()


def full_initials(name: str) -> str:
    """Initials of every capitalised word, article included ("TTG")."""
    toks = [t for t in re.split(r"[\s\-_.]+", name) if t]
    return "".join(t[0] for t in toks if t[0].isupper()).upper()


def overlap_ratio(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))
