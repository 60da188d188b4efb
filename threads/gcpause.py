"""Building many long-lived objects without the cyclic garbage collector looking on.

Reading or scoring a big thread allocates a few objects per comment and frees none
of them. Each allocation burst makes CPython's cyclic collector walk every tracked
object built so far (millions, at 100,000 comments) and find nothing to free: a
tenth of the read of such an export, dozens of full collections while its tones are
built. The objects built are acyclic, so pausing the collector frees nothing later
than reference counting does.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, and restore its state after.

    Never hold it across a ``yield`` of a generator: the caller's code would run with
    the collector off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
