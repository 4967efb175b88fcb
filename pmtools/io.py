"""Load and validate a project folder; save tables back atomically.

``load_project(dir)`` reads ``project.yaml`` and ``tasks.csv``, checks every
cell, and either returns a ``Project`` or raises ``ProjectInvalid`` listing
every problem found (file, spreadsheet row, column, what was expected and what
was found). Loading never writes anything.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from numpy.dtypes import StringDType

from pmtools._practice_tables import PRACTICE_SCHEMAS, parse_table
from pmtools._requirements_table import (
    REQUIREMENTS_FILE,
    SIGNOFF_FILE,
    parse_requirements,
    parse_signoff,
)
from pmtools._risk_table import RISKS_FILE, parse_risks
from pmtools._tables import TableChecker, atomic_write_text, read_csv_table, write_csv_table
from pmtools.calendar import WorkCalendar, check_country, parse_workdays
from pmtools.cpm.graph import find_cycles
from pmtools.cpm.network import Network, build_network
from pmtools.errors import CycleError, Problem, ProjectInvalid, ProjectNotFound
from pmtools.i18n import LANGUAGES
from pmtools.model import (
    DISTRIBUTIONS,
    EV_RULES,
    LINK_TYPES,
    REQUIRED_TASK_COLUMNS,
    TASK_COLUMNS,
    Project,
    RiskScale,
    SimulationSettings,
    StatusRules,
    TableFile,
)

__all__ = [
    "load_project",
    "new_project",
    "preview_table",
    "requirements_table",
    "risk_snapshots",
    "risks_table",
    "save_table",
    "save_tasks",
    "tasks_table",
    "template_dir",
]

PROJECT_FILE = "project.yaml"
TASKS_FILE = "tasks.csv"

# what may follow a predecessor id and a space: a link type and/or a signed lag in days
_LINK_SUFFIX = re.compile(r"^(?P<type>[A-Za-z]{2})?\s*(?P<lag>[+-]\s*\d+)?\s*(?:d|days?)?$")


def _parse_suffix(text: str) -> tuple[str, int] | None:
    """``("SS", 2)`` for ``"SS+2"``; None when the text is not a link type and lag."""
    found = _LINK_SUFFIX.match(text)
    if found is None or not (found.group("type") or found.group("lag")):
        return None
    kind = (found.group("type") or "FS").upper()
    if kind not in LINK_TYPES:
        return None
    return kind, int(found.group("lag").replace(" ", "")) if found.group("lag") else 0


class _TextDateLoader(yaml.SafeLoader):
    """Safe YAML loader that leaves dates as text, so a bad date is a message, not a crash."""


_TextDateLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# ---------------------------------------------------------------------------------------------
# project.yaml


def _key_lines(text: str) -> dict[str, int]:
    """Line number (1-based) of each top-level key and of ``calendar.<key>``."""
    try:
        node = yaml.compose(text, Loader=_TextDateLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[str(key.value)] = key.start_mark.line + 1
            if isinstance(value, yaml.MappingNode):
                for sub_key, _ in value.value:
                    lines[f"{key.value}.{sub_key.value}"] = sub_key.start_mark.line + 1
    return lines


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return None
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class _Settings:
    """Typed values of project.yaml, with problems located by line."""

    def __init__(self, text: str, problems: list[Problem]) -> None:
        self.problems = problems
        self.lines = _key_lines(text)
        self.raw: dict[str, Any] = {}
        try:
            loaded = yaml.load(text, Loader=_TextDateLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            row = mark.line + 1 if mark is not None else None
            reason = str(getattr(exc, "problem", None) or exc)
            problems.append(Problem(PROJECT_FILE, row, None, "yaml.malformed", {"reason": reason}))
            return
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            problems.append(
                Problem(PROJECT_FILE, 1, None, "yaml.not_mapping", {"found": type(loaded).__name__})
            )
            return
        self.raw = {str(k): v for k, v in loaded.items()}

    def problem(self, key: str, code: str, **values: Any) -> None:
        self.problems.append(Problem(PROJECT_FILE, self.lines.get(key), key, code, values))

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, "key.missing")
            return None
        if isinstance(value, dict | list):
            self.problem(key, "key.not_text", found=type(value).__name__)
            return None
        return str(value).strip()

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.raw.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, "key.missing")
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.problem(key, "date.invalid", found=value)
        return parsed

    def number(self, key: str) -> float | None:
        value = self.raw.get(key)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not np.isfinite(number) or number < 0 or isinstance(value, bool):
            self.problem(key, "key.not_number", found=value)
            return None
        return number

    def risk_scale(self) -> RiskScale:
        spec = self.raw.get("risk") or {}
        if not isinstance(spec, dict):
            self.problem("risk", "calendar.not_mapping", found=type(spec).__name__)
            return RiskScale()
        default = RiskScale()
        levels = spec.get("scale", default.levels)
        if isinstance(levels, bool) or not isinstance(levels, int) or not 2 <= levels <= 10:
            self.problem("risk.scale", "settings.scale.invalid", found=levels)
            return default
        chances = spec.get("probability")
        if chances is None:
            chances = [round((2 * k - 1) / (2 * levels), 4) for k in range(1, levels + 1)]
        ok = (
            isinstance(chances, list)
            and len(chances) == levels
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in chances)
            and all(0 < c <= 1 for c in chances)
            and all(a < b for a, b in itertools.pairwise(chances))
        )
        if not ok:
            self.problem(
                "risk.probability", "settings.probability.invalid", levels=levels, found=chances
            )
            chances = [round((2 * k - 1) / (2 * levels), 4) for k in range(1, levels + 1)]
        bands_spec = spec.get("bands") or {}
        top = levels * levels
        fallback = (max(2, round(top * 0.2)), max(3, round(top * 0.4)), max(4, round(top * 0.6)))
        if levels == 5:
            fallback = default.bands
        try:
            bands = tuple(
                int(bands_spec.get(k, d))
                for k, d in zip(("medium", "high", "critical"), fallback, strict=True)
            )
            if not (0 < bands[0] < bands[1] < bands[2] <= top):
                raise ValueError
        except (AttributeError, TypeError, ValueError):
            self.problem("risk.bands", "settings.bands.invalid", found=bands_spec)
            bands = fallback
        return RiskScale(
            levels=levels,
            probability=tuple(float(c) for c in chances),
            bands=(bands[0], bands[1], bands[2]),
        )

    def simulation(self) -> SimulationSettings:
        spec = self.raw.get("simulation") or {}
        if not isinstance(spec, dict):
            self.problem("simulation", "calendar.not_mapping", found=type(spec).__name__)
            return SimulationSettings()
        distribution = str(spec.get("distribution", "pert")).lower()
        if distribution not in DISTRIBUTIONS:
            self.problem(
                "simulation.distribution",
                "settings.distribution.invalid",
                found=spec.get("distribution"),
            )
            distribution = "pert"
        correlation = spec.get("correlation", 0)
        by = None
        if isinstance(correlation, dict):
            by = correlation.get("by")
            correlation = correlation.get("coefficient", 0)
        if (
            isinstance(correlation, bool)
            or not isinstance(correlation, int | float)
            or not 0 <= correlation <= 1
            or (by is not None and not isinstance(by, str))
        ):
            self.problem(
                "simulation.correlation",
                "settings.correlation.invalid",
                found=spec.get("correlation"),
            )
            correlation, by = 0, None
        return SimulationSettings(distribution, float(correlation), by)

    def status_rules(self) -> StatusRules:
        spec = self.raw.get("status") or {}
        if not isinstance(spec, dict):
            self.problem("status", "calendar.not_mapping", found=type(spec).__name__)
            return StatusRules()
        default = StatusRules()
        values: dict[str, Any] = {}
        for name in default.__dataclass_fields__:
            if name not in spec:
                continue
            value = spec[name]
            whole = isinstance(getattr(default, name), int)
            fraction = name in ("index_amber", "index_red", "scope_red_share")
            ok = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and (not whole or float(value).is_integer())
                and (0 < value <= 1 if fraction else 0 <= value <= 3650)
            )
            if not ok:
                expected = "settings.status.fraction" if fraction else "settings.status.days"
                self.problem(f"status.{name}", expected, found=value)
                continue
            values[name] = int(value) if whole else float(value)
        for unknown in sorted(set(spec) - set(default.__dataclass_fields__)):
            self.problem(f"status.{unknown}", "settings.status.unknown", found=unknown)
        rules = StatusRules(**values)
        if rules.index_red > rules.index_amber:
            self.problem("status.index_red", "settings.status.order", found=rules.index_red)
            rules = StatusRules(**{**values, "index_red": rules.index_amber})
        if rules.schedule_red_days < rules.schedule_amber_days:
            self.problem(
                "status.schedule_red_days", "settings.status.order", found=rules.schedule_red_days
            )
            rules = StatusRules(**{**values, "schedule_red_days": rules.schedule_amber_days})
        return rules

    def calendar(self, start: dt.date | None) -> WorkCalendar | None:
        spec = self.raw.get("calendar") or {}
        if not isinstance(spec, dict):
            self.problem("calendar", "calendar.not_mapping", found=type(spec).__name__)
            spec = {}
        workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
        if spec.get("workdays") not in (None, ""):
            try:
                workdays = parse_workdays(spec["workdays"])
            except ValueError as exc:
                self.problem("calendar.workdays", "calendar.workdays.invalid", found=str(exc))
            else:
                if not workdays:
                    self.problem("calendar.workdays", "calendar.workdays.empty")
        countries: list[str] = []
        days_off: list[dt.date] = []
        holidays = spec.get("holidays")
        for item in [holidays] if isinstance(holidays, str | dt.date) else list(holidays or []):
            parsed = _parse_date(item)
            if parsed is not None:
                days_off.append(parsed)
            elif isinstance(item, str) and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,5})?", item):
                if check_country(item):
                    countries.append(item.upper())
                else:
                    self.problem(
                        "calendar.holidays", "calendar.holidays.unknown_country", found=item
                    )
            else:
                self.problem("calendar.holidays", "calendar.holidays.invalid", found=item)
        extra: list[dt.date] = []
        extra_spec = spec.get("extra_workdays")
        for item in [extra_spec] if isinstance(extra_spec, str) else list(extra_spec or []):
            parsed = _parse_date(item)
            if parsed is None:
                self.problem("calendar.extra_workdays", "date.invalid", found=item)
            else:
                extra.append(parsed)
        if start is None or not workdays:
            return None
        return WorkCalendar(
            start, workdays=workdays, holidays=days_off, extra_workdays=extra, countries=countries
        )


# ---------------------------------------------------------------------------------------------
# tasks.csv


def _summary_flags(
    check: TableChecker, ids: pd.Series, valid_ids: set[str]
) -> tuple[pd.Series, pd.Series]:
    """The parent id of each task (None for top level) and whether each task is a summary."""
    if not check.has("parent") and not check.has("wbs"):  # a flat task list
        flat = pd.Series([None] * len(ids), index=ids.index, dtype=object)
        return flat, pd.Series(np.zeros(len(ids), dtype=bool), index=ids.index)
    parent = check.cells("parent")
    if not check.has("parent") and check.has("wbs"):
        wbs = check.cells("wbs")
        dup = (wbs != "") & wbs.duplicated()
        if dup.any():
            first = pd.Series(check.rows, index=wbs.index).groupby(wbs).transform("min")
            check.report(dup, "wbs", "wbs.duplicate", per_row={"first_row": first})
        by_code = dict(zip(wbs[~wbs.duplicated()], ids[~wbs.duplicated()], strict=True))
        derived = []
        for code in wbs.tolist():
            found = None
            parts = code.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                found = by_code.get(".".join(parts[:cut]))
                if found is not None:
                    break
            derived.append(found or "")
        parent = pd.Series(derived, index=ids.index, dtype=object)
    has_parent = parent != ""
    unknown = has_parent & ~parent.isin(valid_ids)
    check.report(unknown, "parent", "parent.unknown")
    self_parent = has_parent & (parent == ids)
    check.report(self_parent, "parent", "parent.self")
    parent = parent.where(has_parent & ~unknown & ~self_parent, None)
    if not parent.notna().any():
        return parent, pd.Series(np.zeros(len(ids), dtype=bool), index=ids.index)
    # loops in the parent chain
    mapping = dict(zip(ids, parent, strict=True))
    reported: set[str] = set()
    for start, row in zip(ids.tolist(), check.rows.tolist(), strict=True):
        seen: list[str] = []
        node: str | None = start
        while node is not None and node not in seen:
            seen.append(node)
            node = mapping.get(node)
        if node is not None and node == start and start not in reported:
            loop = [*seen, start]
            reported.update(seen)
            check.problems.append(
                Problem(TASKS_FILE, row, "parent", "parent.cycle", {"cycle": " -> ".join(loop)})
            )
    if reported:
        parent = parent.where(~ids.isin(reported), None)
    is_summary = ids.isin(set(parent.dropna()))
    return parent, is_summary


def _parse_links(check: TableChecker, ids: pd.Series, valid: set[str]) -> pd.DataFrame:
    """One row per predecessor entry: predecessor, successor, type, lag_days, row.

    Also ``pred_pos``/``succ_pos``, the tasks' positions in the file, so the
    network needs no second id lookup. All cells are joined and split once (C
    speed); entries with a space (a link type or lag follows the id) are split
    by comprehensions, and each distinct suffix (``SS+2``) is parsed once.
    """
    cells = check.cells("predecessors").tolist()
    joined = ";".join(c for c in cells if c)
    if "," in joined:
        cells = [c.replace(",", ";") for c in cells]
        joined = joined.replace(",", ";")
    counts = np.array([c.count(";") + 1 if c else 0 for c in cells], dtype=np.int64)
    if "\t" in joined:
        joined = joined.replace("\t", " ")
    succ_pos = np.repeat(np.arange(len(cells), dtype=np.int64), counts)
    rows = check.rows[succ_pos]
    # vectorised string ufuncs: "  T5   SS+2 " -> head "T5", tail "SS+2"
    text = np.array(joined.split(";") if joined else [], dtype=StringDType())
    if "; " in joined or " ;" in joined or joined[:1] == " " or joined[-1:] == " ":
        text = np.strings.strip(text)
    head, _, tail = np.strings.partition(text, np.array(" ", dtype=StringDType()))
    pred = head.astype(object)
    if "  " in joined:  # "T5  SS+2": more than one space before the suffix
        tail = np.strings.strip(tail)
    codes, uniques = pd.factorize(tail)
    table = [_parse_suffix(t) if t else ("FS", 0) for t in uniques.tolist()]
    kinds = np.array([p[0] if p else "" for p in table], dtype=object)[codes]
    lags = np.array([p[1] if p else 0 for p in table], dtype=np.int64)[codes]
    empty = pred == ""
    bad = (kinds == "") & ~empty
    keep = ~empty & ~bad
    for k in np.flatnonzero(bad).tolist():
        check.problems.append(
            Problem(
                TASKS_FILE,
                int(rows[k]),
                "predecessors",
                "link.malformed",
                {"found": str(text[k])},
            )
        )
    id_index = pd.Index(ids.to_numpy(dtype=object))
    if id_index.is_unique:
        pred_pos = id_index.get_indexer(pred)
    else:  # duplicate ids are reported elsewhere; resolve to the first occurrence
        first = {task: i for i, task in reversed(list(enumerate(ids.tolist())))}
        pred_pos = np.array([first.get(p, -1) for p in pred.tolist()], dtype=np.int64)
    links = pd.DataFrame(
        {
            "predecessor": pred,
            "successor": ids.to_numpy(dtype=object)[succ_pos],
            "type": kinds,
            "lag_days": lags,
            "row": rows,
            "pred_pos": pred_pos,
            "succ_pos": succ_pos,
        }
    )[keep].reset_index(drop=True)
    pred_ids = links["predecessor"].to_numpy(dtype=object)
    unknown = (
        (links["pred_pos"].to_numpy() < 0)
        | ~np.isin(pred_ids, np.array(sorted(valid), dtype=object))
        if len(valid) < len(ids)
        else links["pred_pos"].to_numpy() < 0
    )
    self_link = links["pred_pos"].to_numpy() == links["succ_pos"].to_numpy()
    pair = links["pred_pos"].to_numpy() * (len(ids) + 1) + links["succ_pos"].to_numpy()
    dup = pd.Series(pair).duplicated(keep="first").to_numpy()
    checks = (
        (unknown, "link.unknown_task"),
        (self_link & ~unknown, "link.self"),
        (dup & ~unknown & ~self_link, "link.duplicate"),
    )
    for mask, code in checks:
        for row, found in zip(links["row"][mask], links["predecessor"][mask], strict=True):
            check.problems.append(
                Problem(TASKS_FILE, int(row), "predecessors", code, {"found": found})
            )
    valid_links: pd.DataFrame = links[~unknown & ~self_link & ~dup].reset_index(drop=True)
    return valid_links


def _check_links_to_own_summary(
    check: TableChecker, links: pd.DataFrame, parent: pd.Series
) -> pd.DataFrame:
    """Report links between a task and a summary task above it (a loop once expanded)."""
    if not parent.notna().any() or links.empty:
        return links
    mapping = parent.dropna().to_dict()
    bad = np.zeros(len(links), dtype=bool)
    for i, (p, s) in enumerate(
        zip(links["predecessor"].tolist(), links["successor"].tolist(), strict=True)
    ):
        for a, b in ((p, s), (s, p)):
            node = mapping.get(a)
            while node is not None:
                if node == b:
                    bad[i] = True
                    check.problems.append(
                        Problem(
                            TASKS_FILE,
                            int(links["row"].iloc[i]),
                            "predecessors",
                            "link.summary_descendant",
                            {"found": a, "summary": b},
                        )
                    )
                    break
                node = mapping.get(node)
    return links[~bad].reset_index(drop=True)


def _check_cycles(
    tasks: pd.DataFrame, links: pd.DataFrame, problems: list[Problem], *, by_position: bool
) -> tuple[Network, list[list[str]]]:
    """The leaf network; a problem for each loop in it, ids in link order."""
    net = build_network(tasks, links, by_position=by_position)
    if net.acyclic:
        return net, []
    named: list[list[str]] = []
    rows_by_id = tasks["_row"]
    for cycle in find_cycles(net.ids.size, net.src, net.dst):
        ids = [str(net.ids[i]) for i in cycle]
        first = min(range(len(ids)), key=lambda k: rows_by_id[ids[k]])
        ids = ids[first:] + ids[:first]
        named.append(ids)
        problems.append(
            Problem(
                TASKS_FILE,
                int(rows_by_id[ids[0]]),
                "predecessors",
                "link.cycle",
                {"cycle": " -> ".join([*ids, ids[0]])},
            )
        )
    return net, named


def _load_tasks(
    path: Path, start: dt.date | None, status_date: dt.date | None, problems: list[Problem]
) -> tuple[pd.DataFrame, pd.DataFrame, TableFile]:
    frame, layout = read_csv_table(path, TASKS_FILE, problems)
    check = TableChecker(TASKS_FILE, frame, problems)
    if layout.columns:
        check.require_columns(REQUIRED_TASK_COLUMNS, layout.columns)
    ids = check.ids("id")
    valid_ids = set(ids.tolist()) - {""}  # a duplicated id is still a valid reference
    names = check.cells("name")
    if check.has("name"):
        check.report(names == "", "name", "name.empty")
    parent, is_summary = _summary_flags(check, ids, valid_ids)
    out = pd.DataFrame(index=frame.index)
    out["id"] = ids
    out["name"] = names
    out["parent"] = parent
    out["summary"] = is_summary.to_numpy()
    # duration: required for leaf tasks, ignored for summaries
    duration_text = check.cells("duration")
    if check.has("duration"):
        check.report((duration_text == "") & ~is_summary, "duration", "duration.empty")
    duration = check.number("duration", whole=True)
    out["duration"] = duration.where(~is_summary)
    for column, kind in TASK_COLUMNS.items():
        if column in out.columns or column in ("predecessors",) or not check.has(column):
            continue
        if kind == "days" or kind == "money":
            out[column] = check.number(column)
        elif kind == "percent":
            out[column] = check.percent(column)
        elif kind == "date":
            out[column] = check.date(column)
        elif kind == "text":
            out[column] = check.cells(column)
        elif kind == "ev_rule":
            rule = check.choice(
                column, EV_RULES, "percent", aliases={"0-100": "0/100", "50-50": "50/50"}
            )
            out[column] = rule.where(check.cells(column) != "", "")  # empty stays empty
    _check_estimates(check, out)
    _check_dates(check, out, start, status_date)
    links = _parse_links(check, ids, valid_ids)
    links = _check_links_to_own_summary(check, links, pd.Series(parent.to_numpy(), index=ids))
    # extra columns a PM added: kept as text, written back untouched
    for column in frame.columns:
        if column not in out.columns and column not in TASK_COLUMNS and column != "_row":
            out[column] = frame[column]
    if check.has("predecessors"):
        out["predecessors"] = check.cells("predecessors")
    out["_row"] = frame["_row"]
    return out, links, layout


def _check_estimates(check: TableChecker, out: pd.DataFrame) -> None:
    names = ["optimistic", "most_likely", "pessimistic"]
    present = [c for c in names if c in out.columns]
    if not present:
        return
    given = pd.DataFrame({c: check.cells(c) != "" for c in names})
    count = given.sum(axis=1)
    partial = (count > 0) & (count < 3)
    labels = (
        given.apply(lambda r: ", ".join(c for c in names if r[c]), axis=1)
        if partial.any()
        else None
    )
    check.report(
        partial,
        present[0],
        "estimate.incomplete",
        per_row={"given": labels} if labels is not None else None,
    )
    if len(present) == 3:
        o, m, p = (out[c] for c in names)
        bad = (o > m) | (m > p)
        check.report(
            bad.fillna(False),
            "most_likely",
            "estimate.order",
            per_row={
                "optimistic": check.cells("optimistic"),
                "most_likely": check.cells("most_likely"),
                "pessimistic": check.cells("pessimistic"),
            },
            found="",
        )


def _check_dates(
    check: TableChecker, out: pd.DataFrame, start: dt.date | None, status_date: dt.date | None
) -> None:
    if "actual_start" in out.columns and "actual_finish" in out.columns:
        bad = (out["actual_finish"] < out["actual_start"]).fillna(False)
        check.report(
            bad,
            "actual_finish",
            "actual.finish_before_start",
            per_row={"start": check.cells("actual_start"), "finish": check.cells("actual_finish")},
        )
    if "start_no_earlier_than" in out.columns and "finish_no_later_than" in out.columns:
        bad = (out["finish_no_later_than"] < out["start_no_earlier_than"]).fillna(False)
        check.report(
            bad,
            "finish_no_later_than",
            "constraint.finish_before_start",
            per_row={
                "start": check.cells("start_no_earlier_than"),
                "finish": check.cells("finish_no_later_than"),
            },
        )
    for column in ("actual_start", "actual_finish"):
        if column not in out.columns:
            continue
        if start is not None:
            early = (out[column] < pd.Timestamp(start)).fillna(False)
            check.report(early, column, "actual.before_project_start", start=start.isoformat())
        if status_date is not None:
            late = (out[column] > pd.Timestamp(status_date)).fillna(False)
            check.report(
                late, column, "actual.after_status_date", status_date=status_date.isoformat()
            )


# ---------------------------------------------------------------------------------------------
# public functions


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """project.yaml first, then each file top to bottom; same-row problems keep check order."""
    files = {
        PROJECT_FILE: 0,
        TASKS_FILE: 1,
        RISKS_FILE: 2,
        REQUIREMENTS_FILE: 3,
        SIGNOFF_FILE: 4,
        **{name: 5 + i for i, name in enumerate(PRACTICE_SCHEMAS)},
    }
    return sorted(problems, key=lambda p: (files.get(p.file, 2), p.file, p.row or 0))


def load_project(project_dir: str | Path, *, status_date: dt.date | str | None = None) -> Project:
    """Read and validate the project folder ``project_dir``.

    ``status_date`` (a date or ``YYYY-MM-DD``) overrides the one in project.yaml.
    Returns a Project whose ``tasks`` frame is indexed by id in file order.
    Raises ProjectNotFound when there is no folder or project.yaml, CycleError
    when the links loop, and ProjectInvalid with every problem otherwise.
    """
    root = Path(project_dir)
    if not root.is_dir():
        raise ProjectNotFound(str(root))
    problems: list[Problem] = []
    yaml_path = root / PROJECT_FILE
    if not yaml_path.is_file():
        raise ProjectNotFound(str(root))
    try:
        text = yaml_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProjectInvalid(
            [Problem(PROJECT_FILE, None, None, "file.encoding", {"position": exc.start})], str(root)
        ) from None
    settings = _Settings(text, problems)
    name = settings.text("name", required=True)
    start = settings.date("start", required=True)
    if status_date is not None and not isinstance(status_date, dt.date):
        parsed = _parse_date(status_date)
        if parsed is None:
            problems.append(
                Problem("--status-date", None, None, "date.invalid", {"found": status_date})
            )
        status_date = parsed
    status = status_date if status_date is not None else settings.date("status_date")
    if status_date is None and start is not None and status is not None and status < start:
        settings.problem(
            "status_date",
            "status_date.before_start",
            found=status.isoformat(),
            start=start.isoformat(),
        )
    deadline = settings.date("deadline")
    language = settings.text("language") or "en"
    if language not in LANGUAGES:
        settings.problem("language", "language.invalid", found=language)
        language = "en"
    budget = settings.number("budget")
    reserve = settings.number("management_reserve")
    currency = settings.text("currency")
    for key in ("customer", "manager"):
        settings.text(key)
    calendar = settings.calendar(start)
    risk_scale = settings.risk_scale()
    simulation = settings.simulation()
    status_rules = settings.status_rules()
    tasks_path = root / TASKS_FILE
    if not tasks_path.is_file():
        problems.append(Problem(TASKS_FILE, None, None, "file.missing"))
        raise ProjectInvalid(problems, str(root))
    tasks, links, layout = _load_tasks(tasks_path, start, status, problems)
    clean = not problems  # ids are unique and present unless a problem says otherwise
    usable = (tasks if clean else tasks[(tasks["id"] != "") & ~tasks["id"].duplicated()]).set_index(
        "id", drop=True
    )
    network, cycles = _check_cycles(usable, links, problems, by_position=len(usable) == len(tasks))
    risks = None
    layouts = {TASKS_FILE: layout}
    if (root / RISKS_FILE).is_file():
        frame, layouts[RISKS_FILE] = read_csv_table(root / RISKS_FILE, RISKS_FILE, problems)
        summary_ids = set(usable.index[usable["summary"].to_numpy()])
        risks = parse_risks(
            frame,
            layouts[RISKS_FILE],
            problems,
            scale=risk_scale,
            task_ids=set(usable.index),
            summary_ids=summary_ids,
            status_date=status,
        )
    requirements = signoff = None
    if (root / REQUIREMENTS_FILE).is_file():
        frame, layouts[REQUIREMENTS_FILE] = read_csv_table(
            root / REQUIREMENTS_FILE, REQUIREMENTS_FILE, problems
        )
        requirements = parse_requirements(
            frame, layouts[REQUIREMENTS_FILE], problems, task_ids=set(usable.index)
        ).set_index("id", drop=True)
    if (root / SIGNOFF_FILE).is_file():
        frame, layouts[SIGNOFF_FILE] = read_csv_table(root / SIGNOFF_FILE, SIGNOFF_FILE, problems)
        signoff = parse_signoff(frame, layouts[SIGNOFF_FILE], problems)
    agile: dict[str, pd.DataFrame] = {}
    sprint_ids: set[str] | None = None
    for file, schema in PRACTICE_SCHEMAS.items():  # sprints.csv first: the others name sprints
        if (root / file).is_file():
            frame, layouts[file] = read_csv_table(root / file, file, problems)
            table = parse_table(
                schema, frame, layouts[file], problems, sprints=sprint_ids, tasks=set(usable.index)
            )
            if schema.index:
                table = table[(table[schema.index] != "") & ~table[schema.index].duplicated()]
                table = table.set_index(schema.index, drop=True)
            agile[file] = table
            if file == "sprints.csv":
                sprint_ids = set(table.index)
    if problems:
        problems = _in_reading_order(problems)
        if cycles:
            raise CycleError(problems, str(root), cycles)
        raise ProjectInvalid(problems, str(root))
    tasks = usable
    assert name is not None and start is not None and calendar is not None
    return Project(
        path=root,
        name=name,
        start=start,
        calendar=calendar,
        tasks=tasks,
        links=links,
        status_date=status,
        language=language,
        currency=currency,
        budget=budget,
        deadline=deadline,
        settings=settings.raw,
        files=layouts,
        risks=None if risks is None else risks.set_index("id", drop=True),
        requirements=requirements,
        signoff=signoff,
        sprints=agile.get("sprints.csv"),
        burndown=agile.get("burndown.csv"),
        retro=agile.get("retro.csv"),
        actions=agile.get("actions.csv"),
        costs=agile.get("costs.csv"),
        decisions=agile.get("decisions.csv"),
        management_reserve=reserve,
        risk_scale=risk_scale,
        simulation=simulation,
        status_rules=status_rules,
        network=network,
    )


def risk_snapshots(project: Project) -> list[tuple[dt.date, pd.DataFrame]]:
    """Earlier copies of the register in ``history/risks-YYYY-MM-DD.csv``, oldest first.

    Each is parsed like risks.csv (ids as the index); problems in an old copy
    (a task since removed, say) do not stop it being compared.
    """
    folder = project.path / "history"
    found: list[tuple[dt.date, pd.DataFrame]] = []
    for path in sorted(folder.glob("risks-*.csv")) if folder.is_dir() else []:
        day = _parse_date(path.stem.removeprefix("risks-"))
        if day is None:
            continue
        scratch: list[Problem] = []
        frame, layout = read_csv_table(path, path.name, scratch)
        summary = set(project.tasks.index[project.tasks["summary"].to_numpy()])
        register = parse_risks(
            frame,
            layout,
            scratch,
            scale=project.risk_scale,
            task_ids=set(project.tasks.index),
            summary_ids=summary,
        )
        register = register[(register["id"] != "") & ~register["id"].duplicated()]
        found.append((day, register.set_index("id", drop=True)))
    return found


def tasks_table(project: Project) -> pd.DataFrame:
    """The text cells of tasks.csv for ``project.tasks``: the file's columns in its order first.

    Dates are written ISO, whole numbers without ``.0``; columns pmtools derived
    (``summary``, a ``parent`` taken from WBS codes) are left out.
    """
    layout = project.files.get(TASKS_FILE)
    in_file = list(layout.columns) if layout else []
    derived = {"summary", "_row"} | ({"parent"} if layout and "parent" not in in_file else set())
    return _text_cells(project.tasks.reset_index(), layout, derived=derived)


def _text_cells(
    frame: pd.DataFrame, layout: TableFile | None, *, derived: set[str]
) -> pd.DataFrame:
    in_file = list(layout.columns) if layout else []
    order = [c for c in in_file if c in frame.columns]
    order += [c for c in frame.columns if c not in order and c not in derived]
    out = pd.DataFrame(index=frame.index)
    for column in order:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.map(_number_text)
        elif values.map(lambda v: isinstance(v, list)).any():
            out[column] = values.map(lambda v: ";".join(v) if isinstance(v, list) else "")
        else:
            out[column] = values.fillna("").astype(str)
    return out


def _number_text(value: float) -> str:
    if pd.isna(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_EDITABLE = (TASKS_FILE, RISKS_FILE, REQUIREMENTS_FILE, SIGNOFF_FILE, *PRACTICE_SCHEMAS)


def preview_table(project_dir: str | Path, name: str, table: pd.DataFrame) -> Project:
    """The project as it would load with ``table`` as the cells of file ``name``.

    Validates in a scratch copy of the folder and writes nothing to it; raises
    ProjectInvalid (or CycleError) naming every problem, as loading does.
    """
    if name not in _EDITABLE:
        raise ValueError(f"{name} cannot be edited; expected one of {', '.join(_EDITABLE)}")
    root = Path(project_dir)
    cells = table.fillna("").astype(str)
    with tempfile.TemporaryDirectory(prefix="pmtools-check-") as scratch:
        for other in (PROJECT_FILE, *_EDITABLE):
            if other != name and (root / other).exists():
                shutil.copy2(root / other, Path(scratch) / other)
        write_csv_table(Path(scratch) / name, cells, _layout(root / name))
        try:
            project = load_project(scratch)
        except ProjectInvalid as exc:
            if isinstance(exc, CycleError):
                raise CycleError(exc.problems, str(root), exc.cycles) from None
            raise ProjectInvalid(exc.problems, str(root)) from None
    return replace(project, path=root)


def _layout(path: Path) -> TableFile | None:
    if not path.exists():
        return None
    _, layout = read_csv_table(path, path.name, [])
    return layout


def save_table(project_dir: str | Path, name: str, table: pd.DataFrame) -> Project:
    """Validate ``table`` (the cells of tasks.csv or risks.csv) and write it atomically.

    Extra columns are kept; the file's column order, delimiter and BOM are kept.
    The new table is validated with the rest of the folder first (see
    ``preview_table``): on any problem ProjectInvalid is raised and the file on
    disk is left untouched. Returns the project as loaded from the new file.
    """
    root = Path(project_dir)
    preview_table(root, name, table)
    write_csv_table(root / name, table.fillna("").astype(str), _layout(root / name))
    return load_project(root)


def requirements_table(project: Project) -> pd.DataFrame:
    """The text cells of requirements.csv for ``project.requirements``."""
    if project.requirements is None:
        from pmtools._requirements_table import REQUIREMENT_COLUMNS

        return pd.DataFrame(columns=list(REQUIREMENT_COLUMNS))
    return _text_cells(
        project.requirements.reset_index(), project.files.get(REQUIREMENTS_FILE), derived={"_row"}
    )


def save_tasks(project_dir: str | Path, table: pd.DataFrame) -> Project:
    """``save_table`` for tasks.csv."""
    return save_table(project_dir, TASKS_FILE, table)


def risks_table(project: Project) -> pd.DataFrame:
    """The text cells of risks.csv for ``project.risks``, the file's columns in its order first."""
    if project.risks is None:
        from pmtools.model import RISK_COLUMNS

        return pd.DataFrame(columns=list(RISK_COLUMNS))
    return _text_cells(
        project.risks.reset_index(), project.files.get(RISKS_FILE), derived={"chance", "_row"}
    )


def template_dir() -> Path:
    """The blank project folder shipped with pmtools."""
    packaged = Path(__file__).parent / "_templates" / "project"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates" / "project"


def new_project(
    project_dir: str | Path, *, name: str | None = None, start: dt.date | None = None
) -> Path:
    """Create ``project_dir`` from the blank template; refuse to overwrite a non-empty folder."""
    target = Path(project_dir)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(str(target))
    source = template_dir()
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.is_file():
            shutil.copy2(item, target / item.name)
    yaml_path = target / PROJECT_FILE
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("name: New project", f"name: {name or target.name}")
    start = start or dt.date.today()
    text = re.sub(r"^start: .*$", f"start: {start.isoformat()}", text, count=1, flags=re.M)
    atomic_write_text(yaml_path, text)
    return target
