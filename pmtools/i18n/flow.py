"""Messages of Kanban flow (workitems.csv, transitions.csv, board:) and of tracker imports."""

from __future__ import annotations

EN: dict[str, str] = {
    # board: in project.yaml
    "flow.board.not_mapping": "expected columns, started and done keys, found {found}",
    "flow.board.unknown_key": "unknown key {found}; known: columns, started, done",
    "flow.board.columns.invalid": "expected a list of at least two columns, each "
    "{{name: ..., statuses: [...]}}, found {found}",
    "flow.board.column.not_mapping": "expected a column as {{name: ..., statuses: [...], wip: ..., "
    "active: ...}}, found {found}",
    "flow.board.column.unknown_key": "unknown key {found}; known: name, statuses, wip, active",
    "flow.board.column.name": "expected a column name, found {found}",
    "flow.board.column.duplicate": 'column "{found}" is already column {first} of the board',
    "flow.board.column.unknown": 'expected one of the column names {expected}, found "{found}"',
    "flow.board.status.invalid": 'expected a status text, found "{found}"',
    "flow.board.status.duplicate": 'status "{found}" is in two columns, "{first}" and "{second}"',
    "flow.board.wip.invalid": 'expected a WIP limit as a whole number >= 1, found "{found}"',
    "flow.board.active.invalid": 'expected true or false, found "{found}"',
    "flow.board.order": 'the started column "{started}" must be left of the done column "{done}"',
    # workitems.csv and transitions.csv
    "flow.value.empty": "expected a value, found an empty cell",
    "flow.date.invalid": 'expected a date YYYY-MM-DD or YYYY-MM-DD HH:MM, found "{found}"',
    "flow.done_before_started": "done {done} is before started {started}",
    "flow.parent.unknown": 'parent "{found}" is not an id in workitems.csv',
    "flow.parent.self": 'item "{found}" cannot be its own parent',
    "flow.reference.unknown": '"{found}" is not an id in {file}',
    "flow.status.unknown": 'status "{found}" is in no column of the board ({columns}); add it to '
    "a column's statuses under board: in project.yaml",
    "flow.transition.unknown_item": 'item "{found}" is not an id in workitems.csv',
    "flow.transition.last_status": 'the last transition of "{item}" leads to "{found}", but its '
    'status in workitems.csv is "{status}", in another column of the board',
    # tracker exports
    "tracker.encoding": "expected text in UTF-8 (with or without BOM), UTF-16 or GB18030, "
    "found bytes in none of them; save the export as CSV UTF-8",
    "tracker.xls": "old Excel files (.xls) cannot be read; save the export as .xlsx or CSV",
    "tracker.xlsx.invalid": "cannot read the Excel file: {reason}",
    "tracker.format.unknown": "cannot tell which tracker wrote this export (expected Jira, "
    "PingCode or Worktile headers; the header has: {header}); describe it with --mapping",
    "tracker.column.missing": "the export has no column for {column}; expected one of: {expected}",
    "tracker.column.absent": 'the export has no column "{found}" (named in the mapping)',
    "tracker.row.wide": "the row has {cells} cells, more than the header; the extra cells "
    "were ignored",
    "tracker.id.empty": "expected an id, found an empty cell; the row was left out",
    "tracker.id.invalid": 'expected an id without spaces, commas or semicolons, found "{found}"; '
    "the row was left out",
    "tracker.id.duplicate": 'duplicate id "{found}" (first on row {first_row}); the row was '
    "left out",
    "tracker.value.empty": "expected a value, found an empty cell",
    "tracker.date.invalid": "expected a date such as 2026-11-05 14:30, 2026/11/05, "
    '05/Nov/26 2:30 PM or 2026年11月5日, found "{found}"; left empty (for other formats set '
    "date_format in the mapping)",
    "tracker.points.invalid": 'expected story points as a number >= 0, found "{found}"; left empty',
    "tracker.type.unknown": "expected an item type such as Story, Task, Bug or Epic, found "
    '"{found}"; left empty (a story); name it under types: in the mapping',
    "tracker.status.unknown": 'status "{found}" is in no column of the board ({columns}); add '
    "it to the board or map it under statuses: in the mapping",
    "tracker.parent.unknown": 'parent "{found}" is not an item of this export; left empty',
    "tracker.note.unread": '{column} was "{found}"',
    "tracker.mapping.not_mapping": "expected keys with values (id: ..., title: ...), found {found}",
    "tracker.mapping.unknown_key": "unknown key {found}; known: {known}",
    "tracker.mapping.preset": 'expected one of {known}, found "{found}"',
    "tracker.mapping.header": "expected an export header or a list of headers, found {found}",
    "tracker.mapping.pairs": "expected pairs of texts (tracker value: our value), found {found}",
    "tracker.mapping.type": 'type "{tracker}" maps to "{found}"; expected story, task, bug or epic',
    "tracker.mapping.date_format": 'expected a strptime format such as "%d.%m.%Y %H:%M", '
    'found "{found}"',
}

ZH: dict[str, str] = {
    "flow.board.not_mapping": "应包含 columns、started 和 done 键，实际为 {found}",
    "flow.board.unknown_key": "未知的键 {found}；可用的键：columns、started、done",
    "flow.board.columns.invalid": "应为至少两列的列表，每列写作 {{name: ..., statuses: [...]}}，"
    "实际为 {found}",
    "flow.board.column.not_mapping": "每列应写作 {{name: ..., statuses: [...], wip: ..., "
    "active: ...}}，实际为 {found}",
    "flow.board.column.unknown_key": "未知的键 {found}；可用的键：name、statuses、wip、active",
    "flow.board.column.name": "应填写列名，实际为 {found}",
    "flow.board.column.duplicate": "列“{found}”已是看板的第 {first} 列",
    "flow.board.column.unknown": "应为列名 {expected} 之一，实际为“{found}”",
    "flow.board.status.invalid": "应为状态文本，实际为“{found}”",
    "flow.board.status.duplicate": "状态“{found}”同时出现在“{first}”和“{second}”两列",
    "flow.board.wip.invalid": "WIP 上限应为 >= 1 的整数，实际为“{found}”",
    "flow.board.active.invalid": "应为 true 或 false，实际为“{found}”",
    "flow.board.order": "开始列“{started}”必须位于完成列“{done}”的左侧",
    "flow.value.empty": "应填写内容，实际为空",
    "flow.date.invalid": "应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 格式的日期，实际为“{found}”",
    "flow.done_before_started": "完成日期 {done} 早于开始日期 {started}",
    "flow.parent.unknown": "父工作项“{found}”不是 workitems.csv 中的编号",
    "flow.parent.self": "工作项“{found}”不能是自己的父工作项",
    "flow.reference.unknown": "“{found}”不是 {file} 中的编号",
    "flow.status.unknown": "状态“{found}”不在看板的任何一列（{columns}）；请在 project.yaml 的 "
    "board: 中把它加入某一列的 statuses",
    "flow.transition.unknown_item": "工作项“{found}”不是 workitems.csv 中的编号",
    "flow.transition.last_status": "工作项“{item}”的最后一次流转到“{found}”，但它在 workitems.csv "
    "中的状态是“{status}”，位于看板的另一列",
    "tracker.encoding": "应为 UTF-8（可带 BOM）、UTF-16 或 GB18030 编码的文本，但都无法解码；"
    "请将导出文件另存为 CSV UTF-8",
    "tracker.xls": "无法读取旧版 Excel 文件（.xls）；请另存为 .xlsx 或 CSV",
    "tracker.xlsx.invalid": "无法读取 Excel 文件：{reason}",
    "tracker.format.unknown": "无法判断导出文件来自哪个工具（应为 Jira、PingCode 或 Worktile 的"
    "标题行；现有标题：{header}）；请用 --mapping 说明各列",
    "tracker.column.missing": "导出文件中没有 {column} 对应的列；应为以下之一：{expected}",
    "tracker.column.absent": "导出文件中没有映射文件所写的列“{found}”",
    "tracker.row.wide": "该行有 {cells} 个单元格，多于标题行；多出的单元格已忽略",
    "tracker.id.empty": "应填写编号，实际为空；该行未导入",
    "tracker.id.invalid": "编号不能包含空格、逗号或分号，实际为“{found}”；该行未导入",
    "tracker.id.duplicate": "编号“{found}”重复（首次出现在第 {first_row} 行）；该行未导入",
    "tracker.value.empty": "应填写内容，实际为空",
    "tracker.date.invalid": "应为日期，如 2026-11-05 14:30、2026/11/05、05/Nov/26 2:30 PM 或 "
    "2026年11月5日，实际为“{found}”；已留空（其他格式请在映射文件中设置 date_format）",
    "tracker.points.invalid": "故事点应为 >= 0 的数字，实际为“{found}”；已留空",
    "tracker.type.unknown": "工作项类型应为 Story、Task、Bug 或 Epic 等，实际为“{found}”；"
    "已留空（按 story 处理）；可在映射文件的 types: 中指定",
    "tracker.status.unknown": "状态“{found}”不在看板的任何一列（{columns}）；请把它加入看板，"
    "或在映射文件的 statuses: 中映射",
    "tracker.parent.unknown": "父工作项“{found}”不在本次导出的工作项中；已留空",
    "tracker.note.unread": "{column} 原为“{found}”",
    "tracker.mapping.not_mapping": "应为键值对（id: ...、title: ...），实际为 {found}",
    "tracker.mapping.unknown_key": "未知的键 {found}；可用的键：{known}",
    "tracker.mapping.preset": "应为 {known} 之一，实际为“{found}”",
    "tracker.mapping.header": "应为导出文件的列名或列名列表，实际为 {found}",
    "tracker.mapping.pairs": "应为成对的文本（工具中的值: 本工具的值），实际为 {found}",
    "tracker.mapping.type": "类型“{tracker}”映射为“{found}”；应为 story、task、bug 或 epic",
    "tracker.mapping.date_format": "应为 strptime 格式，如“%d.%m.%Y %H:%M”，实际为“{found}”",
}
