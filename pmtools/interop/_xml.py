"""Safe XML parsing and the small value formats of MSPDI files.

``parse_xml`` builds an ElementTree with namespace-free tag names from bytes
through expat, refusing any DOCTYPE or entity declaration (so a hostile file
cannot expand entities or reach out for external ones). ``duration_minutes``
reads xsd:duration values such as ``PT8H0M0S``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from typing import Any
from xml.parsers import expat

from pmtools.interop._errors import InteropError

__all__ = [
    "duration_minutes",
    "find_text",
    "number_text",
    "parse_datetime",
    "parse_xml",
    "round_half_up",
]


class _Refused(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def parse_xml(data: bytes, file: str) -> tuple[ET.Element, str]:
    """The root element (tags without namespace) and the root's namespace URI.

    Raises InteropError naming ``file`` and the line for malformed XML and for
    a document type or entity declaration, which MSPDI files never have.
    """
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    namespaces: list[str] = []

    def refuse(*_: Any) -> int:
        raise _Refused(parser.CurrentLineNumber)

    def start(name: str, _attributes: Any) -> None:
        namespace, _, local = name.rpartition("}")
        if not namespaces:
            namespaces.append(namespace)
        builder.start(local, {})

    def end(name: str) -> None:
        builder.end(name.rpartition("}")[2])

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise InteropError("interop.xml.dtd", {"file": file, "line": exc.line}) from None
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise InteropError(
            "interop.xml.malformed", {"file": file, "line": exc.lineno, "reason": reason}
        ) from None
    return builder.close(), namespaces[0] if namespaces else ""


def find_text(element: ET.Element, tag: str) -> str | None:
    """The stripped text of the first child ``tag``; None when absent or empty."""
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    text = child.text.strip()
    return text or None


_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?"
    r"(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def duration_minutes(text: str) -> float | None:
    """Minutes in an xsd:duration (``PT8H0M0S`` = 480); None when it is not one.

    Days count 24 hours, as xsd:duration says; MS Project writes working time as hours.
    """
    found = _DURATION.match(text.strip())
    if found is None or text.strip() in ("P", "-P", "PT"):
        return None
    parts = {k: float(v) for k, v in found.groupdict().items() if v and k != "sign"}
    minutes = (
        parts.get("years", 0) * 365 * 1440
        + parts.get("months", 0) * 30 * 1440
        + parts.get("days", 0) * 1440
        + parts.get("hours", 0) * 60
        + parts.get("minutes", 0)
        + parts.get("seconds", 0) / 60
    )
    return -minutes if found.group("sign") else minutes


def parse_datetime(text: str | None) -> dt.datetime | None:
    """``2014-10-17T08:00:00`` as a naive datetime; None when absent or not a date."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=None)


def round_half_up(value: float) -> int:
    """Whole number nearest ``value``, halves away from zero (2.5 -> 3, -2.5 -> -3)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def number_text(value: float) -> str:
    """``5900`` for 5900.0, ``12.5`` for 12.5: the way a PM writes a number in a cell."""
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")
