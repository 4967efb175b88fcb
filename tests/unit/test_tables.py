"""The registry of project files: declarations, templates and documentation agree."""

from __future__ import annotations

import csv

import pytest

from pmtools.tables import KEYS, PRACTICES, REGISTRY
from pmtools.tables.docs import main as docs_main
from tests.conftest import ROOT

TEMPLATES = ROOT / "templates" / "project"


@pytest.mark.parametrize("file", sorted(REGISTRY))
def test_every_file_kind_has_a_template_with_the_declared_columns(file):
    with (TEMPLATES / file).open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == list(REGISTRY[file].column_names)


@pytest.mark.parametrize("file", sorted(REGISTRY))
def test_every_column_is_documented_in_english_and_chinese(file):
    readme = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")
    readme_zh = (ROOT / "templates" / "README.zh.md").read_text(encoding="utf-8")
    for column in REGISTRY[file].columns:
        assert f"`{column.name}`" in readme and f"`{column.name}`" in readme_zh
        assert column.doc.zh or not column.doc.en, (file, column.name)


def test_generated_documentation_is_up_to_date():
    assert docs_main(["--check"]) == 0, "run: python -m pmtools.tables.docs"


def test_every_file_belongs_to_one_practice_and_every_key_is_documented():
    owners = [f for p in PRACTICES.values() for f in p.files]
    assert sorted(owners) == sorted(REGISTRY)
    for spec in REGISTRY.values():
        assert spec.practice in PRACTICES, spec.file
    assert all(k.doc.en and k.doc.zh for k in KEYS)


def test_index_and_required_columns_are_declared():
    for spec in REGISTRY.values():
        names = spec.column_names
        assert len(set(names)) == len(names), spec.file
        if spec.index:
            assert spec.index in names and spec.column(spec.index).required
