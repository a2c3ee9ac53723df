"""Whatever a person types or feeds it, ``stride`` answers in one line, never with a traceback,
and a bad import leaves the data exactly as it was.

The commands run in-process through ``stride_tui.cli.main`` (fast enough for hundreds of
examples); the app itself (no command, or ``walk``) is never chosen, and every path a random
argument can name is relative to a scratch folder.
"""

from __future__ import annotations

import copy
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stride_tui.cli import main

SETTINGS = settings(
    max_examples=100, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Everything but the app (no command, ``walk``) and ``doctor`` (it plays sounds).
COMMANDS = ["plan", "history", "progress", "export", "import", "profile", "log"]
OPTIONS = [
    "--json", "--limit", "--week", "--format", "-o", "--output", "--start-date", "--surface",
    "--condition", "--no-conditions", "--surgery-date", "--sound", "--notifications",
    "--minutes", "--date", "--pain-before", "--pain-after", "--data-dir", "--mute",
    "--no-notify", "--time-scale", "--help", "-h", "--version", "--", "-", "--nope", "--min",
    "--json=1", "--limit=0", "--format=xml",
]
SPECIAL_VALUES = [
    "", " ", "0", "1", "-1", "10", "11", "120", "121", "3600", "3601", "1e9", "nan", "inf",
    "-0", "0.5", " 5", "٣", "½", "1_0", "0x10", "2026-03-02", "2026-02-30", "0001-01-01",
    "9999-12-31", "2026-W09", "2026-W53", "2020-W53", "2026-W00", "json", "csv", "xml",
    "treadmill", "outdoor", "pool", "spinal-stenosis", "microdiscectomy", "on", "off", "voice",
    "chime", "x.json", "out.csv", ".",
]
# Paths stay inside the scratch folder: no "/", "~", "\\" or "..". No control characters
# (line breaks in an argument are their own test below) and no lone surrogates.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\~"),
    max_size=12,
).filter(lambda t: ".." not in t)
VALUES = st.one_of(
    st.sampled_from(SPECIAL_VALUES),
    st.integers(-10**12, 10**12).map(str),
    st.floats().map(str),
    st.dates().map(date.isoformat),
    _TEXT,
)
TOKENS = st.lists(st.one_of(st.sampled_from(OPTIONS), VALUES), max_size=8)
GLOBALS = st.lists(
    st.sampled_from([["--mute"], ["--no-notify"], ["--time-scale", "10"], ["--time-scale", "0"],
                     ["--data-dir", "elsewhere"]]),
    max_size=2,
).map(lambda groups: [token for group in groups for token in group])


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``stride ARGV`` in-process: exit status, stdout, stderr. Any other exception fails."""
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return status, out, err


def assert_answered_well(argv: list[str], status: int, out: str, err: str) -> None:
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in out + err, (argv, err)
    if status != 0:
        lines = err.strip().splitlines()
        assert len(lines) == 1, (argv, err)
        assert lines[0].startswith(("stride:", "usage")), (argv, err)


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder for relative paths in random arguments."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@SETTINGS
@given(pre=GLOBALS, command=st.sampled_from(COMMANDS), tokens=TOKENS)
def test_random_command_lines_get_an_answer_or_a_one_line_error_never_a_traceback(
    scratch: Path, capsys: pytest.CaptureFixture[str], pre: list[str], command: str,
    tokens: list[str],
) -> None:
    argv = [*pre, command, *tokens]
    status, out, err = run(argv, capsys)
    assert_answered_well(argv, status, out, err)


@pytest.mark.parametrize("argv", [["plan", "a\nb"], ["import", "no\nsuch.json"]],
                         ids=["unrecognised", "missing file"])
def test_an_argument_with_a_line_break_still_gets_a_one_line_error(
    scratch: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, err = run(argv, capsys)
    assert_answered_well(argv, status, out, err)
    assert status == 2


# --- import ----------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats()
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)


@pytest.fixture
def stored(data_dir_with_walks: Path) -> dict[str, Any]:
    """A valid export of the stored data (the base that the file strategies damage)."""
    return json.loads((data_dir_with_walks.parent / "export.json").read_text())


@pytest.fixture
def data_dir_with_walks(
    _private_data_dir: Path, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    for argv in (["profile", "--start-date", "2026-03-02", "--condition", "spinal-stenosis"],
                 ["log", "--minutes", "12", "--date", "2026-03-03", "--pain-before", "3",
                  "--pain-after", "2"],
                 ["log", "--minutes", "20", "--date", "2026-03-04"],
                 ["export", "-o", str(_private_data_dir.parent / "export.json")]):
        status, _, err = run(argv, capsys)
        assert status == 0, err
    return _private_data_dir


def _damaged(doc: dict[str, Any], data: st.DataObject) -> Any:
    """The export with one thing changed: a value replaced, a key dropped, a list emptied."""
    doc = copy.deepcopy(doc)
    where: Any = doc
    if data.draw(st.booleans(), label="into a session") and doc["sessions"]:
        where = doc["sessions"][data.draw(st.integers(0, len(doc["sessions"]) - 1))]
        if data.draw(st.booleans(), label="deeper"):
            lists = [k for k, v in where.items() if isinstance(v, list)]
            key = data.draw(st.sampled_from(lists))
            where[key] = data.draw(st.lists(JSON, max_size=2))
            return doc
    key = data.draw(st.sampled_from(sorted(where)), label="key")
    if data.draw(st.booleans(), label="drop it"):
        del where[key]
    else:
        where[key] = data.draw(
            st.one_of(JSON, st.sampled_from([math.nan, math.inf, -1, 10**400 // 10**390,
                                             "", "2026-13-01", "in-progress", "recovered"])),
            label="new value",
        )
    return doc


FILES = st.one_of(
    st.binary(max_size=300),
    JSON.map(lambda v: json.dumps(v).encode()),
)


@SETTINGS
@given(data=st.data())
def test_a_bad_import_file_is_refused_in_one_line_and_changes_nothing(
    data_dir_with_walks: Path, stored: dict[str, Any], capsys: pytest.CaptureFixture[str],
    data: st.DataObject,
) -> None:
    kind = data.draw(st.sampled_from(["bytes or json", "damaged export", "cut short"]))
    if kind == "bytes or json":
        content = data.draw(FILES)
    elif kind == "damaged export":
        content = json.dumps(_damaged(stored, data), allow_nan=True).encode()
    else:
        whole = json.dumps(stored).encode()
        content = whole[: data.draw(st.integers(0, len(whole) - 1))]
    path = data_dir_with_walks.parent / "import.json"
    path.write_bytes(content)
    db = data_dir_with_walks / "stride.json"
    before = db.read_bytes()

    argv = ["import", str(path)]
    status, out, err = run(argv, capsys)
    assert_answered_well(argv, status, out, err)
    assert not list(data_dir_with_walks.glob(".*.tmp"))
    if status != 0:
        assert db.read_bytes() == before, err
        return
    # Taken: the data still loads, and the same file a second time adds nothing.
    assert out.startswith("Imported "), out
    status, out, err = run(argv, capsys)
    assert (status, out.split(" sessions")[0]) == (0, "Imported 0"), (out, err)
    status, out, err = run(["history", "--json"], capsys)
    assert status == 0, err
    json.loads(out)


def test_a_note_that_is_not_valid_unicode_is_refused_or_exported_cleanly(
    data_dir_with_walks: Path, stored: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(stored)
    doc["sessions"][0]["id"] = "f" * 32
    doc["sessions"][0]["note"] = "\udcff from a file name in another encoding"
    path = data_dir_with_walks.parent / "import.json"
    path.write_text(json.dumps(doc))  # ASCII: the surrogate travels as a \udcff escape
    status, out, err = run(["import", str(path)], capsys)
    assert_answered_well(["import"], status, out, err)
    if status == 0:
        for argv in (["export", "--format", "csv", "-o", "out.csv"],
                     ["export", "--format", "json", "-o", "out.json"]):
            status, out, err = run(argv, capsys)
            assert_answered_well(argv, status, out, err)
            assert status == 0, err
