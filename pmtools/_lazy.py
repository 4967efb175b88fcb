"""Packages whose submodules load on first use: ``pmtools.charts.<practice>`` needs no listing."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

__all__ = ["submodules"]


def submodules(package: str, names: set[str] | None = None) -> Callable[[str], ModuleType]:
    """A module ``__getattr__`` that imports ``package.<name>`` when it is first asked for.

    ``names`` limits it to those submodules (None: any); other names raise AttributeError.
    """

    def __getattr__(name: str) -> ModuleType:
        if name.startswith("_") or (names is not None and name not in names):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None

    return __getattr__
