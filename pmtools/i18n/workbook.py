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
