"""project.yaml: its keys and sections, declared with their documentation, and their parser.

``Settings`` reads the YAML (dates stay text, so a bad date is a message, not a
crash) and types each known key and section, locating every problem by line
and key. ``KEYS`` declares every key a PM may write, for the documentation and
for spotting typos.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import itertools
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import yaml

from pmtools.calendar import WorkCalendar, check_country, parse_workdays
from pmtools.errors import Problem
from pmtools.model import DISTRIBUTIONS, IdeaScoring, RiskScale, SimulationSettings, StatusRules
from pmtools.tables._limits import DATE_RANGE, FIRST_DATE, LAST_DATE
from pmtools.tables._spec import Doc

__all__ = [
    "DATE_RANGE",
    "FIRST_DATE",
    "KEYS",
    "LAST_DATE",
    "PROJECT_FILE",
    "Key",
    "Settings",
    "parse_date",
]

PROJECT_FILE = "project.yaml"
#: The idea scoring criteria of ``innovation.weights`` (as in ideas.csv).
IDEA_CRITERIA = ("value", "feasibility", "cost", "risk")


class TextDateLoader(yaml.SafeLoader):
    """Safe YAML loader that leaves dates as text, so a bad date is a message, not a crash."""


TextDateLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_lines(text: str) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """Line number (1-based) of each key at any depth (``deadline``, ``calendar.holidays``,
    and list items numbered from 1: ``board.columns.2``, ``board.columns.2.wip``), and every
    top-level or section key written twice: (key, its line, the line of its first use)."""
    try:
        node = yaml.compose(text, Loader=TextDateLoader)
    except (yaml.YAMLError, RecursionError):
        return {}, []
    lines: dict[str, int] = {}
    twice: list[tuple[str, int, int]] = []

    def visit(node: yaml.Node, prefix: str, depth: int) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = f"{prefix}{key.value}"
                line = key.start_mark.line + 1
                if name not in lines:
                    lines[name] = line
                elif depth <= 1:
                    twice.append((name, line, lines[name]))
                visit(value, f"{name}.", depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value, start=1):
                name = f"{prefix}{number}"
                lines.setdefault(name, item.start_mark.line + 1)
                visit(item, f"{name}.", depth + 1)

    if isinstance(node, yaml.MappingNode):
        with contextlib.suppress(RecursionError):  # a hostile nesting: the lines found so far
            visit(node, "", 0)
    return lines, twice


def _items(value: Any) -> list[Any]:
    """A YAML value that may be one item or a list of them, as a list."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return None
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class Settings:
    """Typed values of project.yaml, with problems located by line."""

    def __init__(self, text: str, problems: list[Problem]) -> None:
        self.problems = problems
        self.lines, twice = _key_lines(text)
        self.raw: dict[str, Any] = {}
        self.broken = True  # the text is not a readable mapping: no follow-on problems
        try:
            loaded = yaml.load(text, Loader=TextDateLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            row = mark.line + 1 if mark is not None else None
            reason = str(getattr(exc, "problem", None) or exc)
            problems.append(Problem(PROJECT_FILE, row, None, "yaml.malformed", {"reason": reason}))
            return
        except RecursionError:
            problems.append(
                Problem(PROJECT_FILE, None, None, "yaml.malformed", {"reason": "nested too deeply"})
            )
            return
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            problems.append(
                Problem(PROJECT_FILE, 1, None, "yaml.not_mapping", {"found": type(loaded).__name__})
            )
            return
        self.broken = False
        self.raw = {str(k): v for k, v in loaded.items()}
        for key, line, first in twice:
            problems.append(Problem(PROJECT_FILE, line, key, "key.duplicate", {"first": first}))

    def unknown_keys(self, known: tuple[Key, ...]) -> None:
        """Report keys that are not known but close to a known one (``dedline:``), at the top
        level and inside known sections; other keys are a PM's own and are kept."""
        names = {k.name for k in known}
        top = {name.split(".")[0] for name in names}
        for key in self.raw:
            if key not in top:
                self._suggest(key, sorted(top - set(self.raw)))
        for section in sorted(top & set(self.raw)):
            inner = {n.split(".", 1)[1] for n in names if n.startswith(section + ".")}
            value = self.raw[section]
            if inner and isinstance(value, dict):
                for key in map(str, value):
                    if key not in inner:
                        self._suggest(f"{section}.{key}", [f"{section}.{k}" for k in inner])

    def _suggest(self, key: str, candidates: list[str]) -> None:
        import difflib  # only for unknown keys

        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.8)
        if close:
            self.problem(key, "key.typo", found=key, suggestion=close[0])

    def problem(self, key: str, code: str, **values: Any) -> None:
        self.problems.append(Problem(PROJECT_FILE, self.lines.get(key), key, code, values))

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None or value == "":
            if required and not self.broken:
                self.problem(key, "key.missing")
            return None
        if isinstance(value, dict | list):
            self.problem(key, "key.not_text", found=type(value).__name__)
            return None
        return str(value).strip()

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.raw.get(key)
        if value is None or value == "":
            if required and not self.broken:
                self.problem(key, "key.missing")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.problem(key, "date.invalid", found=value)
        elif not FIRST_DATE <= parsed <= LAST_DATE:
            self.problem(key, "date.out_of_range", found=value, **DATE_RANGE)
            return None
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

    def innovation(self) -> IdeaScoring:
        """The idea scoring model; each bad part is reported and falls back to its default."""
        spec = self.raw.get("innovation")
        default = IdeaScoring()
        if spec is None:
            return default
        if not isinstance(spec, dict):
            self.problem("innovation", "innovation.not_mapping", found=type(spec).__name__)
            return default
        known = ("weights", "shortlist", "decision_days")
        for key in map(str, spec):
            if key not in known and not difflib.get_close_matches(key, known, n=1, cutoff=0.8):
                self.problem(f"innovation.{key}", "innovation.unknown_key", found=key)
        weights = self._weights(spec.get("weights"), default)
        counts = {
            name: self._whole(f"innovation.{name}", spec.get(name), getattr(default, name))
            for name in ("shortlist", "decision_days")
        }
        return IdeaScoring(weights, counts["shortlist"], counts["decision_days"])

    def _weights(self, spec: Any, default: IdeaScoring) -> tuple[tuple[str, float], ...]:
        if spec is None:
            return default.weights
        if not isinstance(spec, dict):
            self.problem("innovation.weights", "innovation.weights.not_mapping", found=spec)
            return default.weights
        weights: dict[str, float] = {}
        ok = True
        for name, value in spec.items():
            key = f"innovation.weights.{name}"
            if name not in IDEA_CRITERIA:
                self.problem(key, "innovation.weights.unknown", found=name)
                ok = False
            elif (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not np.isfinite(value)
                or value < 0
            ):
                self.problem(key, "innovation.weight.invalid", found=value)
                ok = False
            else:
                weights[str(name)] = float(value)
        if ok and sum(weights.values()) <= 0:
            self.problem("innovation.weights", "innovation.weights.zero", found=spec)
            ok = False
        if not ok:
            return default.weights
        return tuple((name, weights.get(name, 0.0)) for name in IDEA_CRITERIA)

    def _whole(self, key: str, value: Any, default: int) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3650:
            self.problem(key, "innovation.whole.invalid", found=value)
            return default
        return value

    def components(self) -> dict[str, float]:
        """``quality.components``: component name -> size in KLOC (> 0); bad entries are
        problems and left out."""
        spec = self.raw.get("quality")
        if spec is None or spec == "":
            return {}
        if not isinstance(spec, dict):
            self.problem("quality", "settings.quality.not_mapping", found=type(spec).__name__)
            return {}
        sizes = spec.get("components")
        if sizes is None or sizes == "":
            return {}
        if not isinstance(sizes, dict):
            self.problem("quality.components", "settings.components.not_mapping", found=sizes)
            return {}
        found: dict[str, float] = {}
        for name, size in sizes.items():
            ok = isinstance(size, int | float) and not isinstance(size, bool) and size > 0
            if not ok or not np.isfinite(float(size)):
                self.problem(
                    f"quality.components.{name}",
                    "settings.components.size",
                    component=name,
                    found=size,
                )
                continue
            found[str(name).strip()] = float(size)
        return found

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
        for item in _items(holidays):
            parsed = parse_date(item)
            if parsed is not None and not FIRST_DATE <= parsed <= LAST_DATE:
                self.problem("calendar.holidays", "date.out_of_range", found=item, **DATE_RANGE)
            elif parsed is not None:
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
        for item in _items(extra_spec):
            parsed = parse_date(item)
            if parsed is None:
                self.problem("calendar.extra_workdays", "date.invalid", found=item)
            elif not FIRST_DATE <= parsed <= LAST_DATE:
                self.problem(
                    "calendar.extra_workdays", "date.out_of_range", found=item, **DATE_RANGE
                )
            else:
                extra.append(parsed)
        if start is None or not workdays:
            return None
        return WorkCalendar(
            start, workdays=workdays, holidays=days_off, extra_workdays=extra, countries=countries
        )


# -- the declaration --------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One key of project.yaml (``calendar.holidays`` for a key inside a section)."""

    name: str
    doc: Doc
    required: bool = False


KEYS: tuple[Key, ...] = (
    Key(
        "name",
        Doc("project name, shown on every report", "项目名称，显示在每份报告上"),
        required=True,
    ),
    Key(
        "start",
        Doc(
            "project start date; offset 0 is the first working day on or after it",
            "项目开始日期；偏移 0 是该日或其后的第一个工作日",
        ),
        required=True,
    ),
    Key("customer", Doc("customer or sponsor organisation", "客户或发起单位")),
    Key("manager", Doc("project manager", "项目经理")),
    Key(
        "status_date",
        Doc(
            "the date progress in `tasks.csv` is reported at; that day counts as worked. "
            "`--status-date` (or a notebook's `status_date`) overrides it; without either, today",
            "`tasks.csv` 中进度的报告日期，当天计为已工作。`--status-date`（或笔记本的 `status_date` 参数）"
            "优先；两者都没有时为今天",
        ),
    ),
    Key(
        "deadline",
        Doc(
            "contractual finish date (schedule risk reports the chance of meeting it)",
            "合同规定的完成日期（进度风险报告满足它的概率）",
        ),
    ),
    Key(
        "currency",
        Doc(
            "ISO currency code for costs, e.g. `EUR`, `CNY`", "成本的 ISO 币种代码，如 `EUR`、`CNY`"
        ),
    ),
    Key(
        "budget",
        Doc("approved budget, a number >= 0, reserves included", "批准的预算，数值 >= 0，含储备"),
    ),
    Key(
        "management_reserve",
        Doc(
            "money held back for unknown work, a number >= 0; without it the reserve is `budget` "
            "minus the sum of `planned_cost`",
            "为未知工作预留的资金，数值 >= 0；未设置时储备为 `budget` 减去 `planned_cost` 之和",
        ),
    ),
    Key(
        "language",
        Doc("`en` (default) or `zh`: the language of reports", "`en`（默认）或 `zh`：报告语言"),
    ),
    Key(
        "calendar.workdays",
        Doc(
            "working weekdays: `Mon-Fri` (default), `Sun-Thu`, or a list `[Mon, Tue, Wed, Thu, Fri, Sat]`",
            "工作日：`Mon-Fri`（默认）、`Sun-Thu`，或列表 `[Mon, Tue, Wed, Thu, Fri, Sat]`",
        ),
    ),
    Key(
        "calendar.holidays",
        Doc(
            "a country code known to the `holidays` package (`CN`, `US`, `GB`, `DE`, or with a "
            "region `DE-BY`), and/or a list of dates; a list may mix both: `[US, 2026-12-24]`. For "
            "China the official make-up working days (adjusted weekends) come with the code",
            "`holidays` 包认识的国家代码（`CN`、`US`、`GB`、`DE`，或带地区 `DE-BY`）和/或日期列表；列表可混合："
            "`[US, 2026-12-24]`。中国的官方调休工作日随代码一起生效",
        ),
    ),
    Key(
        "calendar.extra_workdays",
        Doc(
            "dates that are working days whatever the week or holidays say (make-up Saturdays, "
            "cut-over weekends)",
            "无论星期或假日如何都算工作日的日期（调休的周六、切换周末）",
        ),
    ),
    Key("risk.scale", Doc("levels on each axis (2..10)", "每个轴的等级数（2..10）")),
    Key(
        "risk.probability",
        Doc("the chance each probability level stands for", "每个可能性等级代表的概率"),
    ),
    Key(
        "risk.bands",
        Doc(
            "scores (probability level x impact level) from which a risk is medium, high, critical",
            "风险评为中、高、严重的分数阈值（可能性等级 x 影响等级）",
        ),
    ),
    Key(
        "simulation.distribution",
        Doc(
            "`pert` (default), `triangular` or `uniform` for three-point estimates",
            "三点估算的分布：`pert`（默认）、`triangular` 或 `uniform`",
        ),
    ),
    Key(
        "simulation.correlation",
        Doc(
            "0..1 between all task durations, or per group: `{by: owner, coefficient: 0.5}`",
            "所有任务工期之间的相关系数 0..1，或按组：`{by: owner, coefficient: 0.5}`",
        ),
    ),
    Key(
        "quality.components",
        Doc(
            "component sizes for defect density, in KLOC (thousands of lines of code): "
            "`{Data migration: 12.5, Quoting: 8}`; names as in the `component` column of "
            "defects.csv",
            "用于缺陷密度的组件规模，单位 KLOC（千行代码）：`{数据迁移: 12.5, 报价: 8}`；名称与 "
            "defects.csv 的 `component` 列一致",
        ),
    ),
    Key(
        "board.columns",
        Doc(
            "the Kanban board's columns, left to right: each `{name: ..., statuses: [...], "
            "wip: ..., active: ...}` (see Work items and flow)",
            "看板的列，从左到右：每列写作 `{name: ..., statuses: [...], wip: ..., active: ...}`"
            "（见“工作项与流动”）",
        ),
    ),
    Key(
        "board.started",
        Doc(
            "the first column whose items count as started (default: the second column)",
            "其中工作项算作已开始的第一列（默认：第二列）",
        ),
    ),
    Key(
        "board.done",
        Doc(
            "the column whose items count as done (default: the last)",
            "其中工作项算作已完成的列（默认：最后一列）",
        ),
    ),
    *(
        Key(f"status.{name}", doc)
        for name, doc in (
            (
                "schedule_amber_days",
                Doc(
                    "forecast finish later than the baseline by more working days: amber",
                    "预测完成比基线晚超过此工作日数：黄",
                ),
            ),
            ("schedule_red_days", Doc("... by more than this: red", "……超过此数：红")),
            ("index_amber", Doc("SPI(t) or CPI below: amber", "SPI(t) 或 CPI 低于此值：黄")),
            ("index_red", Doc("... below: red", "……低于此值：红")),
            (
                "scope_red_share",
                Doc(
                    "changes awaiting sign-off / requirements in scope: red from here",
                    "待签署变更 / 范围内需求的比例达到此值：红",
                ),
            ),
            (
                "quality_red_actions",
                Doc("overdue improvement actions: red from here", "逾期改进措施达到此数：红"),
            ),
            (
                "quality_critical_days",
                Doc(
                    "a critical defect open more calendar days than this: red",
                    "致命缺陷未关闭超过此日历天数：红",
                ),
            ),
            (
                "quality_trend_weeks",
                Doc(
                    "more defects found than fixed in each of this many last weeks: red",
                    "最近连续此数周发现的缺陷多于修复的缺陷：红",
                ),
            ),
            ("lookback_days", Doc('"done in the last ... days"', "“最近……天完成”")),
            ("lookahead_days", Doc('"next ... days"', "“接下来……天”")),
        )
    ),
    Key(
        "innovation.weights",
        Doc(
            "weights of the idea scores, e.g. `{value: 0.4, feasibility: 0.3, cost: 0.2, "
            "risk: 0.1}` (the default): numbers >= 0 adding up to more than 0; a criterion left "
            "out weighs 0; cost and risk count inversely",
            "创意评分的权重，如 `{value: 0.4, feasibility: 0.3, cost: 0.2, risk: 0.1}`（默认）："
            "数值 >= 0 且总和大于 0；未列出的标准权重为 0；成本和风险反向计分",
        ),
    ),
    Key(
        "innovation.shortlist",
        Doc(
            "how many ideas the ranked shortlist holds (default 5)",
            "排序短名单包含的创意数（默认 5）",
        ),
    ),
    Key(
        "innovation.decision_days",
        Doc(
            "days a pending idea may wait for a decision before it needs attention (default 30)",
            "待决创意等待决策超过此天数即需关注（默认 30）",
        ),
    ),
)
