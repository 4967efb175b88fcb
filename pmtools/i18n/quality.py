"""Messages of quality management (quality.csv, defects.csv, quality: in project.yaml)."""

from __future__ import annotations

EN: dict[str, str] = {
    # checks
    "quality.review.result_without_date": 'a review with the result "{result}" needs the date '
    "it took place, found an empty cell",
    "quality.defect.fixed_before_found": "fixed_on {fixed} is before found_on {found}",
    "quality.defect.fixed_without_date": 'a defect with the status "{status}" needs the date '
    "it was fixed, found an empty cell",
    "quality.requirement.unknown": '"{found}" is not an id in requirements.csv',
    "quality.work_item.unknown": '"{found}" is not an id in workitems.csv',
    "settings.quality.not_mapping": "expected a components key, found {found}",
    "settings.components.not_mapping": "expected component sizes as {{name: KLOC, ...}}, "
    'found "{found}"',
    "settings.components.size": 'expected the size of "{component}" in KLOC as a number > 0, '
    'found "{found}"',
    # status page
    "status.facts.defects": "{open} defect(s) open ({critical} critical, {major} major); "
    "found in the last two weeks: {found}, fixed: {fixed}.",
    "status.facts.critical_age": "Oldest open critical defect: {days} day(s).",
    "status.facts.reviews": "{overdue} quality review(s) overdue, {failed} failed.",
    # attention
    "quality.attention.critical": "{count} critical defect(s) open, the oldest for {days} "
    "days: {ids}",
    "quality.attention.overdue": "{count} quality review(s) overdue: {ids}",
    "quality.attention.failed": "Review {id} of {deliverable} failed on {date} and has not "
    "passed since",
    # codes
    "severity.critical": "critical",
    "severity.major": "major",
    "severity.minor": "minor",
    "severity.trivial": "trivial",
    "defect.status.open": "open",
    "defect.status.in_progress": "in progress",
    "defect.status.fixed": "fixed",
    "defect.status.closed": "closed",
    "defect.status.rejected": "rejected",
    "review.state.overdue": "overdue",
    "review.state.due": "due",
    "review.state.planned": "planned",
    "review.state.unscheduled": "no date",
    "review.state.done": "held",
    "review.result.pending": "pending",
    "review.result.pass": "pass",
    "review.result.conditional": "conditional pass",
    "review.result.fail": "fail",
    "review.type.review": "review",
    "review.type.inspection": "inspection",
    "review.type.walkthrough": "walkthrough",
    "review.type.test": "test",
    "review.type.audit": "audit",
    "review.type.acceptance": "acceptance",
    "review.type.rehearsal": "rehearsal",
    "phase.requirements": "requirements",
    "phase.design": "design",
    "phase.build": "build",
    "phase.test": "test",
    "phase.uat": "user acceptance test",
    "phase.production": "production",
    "quality.age.0_7": "0-7 days",
    "quality.age.8_14": "8-14 days",
    "quality.age.15_30": "15-30 days",
    "quality.age.over_30": "over 30 days",
    # charts
    "quality.chart.trend_title": "Defect arrival and closure (cumulative, per week)",
    "quality.chart.found_total": "Found (cumulative)",
    "quality.chart.fixed_total": "Fixed (cumulative)",
    "quality.chart.open": "Open at week end",
    "quality.chart.week_end": "Week ending",
    "quality.chart.defects": "Defects",
    "quality.chart.age_title": "Open defects by severity and age",
    "quality.chart.age_axis": "Age (calendar days since found)",
    "quality.chart.open_axis": "Open defects",
    "quality.chart.density_title": "Defect density by component",
    "quality.chart.per_kloc": "Defects per KLOC",
    "quality.chart.per_kloc_axis": "Defects per KLOC (thousand lines of code)",
    "quality.chart.density_label": "{rate} ({defects} in {kloc} KLOC)",
    # report
    "report.quality.title": "# Quality report: {name}",
    "quality.source.defects": "Defects come from defects.csv.",
    "quality.source.workitems": "Defects are the bugs of workitems.csv (the tracker's "
    "export); their priority gives the severity (Highest critical, High major, Medium minor, "
    "Low trivial) and their phase is not known.",
    "quality.source.merged": "Defects come from defects.csv and the bugs of workitems.csv "
    "that no row of defects.csv names.",
    "quality.source.none": "The project keeps no defects yet (defects.csv or bugs in "
    "workitems.csv).",
    "report.quality.defects": "By {date}, {defects} defect(s) were found (rejected ones left "
    "out); **{open} are open**: {critical} critical, {major} major, {minor} minor, {trivial} "
    "trivial.",
    "report.quality.trend": "Last week: {found} found, {fixed} fixed; more were found than "
    "fixed {weeks} week(s) in a row.",
    "report.quality.trend_ok": "Last week: {found} found, {fixed} fixed.",
    "report.quality.escaped": "{escaped} of the {known} defects with a known phase "
    "({share}) escaped to user acceptance testing or production.",
    "report.quality.reviews": "The quality plan has {reviews} review(s): {overdue} overdue, "
    "{due} due in the next 14 days, {failed} failed and not passed since.",
    "report.quality.coverage": "Of {requirements} requirements in play, {tests} have at "
    "least one test and {criteria} have acceptance criteria.",
    "report.quality.reviews_heading": "## Reviews overdue and due\nPending reviews dated "
    "before the status date (overdue) or within the next 14 days (due); days from the status "
    "date.",
    "report.quality.results_heading": "## Review results\nReviews held, newest first. A "
    "failure stands until a later review of the same deliverable passes.",
    "report.quality.trend_heading": "## Defect arrival and closure\nCumulative defects found "
    "and fixed per week ending on the status date's weekday; bars show the defects open at "
    "each week's end. Lines drawing apart mean the backlog of defects grows.",
    "report.quality.open_heading": "## Open defects by severity and age\nDefects open at the "
    "status date, by calendar days since they were found.",
    "report.quality.density_heading": "## Defect density by component\nDefects found per "
    "KLOC (sizes under `quality: components:` in project.yaml).",
    "report.quality.escaped_heading": "## Escaped defects\nDefects by the phase that found "
    "them; those found in user acceptance testing or production escaped the team's own "
    "testing.",
    "report.quality.coverage_heading": "## Requirement test coverage\nRequirements in play "
    "without a test or acceptance criteria, or with defects linked to them.",
    "report.quality.no_plan": "The project has no quality plan (quality.csv).",
    "report.quality.none_due": "No review is overdue or due in the next 14 days.",
    "report.quality.no_results": "No review has a result yet.",
    "report.quality.no_defects": "No defects recorded up to the status date.",
    "report.quality.none_open": "No defect is open at the status date.",
    "report.quality.no_components": "No defect names a component.",
    "report.quality.no_sizes": "No component sizes are given (`quality: components:` in "
    "project.yaml), so density cannot be computed; the table counts defects per component.",
    "report.quality.no_phases": "No defect records the phase that found it.",
    "report.quality.no_requirements": "The project has no requirements (requirements.csv).",
    "report.quality.coverage_full": "Every requirement in play has tests and acceptance "
    "criteria, and none has a defect.",
    # columns
    "col.review_state": "State",
    "col.deliverable": "Deliverable",
    "col.review_type": "Review",
    "col.review_date": "Date",
    "col.days_from_status": "Days",
    "col.reviewer": "Reviewer",
    "col.standard": "Standard",
    "col.result": "Result",
    "col.open_failure": "Failure standing",
    "col.metric": "Metric",
    "col.target": "Target",
    "col.notes": "Notes",
    "col.severity": "Severity",
    "col.defect_title": "Defect",
    "col.work_item": "Tracker bug",
    "col.requirement_title": "Requirement",
    "col.component": "Component",
    "col.found_on": "Found",
    "col.fixed_on": "Fixed",
    "col.age_days": "Age (days)",
    "col.defects": "Defects",
    "col.open_defects": "Open",
    "col.size_kloc": "Size (KLOC)",
    "col.per_kloc": "Per KLOC",
    "col.phase_found": "Phase found",
    "col.escaped": "Escaped",
    "col.criteria": "Acceptance criteria",
    # editor
    "editor.quality_title": "Log and close defects, record review results; Save writes "
    "defects.csv or quality.csv",
    "editor.defects_tab": "Defects",
    "editor.reviews_tab": "Reviews",
    "editor.defect": "Defect",
    "editor.new_defect": "New defect",
    "editor.review": "Review",
    "editor.new_review": "New review",
    "editor.defect_title": "Log a defect, or pick one to change or close",
    "editor.review_title": "Plan a review or record its result",
}

ZH: dict[str, str] = {
    "quality.review.result_without_date": "结论为“{result}”的评审须填写评审日期，实际为空",
    "quality.defect.fixed_before_found": "fixed_on {fixed} 早于 found_on {found}",
    "quality.defect.fixed_without_date": "状态为“{status}”的缺陷须填写修复日期，实际为空",
    "quality.requirement.unknown": "“{found}”不是 requirements.csv 中的编号",
    "quality.work_item.unknown": "“{found}”不是 workitems.csv 中的编号",
    "settings.quality.not_mapping": "应包含 components 键，实际为 {found}",
    "settings.components.not_mapping": "组件规模应写作 {{名称: KLOC, ...}}，实际为“{found}”",
    "settings.components.size": "“{component}”的规模应为大于 0 的 KLOC 数值，实际为“{found}”",
    "status.facts.defects": "未关闭缺陷 {open} 个（致命 {critical} 个，严重 {major} 个）；"
    "最近两周发现：{found}，修复：{fixed}。",
    "status.facts.critical_age": "最早的未关闭致命缺陷已 {days} 天。",
    "status.facts.reviews": "质量评审逾期 {overdue} 项，不通过 {failed} 项。",
    "quality.attention.critical": "{count} 个致命缺陷未关闭，最早的已 {days} 天：{ids}",
    "quality.attention.overdue": "{count} 项质量评审逾期：{ids}",
    "quality.attention.failed": "{deliverable} 的评审 {id} 于 {date} 不通过，此后尚未通过",
    "severity.critical": "致命",
    "severity.major": "严重",
    "severity.minor": "一般",
    "severity.trivial": "轻微",
    "defect.status.open": "新建",
    "defect.status.in_progress": "处理中",
    "defect.status.fixed": "已修复",
    "defect.status.closed": "已关闭",
    "defect.status.rejected": "已拒绝",
    "review.state.overdue": "逾期",
    "review.state.due": "到期",
    "review.state.planned": "已计划",
    "review.state.unscheduled": "无日期",
    "review.state.done": "已评审",
    "review.result.pending": "待定",
    "review.result.pass": "通过",
    "review.result.conditional": "有条件通过",
    "review.result.fail": "不通过",
    "review.type.review": "评审",
    "review.type.inspection": "检查",
    "review.type.walkthrough": "走查",
    "review.type.test": "测试",
    "review.type.audit": "审计",
    "review.type.acceptance": "验收",
    "review.type.rehearsal": "演练",
    "phase.requirements": "需求",
    "phase.design": "设计",
    "phase.build": "开发",
    "phase.test": "测试",
    "phase.uat": "用户验收测试",
    "phase.production": "生产",
    "quality.age.0_7": "0-7 天",
    "quality.age.8_14": "8-14 天",
    "quality.age.15_30": "15-30 天",
    "quality.age.over_30": "30 天以上",
    "quality.chart.trend_title": "缺陷发现与关闭（累计，按周）",
    "quality.chart.found_total": "发现（累计）",
    "quality.chart.fixed_total": "修复（累计）",
    "quality.chart.open": "周末未关闭",
    "quality.chart.week_end": "周截止日",
    "quality.chart.defects": "缺陷数",
    "quality.chart.age_title": "未关闭缺陷：按严重程度和时长",
    "quality.chart.age_axis": "时长（发现后的日历天数）",
    "quality.chart.open_axis": "未关闭缺陷数",
    "quality.chart.density_title": "各组件缺陷密度",
    "quality.chart.per_kloc": "每千行代码缺陷数",
    "quality.chart.per_kloc_axis": "每 KLOC（千行代码）缺陷数",
    "quality.chart.density_label": "{rate}（{kloc} KLOC 中 {defects} 个）",
    "report.quality.title": "# 质量报告：{name}",
    "quality.source.defects": "缺陷来自 defects.csv。",
    "quality.source.workitems": "缺陷取自 workitems.csv 中的缺陷工作项（跟踪工具导出）；"
    "严重程度由优先级换算（最高 = 致命、高 = 严重、中 = 一般、低 = 轻微），发现阶段未知。",
    "quality.source.merged": "缺陷来自 defects.csv，以及 workitems.csv 中未被 defects.csv "
    "任何行指明的缺陷工作项。",
    "quality.source.none": "项目尚未记录缺陷（defects.csv 或 workitems.csv 中的缺陷）。",
    "report.quality.defects": "截至 {date} 共发现缺陷 {defects} 个（不含已拒绝）；"
    "**未关闭 {open} 个**：致命 {critical} 个、严重 {major} 个、一般 {minor} 个、"
    "轻微 {trivial} 个。",
    "report.quality.trend": "最近一周发现 {found} 个、修复 {fixed} 个；发现多于修复已连续 "
    "{weeks} 周。",
    "report.quality.trend_ok": "最近一周发现 {found} 个、修复 {fixed} 个。",
    "report.quality.escaped": "已知发现阶段的 {known} 个缺陷中有 {escaped} 个（{share}）"
    "逃逸到用户验收测试或生产。",
    "report.quality.reviews": "质量计划共 {reviews} 项评审：逾期 {overdue} 项，未来 14 天内"
    "到期 {due} 项，不通过且尚未复审通过 {failed} 项。",
    "report.quality.coverage": "范围内 {requirements} 项需求中，{tests} 项至少有一个测试，"
    "{criteria} 项有验收标准。",
    "report.quality.reviews_heading": "## 逾期与到期的评审\n状态日期之前仍待定（逾期）或未来 "
    "14 天内（到期）的评审；天数相对状态日期。",
    "report.quality.results_heading": "## 评审结论\n已进行的评审，最新的在前。不通过的结论在"
    "同一交付物的后续评审通过前一直有效。",
    "report.quality.trend_heading": "## 缺陷发现与关闭\n按周（截止于状态日期所在的星期几）累计"
    "发现和修复的缺陷；柱形为每周末未关闭的缺陷。两条线分开说明缺陷积压在增加。",
    "report.quality.open_heading": "## 未关闭缺陷：按严重程度和时长\n状态日期时未关闭的缺陷，"
    "按发现后的日历天数分组。",
    "report.quality.density_heading": "## 各组件缺陷密度\n每 KLOC 发现的缺陷数（规模见 "
    "project.yaml 的 `quality: components:`）。",
    "report.quality.escaped_heading": "## 逃逸缺陷\n按发现阶段统计的缺陷；在用户验收测试或"
    "生产中发现的缺陷逃过了团队自己的测试。",
    "report.quality.coverage_heading": "## 需求测试覆盖\n范围内没有测试或验收标准、或关联了"
    "缺陷的需求。",
    "report.quality.no_plan": "项目没有质量计划（quality.csv）。",
    "report.quality.none_due": "没有逾期或未来 14 天内到期的评审。",
    "report.quality.no_results": "尚无评审结论。",
    "report.quality.no_defects": "截至状态日期没有记录缺陷。",
    "report.quality.none_open": "状态日期时没有未关闭的缺陷。",
    "report.quality.no_components": "没有缺陷注明所属组件。",
    "report.quality.no_sizes": "未给出组件规模（project.yaml 的 `quality: components:`），"
    "无法计算密度；表中为各组件的缺陷数。",
    "report.quality.no_phases": "没有缺陷记录发现阶段。",
    "report.quality.no_requirements": "项目没有需求（requirements.csv）。",
    "report.quality.coverage_full": "范围内每项需求都有测试和验收标准，且没有关联缺陷。",
    "col.review_state": "状态",
    "col.deliverable": "交付物",
    "col.review_type": "方式",
    "col.review_date": "日期",
    "col.days_from_status": "天数",
    "col.reviewer": "评审人",
    "col.standard": "标准",
    "col.result": "结论",
    "col.open_failure": "不通过未解决",
    "col.metric": "指标",
    "col.target": "目标",
    "col.notes": "备注",
    "col.severity": "严重程度",
    "col.defect_title": "缺陷",
    "col.work_item": "跟踪工具缺陷",
    "col.requirement_title": "需求",
    "col.component": "组件",
    "col.found_on": "发现日期",
    "col.fixed_on": "修复日期",
    "col.age_days": "时长（天）",
    "col.defects": "缺陷",
    "col.open_defects": "未关闭",
    "col.size_kloc": "规模（KLOC）",
    "col.per_kloc": "每 KLOC",
    "col.phase_found": "发现阶段",
    "col.escaped": "逃逸",
    "col.criteria": "验收标准",
    "editor.quality_title": "登记和关闭缺陷、记录评审结论；点击“保存”写入 defects.csv 或 "
    "quality.csv",
    "editor.defects_tab": "缺陷",
    "editor.reviews_tab": "评审",
    "editor.defect": "缺陷",
    "editor.new_defect": "新增缺陷",
    "editor.review": "评审",
    "editor.new_review": "新增评审",
    "editor.defect_title": "登记缺陷，或选择一个缺陷修改或关闭",
    "editor.review_title": "计划评审或记录评审结论",
}
