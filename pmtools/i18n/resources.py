"""Messages of resource management: resources.csv, allocation, levelling and its report."""

from __future__ import annotations

EN: dict[str, str] = {
    "portfolio.report.resources": "resources",
    # resources.csv and the names tasks.csv assigns
    "resource.name.empty": "expected a resource name, found an empty cell",
    "resource.name.invalid": 'expected a name without ";", "[" or "]" (tasks.csv could not '
    'assign it), found "{found}"',
    "resource.name.duplicate": 'duplicate resource "{found}" (first listed on row {first_row})',
    "resource.capacity.zero": "expected units per working day above 0 (1 = one full-time "
    'person), found "{found}"',
    "resource.leave.invalid": "expected dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD "
    'separated by ";" (first day not after the last), found "{found}"',
    "resource.unknown": 'resource "{found}" is not a name in resources.csv',
    "resource.unknown_close": 'resource "{found}" is not a name in resources.csv; did you mean '
    '"{suggestion}"?',
    "resource.priority.invalid": "expected a priority as a whole number from 0 to 1000 "
    '(500 = normal), found "{found}"',
    # pmtools level
    "level.summary": "Levelled finish {finish} (unlevelled {before}): {delay} working day(s) later",
    "level.summary_same": "Levelled finish {finish}, the same as unlevelled",
    "level.proven": "Proven optimal: earliest finish, then least delay ({method}, {seconds} s)",
    "level.finish_proven": "The finish is proven the earliest possible; the delays are the "
    "least found, not proven ({method}, {seconds} s)",
    "level.not_proven": "Best plan found in the time limit, not proven optimal ({method}, "
    "{seconds} s)",
    "level.note.no_solver": "Levelled by the heuristic; pip install 'pmtools[level]' enables "
    "proven-optimal levelling",
    "level.note.too_large": "Levelled by the heuristic: the network is too large for the exact "
    "solver",
    "level.moved": "Delayed by levelling ({count} tasks):",
    "level.conflicts": "Over-allocations left ({count} resource-days):",
    "level.saved": "tasks.csv: start_no_earlier_than written for {count} task(s); "
    "pmtools schedule now shows the levelled plan",
    "level.table.id": "ID",
    "level.table.name": "Task",
    "level.table.before": "Start before",
    "level.table.after": "Start after",
    "level.table.delay": "Delay (days)",
    "level.table.resource": "Resource",
    "level.table.date": "Date",
    "level.table.load": "Load / capacity",
    "level.table.tasks": "Tasks",
    # the status report's attention items
    "resources.attention": "{resource} is over-allocated on {days} working day(s) from {first} "
    "(up to {load} of {capacity} units): {tasks}",
    "resources.attention_leave": "{resource} is on leave on {days} working day(s) from {first} "
    "but assigned to {tasks}",
    # the resources report
    "report.resources.title": "# Resources report: {name}",
    "report.resources.headline": "**{resources} resources** carry **{allocated} unit-days** of "
    "work in this plan (one unit-day = one full-time person for one working day), **{share} %** "
    "of the capacity they have from the start to the finish.",
    "report.resources.ahead": " **{count} over-allocation(s)** lie after the status date "
    "{date}, over {days} resource-days; the first starts on {first} ({resource}).",
    "report.resources.none_ahead": " No resource is over-allocated after the status date {date}.",
    "report.resources.cost": " Resource cost at the day rates of resources.csv: **{amount}**.",
    "report.resources.no_rates": " resources.csv gives no day rates, so there is no resource "
    "cost to show.",
    "report.resources.undeclared": " The project has no resources.csv: every name tasks.csv "
    "assigns counts as one full-time person, without leave or day rate.",
    "report.resources.levelled": " Levelled, the plan finishes on **{finish}** instead of "
    "{before}: **{delay} working day(s) later**, with {moved} task(s) delayed.",
    "report.resources.levelled_same": " Levelled, the plan still finishes on **{finish}**, with "
    "{moved} task(s) delayed within their float.",
    "report.resources.heatmap": "## Allocation by week\nEach cell is a person or team in a week: "
    "the share of their capacity that week the plan uses (leave and holidays left out). A red "
    "triangle marks a week with at least one working day over capacity.",
    "report.resources.overallocations": "## Over-allocations\nEvery run of working days on which "
    "a resource has more work than capacity, with the tasks causing it. Those after the status "
    "date can still be resolved: move a task, split the work or add people.",
    "report.resources.no_overallocations": "No resource is over-allocated in this plan.",
    "report.resources.utilisation": "## Utilisation and cost\nWork assigned against capacity "
    "over the whole plan, and the cost of that work at each resource's day rate.",
    "report.resources.levelling": "## Levelled plan\nThe plan levelled so that no one is above "
    "their capacity on any working day, every link kept, work under way left where it is. "
    "Levelling looks for the earliest finish first, then for the least delay to the tasks "
    "(higher `priority` in tasks.csv is delayed last).",
    "report.resources.proven": "The levelled plan is proven optimal: no plan finishes earlier, "
    "and none with that finish delays the tasks less.",
    "report.resources.finish_proven": "The levelled finish is proven the earliest possible; the "
    "delays to the tasks are the least found, not proven.",
    "report.resources.not_proven": "The levelled plan is the best found within the time limit, "
    "not proven optimal.",
    "report.resources.moved": "### Tasks levelling delays",
    "report.resources.none_moved": "Levelling delays no task: nobody is over-allocated in the "
    "work still to do.",
    "report.resources.conflicts": "### Over-allocations left after levelling\nWork already "
    "under way keeps its dates, so an over-allocation it causes stays until the team or the "
    "plan changes.",
    "report.resources.no_conflicts": "No over-allocation is left after levelling.",
    "report.resources.no_data": "No task in tasks.csv assigns a resource, so there is no "
    "allocation to show. Fill in the `resources` column (`Li Wei[50%]; DBA[2]`) and, for "
    "capacities, leave and day rates, resources.csv.",
    # table columns
    "col.resource": "Resource",
    "col.role": "Role",
    "col.first": "From",
    "col.last": "To",
    "col.workdays": "Working days",
    "col.peak_load": "Peak load (units)",
    "col.capacity_units": "Capacity (units)",
    "col.excess": "Excess (unit-days)",
    "col.task_names": "Task names",
    "col.available": "Available (unit-days)",
    "col.allocated": "Allocated (unit-days)",
    "col.utilisation_pct": "Utilisation (%)",
    "col.over_days": "Days over capacity",
    "col.cost_rate": "Day rate ({currency})",
    "col.resource_cost": "Cost ({currency})",
    "col.start_before": "Start before",
    "col.start_after": "Start levelled",
    "col.delay_days": "Delay (working days)",
    "col.load_units": "Load (units)",
    "col.date": "Date",
    # the editor
    "editor.resource_title": "Edit resources: pick a person or team or add one, then Save to "
    "write resources.csv",
    "editor.resource_name": "Name",
    "editor.day_rate": "Day rate",
    "editor.leave": "Leave",
    "editor.new_resource": "New resource",
    "editor.unlisted_resource": "{name} (assigned in tasks.csv, not listed yet)",
    # charts
    "resources.heatmap.title": "Allocation by week (% of capacity)",
    "resources.heatmap.axis": "Week starting",
    "resources.heatmap.scale": "% of capacity",
    "resources.heatmap.over": "over capacity on at least one day",
    "resources.heatmap.hover": "{resource}, week of {week}<br>{allocated} of {available} "
    "unit-days ({share})<br>days over capacity: {over}",
    "resources.utilisation.title": "Utilisation over the plan",
    "resources.utilisation.axis": "Work assigned (% of capacity)",
    "resources.utilisation.full": "100 % = fully booked",
    "resources.utilisation.bar": "utilisation",
    "resources.utilisation.over": "with days over capacity",
    "resources.cost.title": "Resource cost at day rates",
    "resources.cost.axis": "Cost ({currency})",
    "resources.cost.bar": "cost",
    "resources.gantt.title": "Levelled against unlevelled plan: finish {delay} working day(s) "
    "later",
    "resources.gantt.title_same": "Levelled against unlevelled plan: same finish",
    "resources.gantt.before": "unlevelled",
    "resources.gantt.after": "levelled",
    "resources.gantt.moved": "levelled, delayed",
    "resources.gantt.axis": "Date",
    "resources.gantt.finish_before": "unlevelled finish {date}",
    "resources.gantt.finish_after": "levelled finish {date}",
    "resources.gantt.hover": "{id} {name}<br>{start} to {finish}",
}

ZH: dict[str, str] = {
    "portfolio.report.resources": "资源",
    "resource.name.empty": "应填写资源名称，实际为空",
    "resource.name.invalid": "名称中不能有“;”“[”“]”（tasks.csv 无法分配），实际为“{found}”",
    "resource.name.duplicate": "资源“{found}”重复（首次出现在第 {first_row} 行）",
    "resource.capacity.zero": "每个工作日的可用单位应大于 0（1 = 一名全职人员），实际为“{found}”",
    "resource.leave.invalid": "应为以“;”分隔的日期 YYYY-MM-DD 或区间 YYYY-MM-DD..YYYY-MM-DD"
    "（起始日不晚于结束日），实际为“{found}”",
    "resource.unknown": "资源“{found}”不是 resources.csv 中的名称",
    "resource.unknown_close": "资源“{found}”不是 resources.csv 中的名称；是否应为“{suggestion}”？",
    "resource.priority.invalid": "优先级应为 0 到 1000 的整数（500 = 普通），实际为“{found}”",
    "level.summary": "资源平衡后完成日期 {finish}（平衡前 {before}）：推迟 {delay} 个工作日",
    "level.summary_same": "资源平衡后完成日期 {finish}，与平衡前相同",
    "level.proven": "已证明最优：完成最早，其次推迟最少（{method}，{seconds} 秒）",
    "level.finish_proven": "完成日期已证明为最早；各任务的推迟为找到的最少值，未证明最优"
    "（{method}，{seconds} 秒）",
    "level.not_proven": "时间限制内找到的最佳计划，未证明最优（{method}，{seconds} 秒）",
    "level.note.no_solver": "由启发式算法完成资源平衡；pip install 'pmtools[level]' "
    "后可得到经证明的最优平衡",
    "level.note.too_large": "由启发式算法完成资源平衡：网络过大，精确求解器无法在时限内求解",
    "level.moved": "因资源平衡而推迟的任务（{count} 个）：",
    "level.conflicts": "仍然超负荷（{count} 个资源日）：",
    "level.saved": "tasks.csv：已为 {count} 个任务写入 start_no_earlier_than；"
    "pmtools schedule 现在显示资源平衡后的计划",
    "level.table.id": "编号",
    "level.table.name": "任务",
    "level.table.before": "原开始",
    "level.table.after": "平衡后开始",
    "level.table.delay": "推迟（工作日）",
    "level.table.resource": "资源",
    "level.table.date": "日期",
    "level.table.load": "负荷 / 可用",
    "level.table.tasks": "任务",
    "resources.attention": "{resource} 自 {first} 起有 {days} 个工作日超负荷"
    "（最高 {load} / 可用 {capacity} 个单位）：{tasks}",
    "resources.attention_leave": "{resource} 自 {first} 起有 {days} 个工作日休假，"
    "但仍被分配到：{tasks}",
    "report.resources.title": "# 资源报告：{name}",
    "report.resources.headline": "本计划中 **{resources} 个资源**共承担 **{allocated} 个人日**"
    "的工作（1 个人日 = 一名全职人员工作一个工作日），占其从开始到完成可用能力的 **{share}%**。",
    "report.resources.ahead": "状态日期 {date} 之后有 **{count} 处超负荷**，共 {days} 个资源日；"
    "最早一处从 {first} 开始（{resource}）。",
    "report.resources.none_ahead": "状态日期 {date} 之后没有资源超负荷。",
    "report.resources.cost": "按 resources.csv 中的日费率计算的资源成本：**{amount}**。",
    "report.resources.no_rates": "resources.csv 未填写日费率，因此无法显示资源成本。",
    "report.resources.undeclared": "项目没有 resources.csv：tasks.csv 中分配的每个名称都按一名全职"
    "人员计算，没有休假和日费率。",
    "report.resources.levelled": "资源平衡后，计划完成日期为 **{finish}**（原为 {before}）："
    "**推迟 {delay} 个工作日**，{moved} 个任务被推迟。",
    "report.resources.levelled_same": "资源平衡后，计划仍于 **{finish}** 完成，"
    "{moved} 个任务在其浮动时间内推迟。",
    "report.resources.heatmap": "## 按周分配\n每个格子是某人或某团队在某一周：计划占用其当周"
    "可用能力的比例（已扣除休假和节假日）。红色三角表示该周至少有一个工作日超负荷。",
    "report.resources.overallocations": "## 超负荷\n资源工作量超过可用能力的每一段连续工作日，"
    "以及造成超负荷的任务。状态日期之后的仍可解决：调整任务、拆分工作或增加人手。",
    "report.resources.no_overallocations": "本计划中没有资源超负荷。",
    "report.resources.utilisation": "## 利用率与成本\n整个计划期间分配的工作量与可用能力之比，"
    "以及按各资源日费率计算的成本。",
    "report.resources.levelling": "## 资源平衡后的计划\n平衡后任何人在任何工作日都不超过其可用"
    "能力，所有链接保持不变，进行中的工作保持原日期。资源平衡首先追求最早完成，其次使任务推迟最少"
    "（tasks.csv 中 `priority` 越高越晚被推迟）。",
    "report.resources.proven": "平衡后的计划已证明最优：没有更早完成的计划，在该完成日期下也没有"
    "推迟更少的计划。",
    "report.resources.finish_proven": "平衡后的完成日期已证明为最早；任务的推迟为找到的最少值，"
    "未证明最优。",
    "report.resources.not_proven": "平衡后的计划是时间限制内找到的最佳计划，未证明最优。",
    "report.resources.moved": "### 因资源平衡而推迟的任务",
    "report.resources.none_moved": "资源平衡没有推迟任何任务：剩余工作中没有人超负荷。",
    "report.resources.conflicts": "### 资源平衡后仍然存在的超负荷\n进行中的工作保持原日期，"
    "由其造成的超负荷要等团队或计划调整后才能消除。",
    "report.resources.no_conflicts": "资源平衡后没有剩余的超负荷。",
    "report.resources.no_data": "tasks.csv 中没有任务分配资源，因此没有可显示的分配。请填写 "
    "`resources` 列（如 `李伟[50%]; DBA[2]`），并在 resources.csv 中填写可用能力、休假和日费率。",
    "col.resource": "资源",
    "col.role": "角色",
    "col.first": "起",
    "col.last": "止",
    "col.workdays": "工作日",
    "col.peak_load": "最高负荷（单位）",
    "col.capacity_units": "可用（单位）",
    "col.excess": "超出（人日）",
    "col.task_names": "任务名称",
    "col.available": "可用（人日）",
    "col.allocated": "已分配（人日）",
    "col.utilisation_pct": "利用率（%）",
    "col.over_days": "超负荷天数",
    "col.cost_rate": "日费率（{currency}）",
    "col.resource_cost": "成本（{currency}）",
    "col.start_before": "原开始",
    "col.start_after": "平衡后开始",
    "col.delay_days": "推迟（工作日）",
    "col.load_units": "负荷（单位）",
    "col.date": "日期",
    "editor.resource_title": "编辑资源：选择人员或团队或新增，然后点击保存写入 resources.csv",
    "editor.resource_name": "名称",
    "editor.day_rate": "日费率",
    "editor.leave": "休假",
    "editor.new_resource": "新资源",
    "editor.unlisted_resource": "{name}（tasks.csv 中已分配，尚未列出）",
    "resources.heatmap.title": "按周分配（占可用能力的百分比）",
    "resources.heatmap.axis": "周（起始日）",
    "resources.heatmap.scale": "占可用能力 %",
    "resources.heatmap.over": "至少一天超负荷",
    "resources.heatmap.hover": "{resource}，{week} 当周<br>{allocated} / {available} 人日"
    "（{share}）<br>超负荷天数：{over}",
    "resources.utilisation.title": "计划期间的利用率",
    "resources.utilisation.axis": "分配的工作（占可用能力 %）",
    "resources.utilisation.full": "100% = 满负荷",
    "resources.utilisation.bar": "利用率",
    "resources.utilisation.over": "有超负荷的日子",
    "resources.cost.title": "按日费率计算的资源成本",
    "resources.cost.axis": "成本（{currency}）",
    "resources.cost.bar": "成本",
    "resources.gantt.title": "资源平衡前后的计划：完成日期推迟 {delay} 个工作日",
    "resources.gantt.title_same": "资源平衡前后的计划：完成日期不变",
    "resources.gantt.before": "平衡前",
    "resources.gantt.after": "平衡后",
    "resources.gantt.moved": "平衡后（已推迟）",
    "resources.gantt.axis": "日期",
    "resources.gantt.finish_before": "平衡前完成 {date}",
    "resources.gantt.finish_after": "平衡后完成 {date}",
    "resources.gantt.hover": "{id} {name}<br>{start} 至 {finish}",
}
