"""A faster VADER that gives exactly the scores of vaderSentiment 3.3.2.

Stock ``SentimentIntensityAnalyzer`` spends most of its time on two habits:

* ``_negation_check`` and ``_special_idioms_check`` lower-case the whole token
  list every time they look at a sentiment word (up to four times per word), so
  the cost of a comment grows with the square of its length;
* ``polarity_scores`` walks the text one character at a time, building a new
  string by concatenation, to replace emoji that most comments do not contain.

:class:`FastAnalyzer` overrides just those methods: the token list is lower-cased
once per text, the emoji walk runs only when the text holds a character the
emoji lexicon knows, words outside the lexicon (most words, for which
``sentiment_valence`` only appends a zero) skip the method call, and a text with
no lexicon word at all (about a quarter of comment sentences) gets its constant
neutral scores without tokenising. Everything
else (lexicon, boosters, idioms, the known ``_but_check`` quirk that finds "but"
by value rather than position) is the stock code, so the output dicts are
identical; ``tests/test_tone.py`` checks that on thousands of real comments.

Not supported: other VADER versions (the overrides mirror 3.3.2's logic) and
thread-safe use of one analyzer from several threads at once (the lower-cased
token list is cached on the instance; processes each build their own).
"""

from __future__ import annotations

import logging
import string

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
)

__all__ = ["FastAnalyzer", "analyzer", "StockAnalyzer"]

log = logging.getLogger(__name__)

StockAnalyzer = SentimentIntensityAnalyzer

_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation


def _negated(word_lower: str) -> bool:
    """Stock ``negated([word])`` for one lower-case word, without copying NEGATE each call."""
    return word_lower in _NEGATE or "n't" in word_lower


class FastAnalyzer(SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` with identical output, minus the quadratic work.

    Examples
    --------
    >>> a = FastAnalyzer()
    >>> a.polarity_scores("This isn't good at all.") == StockAnalyzer().polarity_scores(
    ...     "This isn't good at all.")
    True
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The stock loop looks at one character at a time, so only one-character
        # keys of the emoji lexicon can ever match (most keys are longer sequences).
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        self._words: list[str] | None = None
        self._lexicon_words = frozenset(self.lexicon)
        self._lower: list[str] = []

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

    def _lowered(self, words: list[str]) -> list[str]:
        # The stock helpers receive the original tokens; the cached lower-case
        # list belongs to the text being scored (checked by identity).
        if words is self._words:
            return self._lower
        return [str(w).lower() for w in words]

    def polarity_scores(self, text: str) -> dict[str, float]:
        """Return VADER's ``{"neg", "neu", "pos", "compound"}`` for ``text``."""
        text = self._replace_emoji(text)
        # A text none of whose words is in the lexicon scores 0 word by word, and stock
        # score_valence turns all-zero sentiments into these constants (punctuation
        # emphasis only applies to a non-zero sum). A VADER word is a token or the token
        # stripped of punctuation; checking both (lower-cased) is a superset of its lookup.
        lowered = text.lower().split()
        if not lowered:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        known = self._lexicon_words
        if known.isdisjoint(lowered) and known.isdisjoint([w.strip(_PUNCTUATION) for w in lowered]):
            return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
        sentitext = SentiText(text)
        words = sentitext.words_and_emoticons
        lower = [w.lower() for w in words]
        self._words, self._lower = words, lower
        try:
            sentiments: list[float] = []
            last = len(words) - 1
            lexicon = self.lexicon
            for i, item in enumerate(words):
                low = lower[i]
                if low in BOOSTER_DICT or (i < last and low == "kind" and lower[i + 1] == "of"):
                    sentiments.append(0)
                    continue
                if low not in lexicon:
                    # sentiment_valence appends 0 for a word outside the lexicon and
                    # does nothing else; most words are, so skip the call.
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            sentiments = self._but_check(words, sentiments)
            return self.score_valence(sentiments, text)
        finally:
            self._words, self._lower = None, []

    def _but_check(self, words_and_emoticons, sentiments):
        # The stock check lower-cases every token just to look for "but"; keep its
        # logic (and its quirk) for the texts that have one.
        if "but" not in self._lowered(words_and_emoticons):
            return sentiments
        return SentimentIntensityAnalyzer._but_check(words_and_emoticons, sentiments)

    def _negation_check(self, valence, words_and_emoticons, start_i, i):
        lw = self._lowered(words_and_emoticons)
        if start_i == 0:
            if _negated(lw[i - 1]):
                valence = valence * N_SCALAR
        if start_i == 1:
            if lw[i - 2] == "never" and (lw[i - 1] == "so" or lw[i - 1] == "this"):
                valence = valence * 1.25
            elif lw[i - 2] == "without" and lw[i - 1] == "doubt":
                pass
            elif _negated(lw[i - 2]):
                valence = valence * N_SCALAR
        if start_i == 2:
            if lw[i - 3] == "never" and (lw[i - 2] == "so" or lw[i - 2] == "this") or (
                    lw[i - 1] == "so" or lw[i - 1] == "this"):
                valence = valence * 1.25
            elif lw[i - 3] == "without" and (lw[i - 2] == "doubt" or lw[i - 1] == "doubt"):
                pass
            elif _negated(lw[i - 3]):
                valence = valence * N_SCALAR
        return valence

    def _special_idioms_check(self, valence, words_and_emoticons, i):
        lw = self._lowered(words_and_emoticons)
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


_ANALYZER: FastAnalyzer | None = None


def analyzer() -> FastAnalyzer:
    """The process's one :class:`FastAnalyzer` (reading the lexicon costs ~10 ms, so build it once)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = FastAnalyzer()
        log.debug("built the VADER analyzer")
    return _ANALYZER
