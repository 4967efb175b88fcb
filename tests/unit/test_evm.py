"""Earned value, checked by hand (start Mon 2026-03-02, Mon-Fri)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import pmtools
from pmtools.cli import main
from pmtools.errors import ProjectInvalid
from pmtools.evm import (
    SPEC_KEYS,
    cost_by_category,
    earned_value,
    evm_json,
    evm_periods,
    planned_value_curve,
    reserve_state,
    task_values,
)

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
    r = earned_value(project.with_status_date(dt.date(2026, 3, 11)))
    assert r.es == pytest.approx(7.0)
    later = earned_value(project.with_status_date(dt.date(2026, 3, 18)))  # PV = BAC
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
    assert main(["evm", str(folder), "--json"]) == 0  # no status date anywhere: today
    assert json.loads(capsys.readouterr().out)["status_date"] == dt.date.today().isoformat()
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
    from pmtools.evm import cost_by_phase, cost_variance_by_task

    r = earned_value(project)
    # planned 13 working days, SPI(t) = 7/8: 13 / 0.875 = 14.86 -> 15 days -> Fri 20 March
    assert r.es_finish == dt.date(2026, 3, 20)
    phases = cost_by_phase(project)
    assert phases.loc["A", "budget"] == 1000 and phases.loc["B", "ev"] == 500
    assert phases.loc["A", "cv"] == -200 and phases.loc["B", "cpi"] == pytest.approx(500 / 300)
    worst = cost_variance_by_task(project)
    assert list(worst.index) == ["A", "B"]


def test_eac_variants_and_tcpi_to_eac(project):
    r = earned_value(project)  # EV 1500, AC 1500, PV 1750, BAC 3000
    assert r.eac_cpi_spi == pytest.approx(1500 + 1500 / (1500 / 1750))  # = 3250
    assert r.eac_at_budget == 3000  # AC + (BAC - EV)
    assert r.tcpi_eac == pytest.approx(1.0)  # (BAC - EV) / (EAC - AC) with the CPI EAC
    doc = evm_json(r)
    assert list(doc)[:14] == list(SPEC_KEYS) and doc["eac_method"] == "cpi"
    assert doc["eac_cpi_spi"] == 3250 and doc["es_finish"] == "2026-03-20"  # 13 / (7/8) -> 15 days


@pytest.mark.parametrize(
    ("rule", "earned"),
    [("", 1500), ("percent", 1500), ("50/50", 2000), ("50-50", 2000), ("0/100", 1000)],
)
def test_earned_value_rules_for_a_task_in_progress(make_project, rule, earned):
    tasks = TASKS.replace("baseline_finish\n", "baseline_finish,ev_rule\n").replace(
        "2026-03-06\nB", "2026-03-06,\nB"
    )
    tasks = tasks.replace("2026-03-18\n", f"2026-03-18,{rule}\n")
    project = pmtools.load_project(make_project(tasks, extra_yaml="status_date: 2026-03-11\n"))
    assert earned_value(project).ev == earned
    assert task_values(project).loc["B", "ev"] == earned - 1000


def test_zero_hundred_earns_a_finished_task_in_full(make_project):
    tasks = TASKS.replace("baseline_finish\n", "baseline_finish,ev_rule\n")
    tasks = tasks.replace("2026-03-06\nB", "2026-03-06,0/100\nB").replace(
        "2026-03-18\n", "2026-03-18,\n"
    )
    project = pmtools.load_project(make_project(tasks, extra_yaml="status_date: 2026-03-11\n"))
    assert earned_value(project).ev == 1500


def test_an_unknown_rule_is_reported(make_project):
    tasks = TASKS.replace("baseline_finish\n", "baseline_finish,ev_rule\n")
    tasks = tasks.replace("2026-03-06\nB", "2026-03-06,half\nB").replace(
        "2026-03-18\n", "2026-03-18,\n"
    )
    with pytest.raises(ProjectInvalid) as err:
        pmtools.load_project(make_project(tasks))
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "ev_rule")]
    assert "percent, 50/50, 0/100" in str(err.value.problems[0].message())


def test_period_table_rebuilds_history_and_ends_at_the_status_date(project):
    periods = evm_periods(project, freq="B")  # every working day
    last = periods.iloc[-1]
    r = earned_value(project)
    assert (last["date"], last["pv"], last["ev"], last["ac"]) == (r.status_date, r.pv, r.ev, r.ac)
    assert last["es"] == pytest.approx(r.es) and last["spi_t"] == pytest.approx(r.spi_t)
    friday = periods.set_index("date").loc[dt.date(2026, 3, 6)]  # A done, B not started
    assert (friday["at"], friday["pv"], friday["ev"], friday["ac"]) == (5, 1000, 1000, 1200)
    assert friday["es"] == pytest.approx(5.0) and friday["cpi"] == pytest.approx(1000 / 1200)
    tuesday = periods.set_index("date").loc[dt.date(2026, 3, 10)]  # B: 2 of its 3 days so far
    assert tuesday["ev"] == pytest.approx(1000 + 2000 * 0.25 * 2 / 3)
    assert tuesday["ac"] == pytest.approx(1200 + 200)
    first = periods.iloc[0]  # Monday 2 March: one day of A
    assert (first["pv"], first["ev"], first["es"]) == (200, 200, 1.0)
    weekly = evm_periods(project)
    assert weekly["date"].tolist() == [dt.date(2026, 3, 6), dt.date(2026, 3, 11)]


def test_costs_file_gives_time_phased_actuals(make_project):
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-11\nbudget: 3300\n")
    (folder / "costs.csv").write_text(
        "date,task,amount,category\n"
        "2026-03-06,A,1000,labour\n"
        "2026-03-09,,100,travel\n"
        "2026-03-10,B,250,labour\n"
        "2026-03-12,B,500,labour\n",  # after the status date: not counted yet
        encoding="utf-8",
    )
    project = pmtools.load_project(folder)
    r = earned_value(project)
    assert r.ac == 1350  # entries replace A's and B's actual_cost; the travel is project-level
    values = task_values(project)
    assert values["ac"].tolist() == [1000, 250]
    weekly = evm_periods(project).set_index("date")
    assert weekly.loc[dt.date(2026, 3, 6), "ac"] == 1000
    by_category = cost_by_category(project)
    assert by_category.to_dict("list") == {"labour": [1250.0], "travel": [100.0]}
    reserve = reserve_state(project, r)
    assert reserve["reserve"] == 300  # approved budget - BAC
    assert reserve["used"] == 0 and reserve["forecast_use"] == 0  # CPI = 1500/1350 > 1
    assert (
        reserve_state(
            pmtools.load_project(
                make_project(TASKS, extra_yaml="status_date: 2026-03-11\nmanagement_reserve: 50\n")
            ),
            earned_value(project),
        )["reserve"]
        == 50
    )


def test_bad_costs_and_decisions_are_reported_by_row_and_column(make_project):
    folder = make_project(TASKS)
    (folder / "costs.csv").write_text(
        "date,task,amount\n2026-13-01,A,10\n2026-03-02,Z,10\n2026-03-02,A,ten\n,B,5\n",
        encoding="utf-8",
    )
    (folder / "decisions.csv").write_text(
        "id,decision,status\nD1,Go live date,maybe\nD1,,open\n", encoding="utf-8"
    )
    with pytest.raises(ProjectInvalid) as err:
        pmtools.load_project(folder)
    found = [(p.file, p.row, p.column) for p in err.value.problems]
    assert found == [
        ("costs.csv", 2, "date"),
        ("costs.csv", 3, "task"),
        ("costs.csv", 4, "amount"),
        ("costs.csv", 5, "date"),
        ("decisions.csv", 2, "status"),
        ("decisions.csv", 3, "id"),
        ("decisions.csv", 3, "decision"),
    ]


def test_cli_text_names_the_methods_and_explains_nulls(make_project, capsys):
    fresh = TASKS.replace("1200,100,2026-03-02,2026-03-06", "0,0,,").replace(
        "300,25,2026-03-09", "0,0,"
    )
    assert main(["evm", str(make_project(fresh)), "--status-date", "2026-03-04"]) == 0
    out = capsys.readouterr().out
    assert "EAC (CPI x SPI)" in out and "TCPI (EAC)" in out
    assert "n/a: EAC (CPI), EAC (CPI x SPI), ETC, VAC, CPI, TCPI (EAC), ES finish cannot" in out


def test_cost_charts_draw_the_data(project, make_project):
    from pmtools import charts

    periods = evm_periods(project, freq="B")
    trend = charts.index_trend(periods)
    assert [tr.name for tr in trend.data] == [
        "CPI (cost)",
        "SPI (schedule, money)",
        "SPI(t) (schedule, time)",
    ]
    assert list(trend.data[0].y) == pytest.approx(periods["cpi"].tolist())
    low, high = trend.layout.yaxis.range
    values = periods[["cpi", "spi", "spi_t"]].stack().dropna()
    assert low < min(values.min(), 0.85) and high > max(values.max(), 1.0)  # all on the chart
    wild = periods.assign(cpi=periods["cpi"] * 3, spi=periods["spi"] / 4)
    low, high = charts.index_trend(wild).layout.yaxis.range
    assert low < wild["spi"].min() and high > wild["cpi"].max()
    reserve = charts.reserve_burn(periods, 500.0, forecast_left=-20.0)
    left = list(reserve.data[0].y)
    assert left[-1] == 500 and min(left) == pytest.approx(500 - 200)  # AC - EV peaks at 200
    folder = make_project(TASKS, extra_yaml="status_date: 2026-03-11\n")
    (folder / "costs.csv").write_text(
        "date,task,amount,category\n2026-03-06,A,1000,<b>labour</b>\n", encoding="utf-8"
    )
    frame = cost_by_category(pmtools.load_project(folder))
    bars = charts.cost_by_category_chart(frame)
    names = sorted(tr.name for tr in bars.data)
    assert names == ["&lt;b&gt;labour&lt;/b&gt;", "task actuals (no category)"]
    assert sum(sum(tr.y) for tr in bars.data) == pytest.approx(1000 + 300)
