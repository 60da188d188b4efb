"""A faster VADER that gives exactly the scores of vaderSentiment 3.3.2.

Stock ``SentimentIntensityAnalyzer.polarity_scores`` spends most of its time on
overhead rather than on its rules:

* ``_negation_check``, ``_special_idioms_check`` and ``_but_check`` lower-case the
  whole token list every time they look at a sentiment word (up to five times per
  word), so the cost of a comment grows with the square of its length;
* the emoji replacement walks the text one character at a time, building a new
  string by concatenation, although most comments hold no emoji;
* every word goes through several method calls (``sentiment_valence``,
  ``scalar_inc_dec``, ``_least_check``, ...) even when it is outside the lexicon
  (most words), where the answer is a plain zero;
* the scores are packed into a dict that callers such as the tone stage unpack
  again, sentence after sentence.

:meth:`FastAnalyzer.scores` is ``polarity_scores`` written out as one function:
the token list is lower-cased once, the emoji walk runs only when the text holds a
character the emoji lexicon knows, only the lexicon words are visited (the others
score a plain zero), the idiom n-grams are only built when a nearby word can start
one, and a text with no lexicon word at all (about a quarter of comment
sentences) gets its constant neutral scores at once. The rules, their order and
every floating-point operation are those of the stock code (the lexicon, boosters
and idioms are the stock tables, and the known ``_but_check`` quirk that rescales
sentiments found by value rather than by position is reproduced step by step), so
the scores are identical; ``tests/test_tone.py`` checks that on thousands of real
comments and on made-up sentiment lists for the quirk.
:meth:`FastAnalyzer.polarity_scores` returns the same numbers as stock's dict.

Not supported: other VADER versions (the code mirrors 3.3.2's logic) and the
stock per-word helper methods as extension points (``scores`` does not call them).
"""

from __future__ import annotations

import logging
import math
import string

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

__all__ = ["FastAnalyzer", "analyzer", "StockAnalyzer", "Scores"]

log = logging.getLogger(__name__)

StockAnalyzer = SentimentIntensityAnalyzer

#: ``(neg, neu, pos, compound)``, rounded as stock ``polarity_scores`` rounds them.
Scores = tuple[float, float, float, float]

_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation
_EMPTY: Scores = (0.0, 0.0, 0.0, 0.0)
_NEUTRAL: Scores = (0.0, 1.0, 0.0, 0.0)
_SO_THIS = ("so", "this")
# Every n-gram the idiom check builds is compared with multi-word keys of SPECIAL_CASES
# and BOOSTER_DICT; tokens hold no spaces, so an n-gram can only match when its first
# word is the first word of such a key.
_IDIOM_STARTS = frozenset(k.split()[0] for k in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in k)


def _but_check(sentiments: list[float], hits: list[int], but: int) -> None:
    """Stock ``_but_check``, in place, for sentiments that are zero outside ``hits``.

    The stock code halves the sentiments before the first "but" and multiplies those
    after it by 1.5, but it walks the list by value: for the value at each position
    it rescales the *first* equal value, so repeated values are rescaled at the
    wrong positions (and possibly more than once). Its steps are repeated here in
    the same order; the steps for zeros are left out, as they rescale a zero into
    a zero and so change nothing that is read later. A zero stays zero, so the
    non-zero values all lie in ``hits`` throughout.
    """
    for k in hits:
        sentiment = sentiments[k]
        if sentiment == 0:
            continue
        si = sentiments.index(sentiment)
        if si < but:
            sentiments[si] = sentiment * 0.5
        elif si > but:
            sentiments[si] = sentiment * 1.5


def _special_idioms(valence: float, lw: list[str], i: int) -> float:
    """Stock ``_special_idioms_check`` on the lower-cased tokens (``i`` >= 3)."""
    onezero = f"{lw[i - 1]} {lw[i]}"
    twoonezero = f"{lw[i - 2]} {lw[i - 1]} {lw[i]}"
    twoone = f"{lw[i - 2]} {lw[i - 1]}"
    threetwoone = f"{lw[i - 3]} {lw[i - 2]} {lw[i - 1]}"
    threetwo = f"{lw[i - 3]} {lw[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lw) - 1 > i:
        zeroone = f"{lw[i]} {lw[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lw) - 1 > i + 1:
        zeroonetwo = f"{lw[i]} {lw[i + 1]} {lw[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


class FastAnalyzer(SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` with identical output, minus the overhead.

    Examples
    --------
    >>> a = FastAnalyzer()
    >>> a.polarity_scores("This isn't good at all.") == StockAnalyzer().polarity_scores(
    ...     "This isn't good at all.")
    True
    >>> a.scores("This isn't good at all.")
    (0.376, 0.624, 0.0, -0.3412)
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The stock loop looks at one character at a time, so only one-character
        # keys of the emoji lexicon can ever match (most keys are longer sequences).
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        self._lexicon_words = frozenset(self.lexicon)

    def _replace_emoji(self, text: str) -> str:
        if text.isascii() or self._emoji_chars.isdisjoint(text):
            return text.strip()
        parts: list[str] = []
        prev_space = True
        for ch in text:
            description = self.emojis.get(ch) if ch in self._emoji_chars else None
            if description is not None:
                if not prev_space:
                    parts.append(" ")
                parts.append(description)
                prev_space = False
            else:
                parts.append(ch)
                prev_space = ch == " "
        return "".join(parts).strip()

    def polarity_scores(self, text: str) -> dict[str, float]:
        """Return VADER's ``{"neg", "neu", "pos", "compound"}`` for ``text``."""
        neg, neu, pos, compound = self.scores(text)
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}

    def scores(self, text: str) -> Scores:
        """``(neg, neu, pos, compound)`` of ``text``: stock ``polarity_scores`` without the dict."""
        text = self._replace_emoji(text)
        lowered = text.lower().split()
        if not lowered:
            return _EMPTY
        known = self._lexicon_words
        if text.isascii():
            # SentiText's tokens, lower-cased: each word stripped of surrounding punctuation
            # unless that leaves two characters or fewer (an emoticon such as ":)"). For
            # ASCII, stripping and lower-casing commute, so the lower-cased text serves.
            lower = [s if len(s := w.strip(_PUNCTUATION)) > 2 else w for w in lowered]
            # All-zero sentiments score as these constants (punctuation emphasis only
            # applies to a non-zero sum): about a quarter of comment sentences.
            if known.isdisjoint(lower):
                return _NEUTRAL
            words = text.split()
        else:
            # The same for any text, one step at a time; a lexicon word is a token, or the
            # token stripped of punctuation, lower-cased: neither in the lexicon, no hit.
            if known.isdisjoint(lowered) and known.isdisjoint([w.strip(_PUNCTUATION) for w in lowered]):
                return _NEUTRAL
            words = [s if len(s := w.strip(_PUNCTUATION)) > 2 else w for w in text.split()]
            lower = [w.lower() for w in words]
        # ``words`` serves only for ALL CAPS tests, which stripping punctuation does not change.
        n = len(words)
        capitals = sum(map(str.isupper, words))
        is_cap_diff = 0 < n - capitals < n
        lexicon = self.lexicon
        last = n - 1
        # Words outside the lexicon score 0 (most words); only the others are visited.
        sentiments: list[float] = [0] * n
        hits = [i for i, low in enumerate(lower) if low in lexicon]
        for i in hits:
            low = lower[i]
            if low in BOOSTER_DICT or (low == "kind" and i < last and lower[i + 1] == "of"):
                continue
            # sentiment_valence
            valence = lexicon[low]
            if low == "no" and i != last and lower[i + 1] in lexicon:
                valence = 0.0
            if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") or (
                    i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")):
                valence = lexicon[low] * N_SCALAR
            if is_cap_diff and words[i].isupper():
                if valence > 0:
                    valence += C_INCR
                else:
                    valence -= C_INCR
            # The three words before: boosters (scalar_inc_dec, dampened with distance),
            # negations (_negation_check) and, three back, idioms.
            for back in (1, 2, 3):
                if i < back:
                    break
                prev = lower[i - back]
                if prev in lexicon:
                    continue
                s = 0.0
                if prev in BOOSTER_DICT:
                    s = BOOSTER_DICT[prev]
                    if valence < 0:
                        s *= -1
                    if is_cap_diff and words[i - back].isupper():
                        if valence > 0:
                            s += C_INCR
                        else:
                            s -= C_INCR
                if back == 2 and s != 0:
                    s = s * 0.95
                elif back == 3 and s != 0:
                    s = s * 0.9
                valence = valence + s
                if back == 1:
                    if prev in _NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                elif back == 2:
                    if prev == "never" and lower[i - 1] in _SO_THIS:
                        valence = valence * 1.25
                    elif prev == "without" and lower[i - 1] == "doubt":
                        pass
                    elif prev in _NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                else:
                    if (prev == "never" and lower[i - 2] in _SO_THIS) or lower[i - 1] in _SO_THIS:
                        valence = valence * 1.25
                    elif prev == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                        pass
                    elif prev in _NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                    if (prev in _IDIOM_STARTS or low in _IDIOM_STARTS or lower[i - 1] in _IDIOM_STARTS
                            or lower[i - 2] in _IDIOM_STARTS):
                        valence = _special_idioms(valence, lower, i)
            # _least_check
            if i > 0 and lower[i - 1] == "least" and "least" not in lexicon:
                if i == 1 or (lower[i - 2] != "at" and lower[i - 2] != "very"):
                    valence = valence * N_SCALAR
            sentiments[i] = valence
        if "but" in lower:
            _but_check(sentiments, hits, lower.index("but"))

        # score_valence
        sum_s = float(sum(sentiments))
        ep_count = text.count("!")
        if ep_count > 4:
            ep_count = 4
        qm_count = text.count("?")
        qm_amplifier = 0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        punct_emph_amplifier = ep_count * 0.292 + qm_amplifier
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
        if compound < -1.0:
            compound = -1.0
        elif compound > 1.0:
            compound = 1.0
        # _sift_sentiment_scores, in the same order; the words outside ``hits`` are zeros.
        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = n
        for i in hits:
            sentiment = sentiments[i]
            if sentiment > 0:
                pos_sum += (float(sentiment) + 1)
                neu_count -= 1
            elif sentiment < 0:
                neg_sum += (float(sentiment) - 1)
                neu_count -= 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += punct_emph_amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= punct_emph_amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return (round(math.fabs(neg_sum / total), 3), round(math.fabs(neu_count / total), 3),
                round(math.fabs(pos_sum / total), 3), round(compound, 4))


_ANALYZER: FastAnalyzer | None = None


def analyzer() -> FastAnalyzer:
    """The process's one :class:`FastAnalyzer` (reading the lexicon costs ~10 ms, so build it once)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = FastAnalyzer()
        log.debug("built the VADER analyzer")
    return _ANALYZER
