"""Microsoft Project XML: MS Project's own schedules as the oracle, round trips, the mapping."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
import yaml

import pmtools
from pmtools.errors import ProjectInvalid
from pmtools.interop import (
    ImportedInvalid,
    InteropError,
    export_project,
    import_project,
    read_mspdi,
    read_schedule,
    write_mspdi,
)
from pmtools.interop._mspdi_writer import TEXT_FIELD_IDS
from pmtools.interop.mspdi import read_mspdi_bytes
from pmtools.schedule import critical_path, schedule_json
from pmtools.tables.settings import TextDateLoader
from tests.conftest import DATA, EXAMPLES

MSPDI = DATA / "mspdi"
MANIFEST = json.loads((MSPDI / "manifest.json").read_text(encoding="utf-8"))
NS = "{http://schemas.microsoft.com/project}"


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def ms_values(xml_path: Path) -> dict[str, dict[str, object]]:
    """MS Project's own total float, free float and critical flag of each task, from the XML."""
    root = ET.parse(xml_path).getroot()
    per_day = int(root.findtext(f"{NS}MinutesPerDay") or 480) * 10  # slack: tenths of minutes
    found = {}
    for task in root.iter(f"{NS}Task"):
        uid = task.findtext(f"{NS}UID")
        if uid == "0" or task.findtext(f"{NS}Summary") == "1":
            continue
        total, free = int(task.findtext(f"{NS}TotalSlack")), int(task.findtext(f"{NS}FreeSlack"))
        assert total % per_day == 0 and free % per_day == 0  # whole days in these files
        found[uid] = {
            "total_float": total // per_day,
            "free_float": free // per_day,
            "critical": task.findtext(f"{NS}Critical") == "1",
        }
    return found


# -- Microsoft Project as the oracle ------------------------------------------------------------


@pytest.mark.parametrize("entry", MANIFEST["files"], ids=lambda e: e["folder"])
def test_imported_ms_project_files_schedule_as_ms_project_did(tmp_path, entry):
    """Import each file MS Project saved; floats and critical flags equal MS Project's own."""
    xml_path = MSPDI / entry["file"]
    warnings = import_project(xml_path, tmp_path / "p")
    project = pmtools.load_project(tmp_path / "p")
    plan = critical_path(project)
    ms = ms_values(xml_path)
    expected = json.loads((MSPDI / entry["folder"] / "ms_expected.json").read_text())
    known = {(d.split()[1], d.split()[2].rstrip(":")) for d in entry["differences"]}
    assert set(ms) == set(plan.index) == set(expected["tasks"])
    checked = 0
    for uid, values in ms.items():
        for key, value in values.items():
            assert expected["tasks"][uid][key] == value  # the XML agrees with ms_expected.json
            ours = plan.loc[uid, key]
            if (uid, key) in known:  # manually scheduled tasks: the manifest's difference
                assert ours != value
                continue
            assert ours == value, (entry["folder"], uid, key)
            checked += 1
        doc = next(t for t in schedule_json(project, plan)["tasks"] if t["id"] == uid)
        assert (doc["start"], doc["finish"]) == (
            expected["tasks"][uid]["start_date"],
            expected["tasks"][uid]["finish_date"],
        )
    assert checked == 3 * len(ms) - len({k for k in known if k[1] in ms[k[0]]})
    manual = any(expected["tasks"][uid]["manual"] for uid in ms)
    assert manual == any("manually scheduled" in w for w in warnings)
    if not manual:
        assert warnings == []


@pytest.mark.parametrize("entry", MANIFEST["files"], ids=lambda e: e["folder"])
def test_import_agrees_with_the_converted_test_folders(tmp_path, entry):
    import_project(MSPDI / entry["file"], tmp_path / "p")
    converted = read_csv(MSPDI / entry["folder"] / "tasks.csv")
    imported = read_csv(tmp_path / "p" / "tasks.csv")
    pd.testing.assert_frame_equal(imported[list(converted.columns)], converted)
    settings = yaml.safe_load((tmp_path / "p" / "project.yaml").read_text())
    assert settings["start"] == dt.date.fromisoformat(entry["project_start"])
    assert settings["calendar"] == {"workdays": "Mon-Fri"}


# -- round trip over the examples ------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*/")), ids=lambda p: p.name)
def test_examples_round_trip_cell_by_cell(tmp_path, example):
    xml_path = tmp_path / "plan.xml"
    export_warnings = export_project(example, xml_path)
    import_warnings = import_project(xml_path, tmp_path / "back")
    assert import_warnings == []
    keys = set(yaml.safe_load((example / "project.yaml").read_text(encoding="utf-8")))
    kept = sorted({"budget", "customer", "language"} | keys & {"board", "innovation", "quality"})
    assert "innovation" in kept  # every example scores its ideas
    assert export_warnings == [
        f"project.yaml keys MS Project has no place for, not written: {', '.join(kept)}"
    ]
    original = read_csv(example / "tasks.csv")
    back = read_csv(tmp_path / "back" / "tasks.csv")
    assert list(back.columns) == list(original.columns)  # the template's order is kept
    pd.testing.assert_frame_equal(back, original)
    loader = TextDateLoader
    before = yaml.load((example / "project.yaml").read_text(encoding="utf-8"), Loader=loader)
    after = yaml.load(
        (tmp_path / "back" / "project.yaml").read_text(encoding="utf-8"), Loader=loader
    )
    for key in ("name", "start", "status_date", "calendar", "currency", "manager", "deadline"):
        assert after.get(key) == before.get(key), key
    # and so is the schedule
    assert schedule_json(pmtools.load_project(tmp_path / "back")) == schedule_json(
        pmtools.load_project(example)
    )


def test_export_writes_country_holidays_as_named_exceptions(tmp_path):
    write_mspdi(pmtools.load_project(EXAMPLES / "erp-upgrade-cn"), tmp_path / "erp.xml")
    root = ET.parse(tmp_path / "erp.xml").getroot()
    exceptions = {
        e.findtext(f"{NS}TimePeriod/{NS}FromDate")[:10]: (
            e.findtext(f"{NS}DayWorking"),
            e.findtext(f"{NS}Name"),
        )
        for e in root.iter(f"{NS}Exception")
    }
    assert exceptions["2026-10-01"] == ("0", "National Day (CN)")
    assert exceptions["2026-09-20"][0] == "1"  # the make-up Sunday works
    dates = sorted(exceptions)
    assert dates[0].startswith("2026-01") and dates[-1].startswith("2028")  # start year .. +1


def test_calendar_changed_in_ms_project_comes_back_as_dates(tmp_path):
    xml_path = tmp_path / "crm.xml"
    export_project(EXAMPLES / "crm-rollout", xml_path)
    text = xml_path.read_text(encoding="utf-8")
    # MS Project user makes 2026-12-24 a working day again: drop both forms of that exception
    root = ET.fromstring(text)
    for calendar in root.iter(f"{NS}Calendar"):
        for parent_tag in ("WeekDays", "Exceptions"):
            parent = calendar.find(f"{NS}{parent_tag}")
            for child in list(parent if parent is not None else []):
                if child.findtext(f"{NS}TimePeriod/{NS}FromDate", "").startswith("2026-12-24"):
                    parent.remove(child)
    ET.register_namespace("", NS[1:-1])
    (tmp_path / "changed.xml").write_bytes(ET.tostring(root, xml_declaration=True))
    imported = read_mspdi(tmp_path / "changed.xml")
    assert any("calendar was changed" in w for w in imported.warnings)
    holidays = imported.settings["calendar"]["holidays"]
    assert "2026-12-24" not in holidays and "2026-12-25" in holidays and "DE" not in holidays


def test_export_uses_integer_ids_as_uids(make_project, tmp_path):
    folder = make_project("id,name,duration,predecessors\n10,A,2,\n20,B,3,10 SS+1\n")
    write_mspdi(pmtools.load_project(folder), tmp_path / "p.xml")
    root = ET.parse(tmp_path / "p.xml").getroot()
    uids = [t.findtext(f"{NS}UID") for t in root.iter(f"{NS}Task")]
    assert uids == ["0", "10", "20"]
    aliases = [a.findtext(f"{NS}Alias") for a in root.iter(f"{NS}ExtendedAttribute")]
    assert "pmtools id" not in aliases
    link = root.find(f".//{NS}PredecessorLink")
    assert (link.findtext(f"{NS}PredecessorUID"), link.findtext(f"{NS}Type")) == ("10", "3")
    assert (link.findtext(f"{NS}LinkLag"), link.findtext(f"{NS}LagFormat")) == ("4800", "7")
    import_project(tmp_path / "p.xml", tmp_path / "back")
    back = read_csv(tmp_path / "back" / "tasks.csv")
    assert back[["id", "name", "duration", "predecessors"]].values.tolist() == [
        ["10", "A", "2", ""],
        ["20", "B", "3", "10 SS+1"],
    ]


def test_resources_round_trip_with_leave_rates_and_units(make_project, tmp_path):
    folder = make_project(
        "id,name,duration,predecessors,resources\n"
        "A,Build,5,,Li Wei[50%];DBA[2]\nB,Test,3,A,Li Wei;QA team[0.25]\nM,Done,0,B,\n"
    )
    (folder / "resources.csv").write_text(
        "name,capacity,role,cost_rate,leave\n"
        "Li Wei,1,Developer,640,2026-03-04;2026-03-05\nDBA,2,Database,800,\nQA team,,,,\n",
        encoding="utf-8",
    )
    warnings = export_project(folder, tmp_path / "p.xml")
    assert warnings == []
    root = ET.parse(tmp_path / "p.xml").getroot()
    li = next(r for r in root.iter(f"{NS}Resource") if r.findtext(f"{NS}Name") == "Li Wei")
    assert li.findtext(f"{NS}StandardRate") == "80"  # per hour: 640 a day / 8 h
    assert li.findtext(f"{NS}Group") == "Developer"
    units = [a.findtext(f"{NS}Units") for a in root.iter(f"{NS}Assignment")]
    assert units == ["0.5", "2", "1", "0.25"]
    work = [a.findtext(f"{NS}Work") for a in root.iter(f"{NS}Assignment")]
    assert work == ["PT20H0M0S", "PT80H0M0S", "PT24H0M0S", "PT6H0M0S"]
    assert import_project(tmp_path / "p.xml", tmp_path / "back") == []
    tasks = read_csv(tmp_path / "back" / "tasks.csv")
    assert tasks["resources"].tolist() == ["Li Wei[50%];DBA[2]", "Li Wei;QA team[25%]", ""]
    resources = read_csv(tmp_path / "back" / "resources.csv")
    assert resources.values.tolist() == [
        ["Li Wei", "1", "Developer", "640", "2026-03-04;2026-03-05"],
        ["DBA", "2", "Database", "800", ""],
        ["QA team", "1", "", "", ""],
    ]


def test_export_rejects_a_bad_resources_csv(make_project, tmp_path):
    folder = make_project("id,name,duration,predecessors,resources\nA,Build,5,,X\n")
    (folder / "resources.csv").write_text("name,capacity,leave\nX,lots,2026-13-01\n")
    with pytest.raises(ProjectInvalid) as caught:
        export_project(folder, tmp_path / "p.xml")
    assert [str(p) for p in caught.value.problems] == [
        'resources.csv:2:capacity: expected a number >= 0, found "lots"',
        "resources.csv:2:leave: expected dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD "
        'separated by ";" (first day not after the last), found "2026-13-01"',
    ]
    assert not (tmp_path / "p.xml").exists()


# the order of MS Project's schema (mspdi_pj12.xsd plus the Project 2010 Active/Manual)
SCHEMA_ORDER = {
    "Project": "SaveVersion UID Name Title Subject Category Company Manager Author CreationDate "
    "Revision LastSaved ScheduleFromStart StartDate FinishDate FYStartDate CriticalSlackLimit "
    "CurrencyDigits CurrencySymbol CurrencyCode CurrencySymbolPosition CalendarUID "
    "DefaultStartTime DefaultFinishTime MinutesPerDay MinutesPerWeek DaysPerMonth DefaultTaskType "
    "DefaultFixedCostAccrual DefaultStandardRate DefaultOvertimeRate DurationFormat WorkFormat "
    "EditableActualCosts HonorConstraints InsertedProjectsLikeSummary MultipleCriticalPaths "
    "NewTasksEffortDriven NewTasksEstimated SplitsInProgressTasks SpreadActualCost "
    "SpreadPercentComplete TaskUpdatesResource FiscalYearStart WeekStartDay "
    "MoveCompletedEndsBack MoveRemainingStartsBack MoveRemainingStartsForward "
    "MoveCompletedEndsForward BaselineForEarnedValue AutoAddNewResourcesAndTasks StatusDate "
    "CurrentDate MicrosoftProjectServerURL Autolink NewTaskStartDate NewTasksAreManual "
    "DefaultTaskEVMethod ProjectExternallyEdited ExtendedCreationDate ActualsInSync "
    "RemoveFileProperties AdminProject OutlineCodes WBSMasks ExtendedAttributes Calendars Tasks "
    "Resources Assignments",
    "Task": "UID ID Name Active Manual Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber "
    "OutlineLevel Priority Start Finish Duration DurationFormat Work Stop Resume ResumeValid "
    "EffortDriven Recurring OverAllocated Estimated Milestone Summary Critical IsSubproject "
    "IsSubprojectReadOnly SubprojectName ExternalTask ExternalTaskProject EarlyStart EarlyFinish "
    "LateStart LateFinish StartVariance FinishVariance WorkVariance FreeSlack TotalSlack "
    "FixedCost FixedCostAccrual PercentComplete PercentWorkComplete Cost OvertimeCost "
    "OvertimeWork ActualStart ActualFinish ActualDuration ActualCost ActualOvertimeCost "
    "ActualWork ActualOvertimeWork RegularWork RemainingDuration RemainingCost RemainingWork "
    "RemainingOvertimeCost RemainingOvertimeWork ACWP CV ConstraintType CalendarUID "
    "ConstraintDate Deadline LevelAssignments LevelingCanSplit LevelingDelay "
    "LevelingDelayFormat PreLeveledStart PreLeveledFinish Hyperlink HyperlinkAddress "
    "HyperlinkSubAddress IgnoreResourceCalendar Notes HideBar Rollup BCWS BCWP "
    "PhysicalPercentComplete EarnedValueMethod PredecessorLink ActualWorkProtected "
    "ActualOvertimeWorkProtected ExtendedAttribute Baseline OutlineCode",
    "PredecessorLink": "PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat",
    "Baseline": "TimephasedData Number Interim Start Finish Duration DurationFormat "
    "EstimatedDuration Work Cost BCWS BCWP FixedCost",
    "Calendar": "UID Name IsBaseCalendar IsBaselineCalendar BaseCalendarUID WeekDays Exceptions "
    "WorkWeeks",
    "WeekDay": "DayType DayWorking TimePeriod WorkingTimes",
    "Exception": "EnteredByOccurrences TimePeriod Occurrences Name Type Period DaysOfWeek "
    "MonthItem MonthPosition Month MonthDay DayWorking WorkingTimes",
    "Resource": "UID ID Name Type IsNull Initials Phonetics NTAccount MaterialLabel Code Group "
    "WorkGroup EmailAddress Hyperlink HyperlinkAddress HyperlinkSubAddress MaxUnits PeakUnits "
    "OverAllocated AvailableFrom AvailableTo Start Finish CanLevel AccrueAt Work RegularWork "
    "OvertimeWork ActualWork RemainingWork ActualOvertimeWork RemainingOvertimeWork "
    "PercentWorkComplete StandardRate StandardRateFormat Cost OvertimeRate OvertimeRateFormat "
    "OvertimeCost CostPerUse ActualCost ActualOvertimeCost RemainingCost RemainingOvertimeCost "
    "WorkVariance CostVariance SV CV ACWP CalendarUID",
    "Assignment": "UID TaskUID ResourceUID PercentWorkComplete ActualCost ActualFinish "
    "ActualOvertimeCost ActualOvertimeWork ActualStart ActualWork ACWP Confirmed Cost "
    "CostRateTable CostVariance CV Delay Finish FinishVariance Hyperlink HyperlinkAddress "
    "HyperlinkSubAddress WorkVariance HasFixedRateUnits FixedMaterial LevelingDelay "
    "LevelingDelayFormat LinkedFields Milestone Notes Overallocated OvertimeCost OvertimeWork "
    "PeakUnits RegularWork RemainingCost RemainingOvertimeCost RemainingOvertimeWork "
    "RemainingWork ResponsePending Start Stop Resume StartVariance Units UpdateNeeded VAC Work",
}


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*/")), ids=lambda p: p.name)
def test_export_writes_elements_in_the_schema_order(tmp_path, example):
    """MS Project reads an MSPDI file by its schema's sequences; out-of-order elements are lost."""
    write_mspdi(pmtools.load_project(example), tmp_path / "p.xml")
    root = ET.parse(tmp_path / "p.xml").getroot()
    assert root.tag == f"{NS}Project"
    checked = 0
    for element in root.iter():
        tag = element.tag.removeprefix(NS)
        if tag not in SCHEMA_ORDER or tag == "ExtendedAttribute" or not len(element):
            continue
        order = SCHEMA_ORDER[tag].split()
        children = [c.tag.removeprefix(NS) for c in element]
        assert all(c in order for c in children), (tag, set(children) - set(order))
        positions = [order.index(c) for c in children]
        assert positions == sorted(positions), (tag, children)
        checked += 1
    assert checked > 100


def test_export_needs_more_text_fields_than_ms_project_has(make_project, tmp_path):
    columns = [f"c{k}" for k in range(35)]
    folder = make_project(
        "id,name,duration,predecessors," + ",".join(columns) + "\n"
        "A,Task,1,," + ",".join(str(k) for k in range(35)) + "\n"
    )
    warnings = export_project(folder, tmp_path / "p.xml")
    assert warnings == [
        "MS Project has 30 text fields; columns not written: c28, c29, c30, c31, c32, c33, c34"
    ]
    assert len(TEXT_FIELD_IDS) == 30


def test_export_and_import_errors(make_project, tmp_path):
    folder = make_project("id,name,duration,predecessors\nA,Task,1,\n")
    with pytest.raises(InteropError) as caught:
        export_project(folder, tmp_path / "p.docx")
    assert (
        str(caught.value) == f"{tmp_path / 'p.docx'}: cannot export to .docx files; expected .xml"
    )
    with pytest.raises(InteropError) as caught:
        import_project(tmp_path / "missing.xml", tmp_path / "new")
    assert str(caught.value) == f"{tmp_path / 'missing.xml'}: no such file"
    with pytest.raises(InteropError) as caught:
        import_project(MSPDI / "xml" / "mspdirelations.xml", folder)
    assert "is not empty" in str(caught.value)
    with pytest.raises(InteropError) as caught:
        read_schedule(tmp_path / "plan.ods")
    assert "cannot import .ods files; expected .xml, .mpp" in str(caught.value)
    error = pickle.loads(pickle.dumps(caught.value))
    assert str(error) == str(caught.value)


# -- hostile and broken files -----------------------------------------------------------------


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol3;</Name></Project>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&secret;</Name></Project>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "external"])
def test_entities_and_dtds_are_refused(text):
    with pytest.raises(InteropError) as caught:
        read_mspdi_bytes(text.encode(), "evil.xml")
    assert caught.value.code == "interop.xml.dtd"
    assert str(caught.value).startswith("evil.xml: line 2: a DOCTYPE or entity declaration")


def test_malformed_xml_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?>\n<Project>\n<Name>x</Nme>\n</Project>\n')
    with pytest.raises(InteropError) as caught:
        read_mspdi(path)
    assert str(caught.value) == f"{path}: line 3: not well-formed XML (mismatched tag)"


def test_xml_that_is_not_mspdi_says_what_it_is(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<APIBusinessObjects/>")
    with pytest.raises(InteropError) as caught:
        read_mspdi(path)
    assert "root element is <APIBusinessObjects>" in str(caught.value)
    path.write_text("<Project><Name>No namespace</Name></Project>")
    with pytest.raises(InteropError):
        read_mspdi(path)
    path.write_text("<Project><Tasks><Task><UID>1</UID><Name>A</Name></Task></Tasks></Project>")
    imported = read_mspdi(path)  # MSPDI without its xmlns
    assert imported.tasks["name"].tolist() == ["A"]
    assert imported.warnings[:2] == [
        f"{path}: no usable project calendar; Mon-Fri without holidays assumed",
        "task 1 (A) has no duration in the file; imported as 0 days (a milestone)",
    ]
    assert imported.warnings[2].startswith("the file has no project start date; ")
    assert len(imported.warnings) == 3


# -- the mapping, element by element ----------------------------------------------------------

CALENDAR = """<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
<WeekDays>{days}{legacy}</WeekDays>{exceptions}</Calendar>"""
HOURS = (
    "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
    "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
    "</WorkingTime></WorkingTimes>"
)


def week(working: str = "23456") -> str:
    """WeekDay entries; ``working`` lists the DayTypes that work (1 = Sunday)."""
    return "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>{int(str(d) in working)}</DayWorking>"
        + (HOURS if str(d) in working else "")
        + "</WeekDay>"
        for d in range(1, 8)
    )


def mspdi(
    tasks: str,
    *,
    project: str = "",
    calendars: str | None = None,
    attributes: str = "",
    resources: str = "",
    assignments: str = "",
) -> bytes:
    calendars = calendars or CALENDAR.format(days=week(), legacy="", exceptions="")
    text = (
        '<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">'
        "<Name>plan.xml</Name><StartDate>2026-03-02T08:00:00</StartDate>"
        f"<CalendarUID>1</CalendarUID>{project}<ExtendedAttributes>{attributes}"
        f"</ExtendedAttributes><Calendars>{calendars}</Calendars><Tasks>{tasks}</Tasks>"
        f"<Resources>{resources}</Resources><Assignments>{assignments}</Assignments></Project>"
    )
    return text.encode()


def task(uid: int, body: str = "", *, hours: float = 8, level: int = 1, name: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name or f'Task {uid}'}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel><Duration>PT{hours:g}H0M0S</Duration>{body}</Task>"
    )


def link(pred: int, kind: int = 1, lag: int = 0, fmt: int = 7, extra: str = "") -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>{kind}</Type>{extra}"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{fmt}</LagFormat></PredecessorLink>"
    )


def read(data: bytes):
    imported = read_mspdi_bytes(data, "plan.xml")
    return imported, imported.tasks.set_index("id")


def test_links_types_and_lags():
    tasks = "".join(
        [
            task(1, hours=32),
            task(2, link(1)),
            task(3, link(1, 3, 4800)),  # SS + 1 day
            task(4, link(1, 0, -9600)),  # FF - 2 days
            task(5, link(1, 2)),  # SF
            task(6, link(2, 1, 2400)),  # half a day: rounded, warned
            task(7, link(1, 1, 50, 19)),  # 50% of 4 days: exact
            task(8, link(1, 1, 25, 19) + link(2, 1, 0, 7)),  # 25% of 4 days = 1: exact
            task(9, link(2, 1, 30, 19)),  # 30% of 1 day: rounded, warned
            task(10, link(1, 1, 7 * 14400, 8)),  # 7 elapsed days = 5 working days
            task(11, link(1, 1, 3 * 14400, 8)),  # 3 elapsed days: approximate, warned
            task(12, link(99) + link(1, extra="<CrossProject>1</CrossProject>")),
        ]
    )
    imported, frame = read(mspdi(tasks))
    assert frame["predecessors"].to_dict() == {
        "1": "",
        "2": "1",
        "3": "1 SS+1",
        "4": "1 FF-2",
        "5": "1 SF",
        "6": "2 FS+1",
        "7": "1 FS+2",
        "8": "1 FS+1;2",
        "9": "2",
        "10": "1 FS+5",
        "11": "1 FS+2",
        "12": "",
    }
    assert imported.warnings == [
        "task 6 (Task 6): lag after task 2 of 4 h = 0.5 working days rounded to 1",
        "task 9 (Task 9): lag of 30% of task 2 = 0.3 working days, taken as 0",
        "task 11 (Task 11): elapsed lag after task 1 of 3 calendar days taken as 2 working days",
        "task 12 (Task 12): link from task 99, which was not imported, left out",
        "task 12 (Task 12): link from task 1 of another project not carried over",
    ]


def test_durations_milestones_and_elapsed_time():
    tasks = "".join(
        [
            task(1, hours=12),  # 1.5 days: rounded up, warned
            task(2, hours=2),  # a quarter day: at least 1
            task(3, "<Milestone>1</Milestone>", hours=0),
            task(4, "<Milestone>1</Milestone>", hours=8),  # a milestone with a duration
            task(
                5,
                "<Start>2026-03-02T08:00:00</Start><Finish>2026-03-04T08:00:00</Finish>"
                "<DurationFormat>8</DurationFormat>",
                hours=48,
            ),
            task(6, "<DurationFormat>39</DurationFormat>", hours=40),  # estimated days
        ]
    )
    imported, frame = read(mspdi(tasks))
    assert frame["duration"].tolist() == ["2", "1", "0", "0", "2", "5"]
    assert imported.warnings == [
        "task 1 (Task 1): duration 12 h = 1.5 working days rounded to 2",
        "task 2 (Task 2): duration 2 h = 0.25 working days rounded to 1",
        "task 4 (Task 4) is a milestone with a duration of 1 working days; imported as a "
        "milestone (duration 0)",
        "task 5 (Task 5): elapsed duration of 2 calendar days converted to 2 working days",
    ]


def constraint(kind: int, when: str) -> str:
    return f"<ConstraintType>{kind}</ConstraintType><ConstraintDate>{when}</ConstraintDate>"


def test_constraints_and_deadlines():
    tasks = "".join(
        [
            task(1, constraint(4, "2026-03-04T08:00:00")),
            task(2, constraint(4, "2026-03-06T17:00:00")),  # end of Friday: Monday
            task(3, constraint(7, "2026-03-13T17:00:00")),
            task(4, constraint(7, "2026-03-16T08:00:00")),  # start of Monday: Friday
            task(5, constraint(2, "2026-03-05T08:00:00")),  # must start on: the SNET half
            task(6, constraint(1, "2026-03-05T08:00:00")),  # as late as possible
            task(7, "<Deadline>2026-03-20T17:00:00</Deadline>"),
            task(
                8, constraint(7, "2026-03-20T17:00:00") + "<Deadline>2026-03-18T17:00:00</Deadline>"
            ),
        ]
    )
    imported, frame = read(mspdi(tasks))
    assert frame["start_no_earlier_than"].tolist() == [
        "2026-03-04", "2026-03-09", "", "", "2026-03-05", "", "", ""
    ]  # fmt: skip
    assert frame["finish_no_later_than"].tolist() == [
        "", "", "2026-03-13", "2026-03-13", "", "", "2026-03-20", "2026-03-18"
    ]  # fmt: skip
    assert imported.warnings == [
        "task 5 (Task 5): constraint Must Start On 2026-03-05 carried over as "
        "start_no_earlier_than only",
        "task 6 (Task 6): constraint As Late As Possible 2026-03-05 not carried over (pmtools "
        "knows start-no-earlier-than and finish-no-later-than)",
        "task 8 (Task 8): both a finish-no-later-than constraint (2026-03-20) and a deadline "
        "(2026-03-18); the earlier one is kept",
    ]


def test_progress_baseline_and_costs():
    baseline = (
        "<Baseline><Number>0</Number><Start>2026-03-02T08:00:00</Start>"
        "<Finish>2026-03-06T17:00:00</Finish><Cost>590050</Cost></Baseline>"
        "<Baseline><Number>1</Number><Start>2026-03-09T08:00:00</Start></Baseline>"
    )
    tasks = "".join(
        [
            task(
                1,
                "<PercentComplete>100</PercentComplete><ActualStart>2026-03-02T08:00:00"
                "</ActualStart><ActualFinish>2026-03-06T17:00:00</ActualFinish>"
                "<ActualCost>612300</ActualCost>" + baseline,
                hours=40,
            ),
            task(
                2,
                "<PercentComplete>40</PercentComplete><ActualStart>2026-03-09T08:00:00"
                "</ActualStart><ActualFinish>2026-03-10T17:00:00</ActualFinish>",
            ),
            task(3, "<PercentComplete>0</PercentComplete><Cost>100000</Cost>"),
        ]
    )
    imported, frame = read(mspdi(tasks, project="<StatusDate>2026-03-10T17:00:00</StatusDate>"))
    columns = [
        "percent_complete", "actual_start", "actual_finish", "baseline_start",
        "baseline_finish", "planned_cost", "actual_cost",
    ]  # fmt: skip
    assert frame[columns].values.tolist() == [
        ["100", "2026-03-02", "2026-03-06", "2026-03-02", "2026-03-06", "5900.5", "6123"],
        ["40", "2026-03-09", "", "", "", "", ""],
        ["0", "", "", "", "", "", ""],
    ]
    assert imported.settings["status_date"] == "2026-03-10"
    assert imported.warnings == [
        "task 2 (Task 2): actual finish 2026-03-10 with only 40% complete; the actual finish is "
        "left out",
        "baselines 1 not carried over; baseline 0 fills baseline_start, baseline_finish and "
        "planned_cost",
        "tasks with a cost but no baseline cost (UID 3): planned_cost left empty; save a "
        "baseline in MS Project to carry the budget",
    ]


def test_outline_gives_parent_wbs_notes_and_priority():
    tasks = "".join(
        [
            task(0, "<OutlineNumber>0</OutlineNumber>", level=0, name="The project"),
            task(1, "<WBS>A</WBS><Summary>1</Summary>", hours=40, name="Phase"),
            task(2, "<WBS>A.1</WBS><Priority>700</Priority>", level=2),
            task(3, "<WBS>A.2</WBS><Notes>Line one\nline two</Notes>", level=2),
            task(4, "<WBS>A.2.1</WBS><IsNull>1</IsNull>", level=3),  # a blank row
            task(5, "<WBS>B</WBS><Priority>500</Priority>"),
        ]
    )
    imported, frame = read(mspdi(tasks))
    assert imported.settings["name"] == "The project"
    assert frame.loc[:, ["wbs", "parent", "duration", "priority"]].values.tolist() == [
        ["A", "", "", ""],
        ["A.1", "1", "1", "700"],
        ["A.2", "1", "1", ""],
        ["B", "", "1", "500"],
    ]
    assert frame.loc["3", "notes"] == "Line one\nline two"
    assert imported.warnings == []


def test_manual_inactive_external_and_unnamed_tasks():
    tasks = "".join(
        [
            task(1, "<Manual>1</Manual>"),
            task(2, "<Active>0</Active>"),
            task(3, "<ExternalTask>1</ExternalTask>"),
            "<Task><UID>4</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>",
            task(5, link(2)),
        ]
    )
    imported, frame = read(mspdi(tasks))
    assert frame.index.tolist() == ["1", "4", "5"]
    assert frame.loc["4", "name"] == "Task 4"
    assert imported.warnings == [
        "inactive tasks not imported (UID 2); MS Project leaves them out of the schedule",
        "external tasks not imported (UID 3); they belong to another project",
        "tasks manually scheduled in MS Project (UID 1): pmtools schedules them automatically "
        "from their links, so their dates may differ",
        'task 4 has no name; named "Task 4"',
        "task 5 (Task 5): link from task 2, which was not imported, left out",
    ]


def test_custom_fields_become_columns():
    attributes = "".join(
        f"<ExtendedAttribute><FieldID>{fid}</FieldID><FieldName>{name}</FieldName>"
        + (f"<Alias>{alias}</Alias>" if alias else "")
        + "</ExtendedAttribute>"
        for fid, name, alias in [
            (188743731, "Text1", "Owner"),
            (188743734, "Text2", "Cost Center"),
            (188743767, "Number1", None),
            (188743945, "Date1", "Signed"),
            (188743737, "Text3", "name"),
            (205520904, "Text1", "Resource text"),  # a resource field: not a task column
        ]
    )

    def value(fid: int, text: str) -> str:
        return (
            f"<ExtendedAttribute><FieldID>{fid}</FieldID><Value>{text}</Value></ExtendedAttribute>"
        )

    tasks = task(
        1,
        value(188743731, "Li Wei")
        + value(188743734, "CC-7")
        + value(188743767, "3.5")
        + value(188743945, "2026-03-05T08:00:00")
        + value(188743737, "other")
        + value(188743999, "orphan"),
    )
    imported, frame = read(mspdi(tasks, attributes=attributes))
    extra = ["owner", "Cost Center", "Number1", "Signed", "name (Text3)", "field 188743999"]
    assert frame.columns.tolist()[-5:] == extra[1:]
    assert frame.loc["1", extra].tolist() == [
        "Li Wei",
        "CC-7",
        "3.5",
        "2026-03-05",
        "other",
        "orphan",
    ]
    assert frame.columns.tolist().index("owner") == 5  # after predecessors, as in the template
    assert imported.warnings == [
        'custom field alias "name" names a column pmtools fills itself; its values go to column '
        '"name (Text3)"',
        'custom field 188743999 has values but no definition; imported as column "field 188743999"',
    ]


def test_calendar_weekdays_exceptions_and_recurrences():
    exceptions = (
        "<Exceptions>"
        "<Exception><TimePeriod><FromDate>2026-03-03T00:00:00</FromDate>"
        "<ToDate>2026-03-03T23:59:00</ToDate></TimePeriod><Name>Strike</Name>"
        "<Type>1</Type><DayWorking>0</DayWorking></Exception>"
        "<Exception><TimePeriod><FromDate>2026-03-09T00:00:00</FromDate>"
        "<ToDate>2026-03-10T23:59:00</ToDate></TimePeriod><Name>Move</Name>"
        "<DayWorking>0</DayWorking></Exception>"
        "<Exception><TimePeriod><FromDate>2026-03-07T00:00:00</FromDate>"
        "<ToDate>2026-03-07T23:59:00</ToDate></TimePeriod><Name>Catch-up Saturday</Name>"
        f"<DayWorking>1</DayWorking>{HOURS}</Exception>"
        "<Exception><TimePeriod><FromDate>2026-12-25T00:00:00</FromDate>"
        "<ToDate>2027-12-25T23:59:00</ToDate></TimePeriod><Name>Christmas</Name>"
        "<Type>2</Type><Month>11</Month><MonthDay>25</MonthDay><DayWorking>0</DayWorking>"
        "</Exception>"
        "<Exception><TimePeriod><FromDate>2026-01-01T00:00:00</FromDate>"
        "<ToDate>2027-12-31T23:59:00</ToDate></TimePeriod><Name>Odd</Name>"
        "<Type>5</Type><MonthItem>1</MonthItem><DayWorking>0</DayWorking></Exception>"
        "</Exceptions>"
    )
    legacy = (  # ignored: Project 2007 and later read the Exceptions element
        "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>"
        "<FromDate>2026-04-01T00:00:00</FromDate><ToDate>2026-04-01T23:59:00</ToDate>"
        "</TimePeriod></WeekDay>"
    )
    calendars = CALENDAR.format(days=week(), legacy=legacy, exceptions=exceptions)
    imported, _ = read(mspdi(task(1), calendars=calendars))
    assert imported.settings["calendar"] == {
        "workdays": "Mon-Fri",
        "holidays": ["2026-03-03", "2026-03-09", "2026-03-10", "2026-12-25"],
        "extra_workdays": ["2026-03-07"],
    }
    assert imported.warnings == [
        'calendar exception "Odd": this kind of recurrence is not carried over; add its dates '
        "to holidays in project.yaml"
    ]
    # Project 2003 files keep exceptions as DayType 0 week days; a Sun-Thu week
    calendars = CALENDAR.format(days=week("12345"), legacy=legacy, exceptions="")
    imported, _ = read(mspdi(task(1), calendars=calendars))
    assert imported.settings["calendar"] == {
        "workdays": ["Mon", "Tue", "Wed", "Thu", "Sun"],
        "holidays": ["2026-04-01"],
    }


def test_resources_assignments_and_leave():
    calendars = CALENDAR.format(days=week(), legacy="", exceptions="") + (
        "<Calendar><UID>2</UID><Name>Li Wei</Name><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>1</BaseCalendarUID><Exceptions><Exception><TimePeriod>"
        "<FromDate>2026-03-04T00:00:00</FromDate><ToDate>2026-03-05T23:59:00</ToDate>"
        "</TimePeriod><DayWorking>0</DayWorking></Exception></Exceptions></Calendar>"
    )

    def resource(uid: int, name: str | None, body: str = "") -> str:
        named = f"<Name>{name}</Name>" if name else ""
        return f"<Resource><UID>{uid}</UID>{named}{body}</Resource>"

    resources = "".join(
        [
            resource(0, None),  # MS Project's built-in unassigned resource
            resource(
                1,
                "Li Wei",
                "<Type>1</Type><Group>Dev</Group><MaxUnits>1.00</MaxUnits>"
                "<StandardRate>50</StandardRate><CalendarUID>2</CalendarUID>",
            ),
            resource(2, "DBA", "<Type>1</Type><MaxUnits>2</MaxUnits>"),
            resource(3, "Concrete", "<Type>0</Type>"),
            resource(4, "Ops; night", "<Type>1</Type><OvertimeRate>30</OvertimeRate>"),
        ]
    )

    def assign(uid: int, task_uid: int, resource_uid: int, units: str) -> str:
        return (
            f"<Assignment><UID>{uid}</UID><TaskUID>{task_uid}</TaskUID>"
            f"<ResourceUID>{resource_uid}</ResourceUID><Units>{units}</Units></Assignment>"
        )

    assignments = "".join(
        [
            assign(1, 1, 1, "0.5"),
            assign(2, 1, 2, "2"),
            assign(3, 2, 1, "1"),
            assign(4, 2, 3, "1"),
            assign(5, 2, -65535, "1"),
            assign(6, 2, 4, "0.125"),
            assign(7, 2, 9, "1"),
        ]
    )
    imported, frame = read(
        mspdi(
            task(1) + task(2),
            calendars=calendars,
            resources=resources,
            assignments=assignments,
        )
    )
    assert frame["resources"].tolist() == ["Li Wei[50%];DBA[2]", "Li Wei;Ops night[12.5%]"]
    assert imported.resources.values.tolist() == [
        ["Li Wei", "1", "Dev", "400", "2026-03-04;2026-03-05"],
        ["DBA", "2", "", "", ""],
        ["Ops night", "1", "", "", ""],
    ]
    assert imported.warnings == [
        "resource 3 (Concrete) is a material resource; it and its assignments are not imported "
        "(resources.csv holds people and teams)",
        'resource 4 "Ops; night" imported as "Ops night" (names must be unique and without ; [ ])',
        "resource 4 (Ops night): OvertimeRate is not carried over",
        "task 2: assignment of unknown resource 9 left out",
    ]


def test_ids_of_tasks_added_in_ms_project_fall_back_to_uids(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "project.yaml").write_text("name: P\nstart: 2026-03-02\n")
    (folder / "tasks.csv").write_text("id,name,duration,predecessors\nA,One,1,\n3,Two,1,A\n")
    write_mspdi(pmtools.load_project(folder), tmp_path / "p.xml")
    root = ET.parse(tmp_path / "p.xml").getroot()
    tasks = root.find(f"{NS}Tasks")
    added = ET.SubElement(tasks, f"{NS}Task")  # as if a user added a task in MS Project
    for tag, text in (("UID", "7"), ("Name", "New"), ("OutlineLevel", "1"), ("Duration", "PT8H")):
        ET.SubElement(added, f"{NS}{tag}").text = text
    ET.register_namespace("", NS[1:-1])
    imported = read_mspdi_bytes(ET.tostring(root), "p.xml")
    assert imported.tasks["id"].tolist() == ["A", "3", "7"]
    assert imported.warnings == [
        "tasks without a pmtools id (added in MS Project?) keep their UID as id (UID 7)"
    ]


def test_an_imported_folder_that_does_not_validate_keeps_the_warnings(tmp_path):
    tasks = task(
        1,
        "<Manual>1</Manual><PercentComplete>100</PercentComplete>"
        "<ActualStart>2026-02-02T08:00:00</ActualStart>",
    )
    (tmp_path / "plan.xml").write_bytes(mspdi(tasks))
    with pytest.raises(ImportedInvalid) as caught:
        import_project(tmp_path / "plan.xml", tmp_path / "p")
    assert [str(p) for p in caught.value.problems] == [
        "tasks.csv:2:actual_start: 2026-02-02 is before the project start 2026-03-02"
    ]
    assert caught.value.warnings[0].startswith("tasks manually scheduled")
    assert (tmp_path / "p" / "tasks.csv").is_file()
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.warnings == caught.value.warnings


def test_project_yaml_of_an_import(tmp_path):
    data = mspdi(
        task(0, "<Deadline>2026-06-30T17:00:00</Deadline>", level=0, name="Summary") + task(1),
        project="<Title>Payroll: phase 2</Title><Manager>Li Na</Manager>"
        "<CurrencyCode>CNY</CurrencyCode>",
    )
    (tmp_path / "plan.xml").write_bytes(data)
    import_project(tmp_path / "plan.xml", tmp_path / "p")
    text = (tmp_path / "p" / "project.yaml").read_text(encoding="utf-8")
    assert text == textwrap.dedent(
        """\
        # imported from plan.xml by pmtools import
        name: 'Payroll: phase 2'
        start: 2026-03-02
        manager: Li Na
        currency: CNY
        deadline: 2026-06-30
        calendar:
          workdays: Mon-Fri
        """
    )
    assert pmtools.load_project(tmp_path / "p").deadline == dt.date(2026, 6, 30)


def test_messages_exist_in_english_and_chinese_with_the_same_placeholders():
    import re

    from pmtools.i18n import interop

    assert set(interop.EN) == set(interop.ZH)
    for key, english in interop.EN.items():
        names = set(re.findall(r"{(\w+)}", english))
        assert names == set(re.findall(r"{(\w+)}", interop.ZH[key])), key
