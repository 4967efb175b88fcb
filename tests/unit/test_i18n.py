"""The message catalogues: English and Chinese have the same keys and the same placeholders."""

from __future__ import annotations

import string

import pytest

from pmtools.i18n import _CATALOGUES, t, use_language


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_english_and_chinese_have_the_same_keys():
    english, chinese = set(_CATALOGUES["en"]), set(_CATALOGUES["zh"])
    assert sorted(english - chinese) == [] and sorted(chinese - english) == []


@pytest.mark.parametrize("key", sorted(_CATALOGUES["en"]))
def test_each_message_fills_the_same_placeholders_in_both_languages(key):
    assert placeholders(_CATALOGUES["en"][key]) == placeholders(_CATALOGUES["zh"][key]), key


def test_language_switches_and_a_missing_key_shows_itself():
    with use_language("zh"):
        assert t("report.none") == "未设置"
    assert t("report.none") == "not set"
    assert t("no.such.key") == "no.such.key"


def test_every_report_has_a_short_link_label_on_the_portfolio_page():
    from pmtools.tables import report_notebooks

    english, chinese = _CATALOGUES["en"], _CATALOGUES["zh"]
    for notebook in report_notebooks():
        key = f"portfolio.report.{notebook}"
        assert key in english and key in chinese, key
        assert len(english[key]) <= 14 and len(chinese[key]) <= 4, key
