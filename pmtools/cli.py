"""The ``pmtools`` command line: parse, call one pmtools function, print.

Results go to stdout (with ``--json``, JSON only); problems go to stderr, one
per line as ``file:row:column: message``. Exit codes: 0 success, 1 invalid
project, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pmtools.errors import PmtoolsError, ProjectInvalid, ProjectNotFound
from pmtools.i18n import LANGUAGES, set_language, t, use_language

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """A plain-text table whose columns line up, Chinese text included."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = [
        "  ".join(
            _pad(h, w, right=i in right)
            for i, (h, w) in enumerate(zip(headers, widths, strict=True))
        )
    ]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(
                _pad(c, w, right=i in right)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(line.rstrip() for line in lines)


def _report_problems(path: str, error: PmtoolsError, args: argparse.Namespace) -> None:
    """Every problem on stderr as ``folder/file:row:column: message``, in the project's
    language unless ``--language`` (or PMTOOLS_LANGUAGE) chose one."""
    if not isinstance(error, ProjectInvalid):
        print(str(error), file=sys.stderr)
        return
    language = None if args.language else error.language
    with use_language(language):
        for problem in error.problems:
            where = problem.location()
            prefix = str(Path(path) / where) if problem.file.endswith((".csv", ".yaml")) else where
            print(f"{prefix}: {problem.message()}", file=sys.stderr)
        print(t("cli.invalid_project", path=path, count=len(error.problems)), file=sys.stderr)


def _load(path: str, status_date: str | None = None) -> Any:
    from pmtools.io import load_project

    return load_project(path, status_date=status_date)


# ---------------------------------------------------------------------------------------------
# commands


def cmd_new(args: argparse.Namespace) -> int:
    from pmtools.io import new_project

    try:
        created = new_project(args.dir, name=args.name)
    except FileExistsError:
        print(t("project.exists", path=args.dir), file=sys.stderr)
        return EXIT_INVALID
    print(t("cli.created", path=created))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.dirs:
        try:
            project = _load(path, args.status_date)
        except PmtoolsError as exc:
            _report_problems(path, exc, args)
            status = EXIT_INVALID
            continue
        with use_language(None if args.language else project.language):
            print(t("cli.ok", path=path, tasks=len(project.tasks)))
            _print_estimate_warnings(path, project)
    return status


def _print_estimate_warnings(path: str, project: Any) -> None:
    """A warning (stderr, exit code unchanged) for each open task planned outside its
    three-point estimate."""
    from pmtools.montecarlo import stale_estimates

    for _, row in stale_estimates(project).iterrows():
        where = f"{Path(path) / 'tasks.csv'}:{row['row']}:duration"
        values = {k: f"{float(row[k]):g}" for k in ("optimistic", "most_likely", "pessimistic")}
        print(
            f"{where}: {t('estimate.stale', duration=row['duration'], **values)}", file=sys.stderr
        )


def _print_json(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def _project(args: argparse.Namespace) -> Any:
    """The project named by ``args.dir``, or None after reporting its problems on stderr.

    Tables then speak the project's language unless ``--language`` said otherwise.
    """
    try:
        project = _load(args.dir, args.status_date)
    except PmtoolsError as exc:
        _report_problems(args.dir, exc, args)
        return None
    if args.language is None:
        set_language(project.language)
    return project


def cmd_schedule(args: argparse.Namespace) -> int:
    from pmtools.schedule import critical_path, schedule_json_text

    project = _project(args)
    if project is None:
        return EXIT_INVALID
    plan = critical_path(project)
    if args.json:
        sys.stdout.write(schedule_json_text(project, plan))
        return EXIT_OK
    print(_schedule_table(project, plan))
    return EXIT_OK


def cmd_level(args: argparse.Namespace) -> int:
    from pmtools.resources import level, levelling_json, save_levelled

    project = _project(args)
    if project is None:
        return EXIT_INVALID
    try:
        levelled = level(
            project,
            within_float=args.within_float,
            time_limit=args.time_limit,
            seed=args.seed,
        )
    except PmtoolsError as exc:  # a priority that is not 0..1000
        _report_problems(args.dir, exc, args)
        return EXIT_INVALID
    if args.json:
        _print_json(levelling_json(project, levelled))
    else:
        print(_levelling_text(project, levelled))
    if args.save:
        try:
            save_levelled(project, levelled)
        except PmtoolsError as exc:
            _report_problems(args.dir, exc, args)
            return EXIT_INVALID
        constrained = int((~levelled.plan.loc[levelled.moved.index, "milestone"]).sum())
        print(t("level.saved", count=constrained), file=sys.stderr)
    return EXIT_OK


def _level_note(note: str) -> str:
    """The engine's note in the reader's language (``--json`` keeps the engine's text)."""
    from pmtools.cpm.level import NO_SOLVER_NOTE, TOO_LARGE_NOTE

    keys = {NO_SOLVER_NOTE: "level.note.no_solver", TOO_LARGE_NOTE: "level.note.too_large"}
    return t(keys[note]) if note in keys else note


def _levelling_text(project: Any, levelled: Any) -> str:
    before = levelled.unlevelled.attrs["project_finish"].isoformat()
    after = levelled.plan.attrs["project_finish"].isoformat()
    proof = "level.proven" if levelled.optimal else "level.not_proven"
    if levelled.finish_optimal and not levelled.optimal:
        proof = "level.finish_proven"
    lines = [
        t(
            "level.summary" if levelled.finish_delay else "level.summary_same",
            finish=after,
            before=before,
            delay=levelled.finish_delay,
        ),
        t(proof, method=levelled.method, seconds=f"{levelled.seconds:.1f}"),
        *([_level_note(levelled.note)] if levelled.note else []),  # e.g. which extra to add
        "",
        _schedule_table(project, levelled.plan),
    ]
    moved = levelled.moved
    if len(moved):
        rows = [
            [
                str(task_id),
                str(row["name"]),
                row["start_before"].strftime("%Y-%m-%d"),
                row["start_after"].strftime("%Y-%m-%d"),
                str(row["delay"]),
            ]
            for task_id, row in moved.iterrows()
        ]
        headers = [t(f"level.table.{k}") for k in ("id", "name", "before", "after", "delay")]
        lines += ["", t("level.moved", count=len(moved)), format_table(headers, rows, right={4})]
    conflicts = levelled.conflicts
    if len(conflicts):
        rows = [
            [
                str(row["resource"]),
                row["date"].isoformat(),
                f"{row['load']:g} / {row['capacity']:g}",
                ", ".join(row["tasks"]),
            ]
            for _, row in conflicts.iterrows()
        ]
        headers = [t(f"level.table.{k}") for k in ("resource", "date", "load", "tasks")]
        lines += [
            "",
            t("level.conflicts", count=len(conflicts)),
            format_table(headers, rows, set()),
        ]
    return "\n".join(lines)


def cmd_simulate(args: argparse.Namespace) -> int:
    from pmtools.montecarlo import simulate, simulation_json

    project = _project(args)
    if project is None:
        return EXIT_INVALID
    result = simulate(
        project,
        iterations=args.iterations,
        seed=args.seed,
        distribution=args.distribution,
        correlation=args.correlation,
    )
    doc = simulation_json(result)
    if args.json:
        _print_json(doc)
        return EXIT_OK
    print(_simulation_report(project, doc))
    return EXIT_OK


def cmd_evm(args: argparse.Namespace) -> int:
    from pmtools.evm import earned_value, evm_json

    project = _project(args)
    if project is None:
        return EXIT_INVALID
    doc = evm_json(earned_value(project))
    if args.json:
        _print_json(doc)
        return EXIT_OK
    print(
        t(
            "evm.heading",
            name=project.name,
            date=doc["status_date"],
            at=doc["at"],
            currency=project.currency or "-",
        )
    )
    rows = []
    labels = {
        "eac": "EAC (CPI)",
        "eac_cpi_spi": "EAC (CPI x SPI)",
        "eac_at_budget": "EAC (budget rate)",
        "tcpi": "TCPI (BAC)",
        "tcpi_eac": "TCPI (EAC)",
        "spi_t": "SPI(t)",
        "es_finish": "ES finish",
    }
    ratios = ("spi", "cpi", "tcpi", "tcpi_eac", "spi_t", "es")
    keys = ("bac", "pv", "ev", "ac", "sv", "cv", "eac", "eac_cpi_spi", "eac_at_budget", "etc",
            "vac", "spi", "cpi", "tcpi", "tcpi_eac", "es", "spi_t", "es_finish")  # fmt: skip
    for key in keys:
        value = doc[key]
        if value is None:
            text = t("evm.null")
        elif isinstance(value, str):
            text = value
        else:
            text = f"{value:,.2f}" if key in ratios else f"{value:,.0f}"
        rows.append([labels.get(key, key.upper()), text])
    print(format_table(["", ""], rows, right={1}))
    undefined = [labels.get(k, k.upper()) for k in keys if doc[k] is None]
    if undefined:
        print(t("evm.null_note", keys=", ".join(undefined)))
    if doc["tcpi"] is not None and float(doc["tcpi"]) < 0:
        print(t("evm.tcpi_negative"))
    return EXIT_OK


def cmd_flow(args: argparse.Namespace) -> int:
    from pmtools.flow import flow_report

    project = _project(args)
    if project is None:
        return EXIT_INVALID
    result = flow_report(project, seed=args.seed, iterations=args.iterations)
    if args.json:
        _print_json(result.summary())
        return EXIT_OK
    print(_flow_text(project, result))
    return EXIT_OK


def _flow_text(project: Any, result: Any) -> str:
    """The readable flow summary: the board's columns, cycle time, throughput, forecast."""
    if project.table("workitems.csv") is None:
        return t("flow.cli.no_items", name=project.name)
    doc = result.summary()
    lines = [t("flow.cli.heading", name=project.name, items=doc["items"], date=result.status_date)]
    wip = result.wip
    limits = wip["wip_limit"].astype(object).where(wip["wip_limit"].notna(), None).tolist()
    rows = [
        [
            str(column),
            t(f"flow.stage.{stage}"),
            str(count),
            "" if limit is None else str(limit),
            t("flow.cli.over") if over else "",
        ]
        for column, stage, count, limit, over in zip(
            wip["column"], wip["stage"], wip["items"], limits, wip["over_limit"], strict=True
        )
    ]
    headers = [t(f"flow.cli.col.{k}") for k in ("column", "stage", "items", "limit", "note")]
    lines += ["", format_table(headers, rows, right={2, 3}), ""]

    def days(value: float | None) -> str:
        return t("evm.null") if value is None else f"{value:.1f}"

    cycle = doc["cycle_time"]
    lines.append(
        t(
            "flow.cli.cycle_time",
            p50=days(cycle["p50"]),
            p85=days(cycle["p85"]),
            p95=days(cycle["p95"]),
            count=len(result.cycle_times),
        )
    )
    per_week = doc["throughput_per_week"]
    lines.append(
        t("flow.cli.throughput", per_week=days(per_week), days=int(result.history.size))
        if per_week is not None
        else t("flow.cli.no_throughput")
    )
    forecast = doc["forecast"]
    if forecast["finish_p85"] is not None:
        lines.append(
            t(
                "flow.cli.forecast",
                left=forecast["items_left"],
                p50=forecast["finish_p50"],
                p85=forecast["finish_p85"],
                p95=forecast["finish_p95"],
            )
        )
    else:
        lines.append(t("flow.cli.no_forecast", left=forecast["items_left"]))
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    from pmtools.portfolio import project_dirs
    from pmtools.report.batch import CORE, notebook_names

    dirs = project_dirs(args.dirs)
    if not dirs:
        print(t("report.no_projects", dirs=" ".join(args.dirs)), file=sys.stderr)
        return EXIT_INVALID
    notebooks = tuple(n.strip() for n in args.notebooks.split(",")) if args.notebooks else CORE
    unknown = notebook_names(notebooks)
    if unknown:
        print(t("report.unknown_notebook", names=", ".join(unknown)), file=sys.stderr)
        return EXIT_INVALID
    from pmtools.report.pdf import PdfUnavailable

    try:
        summary = _build(args, dirs, notebooks)
    except PdfUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    return _report_summary(args, summary)


def _build(args: argparse.Namespace, dirs: list[Path], notebooks: tuple[str, ...]) -> Any:
    from pmtools.report.batch import build_reports

    return build_reports(
        dirs,
        Path(args.out),
        notebooks=notebooks,
        jobs=args.jobs,
        status_date=args.status_date,
        language=args.language,
        force=args.force,
        executor=args.executor,
        scheduler=args.scheduler,
        timeout=args.timeout,
        log=lambda line: print(line, file=sys.stderr, flush=True),
        progress=sys.stderr.isatty() and not args.json,
        standalone=args.standalone,
        pdf=args.pdf,
    )


def _report_summary(args: argparse.Namespace, summary: dict[str, Any]) -> int:
    if args.json:
        _print_json(summary)
    failed = summary["failed"]
    print(
        t(
            "report.summary",
            projects=summary["projects"],
            ran=summary["ran"],
            skipped=summary["skipped"],
            failed=len(failed),
            seconds=summary["seconds"],
            index=Path(args.out) / "index.html",
        ),
        file=sys.stderr,
    )
    for result in summary["results"]:
        if not result["ok"]:
            for line in result["problems"]:
                print(f"{result['folder']}: {line}", file=sys.stderr)
            for nb in result["notebooks"]:
                if not nb["ok"]:
                    print(
                        f"{result['folder']}/{nb['name']}: {nb.get('error', '')}", file=sys.stderr
                    )
    if summary["interrupted"]:
        print(t("report.interrupted", index=Path(args.out) / "index.html"), file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_INVALID if failed else EXIT_OK


def _simulation_report(project: Any, doc: dict[str, Any]) -> str:
    lines = [
        t(
            "simulate.heading",
            name=project.name,
            iterations=doc["iterations"],
            seed=doc["seed"],
            distribution=doc["distribution"],
            correlation=doc["correlation"],
        ),
        t("simulate.deterministic", days=doc["deterministic"]),
        "",
    ]
    rows = [
        [label, f"{doc[key]:.1f}", doc[f"finish_{key}"]]
        for label, key in (("P50", "p50"), ("P80", "p80"), ("P90", "p90"))
    ]
    headers = [t("simulate.percentile"), t("simulate.days"), t("simulate.finish")]
    lines.append(format_table(headers, rows, right={1}))
    lines.append(t("simulate.mean", mean=doc["mean"], std=doc["std"]))
    pert = doc["pert"]
    line = t("simulate.pert", expected=pert["expected"], std=pert["std"])
    if pert["deadline_probability"] is not None:
        line += t("simulate.pert_deadline", probability=100 * pert["deadline_probability"])
    lines.append(line)
    if doc["deadline"] is not None:
        lines.append(
            t(
                "simulate.deadline",
                deadline=doc["deadline"],
                probability=100 * doc["deadline_probability"],
            )
        )
    for task_id, info in doc["task_deadlines"].items():
        name = project.tasks.loc[task_id, "name"]
        lines.append(
            t(
                "simulate.task_deadline",
                id=task_id,
                name=name,
                deadline=info["deadline"],
                probability=100 * info["probability"],
            )
        )
    names = project.tasks["name"]
    criticality, sensitivity = doc["criticality"], doc["sensitivity"]
    top = sorted(criticality, key=lambda k: (-criticality[k], -abs(sensitivity[k])))[:10]
    top = [k for k in top if criticality[k] > 0 or sensitivity[k] != 0]
    if top:
        lines += ["", t("simulate.drivers")]
        headers = [
            t("table.id"),
            t("table.name"),
            t("simulate.criticality"),
            t("simulate.sensitivity"),
        ]
        rows = [
            [k, str(names[k]), f"{100 * criticality[k]:.0f}%", f"{sensitivity[k]:+.2f}"]
            for k in top
        ]
        lines.append(format_table(headers, rows, right={2, 3}))
    if doc["risk_events"]:
        lines += ["", t("simulate.risks", ids=", ".join(doc["risk_events"]))]
    return "\n".join(lines)


def _schedule_table(project: Any, plan: Any) -> str:
    # "Days" is the task's duration; work under way also shows its span from the actual start
    span = bool((plan["duration"] != plan["task_duration"]).any())
    keys = ["id", "name", "duration", *(["span"] if span else []), "start", "finish"]
    headers = [t(f"table.{k}") for k in (*keys, "total_float", "free_float")]
    depth = plan["level"].to_dict()
    rows = []
    for task_id, row in plan.iterrows():
        mark = "*" if row["critical"] and not row["summary"] else " "
        name = "  " * depth.get(task_id, 0) + str(row["name"])
        if row["milestone"]:
            name += " ◆"
        rows.append(
            [
                f"{mark} {task_id}",
                name,
                str(row["task_duration"]),
                *([str(row["duration"])] if span else []),
                row["start"].strftime("%Y-%m-%d"),
                row["finish"].strftime("%Y-%m-%d"),
                str(row["total_float"]),
                str(row["free_float"]),
            ]
        )
    summary = t(
        "schedule.summary",
        name=project.name,
        start=project.start.isoformat(),
        finish=plan.attrs["project_finish"].isoformat(),
        duration=plan.attrs["finish_offset"],
        critical=int((plan["critical"] & ~plan["summary"]).sum()),
    )
    right = {2, 3, 6, 7} if span else {2, 5, 6}
    return summary + "\n\n" + format_table(headers, rows, right=right)


# ---------------------------------------------------------------------------------------------
# parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmtools",
        description="Planning tools for IT project managers: validate project folders, "
        "schedule them by the critical path, and build reports.",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default=os.environ.get("PMTOOLS_LANGUAGE") or None,
        help="language of messages and tables: en or zh (default: $PMTOOLS_LANGUAGE, else the "
        "project's language for schedule tables, else en)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("new", help="create a project folder from the blank template")
    p.add_argument("dir", help="folder to create (must not exist or be empty)")
    p.add_argument("--name", help="project name written to project.yaml (default: the folder name)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("check", help="validate project folders; exit 1 listing every problem")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="project folders")
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="override status_date in project.yaml"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("schedule", help="critical path schedule as a table, or --json")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--json", action="store_true", help="print the schedule as JSON (see SPEC.md)")
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="override status_date in project.yaml"
    )
    p.set_defaults(func=cmd_schedule)

    p = sub.add_parser(
        "level",
        help="resource-levelled schedule: no resource above its capacity on any working day",
    )
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument(
        "--json", action="store_true", help="print the levelled schedule as JSON (see SPEC.md)"
    )
    p.add_argument(
        "--within-float",
        action="store_true",
        help="delay tasks only within their total float (the finish stays); list what is left",
    )
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=10.0,
        metavar="S",
        help="seconds the search may take (default 10); a feasible plan always comes back",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    p.add_argument(
        "--save",
        action="store_true",
        help="write each delayed task's levelled start into tasks.csv as start_no_earlier_than "
        "(validated, atomic; other cells untouched)",
    )
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="override status_date in project.yaml"
    )
    p.set_defaults(func=cmd_level)

    p = sub.add_parser(
        "evm", help="earned value at the status date (PV, EV, AC, SPI, CPI, EAC, ...)"
    )
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="override status_date in project.yaml"
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON (see SPEC.md)")
    p.set_defaults(func=cmd_evm)

    p = sub.add_parser(
        "report",
        help="run the report notebooks over many projects; writes OUT/index.html, "
        "portfolio.csv and portfolio.xlsx",
    )
    p.add_argument("dirs", metavar="DIR", nargs="+", help="project folders (globs are fine)")
    p.add_argument("--out", required=True, metavar="OUT", help="folder for the reports")
    p.add_argument(
        "--notebooks",
        metavar="a,b",
        help="notebooks to run (default: every report: status,schedule,risks,requirements,"
        "retrospective,cost,flow; flow only for projects with work items)",
    )
    p.add_argument("--jobs", type=_positive, default=1, metavar="N", help="parallel workers")
    p.add_argument("--status-date", metavar="YYYY-MM-DD", help="override every status_date")
    p.add_argument(
        "--language", choices=("en", "zh"), help="report language (default: each project's)"
    )
    p.add_argument(
        "--force", action="store_true", help="rebuild projects whose inputs are unchanged"
    )
    p.add_argument("--timeout", type=_positive, default=600, metavar="S", help="seconds per cell")
    p.add_argument("--executor", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786)")
    p.add_argument("--json", action="store_true", help="print what ran, how long and what failed")
    p.add_argument(
        "--standalone",
        action="store_true",
        help="embed plotly.js in every report HTML (about 4.6 MB each) so a report opens "
        "anywhere on its own (default: the reports share OUT/plotly.min.js)",
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to an A4 PDF beside its HTML (needs pip install "
        "'pmtools[pdf]' and Chromium: apt-get install chromium, or playwright install chromium)",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "flow",
        help="Kanban flow of workitems.csv: WIP per column, cycle time, throughput, forecast",
    )
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument(
        "--json", action="store_true", help="print the flow figures as JSON (see SPEC.md)"
    )
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="override status_date in project.yaml"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="random seed of the forecast; the same seed gives the same dates (default 1)",
    )
    p.add_argument(
        "--iterations",
        type=_positive,
        default=10_000,
        metavar="N",
        help="number of simulated futures of the forecast (default 10000)",
    )
    p.set_defaults(func=cmd_flow)

    p = sub.add_parser("simulate", help="Monte Carlo schedule risk: P50/P80/P90 finish, drivers")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument(
        "--iterations",
        type=_positive,
        default=10_000,
        metavar="N",
        help="number of simulated schedules (default 10000)",
    )
    p.add_argument(
        "--seed",
        type=int,
        metavar="S",
        help="random seed; the same seed gives the same numbers (default: random, "
        "reported in the output)",
    )
    p.add_argument(
        "--distribution",
        choices=("pert", "triangular", "uniform"),
        help="distribution of three-point estimates (default: project.yaml, else pert)",
    )
    p.add_argument(
        "--correlation",
        type=_coefficient,
        metavar="RHO",
        help="correlation between task durations, 0..1 (default: project.yaml, else 0)",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON (see SPEC.md)")
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="override status_date in project.yaml"
    )
    p.set_defaults(func=cmd_simulate)
    _add_interop_commands(sub)
    _add_course_commands(sub)
    return parser


# ---------------------------------------------------------------------------------------------
# import and export (pmtools.interop): Microsoft Project XML, and .mpp/.mpx/.xer through MPXJ


def _print_warnings(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(t("interop.cli.warning", warning=warning), file=sys.stderr)


def cmd_update(args: argparse.Namespace) -> int:
    """``pmtools import FILE DIR --update``: list the changes, ask, save without losing work."""
    from pmtools.errors import FileChanged
    from pmtools.interop.progress import apply_progress, read_updates
    from pmtools.io import save_table
    from pmtools.tables.edit import snapshot

    project = _project(args)
    if project is None:
        return EXIT_INVALID
    base = snapshot(project.path / "tasks.csv")
    try:
        updates, label = read_updates(args.file)
        update = apply_progress(project, base.frame(), updates, file=label)
    except ProjectInvalid as exc:
        for problem in exc.problems:
            print(f"{problem.location()}: {problem.message()}", file=sys.stderr)
        print(t("cli.invalid_project", path=args.file, count=len(exc.problems)), file=sys.stderr)
        return EXIT_INVALID
    if not update.changes:
        print(t("progress.cli.none", file=args.file, dir=args.dir))
        return EXIT_OK
    print(t("progress.cli.heading", dir=args.dir, date=project.status_date.isoformat()))
    rows = [
        [change.task, change.name, change.column, f"{change.old or '-'} -> {change.new or '-'}"]
        for change in update.changes
    ]
    headers = [t("progress.cli.task"), t("table.name"), t("progress.cli.column"),
               t("progress.cli.change")]  # fmt: skip
    print(format_table(headers, rows, right=set()))
    if not args.yes:
        try:
            answer = input(t("progress.cli.ask", count=len(update.changes)))
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes", "j", "ja", "是"):
            print(t("progress.cli.not_applied"))
            return EXIT_INVALID
    merged = snapshot(project.path / "tasks.csv").digest != base.digest
    try:
        save_table(project.path, "tasks.csv", update.table, base=base, status_date=args.status_date)
    except FileChanged as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except ProjectInvalid as exc:
        _report_problems(args.dir, exc, args)
        return EXIT_INVALID
    key = "progress.cli.merged" if merged else "progress.cli.applied"
    print(t(key, count=len(update.changes), dir=args.dir))
    return EXIT_OK


def _is_workbook(file: str) -> bool:
    return Path(file).suffix.lower() in (".xlsx", ".xlsm")


def cmd_import(args: argparse.Namespace) -> int:
    from pmtools.interop import ImportedInvalid, InteropError, folder_summary, import_project

    if args.update:
        return cmd_update(args)
    if args.work_items:
        return _import_work_items(args)
    if args.mapping:
        print(t("tracker.cli.mapping_alone"), file=sys.stderr)
        return EXIT_USAGE
    if _is_workbook(args.file):
        return _import_workbook(args)
    try:
        warnings = import_project(args.file, args.dir)
    except InteropError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except ImportedInvalid as exc:
        _print_warnings(exc.warnings)
        for problem in exc.problems:
            print(f"{Path(args.dir) / problem.location()}: {problem.message()}", file=sys.stderr)
        print(
            t("interop.cli.import_invalid", path=args.dir, count=len(exc.problems)), file=sys.stderr
        )
        return EXIT_INVALID
    print(t("interop.cli.imported", file=args.file, dir=args.dir, **folder_summary(args.dir)))
    _print_warnings(warnings)
    return EXIT_OK


def _import_workbook(args: argparse.Namespace) -> int:
    from pmtools.interop import InteropError, folder_summary
    from pmtools.interop.workbook import import_workbook

    try:
        warnings = import_workbook(args.file, args.dir)
    except InteropError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except ProjectInvalid as exc:
        with use_language(None if args.language else exc.language):
            for problem in exc.problems:  # file = the sheet, named after the file it holds
                print(f"{args.file}:{problem.location()}: {problem.message()}", file=sys.stderr)
            print(
                t("cli.invalid_project", path=args.file, count=len(exc.problems)), file=sys.stderr
            )
        return EXIT_INVALID
    files = sum(1 for p in Path(args.dir).iterdir() if p.is_file())
    tasks = folder_summary(args.dir)["tasks"]
    print(t("xlsx.cli.imported", file=args.file, dir=args.dir, files=files, tasks=tasks))
    _print_warnings(warnings)
    return EXIT_OK


def _export_workbook(args: argparse.Namespace) -> int:
    from pmtools.render.spreadsheet import export_progress, export_workbook

    suffix = Path(args.to).suffix.lower()
    if args.progress and suffix not in (".xlsx", ".csv"):
        expected = ".xlsx, .csv"
        print(
            t("interop.export_unsupported", file=args.to, suffix=suffix or "?", expected=expected),
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        if args.progress:
            count, warnings = export_progress(args.dir, args.to, status_date=args.status_date)
            message = t("progress.cli.exported", dir=args.dir, file=args.to, tasks=count)
        else:
            files, warnings = export_workbook(args.dir, args.to)
            message = t("xlsx.cli.exported", dir=args.dir, file=args.to, files=", ".join(files))
    except ProjectInvalid as exc:
        _report_problems(args.dir, exc, args)
        return EXIT_INVALID
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(t("interop.file_unwritable", file=args.to, reason=reason), file=sys.stderr)
        return EXIT_INVALID
    print(message)
    _print_warnings(warnings)
    return EXIT_OK


def _import_work_items(args: argparse.Namespace) -> int:
    """``pmtools import FILE DIR --work-items``: the export's problems with its own rows and
    headers, then what was written, then the folder's problems; exit 1 when nothing could
    be read or the folder does not validate."""
    from pmtools.interop import InteropError
    from pmtools.interop.trackers import import_into_folder

    try:
        done = import_into_folder(args.file, args.dir, mapping=args.mapping)
    except InteropError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    result = done.imported
    export_dir = Path(args.file).parent
    for problem in result.problems:
        where = problem.location()
        named = problem.file == Path(args.file).name
        print(f"{export_dir / where if named else where}: {problem.message()}", file=sys.stderr)
    if done.read_nothing:
        print(t("tracker.cli.nothing", file=args.file, dir=args.dir), file=sys.stderr)
        return EXIT_INVALID
    counts = result.items["type"].replace("", "story").value_counts()
    print(
        t(
            "tracker.cli.imported",
            file=args.file,
            dir=args.dir,
            items=len(result.items),
            preset=result.preset,
            stories=int(counts.get("story", 0)),
            tasks=int(counts.get("task", 0)),
            bugs=int(counts.get("bug", 0)),
            epics=int(counts.get("epic", 0)),
            moves=len(result.transitions),
            problems=len(result.problems),
            files=", ".join(p.name for p in done.written),
        )
    )
    for path in done.kept:
        print(t("tracker.cli.kept", path=path), file=sys.stderr)
    if done.problems:
        for problem in done.problems:
            print(f"{Path(args.dir) / problem.location()}: {problem.message()}", file=sys.stderr)
        print(
            t("interop.cli.import_invalid", path=args.dir, count=len(done.problems)),
            file=sys.stderr,
        )
        return EXIT_INVALID
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pmtools.interop import InteropError, export_project, folder_summary

    if _is_workbook(args.to) or args.progress:
        return _export_workbook(args)
    try:
        warnings = export_project(args.dir, args.to)
    except InteropError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except ProjectInvalid as exc:
        _report_problems(args.dir, exc, args)
        return EXIT_INVALID
    summary = folder_summary(args.dir)
    print(t("interop.cli.exported", dir=args.dir, file=args.to, **summary))
    _print_warnings(warnings)
    return EXIT_OK


def _add_interop_commands(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="import a schedule or workbook into a new project folder (.xml, .xlsx; .mpp, .mpx, "
        ".xer through MPXJ), apply progress updates with --update, or with --work-items a "
        "tracker export (Jira, PingCode, Worktile)",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help="schedule file: .xml (Microsoft Project XML, MSPDI), .xlsx (a workbook pmtools "
        "export wrote: one sheet per project file), or .mpp, .mpx, .xer and the other formats "
        "MPXJ reads (needs pip install 'pmtools[mpp]' and a Java runtime); with --update a "
        ".xlsx or .csv of progress updates; with --work-items a tracker export (.csv or .xlsx)",
    )
    p.add_argument(
        "dir",
        metavar="DIR",
        help="project folder to create (must not exist or be empty); with --update the "
        "existing project to update; with --work-items also an existing project folder, whose "
        "workitems.csv is replaced",
    )
    p.add_argument(
        "--update",
        action="store_true",
        help="apply progress updates (columns id and any of percent_complete, actual_start, "
        "actual_finish, remaining) to DIR/tasks.csv after listing the changes",
    )
    p.add_argument("--yes", action="store_true", help="with --update: apply without asking")
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="with --update: override status_date"
    )
    p.add_argument(
        "--work-items",
        action="store_true",
        help="FILE is a tracker export: write DIR/workitems.csv (and transitions.csv when the "
        "export has status history)",
    )
    p.add_argument(
        "--mapping",
        metavar="MAP.yaml",
        help="with --work-items: which export header holds each workitems.csv column, for "
        "trackers without a preset (see templates/README.md)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export", help="export a project folder as Microsoft Project XML or an Excel workbook"
    )
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument(
        "--to",
        required=True,
        metavar="FILE",
        help="file to write: .xml (Microsoft Project XML, MSPDI; MS Project opens it) or "
        ".xlsx (one sheet per project file; pmtools import reads it back)",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help="write the progress update sheet (.xlsx or .csv) for the status date instead: "
        "the open tasks, to fill in and apply with pmtools import FILE DIR --update",
    )
    p.add_argument(
        "--status-date", metavar="YYYY-MM-DD", help="with --progress: override status_date"
    )
    p.set_defaults(func=cmd_export)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("expected a whole number >= 1")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError("expected seconds above 0 (at most 86400)")
    return value


def _coefficient(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("expected a number from 0 to 1")
    return value


# ---------------------------------------------------------------------------------------------
# the training course (pmtools.training)


def cmd_course_grade(args: argparse.Namespace) -> int:
    from pmtools.tables.files import atomic_write_text
    from pmtools.training.grade import class_report_html, grade, grade_json

    try:
        report = grade(args.dir)
    except FileNotFoundError:
        print(t("training.grade.not_found", folder=args.dir), file=sys.stderr)
        return EXIT_INVALID
    if not report.learners:
        print(t("training.grade.empty", folder=args.dir), file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, class_report_html(report))
    if args.json:
        _print_json(grade_json(report))
    problems = [
        t("training.grade.problem", learner=learner.name, file=file, reason=reason)
        for learner in report.learners
        for file, reason in learner.problems
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK


def _add_course_commands(sub: Any) -> None:
    course = sub.add_parser("course", help="the training course: grade a class")
    commands = course.add_subparsers(dest="course_command", required=True, metavar="COMMAND")
    p = commands.add_parser(
        "grade",
        help="class report over learners' saved lessons (a folder per learner, or files "
        "named by learner); runs nothing they wrote; exit 1 if a submission cannot be read",
    )
    p.add_argument("dir", metavar="DIR", help="folder of submissions")
    p.add_argument("--out", required=True, metavar="FILE.html", help="the class report to write")
    p.add_argument("--json", action="store_true", help="also print every score as JSON")
    p.set_defaults(func=cmd_course_grade)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.language or "en")
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ProjectNotFound as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: no traceback
        return EXIT_INTERRUPTED


def run() -> None:
    """Console entry point: run, flush, and leave without tearing the interpreter down.

    Freeing a 100k-task project object by object takes a tenth of a second that
    a command line user would only wait for; the operating system reclaims the
    memory at once. Output is flushed first, so nothing is lost.

    Before numpy loads (commands import it only when they need it), OpenBLAS is
    told to let its worker threads sleep as soon as a product is done: by default
    they spin for about a tenth of a second after each one, and ``simulate``
    computes one matrix-vector product per block of 512 runs, so they would keep
    a second core busy for nothing. The numbers are the same either way; an
    ``OPENBLAS_THREAD_TIMEOUT`` already set is kept.
    """
    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = code or EXIT_OK
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
