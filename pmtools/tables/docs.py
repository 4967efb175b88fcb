"""The column documentation of every project file, generated from the declarations.

``templates/README.md`` keeps its prose by hand; each file's column table sits
between ``<!-- pmtools:columns FILE -->`` and ``<!-- /pmtools:columns -->`` and is
written from the registry, as is the project.yaml key table. ``README.zh.md`` is
generated whole, in Chinese. Run ``python -m pmtools.tables.docs`` after changing
a declaration; a test checks both are up to date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pmtools.tables import KEYS, PRACTICES, REGISTRY
from pmtools.tables._spec import Column, Doc, TableSpec

__all__ = ["column_table", "key_table", "readme_zh", "update_readme"]

_KIND = {
    "id": Doc("id", "编号"),
    "text": Doc("text", "文本"),
    "date": Doc("date", "日期"),
    "number": Doc("number >= 0", "数值 >= 0"),
    "whole": Doc("whole number >= 0", "整数 >= 0"),
    "percent": Doc("0..100", "0..100"),
    "ref": Doc("id", "编号"),
    "id_list": Doc("ids separated by `;`", "以 `;` 分隔的编号"),
    "custom": Doc("", ""),
}
_HEAD = {
    "en": "| column | kind | meaning |\n|---|---|---|",
    "zh": "| 列 | 类型 | 含义 |\n|---|---|---|",
}
_REQUIRED = Doc("required", "必填")
_BLOCK = re.compile(
    r"(<!-- pmtools:(?P<what>columns|keys)(?: (?P<file>\S+))? -->\n)(?P<body>.*?)"
    r"(<!-- /pmtools:(?P=what) -->)",
    re.S,
)


def _kind(column: Column, language: str) -> str:
    if column.kind_doc is not None:
        text = column.kind_doc.get(language)
    elif column.kind == "choice":
        text = ", ".join(f"`{c}`" for c in column.choices)
    else:
        text = _KIND[column.kind].get(language)
    if column.required and _REQUIRED.get(language) not in text:
        text = f"{text}, {_REQUIRED.get(language)}" if text else _REQUIRED.get(language)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def column_table(spec: TableSpec, language: str = "en") -> str:
    """The Markdown table documenting every column of ``spec``."""
    rows = [
        f"| `{c.name}` | {_cell(_kind(c, language))} | {_cell(c.doc.get(language))} |"
        for c in spec.columns
    ]
    return "\n".join([_HEAD[language], *rows])


def key_table(language: str = "en") -> str:
    """The Markdown table documenting every project.yaml key."""
    head = {
        "en": "| key | required | meaning |\n|---|---|---|",
        "zh": "| 键 | 必填 | 含义 |\n|---|---|---|",
    }[language]
    yes = {"en": "yes", "zh": "是"}[language]
    rows = [
        f"| `{k.name}` | {yes if k.required else ''} | {_cell(k.doc.get(language))} |" for k in KEYS
    ]
    return "\n".join([head, *rows])


def update_readme(text: str) -> str:
    """``text`` (templates/README.md) with every generated block rewritten."""

    def block(match: re.Match[str]) -> str:
        if match.group("what") == "keys":
            body = key_table()
        else:
            body = column_table(REGISTRY[match.group("file")])
        return f"{match.group(1)}{body}\n{match.group(5)}"

    return _BLOCK.sub(block, text)


def readme_zh() -> str:
    """templates/README.zh.md: every file and key documented in Chinese."""
    parts = [
        "# 项目文件模板\n",
        "`project/` 是一个空白项目文件夹：`pmtools new DIR` 会复制它。所有文件都是纯文本（UTF-8；"
        "Excel 的“CSV UTF-8”带 BOM 也可以，`;` 分隔的文件也可以）。`pmtools check DIR` 校验整个文件夹，"
        "按 `文件:行:列: 说明` 列出所有问题，行号与电子表格一致（表头为第 1 行）。pmtools 不认识的列"
        "在笔记本保存时原样保留。\n",
        "日期一律写作 `YYYY-MM-DD`。工期、延隔和估算的单位都是项目日历的**工作日**。\n",
        "本文件由 `python -m pmtools.tables.docs` 根据各文件的声明生成，英文说明见 `README.md`。\n",
        "## `project.yaml`\n",
        key_table("zh") + "\n",
    ]
    for practice in PRACTICES.values():
        for file in practice.files:
            spec = REGISTRY[file]
            required = "（必需）" if spec.required_file else "（可选）"
            parts.append(f"## `{file}`{required}：{spec.title.zh}\n")
            if spec.intro.zh:
                parts.append(spec.intro.zh + "\n")
            parts.append(column_table(spec, "zh") + "\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Rewrite templates/README.md's generated blocks and README.zh.md; ``--check`` only
    reports whether they are up to date (exit 1 if not)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(__file__).resolve().parent.parent.parent / "templates"
    readme = folder / "README.md"
    current = readme.read_text(encoding="utf-8")
    wanted = {readme: update_readme(current), folder / "README.zh.md": readme_zh()}
    stale = [
        p for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    if "--check" in args:
        for path in stale:
            print(f"{path} is out of date: run python -m pmtools.tables.docs", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
