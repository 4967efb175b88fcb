"""Schedules in other formats through MPXJ: .mpx, .xer, .pmxml, .planner and .sdef files that
MPXJ itself writes from the MS Project test files, imported back and compared with the MSPDI
import. Skipped, with the reason, where MPXJ or a Java runtime is missing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pmtools
from pmtools.interop import InteropError, export_project, import_project, read_schedule
from pmtools.interop.mpxj import mpxj_classes
from pmtools.schedule import critical_path
from tests.conftest import DATA, EXAMPLES

MSPDI = DATA / "mspdi"
MANIFEST = json.loads((MSPDI / "manifest.json").read_text(encoding="utf-8"))
SUFFIXES = {"MPX": ".mpx", "XER": ".xer", "PMXML": ".pmxml", "PLANNER": ".planner", "SDEF": ".sdef"}
#: Formats that carry the whole network (tasks, durations, link types and lags, constraints).
EXACT = ("MPX", "XER", "PMXML")


@pytest.fixture(scope="module")
def mpxj():
    """MPXJ's Java package, the JVM started once for the whole process."""
    try:
        return mpxj_classes()
    except InteropError as exc:
        pytest.skip(f"MPXJ or Java missing: {exc}")


@pytest.fixture(scope="module")
def converted(mpxj, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every MS Project test file written by MPXJ in every format it can write and read back."""
    writable = {str(f) for f in mpxj.writer.FileFormat.values()}
    assert set(SUFFIXES) <= writable, writable  # MSPDI is the source; JSON MPXJ cannot read
    folder = tmp_path_factory.mktemp("mpxj")
    files = {}
    for entry in MANIFEST["files"]:
        project = mpxj.reader.UniversalProjectReader().read(str(MSPDI / entry["file"]))
        for name, suffix in SUFFIXES.items():
            path = folder / f"{entry['folder']}{suffix}"
            writer = mpxj.writer.UniversalProjectWriter(getattr(mpxj.writer.FileFormat, name))
            writer.write(project, str(path))
            files[entry["folder"], name] = path
    return files


def tasks_of(folder: Path) -> pd.DataFrame:
    frame = pd.read_csv(folder / "tasks.csv", dtype=str, keep_default_na=False)
    return frame.set_index("id").sort_index()


CASES = [(e, f) for e in MANIFEST["files"] for f in SUFFIXES]


@pytest.mark.parametrize(("entry", "fmt"), CASES, ids=[f"{e['folder']}-{f}" for e, f in CASES])
def test_mpxj_formats_import_like_the_ms_project_xml(tmp_path, converted, entry, fmt):
    import_project(MSPDI / entry["file"], tmp_path / "xml")
    warnings = import_project(converted[entry["folder"], fmt], tmp_path / "other")
    expected, found = tasks_of(tmp_path / "xml"), tasks_of(tmp_path / "other")
    assert found.index.tolist() == expected.index.tolist()  # task UIDs survive as ids
    assert found["name"].tolist() == expected["name"].tolist()
    assert found["duration"].tolist() == expected["duration"].tolist()

    def ends(cell: str) -> list[str]:
        return [entry.split()[0] for entry in cell.split(";") if entry]

    assert found["predecessors"].map(ends).tolist() == expected["predecessors"].map(ends).tolist()
    if fmt not in EXACT:
        # Planner keeps lags as elapsed time (each one MPXJ changes is warned about); SDEF has
        # no start-to-finish links and counts lags in calendar days; both lose constraints
        changed = found.index[found["predecessors"] != expected["predecessors"]]
        if fmt == "PLANNER":
            assert all(any(f"task {uid} " in w for w in warnings) for uid in changed)
        return
    columns = ["predecessors", "start_no_earlier_than"]
    pd.testing.assert_frame_equal(found[columns], expected[columns])
    ours = critical_path(pmtools.load_project(tmp_path / "other")).sort_index()
    reference = critical_path(pmtools.load_project(tmp_path / "xml")).sort_index()
    for key in ("total_float", "free_float", "critical", "start", "finish"):
        assert ours[key].tolist() == reference[key].tolist(), key
    assert warnings == []  # (these formats have no manual scheduling to warn about)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*/")), ids=lambda p: p.name)
def test_mpxj_reads_everything_pmtools_writes(tmp_path, mpxj, example):
    """MPXJ's schema-bound MSPDI reader and writer carry every cell of our export."""
    export_project(example, tmp_path / "ours.xml")
    project = mpxj.reader.UniversalProjectReader().read(str(tmp_path / "ours.xml"))
    assert project.getTasks().size() == len(pmtools.load_project(example).tasks) + 1
    mpxj.mspdi.MSPDIWriter().write(project, str(tmp_path / "theirs.xml"))
    assert import_project(tmp_path / "theirs.xml", tmp_path / "back") == []
    assert (tmp_path / "back" / "tasks.csv").read_bytes() == (example / "tasks.csv").read_bytes()
    ours = pmtools.load_project(example).calendar
    days = [ours.start + dt.timedelta(days=k) for k in range(365)]
    theirs = project.getDefaultCalendar()
    working = [bool(theirs.isWorkingDate(_java_date(d))) for d in days]
    assert working == ours.is_workday(np.array(days, dtype="datetime64[D]")).tolist()
    assert not all(working[k] for k, d in enumerate(days) if d.weekday() < 5)  # holidays


def test_an_example_through_mpx_keeps_all_but_field_names_and_deadlines(tmp_path, mpxj):
    example = EXAMPLES / "crm-rollout"
    export_project(example, tmp_path / "ours.xml")
    project = mpxj.reader.UniversalProjectReader().read(str(tmp_path / "ours.xml"))
    writer = mpxj.writer.UniversalProjectWriter(mpxj.writer.FileFormat.MPX)
    writer.write(project, str(tmp_path / "plan.mpx"))
    warnings = import_project(tmp_path / "plan.mpx", tmp_path / "back")
    assert warnings == [  # the pmtools calendar field has no name in MPX, so it is not found
        "custom field values of the project summary task not carried over (fields 188743734)",
        "the file has progress but no status date; set status_date in project.yaml so the "
        "schedule starts remaining work from it",
    ]
    original = pd.read_csv(example / "tasks.csv", dtype=str, keep_default_na=False)
    back = pd.read_csv(tmp_path / "back" / "tasks.csv", dtype=str, keep_default_na=False)
    texts = [c for c in back.columns if c.startswith("Text")]
    assert texts == ["Text1", "Text2", "Text3", "Text4", "Text5", "Text6"]
    assert (back["Text2"] == "").all()  # the calendar field, set on the project summary only
    assert back["Text1"].tolist() == original["id"].tolist()  # the ids, under their field name
    assert back["Text3"].tolist() == original["owner"].tolist()
    ids = dict(zip(back["id"], original["id"], strict=True))  # UIDs -> the folder's ids
    for column in ("parent", "predecessors"):
        back[column] = back[column].map(
            lambda cell: ";".join(
                " ".join([ids[e.split()[0]], *e.split()[1:]]) for e in cell.split(";") if e
            )
        )
    same = [c for c in original.columns if c in back.columns and c != "id"]
    differ = [c for c in same if not back[c].equals(original[c])]
    assert differ == ["finish_no_later_than"]


def _java_date(day):
    import jpype

    return jpype.JClass("java.time.LocalDate").of(day.year, day.month, day.day)


def test_an_xml_that_is_not_mspdi_goes_to_mpxj(tmp_path, converted):
    pmxml = converted["mspdirelations", "PMXML"]
    renamed = tmp_path / "primavera.xml"
    renamed.write_bytes(pmxml.read_bytes())
    imported = read_schedule(renamed)
    assert imported.tasks["predecessors"].tolist() == ["", "1", "2 SS+1", "3 FF", "4 SF"]


def test_the_jvm_starts_once(mpxj):
    import jpype

    assert jpype.isJVMStarted()
    assert mpxj_classes() is not None and jpype.isJVMStarted()


def test_a_file_mpxj_cannot_read_is_one_line(tmp_path, mpxj):
    junk = tmp_path / "plan.mpp"
    junk.write_bytes(b"not a schedule")
    with pytest.raises(InteropError) as caught:
        read_schedule(junk)
    assert str(caught.value) in (
        f"{junk}: MPXJ does not recognise this file as a schedule",
        f"{junk}: MPXJ could not read the file: {caught.value.values.get('reason')}",
    )
    assert "\n" not in str(caught.value)
