"""Earned value, checked by hand (start Mon 2026-03-02, Mon-Fri)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import pmtools
from pmtools.cli import main
from pmtools.evm import earned_value, evm_json, planned_value_curve

# A: 1000 over 5 days (200/day), done, cost 1200; B: 2000 over 8 days (250/day), 25%, cost 300
TASKS = """\
id,name,duration,predecessors,planned_cost,actual_cost,percent_complete,actual_start,actual_finish,baseline_start,baseline_finish
A,Analyse,5,,1000,1200,100,2026-03-02,2026-03-06,2026-03-02,2026-03-06
B,Build,8,A,2000,300,25,2026-03-09,,2026-03-09,2026-03-18
"""


@pytest.fixture
def project(make_project):
    return pmtools.load_project(make_project(TASKS, extra_yaml="status_date: 2026-03-11\n"))


def test_every_index_at_the_status_date(project):
    r = earned_value(project)
    assert r.at == 8  # the status date counts as worked
    assert (r.bac, r.pv, r.ev, r.ac) == (3000, 1750, 1500, 1500)
    assert (r.sv, r.cv) == (-250, 0)
    assert r.spi == pytest.approx(1500 / 1750) and r.cpi == 1
    assert (r.eac, r.etc, r.vac, r.tcpi) == (3000, 1500, 0, 1)
    assert r.es == pytest.approx(7.0) and r.spi_t == pytest.approx(7 / 8)


def test_earned_schedule_interpolates_inside_a_day(project):
    r = earned_value(project, status_date=dt.date(2026, 3, 11))
    assert r.es == pytest.approx(7.0)
    later = earned_value(project, status_date=dt.date(2026, 3, 18))  # PV = BAC
    assert later.pv == 3000 and later.at == 13
    # EV 1500 sits exactly on the boundary after day 7; half a day more would be 1625
    assert later.es == pytest.approx(7.0) and later.spi_t == pytest.approx(7 / 13)


def test_ahead_of_schedule_and_over_budget(make_project):
    tasks = TASKS.replace("25,2026-03-09", "75,2026-03-09").replace(",300,", ",2400,")
    r = earned_value(
        pmtools.load_project(make_project(tasks, extra_yaml="status_date: 2026-03-11\n"))
    )
    assert r.ev == 2500 and r.ac == 3600
    assert r.spi == pytest.approx(2500 / 1750) and r.cpi == pytest.approx(2500 / 3600)
    assert r.eac == pytest.approx(3600 + 500 / (2500 / 3600))
    assert r.tcpi == pytest.approx(500 / (3000 - 3600))
    assert r.es == pytest.approx(11.0)  # PV after 11 days = 1000 + 6 x 250 = 2500
    half = earned_value(
        pmtools.load_project(
            make_project(tasks.replace(",75,", ",50,"), extra_yaml="status_date: 2026-03-11\n")
        )
    )
    assert half.ev == 2000 and half.es == pytest.approx(9.0)  # 1000 + 4 x 250
    quarter = earned_value(
        pmtools.load_project(
            make_project(tasks.replace(",75,", ",56.25,"), extra_yaml="status_date: 2026-03-11\n")
        )
    )
    assert quarter.ev == 2125 and quarter.es == pytest.approx(9.5)  # half way through day 10


def test_nothing_spent_and_finished_projects_give_nulls(make_project):
    fresh = TASKS.replace("1200,100,2026-03-02,2026-03-06", "0,0,,").replace(
        "300,25,2026-03-09", "0,0,"
    )
    r = earned_value(
        pmtools.load_project(make_project(fresh, extra_yaml="status_date: 2026-03-04\n"))
    )
    assert r.ac == 0 and r.cpi is None and r.eac is None and r.etc is None and r.vac is None
    done = TASKS.replace(",300,25,2026-03-09,,", ",1800,100,2026-03-09,2026-03-18,")
    r = earned_value(
        pmtools.load_project(make_project(done, extra_yaml="status_date: 2026-03-20\n"))
    )
    assert r.ev == r.bac == 3000 and r.ac == 3000
    assert r.tcpi is None  # (BAC - EV) / (BAC - AC) = 0 / 0
    doc = evm_json(r)
    assert doc["tcpi"] is None


def test_without_baseline_pv_follows_the_unprogressed_plan(make_project):
    tasks = "id,name,duration,predecessors,planned_cost,percent_complete\nA,a,4,,400,50\nB,b,2,A,200,0\n"
    project = pmtools.load_project(make_project(tasks, extra_yaml="status_date: 2026-03-03\n"))
    curve = planned_value_curve(project)
    assert curve["pv"].tolist() == [100, 200, 300, 400, 500, 600]
    r = earned_value(project)
    assert r.pv == 200 and r.ev == 200 and r.es == pytest.approx(2.0)


def test_cli_json_keys_and_missing_status_date(make_project, capsys):
    folder = make_project(TASKS)
    assert main(["evm", str(folder), "--json"]) == 1
    assert "earned value needs a status date" in capsys.readouterr().err
    assert main(["evm", str(folder), "--status-date", "2026-03-11", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    keys = {
        "bac",
        "pv",
        "ev",
        "ac",
        "sv",
        "cv",
        "spi",
        "cpi",
        "eac",
        "etc",
        "vac",
        "tcpi",
        "es",
        "spi_t",
    }
    assert keys <= doc.keys() and doc["pv"] == 1750
    assert main(["evm", str(folder), "--status-date", "2026-03-11"]) == 0
    assert "SPI(t)" in capsys.readouterr().out


def test_forecast_phases_and_worst_tasks(project):
    from pmtools.evm import cost_by_phase, cost_variance_by_task, forecast_finish

    r = earned_value(project)
    # planned 13 working days, SPI(t) = 7/8: 13 / 0.875 = 14.86 -> 15 days -> Fri 20 March
    assert forecast_finish(project, r) == dt.date(2026, 3, 20)
    phases = cost_by_phase(project)
    assert phases.loc["A", "budget"] == 1000 and phases.loc["B", "ev"] == 500
    assert phases.loc["A", "cv"] == -200 and phases.loc["B", "cpi"] == pytest.approx(500 / 300)
    worst = cost_variance_by_task(project)
    assert list(worst.index) == ["A", "B"]
