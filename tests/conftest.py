"""Shared paths for tests: the seeds in this repository and the real corpora beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run, so a red build always
# reproduces; locally they explore new examples each time.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_THREAD = SEEDS / "002_07c1f8e8e588d880.txt"
# Real threads no one here wrote, kept beside the repository (../shared/corpora), or beside the
# folder holding a git worktree of it (../../shared/corpora); THREADS_CORPORA overrides both.
_CANDIDATES = [ROOT.parent / "shared" / "corpora", ROOT.parent.parent / "shared" / "corpora"]
CORPORA = Path(os.environ["THREADS_CORPORA"]) if os.environ.get("THREADS_CORPORA") else next(
    (p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])


def corpus(*parts: str) -> Path:
    """A file in the shared corpora; the test is skipped if the corpora are not beside us."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path
