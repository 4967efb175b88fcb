"""English messages. Keys are grouped by the file or feature they describe."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # files and folders
    "project.not_found": "no project folder at {path} (expected a folder holding project.yaml)",
    "project.exists": "{path} already exists and is not empty; choose a new folder",
    "file.missing": "required file is missing",
    "file.unreadable": "cannot read the file: {reason}",
    "file.encoding": "expected UTF-8 text (with or without BOM), found a byte that is not "
    "UTF-8 at position {position}; save the file as 'CSV UTF-8'",
    "csv.malformed": "cannot parse as CSV: {reason}",
    "csv.empty": "expected a header row, found an empty file",
    "column.missing": "required column is missing (the header has: {header})",
    "column.duplicate": 'column "{found}" appears more than once in the header',
    # project.yaml
    "yaml.malformed": "cannot parse as YAML: {reason}",
    "yaml.not_mapping": "expected keys with values (name: ..., start: ...), found {found}",
    "key.missing": "required key is missing",
    "key.not_text": "expected text, found {found}",
    "key.not_number": 'expected a number >= 0, found "{found}"',
    "date.invalid": 'expected a date as YYYY-MM-DD, found "{found}"',
    "language.invalid": 'expected en or zh, found "{found}"',
    "status_date.before_start": "status_date {found} is before the project start {start}",
    "calendar.not_mapping": "expected workdays, holidays and extra_workdays keys, found {found}",
    "calendar.workdays.invalid": 'expected day names such as Mon, Tue or Mon-Fri, found "{found}"',
    "calendar.workdays.empty": "expected at least one working day in the week",
    "calendar.holidays.unknown_country": 'unknown holiday country code "{found}" (expected a '
    "code the holidays package knows, such as CN, US, DE or DE-BY)",
    "calendar.holidays.invalid": 'expected a country code or a date as YYYY-MM-DD, found "{found}"',
    # tasks.csv
    "id.empty": "expected an id, found an empty cell",
    "id.invalid": 'expected an id without spaces, commas or semicolons, found "{found}"',
    "id.duplicate": 'duplicate id "{found}" (first used on row {first_row})',
    "name.empty": "expected a name, found an empty cell",
    "duration.not_whole_days": 'expected whole working days >= 0, found "{found}"',
    "duration.empty": "expected whole working days >= 0, found an empty cell",
    "number.not_nonnegative": 'expected a number >= 0, found "{found}"',
    "percent.out_of_range": 'expected a percentage from 0 to 100, found "{found}"',
    "estimate.order": "expected optimistic <= most_likely <= pessimistic, found "
    "{optimistic} / {most_likely} / {pessimistic}",
    "estimate.incomplete": "expected all three estimates (optimistic, most_likely, pessimistic) "
    "or none, found only {given}",
    "actual.finish_before_start": "actual_finish {finish} is before actual_start {start}",
    "actual.after_status_date": "{found} is after the status date {status_date}; actual dates "
    "cannot be in the future",
    "actual.before_project_start": "{found} is before the project start {start}",
    "constraint.finish_before_start": "finish_no_later_than {finish} is before "
    "start_no_earlier_than {start}",
    "link.malformed": "expected a task id, optionally followed by a space, FS, SS, FF or SF and "
    'a signed lag in whole working days (such as "B SS+2"), found "{found}"',
    "link.unknown_task": 'predecessor "{found}" is not an id in tasks.csv',
    "link.self": 'task "{found}" cannot be its own predecessor',
    "link.duplicate": 'predecessor "{found}" is listed more than once',
    "link.cycle": "the task links form a loop: {cycle}",
    "parent.unknown": 'parent "{found}" is not an id in tasks.csv',
    "parent.self": 'task "{found}" cannot be its own parent',
    "parent.cycle": "the parent links form a loop: {cycle}",
    "wbs.duplicate": 'duplicate WBS code "{found}" (first used on row {first_row})',
    "link.summary_descendant": 'task "{found}" cannot be linked to its own summary task '
    '"{summary}"',
    # risks.csv and the risk: / simulation: settings
    "risk.value.empty": "expected a value, found an empty cell",
    "risk.level.invalid": 'expected a whole level from 1 to {levels}, found "{found}"',
    "risk.probability.invalid": "expected a level from 1 to {levels} or a percentage such as "
    '"35%", found "{found}"',
    "risk.type.invalid": 'expected threat or opportunity, found "{found}"',
    "risk.strategy.invalid": 'expected one of {expected}, found "{found}"',
    "risk.status.invalid": 'expected open, monitoring, occurred or closed, found "{found}"',
    "risk.schedule.incomplete": "expected all three of schedule_min, schedule_most_likely, "
    "schedule_max or none, found only {given}",
    "risk.schedule.order": "expected schedule_min <= schedule_most_likely <= schedule_max, "
    "found {schedule_min} / {schedule_most_likely} / {schedule_max}",
    "risk.task.unknown": 'task "{found}" is not an id in tasks.csv',
    "risk.task.summary": 'task "{found}" is a summary task; link the tasks under it instead',
    "risk.residual.higher": 'expected a residual level no higher than the current {current} of a threat, found "{found}"',
    "risk.due_before_raised": "{found} is before the risk was raised ({raised})",
    "risk.tasks.missing": "a schedule impact needs the ids of the tasks it delays",
    "settings.scale.invalid": 'expected a whole number of levels from 2 to 10, found "{found}"',
    "settings.probability.invalid": "expected {levels} chances between 0 and 1, rising, found "
    "{found}",
    "settings.bands.invalid": "expected medium, high and critical scores, rising, found {found}",
    "settings.distribution.invalid": 'expected pert, triangular or uniform, found "{found}"',
    "settings.correlation.invalid": "expected a coefficient from 0 to 1, or by: COLUMN with "
    "coefficient: NUMBER, found {found}",
    # charts
    "gantt.title": "Schedule",
    "gantt.axis": "Date",
    "gantt.critical": "Critical task",
    "gantt.normal": "Task with float",
    "gantt.summary": "Phase (summary)",
    "gantt.done": "Done",
    "gantt.baseline": "Baseline",
    "gantt.float": "Total float",
    "gantt.milestone": "Milestone",
    "gantt.status_date": "Status date {date}",
    "gantt.hover": "<b>{name}</b> ({id})<br>{start} to {finish}, {days} working days<br>"
    "Float {float} days, {percent:.0f}% done",
    "heatmap.title": "Risk matrix: open risks by probability and impact",
    "heatmap.impact": "Impact",
    "heatmap.probability": "Probability",
    "heatmap.hover": "Probability {probability} x impact {impact} = {score} ({rating})<br>{ids}",
    "risk.deadline_line": "Deadline {date}",
    "scurve.title": "Chance of finishing by each date ({iterations} simulated schedules)",
    "scurve.series": "Chance of finishing by",
    "scurve.hover": "%{y:.0f}% by %{x|%Y-%m-%d}<extra></extra>",
    "scurve.xaxis": "Project finish",
    "scurve.yaxis": "Chance of finishing by then",
    "histogram.title": "Spread of the project finish",
    "histogram.series": "Share of runs",
    "histogram.hover": "%{y:.1f}% of runs finish at about %{x:.0f} working days<extra></extra>",
    "histogram.xaxis": "Project finish (working days from the start)",
    "histogram.yaxis": "Share of simulated schedules",
    "tornado.title": "What drives the finish: rank correlation of task duration with finish",
    "tornado.series": "Sensitivity",
    "tornado.label": "{s:+.2f} (critical {c:.0f}%)",
    "tornado.xaxis": "Sensitivity (Spearman rank correlation)",
    # report notebooks
    "table.empty": "_None._",
    "report.subtitle": "{customer_part}Project manager: {manager} · Status date: {status_date} · "
    "Report language: English",
    "report.customer": "Customer: {customer} · ",
    "report.none": "not set",
    "report.schedule.title": "# Schedule report: {name}",
    "report.schedule.headline": "The project runs from **{start}** to a forecast finish of "
    "**{finish}** ({duration} working days). {done} of {tasks} tasks are finished and "
    "{in_progress} in progress; {critical} open tasks are on the critical path.",
    "report.schedule.baseline": " Against the baseline finish of {baseline} the forecast is "
    "**{variance:+d} working days**.",
    "report.schedule.deadline_ok": " The deadline {deadline} leaves **{float} working days** of "
    "float.",
    "report.schedule.deadline_late": " The forecast misses the deadline {deadline} by "
    "**{late} working days**.",
    "report.schedule.gantt": "## Gantt chart\nBars run from start to finish; red tasks are on the "
    "critical path, grey bars underneath show the baseline, dotted lines the float a task has, "
    "dark inner bars the share done.",
    "report.schedule.milestones": "## Milestones in the next 90 days",
    "report.schedule.slippage": "## Slippage against the baseline\nTasks finishing later than "
    "planned, in working days, worst first.",
    "report.schedule.critical": "## Open critical tasks\nAny day lost on these tasks moves the "
    "finish.",
    "trend.new": "new",
    "trend.removed": "removed",
    "trend.closed": "closed",
    "trend.reopened": "reopened",
    "trend.up": "score up",
    "trend.down": "score down",
    "trend.same": "unchanged",
    "strategy.avoid": "avoid",
    "strategy.mitigate": "mitigate",
    "strategy.transfer": "transfer",
    "strategy.accept": "accept",
    "strategy.escalate": "escalate",
    "strategy.exploit": "exploit",
    "strategy.enhance": "enhance",
    "strategy.share": "share",
    "risk.type.threat": "threat",
    "risk.type.opportunity": "opportunity",
    "col.id": "ID",
    "col.name": "Task",
    "col.start": "Start",
    "col.finish": "Finish",
    "col.baseline_finish": "Baseline finish",
    "col.finish_variance": "Finish slip (days)",
    "col.start_variance": "Start slip (days)",
    "col.total_float": "Float (days)",
    "col.critical": "Critical",
    "col.status": "Status",
    "col.duration": "Days",
    "col.owner": "Owner",
    "col.percent_complete": "% done",
    "col.title": "Risk",
    "col.rating": "Rating",
    "col.score": "Score",
    "col.probability": "P",
    "col.impact": "I",
    "col.emv": "EMV",
    "col.strategy": "Strategy",
    "col.response": "Response",
    "col.response_due": "Due",
    "col.days_overdue": "Days overdue",
    "col.change": "Change",
    "col.score_before": "Score before",
    "col.score_after": "Score now",
    "col.criticality": "Critical in",
    "col.sensitivity": "Sensitivity",
    "status.not_started": "not started",
    "status.in_progress": "in progress",
    "status.finished": "finished",
    "report.risks.title": "# Risk report: {name}",
    "report.risks.headline": "**{open} open risks**: {critical} critical, {high} high, "
    "{medium} medium, {low} low. Expected monetary value of open threats "
    "**{emv} {currency}**; {overdue} responses are overdue at the status date.",
    "report.risks.matrix": "## Probability x impact\nEach cell counts the open risks with that "
    "probability and impact; the colour is the rating of its score.",
    "report.risks.top": "## Top risks\nOpen risks by score, then expected monetary value.",
    "report.risks.overdue": "## Responses overdue\nOpen risks whose response was due before the "
    "status date.",
    "report.risks.trend": "## Change since {date}",
    "report.risks.no_trend": "## Change since the last review\n_No earlier copy of the register "
    "in history/ to compare with._",
    "report.risks.schedule": "## Schedule risk\n{iterations} simulated schedules (seed {seed}) "
    "with three-point estimates and the risk events: the project finishes by **{p50}** with "
    "even chances and by **{p80}** with 80% confidence (P90 {p90}); the plan without "
    "uncertainty finishes {planned}.",
    "report.risks.deadline": " The chance of meeting the deadline {deadline} is **{probability}%**"
    " (PERT normal approximation from the estimates alone, without risk events or merge bias: "
    "{pert}%).",
    "report.risks.drivers": "## What drives the finish\nTasks whose duration most moves the "
    "finish, with how often they were critical.",
    "report.risks.scurve_note": "The S-curve reads as the chance of finishing by a date.",
    # editors
    "editor.schedule_title": "Edit tasks: change a duration or the predecessors, press Apply to see the finish move, Save to write tasks.csv",
    "editor.risk_title": "Edit the risk register: pick a risk or add one, then Save to write risks.csv",
    "editor.task": "Task",
    "editor.duration": "Days",
    "editor.predecessors": "Predecessors",
    "editor.apply": "Apply (what-if)",
    "editor.save": "Save",
    "editor.finish": "Forecast finish {finish} ({delta:+d} working days against the saved plan)",
    "editor.saved": "Saved {file} at {time}",
    "editor.risk": "Risk",
    "editor.type": "Type",
    "editor.new_risk": "New risk",
    # CLI and output
    "cli.invalid_project": "{path}: {count} problem(s); nothing was written",
    "cli.ok": "{path}: OK ({tasks} tasks)",
    "cli.created": "Created {path}. Edit project.yaml and tasks.csv, then run: "
    "pmtools check {path}",
    "cli.usage_error": "{message}",
    "table.id": "ID",
    "table.name": "Task",
    "table.duration": "Days",
    "table.start": "Start",
    "table.finish": "Finish",
    "table.total_float": "Float",
    "table.free_float": "Free",
    "table.critical": "Critical",
    "simulate.heading": "{name}: {iterations} simulated schedules (seed {seed}, {distribution}, "
    "correlation {correlation})",
    "simulate.deterministic": "Planned finish without uncertainty: {days:.0f} working days",
    "simulate.percentile": "Confidence",
    "simulate.days": "Working days",
    "simulate.finish": "Finish by",
    "simulate.mean": "Mean {mean:.1f} working days, standard deviation {std:.1f}",
    "simulate.deadline": "Chance of finishing by the deadline {deadline}: {probability:.0f}%",
    "simulate.task_deadline": "Chance {id} {name} finishes by {deadline}: {probability:.0f}%",
    "simulate.drivers": "Tasks that drive the finish (critical in % of runs; sensitivity = rank "
    "correlation of duration with finish):",
    "simulate.criticality": "Critical",
    "simulate.sensitivity": "Sensitivity",
    "simulate.risks": "Risk events simulated: {ids}",
    "simulate.pert": "PERT normal approximation (estimates only, no risk events; ignores merge "
    "bias): {expected:.1f} ± {std:.1f} working days",
    "simulate.pert_deadline": "; chance of meeting the deadline {probability:.0f}%",
    "risk.rating.low": "Low",
    "risk.rating.medium": "Medium",
    "risk.rating.high": "High",
    "risk.rating.critical": "Critical",
    "risk.probability.5.1": "Rare",
    "risk.probability.5.2": "Unlikely",
    "risk.probability.5.3": "Possible",
    "risk.probability.5.4": "Likely",
    "risk.probability.5.5": "Almost certain",
    "risk.impact.5.1": "Negligible",
    "risk.impact.5.2": "Minor",
    "risk.impact.5.3": "Moderate",
    "risk.impact.5.4": "Major",
    "risk.impact.5.5": "Severe",
    "risk.level": "Level {level}",
    "schedule.summary": "{name}: {start} to {finish}, {duration} working days; "
    "{critical} critical task(s), marked *",
}
