"""Loading a table or a model once per process, however many threads ask for it at the same time.

``functools.cache`` does not hold back a second caller while the first is still loading: each
thread that misses loads on its own. The column workers of a scan meet the same loads together on
the first batch (two of them read free text, and both loaded LAC's model, 0.3 s of CPU each).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def loaded_once(load: Callable[[], T]) -> Callable[[], T]:
    """``load()``, run by the first caller while the others wait for its result; an exception is
    not remembered (the next caller tries again), as with ``functools.cache``."""
    lock = threading.Lock()
    loaded: list[T] = []

    @functools.wraps(load)
    def get() -> T:
        if not loaded:
            with lock:
                if not loaded:
                    loaded.append(load())
        return loaded[0]

    return get
