"""Messages of the Excel workbook import and export and of progress updates."""

from __future__ import annotations

EN: dict[str, str] = {
    "xlsx.formula": "expected a value, found the formula {found}; type the value itself",
    "xlsx.error": "expected a value, found the error value {found}",
    "xlsx.sheet_missing": "the workbook has no sheet named project.yaml (the project's "
    "settings, one line of the file per row)",
    "xlsx.sheet_skipped": 'sheet "{sheet}" is not a project file; not imported',
    "xlsx.not_exported": "{file} is not a project file; not in the workbook",
    "xlsx.cli.imported": "Imported {file} into {dir}: {files} files, {tasks} tasks",
    "xlsx.cli.exported": "Exported {dir} to {file}: one sheet per file ({files})",
}

ZH: dict[str, str] = {
    "xlsx.formula": "应为数值，实际为公式 {found}；请直接输入数值",
    "xlsx.error": "应为数值，实际为错误值 {found}",
    "xlsx.sheet_missing": "工作簿中没有名为 project.yaml 的工作表（项目设置，每行为文件的一行）",
    "xlsx.sheet_skipped": "工作表“{sheet}”不是项目文件；未导入",
    "xlsx.not_exported": "{file} 不是项目文件；未写入工作簿",
    "xlsx.cli.imported": "已将 {file} 导入 {dir}：{files} 个文件，{tasks} 个任务",
    "xlsx.cli.exported": "已将 {dir} 导出为 {file}：每个文件一个工作表（{files}）",
}

EN.update(
    {
        "progress.cli.exported": "Wrote the progress sheet of {dir} to {file}: {tasks} open "
        "tasks; fill in percent_complete, actual_start, actual_finish or remaining and run "
        "pmtools import {file} {dir} --update",
        "progress.no_id": "expected a column id naming the task of each update",
        "progress.no_columns": "expected at least one of the columns {columns}",
        "progress.duplicate": 'task "{found}" is updated twice; its first update is on row {first}',
        "progress.unknown_task": 'expected a task id of tasks.csv, found "{found}"',
        "progress.summary_task": '"{found}" is a summary task: its progress comes from its '
        "tasks; update those",
        "progress.remaining": 'expected whole working days >= 0, found "{found}"',
        "progress.cli.none": "{file}: no changes to {dir}/tasks.csv",
        "progress.cli.heading": "Changes to {dir}/tasks.csv at status date {date}:",
        "progress.cli.ask": "Apply these {count} changes? [y/N] ",
        "progress.cli.applied": "Applied {count} changes to {dir}/tasks.csv",
        "progress.cli.merged": "Applied {count} changes to {dir}/tasks.csv (edits made to other "
        "tasks in the meantime were kept)",
        "progress.cli.not_applied": "Nothing applied.",
        "progress.cli.task": "task",
        "progress.cli.column": "column",
        "progress.cli.change": "old -> new",
    }
)
ZH.update(
    {
        "progress.cli.exported": "已将 {dir} 的进度更新表写入 {file}：{tasks} 个未完成任务；填写 "
        "percent_complete、actual_start、actual_finish 或 remaining 后运行 "
        "pmtools import {file} {dir} --update",
        "progress.no_id": "应有 id 列，指明每条更新所属的任务",
        "progress.no_columns": "应至少有以下列之一：{columns}",
        "progress.duplicate": "任务“{found}”被更新了两次；第一次在第 {first} 行",
        "progress.unknown_task": "应为 tasks.csv 中的任务编号，实际为“{found}”",
        "progress.summary_task": "“{found}”是摘要任务：其进度来自下属任务；请更新下属任务",
        "progress.remaining": "应为整数工作日 >= 0，实际为“{found}”",
        "progress.cli.none": "{file}：{dir}/tasks.csv 无需更改",
        "progress.cli.heading": "{dir}/tasks.csv 在状态日期 {date} 的更改：",
        "progress.cli.ask": "应用这 {count} 项更改？[y/N] ",
        "progress.cli.applied": "已对 {dir}/tasks.csv 应用 {count} 项更改",
        "progress.cli.merged": "已对 {dir}/tasks.csv 应用 {count} 项更改（期间对其他任务的修改已保留）",
        "progress.cli.not_applied": "未应用任何更改。",
        "progress.cli.task": "任务",
        "progress.cli.column": "列",
        "progress.cli.change": "原值 -> 新值",
    }
)

EN.update(
    {
        "report.html_title": "{report} · {project} · {date}",
        "report.no_plotly": "This chart needs plotly.min.js in the folder above this report "
        "(../plotly.min.js), where pmtools report writes it. Copy it there, or build the "
        "reports with pmtools report --standalone to have the charts inside each file.",
    }
)
ZH.update(
    {
        "report.html_title": "{report} · {project} · {date}",
        "report.no_plotly": "此图表需要本报告上一级文件夹中的 plotly.min.js（../plotly.min.js），"
        "pmtools report 会把它写在那里。请将其复制到该位置，或用 pmtools report --standalone "
        "生成报告，使图表包含在每个文件中。",
    }
)

EN["report.pdf.no_chromium"] = (
    "--pdf needs Playwright and Chromium: pip install 'pmtools[pdf]', then apt-get install "
    "chromium (or playwright install chromium)"
)
ZH["report.pdf.no_chromium"] = (
    "--pdf 需要 Playwright 和 Chromium：pip install 'pmtools[pdf]'，然后 apt-get install "
    "chromium（或 playwright install chromium）"
)

EN.update(
    {
        "report.schedule.estimates": "## Estimates to revisit\nOpen tasks whose planned duration "
        "(working days) lies outside their three-point estimate, after a re-plan or a progress "
        "update: the Monte Carlo simulation scales such an estimate to the plan until it is "
        "re-estimated.",
        "report.schedule.estimates_ok": "Every open task's planned duration lies within its "
        "three-point estimate.",
        "col.optimistic": "Optimistic",
        "col.most_likely": "Most likely",
        "col.pessimistic": "Pessimistic",
        "estimate.stale": "warning: planned {duration} working days, outside the three-point "
        "estimate {optimistic}..{pessimistic} (most likely {most_likely}); re-estimate it (until "
        "then the Monte Carlo scales the estimate to the plan)",
    }
)
ZH.update(
    {
        "report.schedule.estimates": "## 需重新估算的任务\n计划工期（工作日）超出三点估算范围的未完成"
        "任务（重新计划或进度更新之后）：在重新估算之前，蒙特卡洛模拟按计划工期缩放其估算。",
        "report.schedule.estimates_ok": "所有未完成任务的计划工期都在其三点估算范围之内。",
        "col.optimistic": "乐观",
        "col.most_likely": "最可能",
        "col.pessimistic": "悲观",
        "estimate.stale": "警告：计划 {duration} 个工作日，超出三点估算 {optimistic}..{pessimistic}"
        "（最可能 {most_likely}）；请重新估算（在此之前蒙特卡洛模拟按计划工期缩放该估算）",
    }
)

EN.update(
    {
        "editor.progress_title": "Progress at the status date: pick an open task, enter percent "
        "complete, actual dates or the working days remaining, then Save to write tasks.csv",
        "editor.progress_state": "Status date {date}: planned {duration} working days, "
        "forecast {start} to {finish}",
        "editor.progress_none": "Every task is finished: nothing to update.",
        "editor.progress_form": "progress form",
        "editor.percent": "% done",
        "editor.remaining": "Days left",
        "editor.actual_start": "Started",
        "editor.actual_finish": "Finished",
    }
)
ZH.update(
    {
        "editor.progress_title": "状态日期的进度：选择未完成的任务，填写完成百分比、实际日期或剩余"
        "工作日，然后保存写入 tasks.csv",
        "editor.progress_state": "状态日期 {date}：计划 {duration} 个工作日，预测 {start} 至 {finish}",
        "editor.progress_none": "所有任务均已完成：无需更新。",
        "editor.progress_form": "进度表单",
        "editor.percent": "完成 %",
        "editor.remaining": "剩余天数",
        "editor.actual_start": "实际开始",
        "editor.actual_finish": "实际完成",
    }
)

EN.update(
    {
        "xlsx.input.date": "expected a date",
        "xlsx.input.decimal": "expected a number from {low} to {high}",
        "xlsx.input.whole": "expected whole working days from {low} to {high}",
    }
)
ZH.update(
    {
        "xlsx.input.date": "应为日期",
        "xlsx.input.decimal": "应为 {low} 到 {high} 之间的数值",
        "xlsx.input.whole": "应为 {low} 到 {high} 之间的整数工作日",
    }
)
