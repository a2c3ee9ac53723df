"""The treadmill's figures are kept with the walk: schema 2, its migration from version 1, and
every place that shows them (history --json, the exports, progress, history detail)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from stride_tui.core.records import (
    SCHEMA_VERSION,
    BeltSummary,
    LinkState,
    Profile,
    RecordError,
    SessionRecord,
    Units,
)
from stride_tui.formats import belt_lines
from stride_tui.store import Store
from tests.cli.helpers import run
from tests.records import session_record

DAY = date(2026, 3, 3)  # a Tuesday
BELT = BeltSummary(LinkState.DROPPED, belt_seconds=1180.0, distance_m=1612.5,
                   average_kmh=4.92, top_kmh=5.4, incline_min=0.0, incline_max=1.5)


def walk(belt: BeltSummary | None = BELT) -> SessionRecord:
    record = session_record(DAY, 20, before=3, after=2, session_id="belt-walk")
    record.belt = belt
    return record


def seeded(data_dir: Path, units: Units = Units.METRIC) -> None:
    with Store.open(data_dir) as store:
        store.save_profile(Profile(start_date=date(2026, 2, 16), units=units))
        store.add_session(walk())
        store.add_session(session_record(date(2026, 3, 2), 15, before=2, after=2,
                                         session_id="plain-walk"))


def test_the_schema_is_version_2() -> None:
    assert SCHEMA_VERSION == 2


def test_belt_figures_go_through_the_record_door_and_back() -> None:
    record = walk()
    assert SessionRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    for field, bad in [("link", "maybe"), ("distance_m", -1), ("top_kmh", 400),
                       ("incline_max", float("nan")), ("average_kmh", "fast")]:
        doc = record.to_dict()
        doc["belt"][field] = bad
        with pytest.raises(RecordError, match=f"session.belt.{field}"):
            SessionRecord.from_dict(doc)


def test_a_profile_refuses_a_treadmill_that_is_not_an_address() -> None:
    doc = Profile(start_date=DAY).to_dict()
    doc["treadmill"] = "my treadmill"
    with pytest.raises(RecordError, match="Bluetooth address"):
        Profile.from_dict(doc)
    doc["treadmill"] = "f7:00:00:00:18:26"
    assert Profile.from_dict(doc).treadmill == "F7:00:00:00:18:26"


def version_1_export(tmp_path: Path) -> Path:
    """An export as Stride 1 wrote it: no belt, no treadmill, no units."""
    session = walk(None).to_dict()
    del session["belt"]
    profile = Profile(start_date=date(2026, 2, 16)).to_dict()
    del profile["treadmill"], profile["units"]
    path = tmp_path / "stride-v1.json"
    path.write_text(json.dumps({
        "format": "stride-export", "schema_version": 1,
        "exported_at": "2026-03-04T09:00:00+00:00", "profile": profile, "sessions": [session],
    }))
    return path


def test_an_export_of_version_1_still_imports(tmp_path: Path, data_dir: Path) -> None:
    result = run("import", str(version_1_export(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "Imported 1 session" in result.stdout
    with Store.open(data_dir, readonly=True) as store:
        [saved] = store.sessions()
    assert saved.id == "belt-walk" and saved.belt is None


def test_a_version_1_data_file_is_upgraded_and_kept(data_dir: Path) -> None:
    session = walk(None).to_dict()
    del session["belt"]
    profile = Profile(start_date=date(2026, 2, 16)).to_dict()
    del profile["treadmill"], profile["units"]
    data_dir.mkdir(parents=True)
    (data_dir / "stride.json").write_text(json.dumps({
        "meta": {"1": {"schema_version": 1}}, "profile": {"1": profile},
        "sessions": {"1": session},
    }))
    with Store.open(data_dir) as store:
        [saved] = store.sessions()
        loaded = store.load_profile()
    assert saved.belt is None
    assert loaded is not None and loaded.treadmill is None and loaded.units is Units.METRIC


def test_history_json_and_both_exports_carry_the_belt(data_dir: Path, tmp_path: Path) -> None:
    seeded(data_dir)
    history = json.loads(run("history", "--json").stdout)
    by_id = {s["id"]: s for s in history}
    assert by_id["belt-walk"]["belt"] == BELT.to_dict()
    assert by_id["plain-walk"]["belt"] is None

    exported = json.loads(run("export").stdout)
    assert exported["schema_version"] == 2
    assert {s["id"]: s["belt"] for s in exported["sessions"]}["belt-walk"]["top_kmh"] == 5.4
    # ... and an export imports into a fresh folder unchanged.
    (tmp_path / "export.json").write_text(json.dumps(exported))
    fresh = tmp_path / "fresh"
    assert run("import", str(tmp_path / "export.json"), data_dir=fresh).returncode == 0
    with Store.open(fresh, readonly=True) as store:
        assert {s.id: s.belt for s in store.sessions()}["belt-walk"] == BELT

    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run("export", "--format",
                                                                 "csv").stdout))}
    row = rows["belt-walk"]
    assert (row["treadmill_link"], row["belt_minutes"], row["distance_m"]) == \
        ("dropped", "19.67", "1612.5")
    assert (row["average_kmh"], row["top_kmh"], row["incline_min"], row["incline_max"]) == \
        ("4.92", "5.4", "0", "1.5")
    assert rows["plain-walk"]["distance_m"] == "" and rows["plain-walk"]["treadmill_link"] == ""


def test_progress_shows_the_weeks_distance_beside_its_minutes(data_dir: Path) -> None:
    seeded(data_dir, units=Units.IMPERIAL)
    text = run("progress", "--week", "2026-W10", today="2026-03-04").stdout
    lines = text.splitlines()
    minutes = next(i for i, line in enumerate(lines) if line.strip().startswith("minutes"))
    assert lines[minutes + 1].split() == ["distance", "1.00", "mi", "on", "the", "treadmill"]
    data = json.loads(run("progress", "--week", "2026-W10", "--json",
                          today="2026-03-04").stdout)
    assert data["distance_m"] == 1612.5
    assert data["weekly_minutes"][-1]["distance_m"] == 1612.5
    assert data["weekly_minutes"][-2]["distance_m"] is None


def test_the_figures_read_in_either_unit() -> None:
    metric = dict(belt_lines(BELT, Units.METRIC))
    assert metric == {
        "treadmill": "dropped during the walk", "belt time": "19:40", "distance": "1.61 km",
        "speed": "4.9 km/h average, 5.4 km/h top", "incline": "0 – 1.5 %",
    }
    imperial = dict(belt_lines(BELT, Units.IMPERIAL))
    assert imperial["distance"] == "1.00 mi"
    assert imperial["speed"] == "3.1 mph average, 3.4 mph top"
    manual = belt_lines(BeltSummary(LinkState.MANUAL), Units.METRIC)
    assert manual == [("treadmill", "not connected: timed by hand")]
    assert belt_lines(None, Units.METRIC) == []


async def test_history_detail_shows_the_treadmill(data_dir: Path) -> None:
    from stride_tui.ui.screens.history_detail import HistoryDetailScreen
    from tests.ui.scenarios import make_app, settle

    seeded(data_dir)
    app, _, _ = make_app(data_dir, today=DAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, app)
        app.push_screen(HistoryDetailScreen(walk()))
        await settle(pilot, app)
        text = str(app.screen.query_one("#detail-belt").render())
    assert "Treadmill" in text and "1.61 km" in text and "5.4 km/h top" in text
    assert "dropped during the walk" in text


def test_the_gate_passes_belt_changes_at_once_and_the_rest_once_a_second() -> None:
    from stride_tui.core.belt import BeltReading
    from stride_tui.treadmill.feed import ReadingGate

    gate = ReadingGate(1.0)
    passed = [gate.admit(BeltReading(True, 5.0, n, 0.0), n * 0.25) for n in range(9)]
    assert passed == [True, False, False, False, True, False, False, False, True]
    assert gate.admit(BeltReading(False, 0.0, 9, 0.0), 2.1)  # stopped: at once
    assert gate.admit(BeltReading(False, 0.0, 9, 1.0), 2.2)  # inclined: at once
    assert not gate.admit(BeltReading(False, 0.0, 9, 1.0), 2.3)


async def test_the_profile_screen_keeps_the_treadmill_and_its_units(data_dir: Path) -> None:
    from textual.widgets import RadioButton

    from stride_tui.ui.screens.home import HomeScreen
    from stride_tui.ui.screens.profile import ProfileScreen
    from tests.ui.scenarios import make_app, settle

    app, _, _ = make_app(data_dir, today=DAY)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileScreen)
        field = app.screen.query_one("#treadmill")
        field.value = "my treadmill"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        message = str(app.screen.query_one("#profile-message").render())
        assert "Bluetooth address like F7:00:00:00:18:26" in message
        field.value = "f7:00:00:00:18:26"  # type: ignore[attr-defined]
        [imperial] = [b for b in app.screen.query(RadioButton) if b.name == "imperial"]
        imperial.value = True
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    with Store.open(data_dir, readonly=True) as store:
        saved = store.load_profile()
    assert saved is not None
    assert (saved.treadmill, saved.units) == ("F7:00:00:00:18:26", Units.IMPERIAL)


async def test_a_session_hands_the_treadmill_link_the_driver_and_the_usual_speed(
    data_dir: Path,
) -> None:
    import asyncio
    from datetime import timedelta

    from stride_tui.core.records import BackSince, DayAfter
    from stride_tui.ui.app import StrideApp
    from tests.ui.scenarios import TODAY, check_in, make_app, seed, settle, walk_record

    walks = []
    for back, metres in ((3, 1500.0), (2, 1800.0), (1, 1650.0)):  # 20-minute walks
        record = walk_record(TODAY - timedelta(days=back), 20, week=2)
        record.belt = BeltSummary(LinkState.CONNECTED, 1200.0, metres, 4.6, 5.0, 0.0, 0.0)
        record.day_after = DayAfter(record.day + timedelta(days=1), BackSince.SAME, 2)
        walks.append(record)
    seed(data_dir, sessions=walks)
    with Store.open(data_dir) as store:
        profile = store.load_profile()
        assert profile is not None
        store.save_profile(profile._replace(treadmill="F7:00:00:00:18:26"))

    class FakeLink:
        def __init__(self, address: str) -> None:
            self.address, self.followed, self.closed = address, [], False

        def follow(self, driver: object) -> None:
            self.followed.append(driver)

        def close(self) -> None:
            self.closed = True

    links: list[FakeLink] = []
    app, _, _ = make_app(data_dir)
    app.config.treadmill = lambda address: links.append(FakeLink(address)) or links[-1]
    assert isinstance(app, StrideApp)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot, "nnnn", "2")
        driver = app.driver
        assert driver is not None
        [link] = links
        assert link.address == "F7:00:00:00:18:26" and link.followed == [driver]
        for _ in range(50):
            if driver.engine.belt_follow.usual_kmh is not None:
                break
            await asyncio.sleep(0.02)
            await settle(pilot, app)
        # The median of 1500, 1650 and 1800 m in 20 minutes: 4.95 km/h.
        assert driver.engine.belt_follow.usual_kmh == 4.95
    assert link.closed


async def test_the_progress_screen_shows_the_weeks_distance_beside_its_minutes(
    data_dir: Path,
) -> None:
    from tests.ui.scenarios import make_app, settle

    seeded(data_dir, units=Units.IMPERIAL)
    app, _, _ = make_app(data_dir, today=date(2026, 3, 4))
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot, app)
        app.open_screen("progress")
        for _ in range(3):
            await settle(pilot, app)
        lines = str(app.screen.query_one("#progress-stats").render()).splitlines()
    minutes = next(i for i, line in enumerate(lines) if line.startswith("Minutes"))
    assert lines[minutes + 1].split() == ["Distance", "1.00", "mi", "on", "the", "treadmill"]


def test_a_version_1_store_in_the_index_layout_is_upgraded(data_dir: Path) -> None:
    seeded(data_dir)
    # Make it as Stride 1 left it: version 1, no belt, no treadmill or units on the profile.
    for month in (data_dir / "sessions").iterdir():
        tables = json.loads(month.read_bytes())
        for doc in tables["sessions"].values():
            doc.pop("belt")
        month.write_bytes(json.dumps(tables).encode())
    main = json.loads((data_dir / "stride.json").read_bytes())
    main["meta"]["1"]["schema_version"] = 1
    for doc in main["profile"].values():
        doc.pop("treadmill"), doc.pop("units")
    (data_dir / "stride.json").write_bytes(json.dumps(main).encode())
    with Store.open(data_dir) as store:
        assert {s.id: s.belt for s in store.sessions()} == {"belt-walk": None,
                                                            "plain-walk": None}
        profile = store.load_profile()
        assert profile is not None and profile.units is Units.METRIC
    main = json.loads((data_dir / "stride.json").read_bytes())
    assert main["meta"]["1"]["schema_version"] == 2
