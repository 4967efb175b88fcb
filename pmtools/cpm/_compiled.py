"""The genetic search's decoder compiled with numba (``pip install 'pmtools[level]'``).

The same computation as ``level._Population.decode``, one chromosome at a time in machine
code instead of a population at a time in numpy: about ten times as many plans a second on
a 120-task network, which is what lets the search reach good plans within seconds. Each
chromosome's plan is the serial SGS of its keys' order (each task after the tasks it waits
for), then scheduled backwards from its finish in the order of the first plan's finishes,
then forwards again in the order of the backward plan's starts (forward-backward
improvement); the improved plan is kept unless its finish is later.

Compiled code is cached beside this file (numba's ``cache=True``), so only the first run on
a machine pays for compiling it (about six seconds; ``make`` does it at install), in a
background thread while the numpy decoder works. Without numba, ``available()`` is False
and the numpy decoder does it all.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["available", "decode", "load", "ready", "start_loading"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def available() -> bool:
    """Whether numba is installed."""
    return importlib.util.find_spec("numba") is not None


_ready = threading.Event()
_started = threading.Lock()
#: Why compiling failed, when it did (the numpy decoder then does the work).
error: BaseException | None = None


def ready() -> bool:
    """Whether the kernels are compiled (or loaded from the cache) in this process."""
    return _ready.is_set()


def start_loading() -> None:
    """Compile or load the kernels in a background thread, once per process, so that the
    search starting now keeps its time limit: it decodes with numpy until they are ready
    (a fraction of a second from the cache; about six seconds the first time on a machine)."""
    if ready() or not available() or not _started.acquire(blocking=False):
        return
    threading.Thread(target=_load_quietly, name="pmtools-compile", daemon=True).start()


def _load_quietly() -> None:
    global error
    try:
        load()
    except Exception as exc:  # a broken numba install: the numpy decoder carries on
        error = exc


def load() -> None:
    """Compile (or load from the cache) the kernels now, on a two-task problem whose arrays
    have the types ``level._Population.decode_compiled`` passes."""
    one = np.ones(2, dtype=np.int64)
    zeros = np.zeros(2, dtype=np.int64)
    tasks = np.arange(2, dtype=np.int64)
    pred = np.full((2, 1), 2, dtype=np.int64)  # no links: padded with n
    gap = np.zeros((2, 1), dtype=np.int64)
    decode(
        np.zeros((1, 2)),
        tasks,
        np.zeros(2, dtype=np.bool_),
        zeros,
        one,
        np.arange(3, dtype=np.int64),
        zeros,
        np.full(2, 100, dtype=np.int32),
        np.full((1, 8), 100, dtype=np.int32),
        np.full(1, 100, dtype=np.int32),
        tasks,
        pred,
        gap,
        tasks,
        pred,
        gap,
        -(1 << 40),
    )
    _ready.set()


def decode(*args: Any) -> tuple[IntArray, IntArray, bool]:
    """Starts (population x n), finishes and whether every plan fitted the profile."""
    from pmtools.cpm import _kernels  # deferred: importing numba takes a quarter second

    result: tuple[IntArray, IntArray, bool] = _kernels.decode(*args)
    return result


if __name__ == "__main__":  # python -m pmtools.cpm._compiled: compile and cache the kernels
    if available():
        load()
