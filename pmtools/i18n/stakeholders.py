"""Messages of stakeholders and communication (stakeholders.csv, communications.csv)."""

from __future__ import annotations

EN: dict[str, str] = {
    # validation
    "stakeholders.level.invalid": 'expected a whole level from 1 to {high}, found "{found}"',
    "stakeholders.engagement.invalid": 'expected one of {expected}, found "{found}"',
    "stakeholders.frequency.invalid": "expected daily, weekly, biweekly, monthly, quarterly, "
    'per-sprint, once or "every N days", found "{found}"',
    "stakeholders.once.undated": "a one-off message (frequency once) needs next_due, or "
    "last_sent once it went out",
    "stakeholders.unknown": 'stakeholder "{found}" is not an id in stakeholders.csv',
    # codes
    "stakeholders.quadrant.manage-closely": "Manage closely",
    "stakeholders.quadrant.keep-satisfied": "Keep satisfied",
    "stakeholders.quadrant.keep-informed": "Keep informed",
    "stakeholders.quadrant.monitor": "Monitor",
    "stakeholders.engagement.unaware": "Unaware",
    "stakeholders.engagement.resistant": "Resistant",
    "stakeholders.engagement.neutral": "Neutral",
    "stakeholders.engagement.supportive": "Supportive",
    "stakeholders.engagement.leading": "Leading",
    "stakeholders.attitude.positive": "positive",
    "stakeholders.attitude.neutral": "neutral",
    "stakeholders.attitude.negative": "negative",
    "stakeholders.channel.meeting": "meeting",
    "stakeholders.channel.call": "call",
    "stakeholders.channel.workshop": "workshop",
    "stakeholders.channel.demo": "demo",
    "stakeholders.channel.email": "email",
    "stakeholders.channel.report": "report",
    "stakeholders.channel.newsletter": "newsletter",
    "stakeholders.channel.intranet": "intranet",
    "stakeholders.channel.chat": "chat",
    "stakeholders.frequency.daily": "daily",
    "stakeholders.frequency.weekly": "weekly",
    "stakeholders.frequency.biweekly": "every two weeks",
    "stakeholders.frequency.monthly": "monthly",
    "stakeholders.frequency.quarterly": "quarterly",
    "stakeholders.frequency.per-sprint": "every sprint",
    "stakeholders.frequency.once": "once",
    "stakeholders.frequency.every": "every {days} days",
    "stakeholders.state.overdue": "overdue",
    "stakeholders.state.due": "due this week",
    "stakeholders.state.scheduled": "scheduled",
    "stakeholders.state.sent": "sent",
    "stakeholders.state.open": "nothing scheduled",
    "stakeholders.cadence.ok": "often enough",
    "stakeholders.cadence.too-rare": "too rare",
    "stakeholders.cadence.none": "not reached",
    "stakeholders.more": " and {count} more",
    "stakeholders.list.names": ", ",
    "stakeholders.list.items": "; ",
    "stakeholders.list.sentence": "{sentence} ",
    # attention
    "stakeholders.attention.resistant": "{count} influential stakeholder(s) unaware of or "
    "resisting the project: {names}",
    "stakeholders.attention.item": "{what}, {days:.0f} days",
    "stakeholders.attention.overdue": "{count} communication(s) overdue, {key} of them to key "
    "stakeholders: {items}",
    # charts
    "stakeholders.chart.grid": "Power/interest grid: who to manage closely",
    "stakeholders.chart.interest": "Interest in the outcome (1-5)",
    "stakeholders.chart.influence": "Influence over the project (1-5)",
    "stakeholders.chart.on_target": "Engagement as needed",
    "stakeholders.chart.one_short": "1 level below needed",
    "stakeholders.chart.two_short": "2+ levels below needed",
    "stakeholders.chart.not_assessed": "Engagement not assessed",
    "stakeholders.chart.hover": "<b>{name}</b><br>{role}, {organisation}<br>Interest {interest}, "
    "influence {influence}<br>Engagement: {current} → {desired}<br>Needs: {needs}",
    "stakeholders.chart.engagement": "Engagement: where each stakeholder is and where the "
    "project needs them",
    "stakeholders.chart.current": "Current",
    "stakeholders.chart.desired": "Desired",
    "stakeholders.chart.level": "Engagement level",
    "stakeholders.chart.calendar": "Communication calendar: sends due in the coming weeks",
    "stakeholders.chart.send": "Due",
    "stakeholders.chart.overdue": "Overdue (was due)",
    # tables
    "stakeholders.col.id": "ID",
    "stakeholders.col.name": "Stakeholder",
    "stakeholders.col.role": "Role",
    "stakeholders.col.organisation": "Organisation",
    "stakeholders.col.interest": "Interest",
    "stakeholders.col.influence": "Influence",
    "stakeholders.col.quadrant": "Quadrant",
    "stakeholders.col.current": "Current",
    "stakeholders.col.desired": "Desired",
    "stakeholders.col.gap": "Gap (levels)",
    "stakeholders.col.attitude": "Attitude",
    "stakeholders.col.needs": "Needs",
    "stakeholders.col.contact": "Contact",
    "stakeholders.col.owner": "Owner",
    "stakeholders.col.audience": "Audience",
    "stakeholders.col.stakeholders": "Stakeholders",
    "stakeholders.col.information": "Information",
    "stakeholders.col.channel": "Channel",
    "stakeholders.col.frequency": "Frequency",
    "stakeholders.col.last_sent": "Last sent",
    "stakeholders.col.next_due": "Next due",
    "stakeholders.col.due": "Due",
    "stakeholders.col.state": "State",
    "stakeholders.col.days_overdue": "Days overdue",
    "stakeholders.col.needed_days": "Needs every (days)",
    "stakeholders.col.every_days": "Hears every (days)",
    "stakeholders.col.via": "Most often through",
    "stakeholders.col.cadence": "Cadence",
    # report
    "report.stakeholders.title": "# Stakeholder and communication report: {name}",
    "report.stakeholders.none": "_This project has no stakeholders.csv or communications.csv "
    "yet: copy them from templates/project into the folder to start._",
    "report.stakeholders.headline": "**{count} stakeholder(s)**: {manage} to manage closely, "
    "{satisfied} to keep satisfied, {informed} to keep informed, {monitor} to monitor.",
    "report.stakeholders.gaps": "{gaps} are below the engagement the project needs ({big} by "
    "two levels or more); **{resistant} influential stakeholder(s)** unaware or resistant.",
    "report.stakeholders.gaps_calm": "{gaps} are below the engagement the project needs ({big} "
    "by two levels or more); no influential stakeholder is unaware or resistant.",
    "report.stakeholders.plan": "The communication plan has {count} item(s): **{overdue} "
    "overdue** at {date} ({meetings} of them meetings), {due} due in the next {days} days.",
    "report.stakeholders.reach": "{uncovered} stakeholder(s) are named in no communication; "
    "{too_rare} hear from the project less often than their quadrant needs.",
    "report.stakeholders.reach_all": "Every stakeholder is named in a communication; "
    "{too_rare} hear from the project less often than their quadrant needs.",
    "report.stakeholders.no_register": "No stakeholders.csv yet, so no register or grid.",
    "report.stakeholders.no_plan": "No communications.csv yet, so no communication plan to check.",
    "report.stakeholders.no_engagement": "No stakeholder has both a current and a desired "
    "engagement yet.",
    "report.stakeholders.no_calendar": "Nothing in the communication plan is due in the next "
    "{days} days.",
    "report.stakeholders.grid": "## Power/interest grid\nInterest and influence 3 or more count "
    "as high. Colours show how far each stakeholder's engagement is below what the project "
    "needs; hover over a point for role, engagement and needs.",
    "report.stakeholders.register": "### Stakeholder register\nMost attention first: by "
    "quadrant, then influence.",
    "report.stakeholders.engagement": "## Engagement assessment\nC marks where a stakeholder "
    "is today, D where the project needs them (PMBOK engagement assessment matrix); the gap "
    "is in levels.",
    "report.stakeholders.calendar": "## Communication calendar\nThe next six weeks of the "
    "communication plan; an overdue message shows as a red cross at the date it was due, and "
    "its later sends are counted from today.",
    "report.stakeholders.overdue": "### Overdue communications\nDue before the status date and "
    "not sent (last sent + frequency, or next due).",
    "report.stakeholders.plan_table": "### The whole plan",
    "report.stakeholders.cadence": "## Cadence check\nEach stakeholder should hear from the "
    "project at least every {manage} days when managed closely, every {satisfied} days when "
    "kept satisfied, every {informed} days when kept informed and every {monitor} days when "
    "monitored; their most frequent communication is compared with that.",
    "portfolio.report.stakeholders": "stakeholders",
    # editors
    "stakeholders.editor.title": "Stakeholder register",
    "stakeholders.editor.pick": "Stakeholder",
    "stakeholders.editor.new": "+ new stakeholder",
    "stakeholders.editor.plan_title": "Communication plan",
    "stakeholders.editor.communication": "Communication",
    "stakeholders.editor.new_communication": "+ new communication",
    "stakeholders.editor.record": "Record a send",
    "stakeholders.editor.sent_on": "Sent on",
    "stakeholders.editor.sent": "Mark as sent",
    "stakeholders.editor.tab_register": "Register",
    "stakeholders.editor.tab_plan": "Communication plan",
}

ZH: dict[str, str] = {
    # validation
    "stakeholders.level.invalid": "应为 1 到 {high} 的整数等级，实际为“{found}”",
    "stakeholders.engagement.invalid": "应为 {expected} 之一，实际为“{found}”",
    "stakeholders.frequency.invalid": "应为 daily、weekly、biweekly、monthly、quarterly、"
    "per-sprint、once 或“every N days”，实际为“{found}”",
    "stakeholders.once.undated": "一次性沟通（频率 once）需要填写 next_due，发出后填写 last_sent",
    "stakeholders.unknown": "干系人“{found}”不是 stakeholders.csv 中的编号",
    # codes
    "stakeholders.quadrant.manage-closely": "重点管理",
    "stakeholders.quadrant.keep-satisfied": "令其满意",
    "stakeholders.quadrant.keep-informed": "随时告知",
    "stakeholders.quadrant.monitor": "监督",
    "stakeholders.engagement.unaware": "不知晓",
    "stakeholders.engagement.resistant": "抵制",
    "stakeholders.engagement.neutral": "中立",
    "stakeholders.engagement.supportive": "支持",
    "stakeholders.engagement.leading": "领导",
    "stakeholders.attitude.positive": "积极",
    "stakeholders.attitude.neutral": "中立",
    "stakeholders.attitude.negative": "消极",
    "stakeholders.channel.meeting": "会议",
    "stakeholders.channel.call": "电话/视频会议",
    "stakeholders.channel.workshop": "研讨会",
    "stakeholders.channel.demo": "演示",
    "stakeholders.channel.email": "邮件",
    "stakeholders.channel.report": "报告",
    "stakeholders.channel.newsletter": "简报",
    "stakeholders.channel.intranet": "内网",
    "stakeholders.channel.chat": "即时消息",
    "stakeholders.frequency.daily": "每天",
    "stakeholders.frequency.weekly": "每周",
    "stakeholders.frequency.biweekly": "每两周",
    "stakeholders.frequency.monthly": "每月",
    "stakeholders.frequency.quarterly": "每季度",
    "stakeholders.frequency.per-sprint": "每个迭代",
    "stakeholders.frequency.once": "一次",
    "stakeholders.frequency.every": "每 {days} 天",
    "stakeholders.state.overdue": "逾期",
    "stakeholders.state.due": "本周到期",
    "stakeholders.state.scheduled": "已排期",
    "stakeholders.state.sent": "已发出",
    "stakeholders.state.open": "无排期",
    "stakeholders.cadence.ok": "频率足够",
    "stakeholders.cadence.too-rare": "频率过低",
    "stakeholders.cadence.none": "未覆盖",
    "stakeholders.more": " 等另外 {count} 项",
    "stakeholders.list.names": "、",
    "stakeholders.list.items": "；",
    "stakeholders.list.sentence": "{sentence}",
    # attention
    "stakeholders.attention.resistant": "{count} 位有影响力的干系人不知晓或抵制项目：{names}",
    "stakeholders.attention.item": "{what}，逾期 {days:.0f} 天",
    "stakeholders.attention.overdue": "{count} 项沟通逾期，其中 {key} 项面向关键干系人：{items}",
    # charts
    "stakeholders.chart.grid": "权力/利益方格：哪些干系人需要重点管理",
    "stakeholders.chart.interest": "对结果的利益（1-5）",
    "stakeholders.chart.influence": "对项目的影响力（1-5）",
    "stakeholders.chart.on_target": "参与程度达到需要",
    "stakeholders.chart.one_short": "比需要低 1 级",
    "stakeholders.chart.two_short": "比需要低 2 级及以上",
    "stakeholders.chart.not_assessed": "未评估参与程度",
    "stakeholders.chart.hover": "<b>{name}</b><br>{role}，{organisation}<br>利益 {interest}，"
    "影响力 {influence}<br>参与程度：{current} → {desired}<br>需要：{needs}",
    "stakeholders.chart.engagement": "参与程度：各干系人当前所处位置与项目需要的位置",
    "stakeholders.chart.current": "当前",
    "stakeholders.chart.desired": "期望",
    "stakeholders.chart.level": "参与程度",
    "stakeholders.chart.calendar": "沟通日历：未来几周到期的沟通",
    "stakeholders.chart.send": "到期",
    "stakeholders.chart.overdue": "逾期（原到期日）",
    # tables
    "stakeholders.col.id": "编号",
    "stakeholders.col.name": "干系人",
    "stakeholders.col.role": "角色",
    "stakeholders.col.organisation": "组织",
    "stakeholders.col.interest": "利益",
    "stakeholders.col.influence": "影响力",
    "stakeholders.col.quadrant": "象限",
    "stakeholders.col.current": "当前",
    "stakeholders.col.desired": "期望",
    "stakeholders.col.gap": "差距（级）",
    "stakeholders.col.attitude": "态度",
    "stakeholders.col.needs": "需要",
    "stakeholders.col.contact": "联系方式",
    "stakeholders.col.owner": "负责人",
    "stakeholders.col.audience": "对象",
    "stakeholders.col.stakeholders": "干系人",
    "stakeholders.col.information": "内容",
    "stakeholders.col.channel": "方式",
    "stakeholders.col.frequency": "频率",
    "stakeholders.col.last_sent": "最近发送",
    "stakeholders.col.next_due": "下次到期",
    "stakeholders.col.due": "到期",
    "stakeholders.col.state": "状态",
    "stakeholders.col.days_overdue": "逾期天数",
    "stakeholders.col.needed_days": "需要间隔（天）",
    "stakeholders.col.every_days": "实际间隔（天）",
    "stakeholders.col.via": "最频繁的沟通",
    "stakeholders.col.cadence": "频率检查",
    # report
    "report.stakeholders.title": "# 干系人与沟通报告：{name}",
    "report.stakeholders.none": "_本项目还没有 stakeholders.csv 或 communications.csv：请从 "
    "templates/project 复制到项目文件夹后开始填写。_",
    "report.stakeholders.headline": "**{count} 位干系人**：重点管理 {manage} 位，令其满意 "
    "{satisfied} 位，随时告知 {informed} 位，监督 {monitor} 位。",
    "report.stakeholders.gaps": "{gaps} 位的参与程度低于项目需要（其中 {big} 位低两级或以上）；"
    "**{resistant} 位有影响力的干系人**不知晓或抵制项目。",
    "report.stakeholders.gaps_calm": "{gaps} 位的参与程度低于项目需要（其中 {big} 位低两级或以上）；"
    "没有不知晓或抵制项目的有影响力干系人。",
    "report.stakeholders.plan": "沟通计划共 {count} 项：截至 {date} **逾期 {overdue} 项**（其中会议 "
    "{meetings} 项），未来 {days} 天内到期 {due} 项。",
    "report.stakeholders.reach": "{uncovered} 位干系人不在任何沟通的对象中；{too_rare} 位收到项目信息的"
    "频率低于其象限的要求。",
    "report.stakeholders.reach_all": "每位干系人都在至少一项沟通的对象中；{too_rare} 位收到项目信息的"
    "频率低于其象限的要求。",
    "report.stakeholders.no_register": "还没有 stakeholders.csv，因此没有登记册和方格图。",
    "report.stakeholders.no_plan": "还没有 communications.csv，因此没有可检查的沟通计划。",
    "report.stakeholders.no_engagement": "还没有同时评估了当前和期望参与程度的干系人。",
    "report.stakeholders.no_calendar": "沟通计划中未来 {days} 天内没有到期的沟通。",
    "report.stakeholders.grid": "## 权力/利益方格\n利益和影响力为 3 及以上算高。颜色表示各干系人的参与程度"
    "比项目需要的低多少；将鼠标移到点上可查看角色、参与程度和需要。",
    "report.stakeholders.register": "### 干系人登记册\n按需要关注的程度排列：先按象限，再按影响力。",
    "report.stakeholders.engagement": "## 参与程度评估\nC 表示干系人当前所处的参与程度，D 表示项目需要的"
    "程度（PMBOK 干系人参与度评估矩阵）；差距以级数计。",
    "report.stakeholders.calendar": "## 沟通日历\n沟通计划未来六周的安排；逾期的沟通以红色叉号标在原到期日，"
    "其后的沟通从今天起重新计算。",
    "report.stakeholders.overdue": "### 逾期的沟通\n到期日（最近发送日期 + 频率，或下次到期日）早于状态日期"
    "且尚未发出。",
    "report.stakeholders.plan_table": "### 完整沟通计划",
    "report.stakeholders.cadence": "## 沟通频率检查\n重点管理的干系人至少每 {manage} 天、令其满意的至少每 "
    "{satisfied} 天、随时告知的至少每 {informed} 天、监督的至少每 {monitor} 天应收到项目信息；"
    "以其最频繁的沟通与此比较。",
    "portfolio.report.stakeholders": "干系人",
    # editors
    "stakeholders.editor.title": "干系人登记册",
    "stakeholders.editor.pick": "干系人",
    "stakeholders.editor.new": "+ 新干系人",
    "stakeholders.editor.plan_title": "沟通计划",
    "stakeholders.editor.communication": "沟通",
    "stakeholders.editor.new_communication": "+ 新沟通",
    "stakeholders.editor.record": "记录一次发送",
    "stakeholders.editor.sent_on": "发送日期",
    "stakeholders.editor.sent": "标记为已发送",
    "stakeholders.editor.tab_register": "登记册",
    "stakeholders.editor.tab_plan": "沟通计划",
}
