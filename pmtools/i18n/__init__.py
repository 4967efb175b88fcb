"""Translated user-facing text: ``t(key, **values)`` in English or Chinese.

Catalogues are plain dicts in ``en.py`` and ``zh.py``, one entry per key, each a
``str.format`` template. A practice keeps its own messages in a module of this
package named after it (``flow.py``: ``EN = {...}`` and ``ZH = {...}``, the same
keys in both); they are merged into the catalogues the first time a message is
needed (a command that prints only numbers never loads them). A key missing from
the Chinese catalogue falls back to English; a key missing from both is returned
as is, so a typo shows up in the output instead of crashing a report.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

__all__ = ["LANGUAGES", "get_language", "set_language", "t", "use_language"]

LANGUAGES = ("en", "zh")
_loaded: dict[str, dict[str, str]] = {}


def _catalogues() -> dict[str, dict[str, str]]:
    """Every message by language: en.py, zh.py and each practice module's ``EN``/``ZH``,
    loaded once; a key defined twice is an error."""
    if _loaded:
        return _loaded
    import pkgutil

    from pmtools.i18n import en, zh

    catalogues = {"en": dict(en.MESSAGES), "zh": dict(zh.MESSAGES)}
    for info in pkgutil.iter_modules(__path__):
        if info.name in ("en", "zh") or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for language, name in (("en", "EN"), ("zh", "ZH")):
            messages: dict[str, str] = getattr(module, name, {})
            clash = set(messages) & set(catalogues[language])
            if clash:
                raise RuntimeError(f"i18n keys defined twice ({info.name}): {sorted(clash)}")
            catalogues[language].update(messages)
    _loaded.update(catalogues)
    return _loaded


def __getattr__(name: str) -> Any:
    if name == "_CATALOGUES":  # the merged catalogues, for tests and tools
        return _catalogues()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_language: ContextVar[str] = ContextVar("pmtools_language")
#: The language ``set_language`` chose last in this process: the default of a context that
#: never chose one. Jupyter runs a widget's callbacks (an answer box's Check, an editor's
#: Save) in such a context, so without it a Chinese notebook answered in English.
_chosen = ["en"]


def _check(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def get_language() -> str:
    """The language ``t`` uses when none is passed."""
    return _language.get(_chosen[0])


def set_language(language: str) -> None:
    """Make ``language`` (``en`` or ``zh``) the default for ``t`` in this context."""
    _chosen[0] = _check(language)
    _language.set(_chosen[0])


@contextmanager
def use_language(language: str | None) -> Iterator[None]:
    """Temporarily switch the default language; ``None`` keeps the current one."""
    if language is None:
        yield
        return
    token = _language.set(_check(language))
    try:
        yield
    finally:
        _language.reset(token)


def t(key: str, language: str | None = None, /, **values: Any) -> str:
    """The message for ``key`` in ``language`` (default: the current one), filled with values."""
    lang = _check(language) if language else get_language()
    catalogues = _catalogues()
    template = catalogues[lang].get(key) or catalogues["en"].get(key)
    if template is None:
        return key
    return template.format(**values) if values else template
