"""Hold back Python's cyclic garbage collector while a large graph is built, checked or written.

Building a graph allocates millions of small objects that stay alive; each full collection
walks all of them again, so collections grow with the graph and a long build spends a growing
share of its time in them. The work done while paused creates no garbage cycles to speak of;
whatever it leaves is collected as usual once the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector for the block, and enable it after if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
