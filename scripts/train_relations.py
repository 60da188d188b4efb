"""Fit the relation model on labelled pairs and write threads/data/relations_model.json.

    PYTHONPATH=. python scripts/train_relations.py \
        ../shared/corpora/agreement-subreddit-lei2022/SubReddit-MaskMandate.csv

Needs scikit-learn (``pip install -e .[train]``); the package itself reads the JSON
with the standard library only. The regularisation strength is chosen by 5-fold
stratified cross-validation on the training file, and the cross-validated accuracy
is stored in the model's metadata: that, not the accuracy on the training file,
is the honest in-domain figure. Never train on the held-out CovidVaccine pairs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import StandardScaler

from threads.model import RelationLabel
from threads.score.relations import (
    FEATURES,
    MODEL_FILE,
    OVERRIDE,
    LinearModel,
    _rules,
    features,
    read_pairs,
    scores,
)

CLASSES = (RelationLabel.DISAGREE, RelationLabel.NEUTRAL, RelationLabel.AGREE)
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", help="training CSV (quote_text, response_text, relation)")
    ap.add_argument("-o", "--output", default=str(Path("threads") / "data" / MODEL_FILE))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    pairs = read_pairs(args.pairs)
    feats = [features(q, r) for q, r, _ in pairs]
    x = np.array([f.values for f in feats], dtype=float)
    y = np.array([CLASSES.index(lab) for _, _, lab in pairs])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=args.seed)
    xs = StandardScaler().fit(x)

    best = None
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=2000)
        pred = cross_val_predict(clf, xs.transform(x), y, cv=folds)
        acc = float((pred == y).mean())
        print(f"C={c:<6} 5-fold accuracy {acc:.4f}")
        if best is None or acc > best[1]:
            best = (c, acc, pred)
    c, acc, pred = best
    report = scores([CLASSES[k] for k in y], [CLASSES[k] for k in pred], source=args.pairs)
    print(f"chosen C={c}: cross-validated accuracy {acc:.4f}, macro-F1 {report.macro_f1:.4f}")
    # The default method lets decisive rules overrule the model: score that the same way.
    combined = []
    for f, k in zip(feats, pred, strict=True):
        ruled = _rules(f)
        decisive = abs(ruled.score) >= OVERRIDE or f.as_dict()["info_answer"]
        combined.append(ruled.label if decisive else CLASSES[k])
    both = scores([CLASSES[k] for k in y], combined, source=args.pairs)
    print(f"combined method, model cross-validated: accuracy {both.accuracy:.4f}, "
          f"macro-F1 {both.macro_f1:.4f}")

    clf = LogisticRegression(C=c, max_iter=2000).fit(xs.transform(x), y)
    scale = np.where(xs.scale_ > 0, xs.scale_, 1.0)
    lm = LinearModel(
        classes=CLASSES, mean=tuple(float(v) for v in xs.mean_), scale=tuple(float(v) for v in scale),
        coef=tuple(tuple(round(float(w), 6) for w in row) for row in clf.coef_),
        intercept=tuple(round(float(b), 6) for b in clf.intercept_),
        meta=(("trained_on", Path(args.pairs).name), ("pairs", str(len(pairs))), ("C", str(c)),
              ("cv5_accuracy", f"{acc:.4f}"), ("cv5_macro_f1", f"{report.macro_f1:.4f}"),
              ("cv5_combined_accuracy", f"{both.accuracy:.4f}"),
              ("cv5_combined_macro_f1", f"{both.macro_f1:.4f}"),
              ("trainer", "scikit-learn LogisticRegression (multinomial, L2)")),
    )
    Path(args.output).write_text(json.dumps(lm.to_dict(), indent=1) + "\n", encoding="utf-8")
    top = sorted(zip(FEATURES, clf.coef_[2] - clf.coef_[0], strict=True), key=lambda t: -abs(t[1]))
    print("strongest agree-vs-disagree weights:", ", ".join(f"{n} {w:+.2f}" for n, w in top[:10]))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
