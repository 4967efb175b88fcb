"""Time management: tasks.csv, the schedule's tasks, hierarchy and links.

The one file every project has. Simple columns (numbers, dates, percentages,
choices) run through the shared checker; ids, the hierarchy (``parent`` or
``wbs``), durations and the predecessor links have a vectorised parser of their
own, fast enough for 100,000-task files.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from pmtools.cpm.graph import find_cycles
from pmtools.cpm.network import Network, build_network
from pmtools.errors import Problem
from pmtools.model import EV_RULES, LINK_TYPES, TableFile
from pmtools.tables._check import TableChecker, parse_column
from pmtools.tables._spec import MAX_DAYS, Column, Context, Doc, TableSpec

__all__ = [
    "MAX_UNITS",
    "TASKS",
    "TASKS_FILE",
    "check_cycles",
    "parse_assignments",
    "parse_suffix",
    "parse_tasks",
]

#: The most units of one resource a task can use per working day.
MAX_UNITS = 1000.0

TASKS_FILE = "tasks.csv"

# what may follow a predecessor id and a space: a link type and/or a signed lag in days
_LINK_SUFFIX = re.compile(r"^(?P<type>[A-Za-z]{2})?\s*(?P<lag>[+-]\s*\d+)?\s*(?:d|days?)?$")


def parse_suffix(text: str) -> tuple[str, int] | None:
    """``("SS", 2)`` for ``"SS+2"``; None when the text is not a link type and lag."""
    found = _LINK_SUFFIX.match(text)
    if found is None or not (found.group("type") or found.group("lag")):
        return None
    kind = (found.group("type") or "FS").upper()
    if kind not in LINK_TYPES:
        return None
    lag = int(found.group("lag").replace(" ", "")) if found.group("lag") else 0
    return (kind, lag) if abs(lag) <= MAX_DAYS else ("!", 0)  # "!": a lag beyond MAX_DAYS


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
    # loops in the parent chain: one walk over the parent forest (linear in the tasks)
    mapping = dict(zip(ids, parent, strict=True))
    row_of = dict(zip(ids.tolist(), check.rows.tolist(), strict=False))
    state: dict[str, int] = {}  # 1: on the current walk, 2: done
    loops: list[list[str]] = []
    for start in ids.tolist():
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = mapping.get(node)
        if node is not None and state[node] == 1:
            loops.append(path[path.index(node) :])
        for visited in path:
            state[visited] = 2
    reported: set[str] = set()
    for loop in loops:
        head = min(loop, key=lambda task: row_of[task])  # listed from its first row
        at = loop.index(head)
        ordered = loop[at:] + loop[:at]
        reported.update(ordered)
        check.problems.append(
            Problem(
                TASKS_FILE,
                row_of[head],
                "parent",
                "parent.cycle",
                {"cycle": " -> ".join([*ordered, head])},
            )
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
    table = [parse_suffix(t) if t else ("FS", 0) for t in uniques.tolist()]
    kinds = np.array([p[0] if p else "" for p in table], dtype=object)[codes]
    lags = np.array([p[1] if p else 0 for p in table], dtype=np.int64)[codes]
    empty = pred == ""
    bad = (kinds == "") & ~empty
    keep = ~empty & ~bad
    too_long = kinds == "!"
    bad |= too_long
    keep = ~empty & ~bad
    for k in np.flatnonzero(bad).tolist():
        check.problems.append(
            Problem(
                TASKS_FILE,
                int(rows[k]),
                "predecessors",
                "link.lag_out_of_range" if too_long[k] else "link.malformed",
                {"found": str(text[k]), "most": MAX_DAYS},
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
    mapping: dict[str, str] = {str(k): str(v) for k, v in parent.dropna().items()}
    # enter/leave times of a depth-first walk over the parent forest: a is above b exactly
    # when a's span holds b's (linear to prepare, constant time per link)
    children: dict[str, list[str]] = {}
    for child, up in mapping.items():
        children.setdefault(up, []).append(child)
    enter: dict[str, int] = {}
    leave: dict[str, int] = {}
    clock = 0
    for root in [n for n in children if n not in mapping]:
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                leave[node] = clock
                continue
            enter[node] = clock
            clock += 1
            stack.append((node, True))
            stack.extend((c, False) for c in children.get(node, ()))

    def above(a: str, b: str) -> bool:
        return a in enter and b in enter and enter[a] < enter[b] and leave[b] <= leave[a]

    bad = np.zeros(len(links), dtype=bool)
    for i, (p, s) in enumerate(
        zip(links["predecessor"].tolist(), links["successor"].tolist(), strict=True)
    ):
        for a, b in ((p, s), (s, p)):
            if above(b, a):
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
    return links[~bad].reset_index(drop=True)


def check_cycles(
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
    if "actual_finish" in out.columns and "percent_complete" in out.columns:
        unfinished = out["actual_finish"].notna() & (out["percent_complete"] < 100).fillna(False)
        check.report(
            unfinished,
            "actual_finish",
            "actual.finish_not_done",
            per_row={"percent": check.cells("percent_complete")},
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


def parse_tasks(
    frame: pd.DataFrame, layout: TableFile, problems: list[Problem], context: Context
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The typed tasks (ids as a column, file order) and one row per predecessor entry."""
    check = TableChecker(TASKS_FILE, frame, problems)
    check.decimal_comma = layout.delimiter == ";"
    if layout.columns:
        check.require_columns(TASKS.required_columns, layout.columns, declared=TASKS.column_names)
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
    duration = check.number("duration", whole=True, high=MAX_DAYS)
    out["duration"] = duration.where(~is_summary)
    for column in TASKS.columns:  # the simple columns: only those the file has
        if column.name in out.columns or not check.has(column.name):
            continue
        if column.kind == "custom" and column.parse is _parsed_by_parse_tasks:
            continue
        parse_column(check, column, context, out)
    _check_estimates(check, out)
    _check_dates(check, out, context.start, context.status_date)
    links = _parse_links(check, ids, valid_ids)
    links = _check_links_to_own_summary(check, links, pd.Series(parent.to_numpy(), index=ids))
    # extra columns a PM added: kept as text, written back untouched
    declared = set(TASKS.column_names)
    for extra in frame.columns:
        if extra not in out.columns and extra not in declared and extra != "_row":
            out[extra] = frame[extra]
    if check.has("predecessors"):
        out["predecessors"] = check.cells("predecessors")
    out["_row"] = frame["_row"]
    check.finish()
    return out, links


# -- the declaration --------------------------------------------------------------------------


_ASSIGNMENT = re.compile(r"^(?P<name>[^\[\];]+?)\s*(?:\[\s*(?P<units>[^\]]*?)\s*\])?$")


def parse_assignments(text: str) -> list[tuple[str, float]] | None:
    """``[(name, units per working day), ...]`` for a ``resources`` cell such as
    ``Li Wei[50%]; DBA[2]; Ann`` (a bare name is 1 unit); None when an entry is not
    ``NAME`` or ``NAME[units]`` with units a number or percentage above 0."""
    found: list[tuple[str, float]] = []
    for entry in text.split(";"):
        entry = entry.strip()
        if not entry:
            continue
        match = _ASSIGNMENT.match(entry)
        if match is None:
            return None
        units_text = match.group("units")
        if units_text is None:
            units = 1.0
        else:
            percent = units_text.endswith("%")
            try:
                units = float(units_text.rstrip("%").strip()) / (100 if percent else 1)
            except ValueError:
                return None
            if not 0 < units <= MAX_UNITS:
                return None
        found.append((match.group("name").strip(), units))
    return found


def _resources(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """The text as written, and ``assignments``: [(name, units per working day)] per task."""
    text = check.cells(column.name)
    parsed = [parse_assignments(cell) if cell else [] for cell in text.tolist()]
    bad = np.array([p is None for p in parsed], dtype=bool)
    check.report(bad, column.name, "resources.invalid", most=f"{MAX_UNITS:g}")
    out[column.name] = text
    out["assignments"] = pd.Series([p or [] for p in parsed], index=text.index, dtype=object)


def _parsed_by_parse_tasks(
    check: TableChecker, column: Column, context: Context, out: pd.DataFrame
) -> None:  # pragma: no cover - tasks.csv has its own parser
    raise NotImplementedError(column.name)


def _special(name: str, doc: Doc, kind_doc: Doc, *, required: bool = False) -> Column:
    """A column ``parse_tasks`` handles itself (ids, hierarchy, durations, links)."""
    return Column(name, "custom", doc, kind_doc, required=required, parse=_parsed_by_parse_tasks)


_DATE = Doc("date", "日期")
_DAYS = Doc("working days >= 0", "工作日 >= 0")
_MONEY = Doc("number >= 0", "数值 >= 0")

TASKS = TableSpec(
    TASKS_FILE,
    "schedule",
    Doc("Tasks", "任务"),
    (
        _special(
            "id",
            Doc(
                "unique task id without spaces, commas or semicolons (`T010`, `M1`)",
                "唯一的任务编号，不含空格、逗号或分号（`T010`、`M1`）",
            ),
            Doc("text, required", "文本，必填"),
            required=True,
        ),
        Column(
            "wbs",
            "text",
            Doc(
                "WBS code such as `1.2.3`; when there is no `parent` column, the hierarchy is taken "
                "from these codes",
                "WBS 编码，如 `1.2.3`；没有 `parent` 列时按这些编码确定层级",
            ),
        ),
        _special(
            "name", Doc("task name", "任务名称"), Doc("text, required", "文本，必填"), required=True
        ),
        _special(
            "parent",
            Doc(
                "the summary task this task belongs to; a task named as someone's parent is a "
                "summary task",
                "该任务所属的摘要任务；被其他任务指定为 parent 的任务即为摘要任务",
            ),
            Doc("task id", "任务编号"),
        ),
        _special(
            "duration",
            Doc(
                "`0` makes a milestone. Leave empty for summary tasks: their dates span their tasks",
                "`0` 表示里程碑。摘要任务留空：其日期覆盖其下属任务",
            ),
            Doc("whole working days >= 0, required for tasks", "整数工作日 >= 0，任务必填"),
            required=True,
        ),
        _special(
            "predecessors",
            Doc(
                "entries separated by `;` (or `,` inside quotes), each a task id optionally "
                "followed by a space, a link type `FS`, `SS`, `FF` or `SF` (default `FS`) and a "
                "signed lag in whole working days: `A`, `B SS+2`, `C FF-1`, `D SF`. A link to or "
                "from a summary task applies to each of its tasks",
                "以 `;`（或引号内的 `,`）分隔的条目，每条为任务编号，可后接空格、链接类型 `FS`、`SS`、"
                "`FF` 或 `SF`（默认 `FS`）和带符号的整数工作日延隔：`A`、`B SS+2`、`C FF-1`、`D SF`。"
                "与摘要任务的链接作用于其下每个任务",
            ),
            Doc("links", "链接"),
            required=True,
        ),
        Column("owner", "text", Doc("the person accountable for the task", "任务负责人")),
        Column(
            "resources",
            "custom",
            Doc(
                "entries separated by `;`, each `NAME` (1 unit) or `NAME[units]`, units `0.5` or "
                "`50%`",
                "以 `;` 分隔的条目，每条为 `名称`（1 个单位）或 `名称[单位]`，单位如 `0.5` 或 `50%`",
            ),
            Doc("resource entries", "资源条目"),
            parse=_resources,
        ),
        Column(
            "optimistic",
            "number",
            Doc(
                "three-point estimate for schedule risk: all three or none, with `optimistic <= "
                "most_likely <= pessimistic`",
                "用于进度风险的三点估算：三项全填或全不填，且 `optimistic <= most_likely <= pessimistic`",
            ),
            _DAYS,
            unit="working days",
            high=MAX_DAYS,
        ),
        Column(
            "most_likely",
            "number",
            Doc("see `optimistic`", "见 `optimistic`"),
            _DAYS,
            high=MAX_DAYS,
        ),
        Column(
            "pessimistic",
            "number",
            Doc("see `optimistic`", "见 `optimistic`"),
            _DAYS,
            high=MAX_DAYS,
        ),
        Column(
            "percent_complete",
            "percent",
            Doc("progress at the status date; 100 = finished", "状态日期的进度；100 = 已完成"),
            Doc("0..100 (a trailing `%` is fine)", "0..100（可带 `%`）"),
        ),
        Column(
            "actual_start",
            "date",
            Doc(
                "when work really started; not after the status date, not before the project start",
                "实际开始日期；不晚于状态日期，不早于项目开始",
            ),
            _DATE,
        ),
        Column(
            "actual_finish",
            "date",
            Doc(
                "when work really finished; not before `actual_start`",
                "实际完成日期；不早于 `actual_start`",
            ),
            _DATE,
        ),
        Column(
            "baseline_start",
            "date",
            Doc("approved planned start, for variance", "批准的计划开始（基线），用于偏差"),
            _DATE,
        ),
        Column(
            "baseline_finish",
            "date",
            Doc("approved planned finish, for variance", "批准的计划完成（基线），用于偏差"),
            _DATE,
        ),
        Column(
            "planned_cost",
            "number",
            Doc(
                "budgeted cost of the task (spread evenly over its working days for earned value)",
                "任务的预算成本（挣值计算时平均分摊到其工作日）",
            ),
            _MONEY,
        ),
        Column(
            "actual_cost",
            "number",
            Doc(
                "cost booked so far (ignored for a task that has entries in `costs.csv`)",
                "至今已记账的成本（在 `costs.csv` 中有记录的任务忽略此列）",
            ),
            _MONEY,
        ),
        Column(
            "ev_rule",
            "choice",
            Doc(
                "how the task earns value: by `percent_complete` (default, empty), half at the start "
                "and half at the finish, or all at the finish",
                "任务获得挣值的方式：按 `percent_complete`（默认，空）、开始时一半完成时一半、或完成时全部",
            ),
            Doc("`percent`, `50/50` or `0/100`", "`percent`、`50/50` 或 `0/100`"),
            choices=EV_RULES,
            aliases={"0-100": "0/100", "50-50": "50/50"},
        ),
        Column(
            "start_no_earlier_than",
            "date",
            Doc(
                "the task cannot start before this date (e.g. hardware delivery)",
                "任务不能早于此日期开始（如硬件到货）",
            ),
            _DATE,
        ),
        Column(
            "finish_no_later_than",
            "date",
            Doc(
                "deadline: a deadline that cannot be met shows as negative float",
                "截止日期：无法满足的截止日期显示为负浮动",
            ),
            _DATE,
        ),
    ),
    index="id",
    derived=("summary", "assignments"),
    parser=parse_tasks,
    required_file=True,
    intro=Doc(
        "one row per task or summary task (phase).",
        "每个任务或摘要任务（阶段）一行。",
    ),
)
