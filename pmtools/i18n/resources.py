"""Messages of resource management: resources.csv, allocation, levelling and its report."""

from __future__ import annotations

EN: dict[str, str] = {
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
}

ZH: dict[str, str] = {
    "resource.name.empty": "应填写资源名称，实际为空",
    "resource.name.invalid": "名称中不能有“;”“[”“]”（tasks.csv 无法分配），实际为“{found}”",
    "resource.name.duplicate": "资源“{found}”重复（首次出现在第 {first_row} 行）",
    "resource.capacity.zero": "每个工作日的可用单位应大于 0（1 = 一名全职人员），实际为“{found}”",
    "resource.leave.invalid": "应为以“;”分隔的日期 YYYY-MM-DD 或区间 YYYY-MM-DD..YYYY-MM-DD"
    "（起始日不晚于结束日），实际为“{found}”",
    "resource.unknown": "资源“{found}”不是 resources.csv 中的名称",
    "resource.unknown_close": "资源“{found}”不是 resources.csv 中的名称；是否应为“{suggestion}”？",
    "resource.priority.invalid": "优先级应为 0 到 1000 的整数（500 = 普通），实际为“{found}”",
}
