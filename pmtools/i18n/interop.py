"""Messages of importing from and exporting to Microsoft Project (pmtools.interop)."""

from __future__ import annotations

EN: dict[str, str] = {
    # errors: one line, naming the file
    "interop.xml.malformed": "{file}: line {line}: not well-formed XML ({reason})",
    "interop.xml.dtd": "{file}: line {line}: a DOCTYPE or entity declaration is not allowed in "
    "a schedule file (MS Project never writes one); the file was not read",
    "interop.not_mspdi": "{file}: not a Microsoft Project XML file (the root element is "
    "<{found}>, expected <Project> of http://schemas.microsoft.com/project); other XML "
    "schedules need MPXJ: pip install 'pmtools[mpp]' and a Java runtime "
    "(e.g. apt-get install default-jre-headless)",
    "interop.file_missing": "{file}: no such file",
    "interop.file_unreadable": "{file}: cannot read the file: {reason}",
    "interop.file_unwritable": "{file}: cannot write the file: {reason}",
    "interop.unsupported": "{file}: cannot import {suffix} files; expected {expected}",
    "interop.export_unsupported": "{file}: cannot export to {suffix} files; expected {expected}",
    "interop.dir_not_empty": "{path} already exists and is not empty; import into a new folder",
    "interop.mpxj.missing": "{file}: reading {suffix} files needs MPXJ: "
    "pip install 'pmtools[mpp]' and a Java runtime (e.g. apt-get install default-jre-headless)",
    "interop.java.missing": "{file}: reading {suffix} files needs a Java runtime for MPXJ "
    "(e.g. apt-get install default-jre-headless): {reason}",
    "interop.mpxj.failed": "{file}: MPXJ could not read the file: {reason}",
    "interop.mpxj.unknown_format": "{file}: MPXJ does not recognise this file as a schedule",
    # what an import writes
    "interop.yaml.comment": "imported from {source} by pmtools import",
    "interop.unnamed_task": "Task {uid}",
    "interop.calendar.name": "Standard",
    "interop.calendar.holiday": "Holiday",
    "interop.calendar.extra_workday": "Extra working day",
    "interop.calendar.leave": "Leave",
    "interop.resource_kind.material": "material",
    "interop.resource_kind.cost": "cost",
    # import warnings: what was not carried over exactly
    "interop.warn.calendar_missing": "{file}: no usable project calendar; Mon-Fri without "
    "holidays assumed",
    "interop.warn.calendar_hours": "calendar {calendar}: some working days have {hours} hours, "
    "not {day_hours}; pmtools counts whole working days",
    "interop.warn.calendar_changed": "the calendar was changed in MS Project; its working days "
    "and exceptions are imported as dates (country holiday codes from project.yaml are not "
    "restored)",
    "interop.warn.calendar_recurrence": 'calendar exception "{name}": this kind of recurrence '
    "is not carried over; add its dates to holidays in project.yaml",
    "interop.warn.calendar_partial_day": 'calendar exception "{name}": a working day of {hours} '
    "hours counts as a whole working day",
    "interop.warn.calendar_work_weeks": "calendar {calendar}: alternative work weeks (periods "
    "with other working days) are not carried over; only the default week is",
    "interop.warn.field_renamed": 'custom field alias "{alias}" names a column pmtools fills '
    'itself; its values go to column "{column}"',
    "interop.warn.field_lookup": "task {uid}: custom field {field} refers to a lookup table "
    "entry without a value; not carried over",
    "interop.warn.field_undefined": "custom field {field} has values but no definition; "
    'imported as column "field {field}"',
    "interop.warn.subproject": "task {uid} ({name}) is an inserted project; only its summary "
    "row is in this file",
    "interop.warn.task_calendar": "task {uid} ({name}) uses calendar {calendar}; pmtools "
    "schedules every task on the project calendar",
    "interop.warn.outline_code": "task {uid}: outline codes are not carried over",
    "interop.warn.inactive": "inactive tasks not imported (UID {uids}); MS Project leaves them "
    "out of the schedule",
    "interop.warn.external": "external tasks not imported (UID {uids}); they belong to "
    "another project",
    "interop.warn.manual": "tasks manually scheduled in MS Project (UID {uids}): pmtools "
    "schedules them automatically from their links, so their dates may differ",
    "interop.warn.id_missing": "tasks without a pmtools id (added in MS Project?) keep their "
    "UID as id (UID {uids})",
    "interop.warn.unnamed": 'task {uid} has no name; named "{name}"',
    "interop.warn.summary_fixed_cost": "summary task {uid} ({name}) has a fixed cost of {cost}; "
    "not carried over (planned_cost belongs to tasks)",
    "interop.warn.milestone_duration": "task {uid} ({name}) is a milestone with a duration of "
    "{days} working days; imported as a milestone (duration 0)",
    "interop.warn.no_duration": "task {uid} ({name}) has no duration in the file; imported as "
    "0 days (a milestone)",
    "interop.warn.elapsed_duration": "task {uid} ({name}): elapsed duration of {elapsed} "
    "calendar days converted to {days} working days",
    "interop.warn.duration_rounded": "task {uid} ({name}): duration {hours} h = {exact} working "
    "days rounded to {days}",
    "interop.warn.constraint_partial": "task {uid} ({name}): constraint {kind} {date} carried "
    "over as {column} only",
    "interop.warn.constraint_dropped": "task {uid} ({name}): constraint {kind} {date} not "
    "carried over (pmtools knows start-no-earlier-than and finish-no-later-than)",
    "interop.warn.deadline_and_constraint": "task {uid} ({name}): both a finish-no-later-than "
    "constraint ({constraint}) and a deadline ({deadline}); the earlier one is kept",
    "interop.warn.actual_finish": "task {uid} ({name}): actual finish {date} with only "
    "{percent}% complete; the actual finish is left out",
    "interop.warn.link_external": "task {uid} ({name}): link from task {pred} of another "
    "project not carried over",
    "interop.warn.link_unknown": "task {uid} ({name}): link from task {pred}, which was not "
    "imported, left out",
    "interop.warn.lag_percent": "task {uid} ({name}): lag of {percent}% of task {pred} = "
    "{exact} working days, taken as {days}",
    "interop.warn.lag_elapsed": "task {uid} ({name}): elapsed lag after task {pred} of "
    "{elapsed} calendar days taken as {days} working days",
    "interop.warn.lag_rounded": "task {uid} ({name}): lag after task {pred} of {hours} h = "
    "{exact} working days rounded to {days}",
    "interop.warn.other_baselines": "baselines {numbers} not carried over; baseline 0 fills "
    "baseline_start, baseline_finish and planned_cost",
    "interop.warn.cost_without_baseline": "tasks with a cost but no baseline cost (UID {uids}): "
    "planned_cost left empty; save a baseline in MS Project to carry the budget",
    "interop.warn.resource_unnamed": "resource {uid} has no name; not imported",
    "interop.warn.resource_not_work": "resource {uid} ({name}) is a {kind} resource; it and its "
    "assignments are not imported (resources.csv holds people and teams)",
    "interop.warn.resource_renamed": 'resource {uid} "{name}" imported as "{column}" (names '
    "must be unique and without ; [ ])",
    "interop.warn.resource_rate": "resource {uid} ({name}): {element} is not carried over",
    "interop.warn.resource_calendar": "resource {name}: calendar {calendar} has other working "
    "weekdays than the project; only its days off are carried over (as leave)",
    "interop.warn.resource_extra_days": "resource {name}: extra working days ({dates}) are not "
    "carried over",
    "interop.warn.assignment_unknown": "task {uid}: assignment of unknown resource {resource} "
    "left out",
    "interop.warn.no_start": "the file has no project start date; {date} assumed",
    "interop.warn.summary_fields": "custom field values of the project summary task not "
    "carried over (fields {fields})",
    "interop.warn.no_status_date": "the file has progress but no status date; set status_date "
    "in project.yaml so the schedule starts remaining work from it",
    "interop.warn.mpxj": "MPXJ skipped part of the file: {reason}",
    # export warnings
    "interop.export.reordered": "tasks written in outline order (each summary task followed by "
    "its tasks), as MS Project needs; the folder's row order differs",
    "interop.export.too_many_columns": "MS Project has 30 text fields; columns not written: "
    "{columns}",
    "interop.export.settings": "project.yaml keys MS Project has no place for, not written: {keys}",
    "interop.export.control_characters": "control characters removed from the text written "
    "(XML cannot hold them)",
    "interop.export.calendar_too_long": "the calendar of project.yaml is longer than {limit} "
    "characters and is written as dates only; country holiday codes will not come back on "
    "import",
    "interop.export.percent_rounded": "task {id}: percent_complete {found} written as {whole} "
    "(MS Project keeps whole percentages)",
    "interop.export.text_too_long": "task {id}: {column} is longer than {limit} characters; "
    "MS Project keeps the first {limit}",
    "interop.export.units": 'task {id}: units "{found}" of {name} are not a number; written as '
    "1 unit",
    "interop.export.resource_twice": "task {id}: {name} is listed twice; assigned once",
    "interop.export.resource_columns": "resources.csv columns not written: {columns}",
    "interop.resource.name": 'expected a resource name without ; [ ], found "{found}"',
    "interop.resource.twice": 'resource "{found}" is listed twice (first on row {first_row})',
    # command line
    "interop.cli.imported": "Imported {file} into {dir}: {tasks} tasks ({summaries} summary, "
    "{milestones} milestones), {links} links, {resources} resources",
    "interop.cli.exported": "Exported {dir} to {file}: {tasks} tasks, {links} links, "
    "{resources} resources",
    "interop.cli.warning": "warning: {warning}",
    "interop.cli.import_invalid": "{path}: {count} problem(s) in the imported folder; the files "
    "were written, fix them there",
}

ZH: dict[str, str] = {
    "interop.xml.malformed": "{file}：第 {line} 行：XML 格式错误（{reason}）",
    "interop.xml.dtd": "{file}：第 {line} 行：进度文件中不允许 DOCTYPE 或实体声明"
    "（MS Project 从不写入）；未读取该文件",
    "interop.not_mspdi": "{file}：不是 Microsoft Project XML 文件（根元素为 <{found}>，应为 "
    "http://schemas.microsoft.com/project 的 <Project>）；其他 XML 进度文件需要 MPXJ："
    "pip install 'pmtools[mpp]' 并安装 Java 运行环境（如 apt-get install default-jre-headless）",
    "interop.file_missing": "{file}：文件不存在",
    "interop.file_unreadable": "{file}：无法读取文件：{reason}",
    "interop.file_unwritable": "{file}：无法写入文件：{reason}",
    "interop.unsupported": "{file}：无法导入 {suffix} 文件；应为 {expected}",
    "interop.export_unsupported": "{file}：无法导出为 {suffix} 文件；应为 {expected}",
    "interop.dir_not_empty": "{path} 已存在且不为空；请导入到新的文件夹",
    "interop.mpxj.missing": "{file}：读取 {suffix} 文件需要 MPXJ："
    "pip install 'pmtools[mpp]' 并安装 Java 运行环境（如 apt-get install default-jre-headless）",
    "interop.java.missing": "{file}：读取 {suffix} 文件需要供 MPXJ 使用的 Java 运行环境"
    "（如 apt-get install default-jre-headless）：{reason}",
    "interop.mpxj.failed": "{file}：MPXJ 无法读取该文件：{reason}",
    "interop.mpxj.unknown_format": "{file}：MPXJ 无法识别该进度文件",
    "interop.yaml.comment": "由 pmtools import 从 {source} 导入",
    "interop.unnamed_task": "任务 {uid}",
    "interop.calendar.name": "标准",
    "interop.calendar.holiday": "节假日",
    "interop.calendar.extra_workday": "调休工作日",
    "interop.calendar.leave": "休假",
    "interop.resource_kind.material": "材料",
    "interop.resource_kind.cost": "成本",
    "interop.warn.calendar_missing": "{file}：没有可用的项目日历；按周一至周五、无节假日处理",
    "interop.warn.calendar_hours": "日历 {calendar}：部分工作日为 {hours} 小时而非 {day_hours} "
    "小时；pmtools 按整工作日计算",
    "interop.warn.calendar_changed": "日历已在 MS Project 中修改；其工作日和例外按日期导入"
    "（project.yaml 中的国家节假日代码不再恢复）",
    "interop.warn.calendar_recurrence": "日历例外“{name}”：此类重复规则未导入；"
    "请在 project.yaml 的 holidays 中补充其日期",
    "interop.warn.calendar_partial_day": "日历例外“{name}”：{hours} 小时的工作日按整工作日计算",
    "interop.warn.calendar_work_weeks": "日历 {calendar}：其他工作周（另有工作日的时段）未导入；"
    "只导入了默认工作周",
    "interop.warn.field_renamed": "自定义域别名“{alias}”与 pmtools 自行填写的列同名；"
    "其值放入列“{column}”",
    "interop.warn.field_lookup": "任务 {uid}：自定义域 {field} 引用了没有值的查阅表项；未导入",
    "interop.warn.field_undefined": "自定义域 {field} 有值但没有定义；作为列“field {field}”导入",
    "interop.warn.subproject": "任务 {uid}（{name}）是插入的项目；本文件中只有其摘要行",
    "interop.warn.task_calendar": "任务 {uid}（{name}）使用日历 {calendar}；"
    "pmtools 按项目日历安排所有任务",
    "interop.warn.outline_code": "任务 {uid}：大纲代码未导入",
    "interop.warn.inactive": "未导入非活动任务（UID {uids}）；MS Project 也不将其计入进度",
    "interop.warn.external": "未导入外部任务（UID {uids}）；它们属于其他项目",
    "interop.warn.manual": "在 MS Project 中为手动计划的任务（UID {uids}）："
    "pmtools 根据链接自动安排，日期可能不同",
    "interop.warn.id_missing": "没有 pmtools 编号的任务（可能是在 MS Project 中新增的）以 UID 作为编号"
    "（UID {uids}）",
    "interop.warn.unnamed": "任务 {uid} 没有名称；命名为“{name}”",
    "interop.warn.summary_fixed_cost": "摘要任务 {uid}（{name}）有固定成本 {cost}；未导入"
    "（planned_cost 属于任务）",
    "interop.warn.milestone_duration": "任务 {uid}（{name}）是工期为 {days} 个工作日的里程碑；"
    "按里程碑（工期 0）导入",
    "interop.warn.no_duration": "任务 {uid}（{name}）在文件中没有工期；按 0 天（里程碑）导入",
    "interop.warn.elapsed_duration": "任务 {uid}（{name}）：{elapsed} 个日历日的持续工期"
    "换算为 {days} 个工作日",
    "interop.warn.duration_rounded": "任务 {uid}（{name}）：工期 {hours} 小时 = {exact} 个工作日，"
    "取整为 {days}",
    "interop.warn.constraint_partial": "任务 {uid}（{name}）：限制 {kind} {date} 只作为 "
    "{column} 导入",
    "interop.warn.constraint_dropped": "任务 {uid}（{name}）：限制 {kind} {date} 未导入"
    "（pmtools 支持“不得早于…开始”和“不得晚于…完成”）",
    "interop.warn.deadline_and_constraint": "任务 {uid}（{name}）：同时有“不得晚于…完成”限制"
    "（{constraint}）和截止日期（{deadline}）；保留较早者",
    "interop.warn.actual_finish": "任务 {uid}（{name}）：实际完成日期 {date}，但完成百分比仅为 "
    "{percent}%；未导入实际完成日期",
    "interop.warn.link_external": "任务 {uid}（{name}）：来自其他项目任务 {pred} 的链接未导入",
    "interop.warn.link_unknown": "任务 {uid}（{name}）：来自未导入任务 {pred} 的链接已略去",
    "interop.warn.lag_percent": "任务 {uid}（{name}）：任务 {pred} 的 {percent}% 延隔 = "
    "{exact} 个工作日，取为 {days}",
    "interop.warn.lag_elapsed": "任务 {uid}（{name}）：任务 {pred} 之后 {elapsed} 个日历日的"
    "持续延隔取为 {days} 个工作日",
    "interop.warn.lag_rounded": "任务 {uid}（{name}）：任务 {pred} 之后 {hours} 小时 = {exact} "
    "个工作日的延隔取整为 {days}",
    "interop.warn.other_baselines": "比较基准 {numbers} 未导入；比较基准 0 用于 baseline_start、"
    "baseline_finish 和 planned_cost",
    "interop.warn.cost_without_baseline": "有成本但没有比较基准成本的任务（UID {uids}）："
    "planned_cost 留空；请在 MS Project 中保存比较基准以导入预算",
    "interop.warn.resource_unnamed": "资源 {uid} 没有名称；未导入",
    "interop.warn.resource_not_work": "资源 {uid}（{name}）是{kind}资源；该资源及其分配未导入"
    "（resources.csv 只包含人员和团队）",
    "interop.warn.resource_renamed": "资源 {uid}“{name}”导入为“{column}”（名称须唯一且不含 ; [ ]）",
    "interop.warn.resource_rate": "资源 {uid}（{name}）：{element} 未导入",
    "interop.warn.resource_calendar": "资源 {name}：日历 {calendar} 的工作日与项目不同；"
    "只导入其休息日（作为休假）",
    "interop.warn.resource_extra_days": "资源 {name}：额外工作日（{dates}）未导入",
    "interop.warn.assignment_unknown": "任务 {uid}：未知资源 {resource} 的分配已略去",
    "interop.warn.no_start": "文件中没有项目开始日期；按 {date} 处理",
    "interop.warn.summary_fields": "项目摘要任务的自定义域值未导入（域 {fields}）",
    "interop.warn.no_status_date": "文件有进度但没有状态日期；请在 project.yaml 中设置 "
    "status_date，使剩余工作从该日起排定",
    "interop.warn.mpxj": "MPXJ 跳过了文件的一部分：{reason}",
    "interop.export.reordered": "任务按大纲顺序写入（每个摘要任务后紧跟其任务），"
    "这是 MS Project 的要求；与文件夹中的行顺序不同",
    "interop.export.too_many_columns": "MS Project 只有 30 个文本域；未写入的列：{columns}",
    "interop.export.settings": "MS Project 无处存放的 project.yaml 键，未写入：{keys}",
    "interop.export.control_characters": "已从写入的文本中删除控制字符（XML 无法容纳）",
    "interop.export.calendar_too_long": "project.yaml 的日历超过 {limit} 个字符，只按日期写入；"
    "导入时不会恢复国家节假日代码",
    "interop.export.percent_rounded": "任务 {id}：percent_complete {found} 写为 {whole}"
    "（MS Project 只保存整数百分比）",
    "interop.export.text_too_long": "任务 {id}：{column} 超过 {limit} 个字符；"
    "MS Project 只保留前 {limit} 个",
    "interop.export.units": "任务 {id}：{name} 的单位“{found}”不是数字；按 1 个单位写入",
    "interop.export.resource_twice": "任务 {id}：{name} 列出了两次；只分配一次",
    "interop.export.resource_columns": "resources.csv 中未写入的列：{columns}",
    "interop.resource.name": "资源名称不应包含 ; [ ]，实际为“{found}”",
    "interop.resource.twice": "资源“{found}”出现了两次（首次在第 {first_row} 行）",
    "interop.cli.imported": "已将 {file} 导入 {dir}：{tasks} 个任务（{summaries} 个摘要任务、"
    "{milestones} 个里程碑），{links} 个链接，{resources} 个资源",
    "interop.cli.exported": "已将 {dir} 导出为 {file}：{tasks} 个任务，{links} 个链接，"
    "{resources} 个资源",
    "interop.cli.warning": "警告：{warning}",
    "interop.cli.import_invalid": "{path}：导入的文件夹中有 {count} 个问题；文件已写入，"
    "请在其中修正",
}
