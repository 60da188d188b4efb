"""Running the dashboard headless with Streamlit's AppTest, shared by the dashboard tests."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = ROOT / "dashboard" / "app.py"


def open_app(path: Path | None = None, view: str | None = None, state: dict | None = None,
             monkeypatch=None) -> AppTest:
    """Run the app once, opened on ``path`` as ``threads dashboard PATH`` would, at ``view``."""
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "argv", [str(APP)] + ([str(path)] if path is not None else []))
    at = AppTest.from_file(str(APP), default_timeout=120)
    if view is not None:
        at.session_state["view"] = view
    for k, v in (state or {}).items():
        at.session_state[k] = v
    return at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
