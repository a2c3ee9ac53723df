"""Reading a data file without TinyDB (``DataFile.docs``) gives exactly what TinyDB's
``table(name).all()`` gives, in the same order, after any mix of inserts, removals and
replacements, in memory and from the file saved on disk."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import Storage

from stride_tui.core.records import Profile
from stride_tui.store import Store
from stride_tui.store.sessionfiles import DataFile
from stride_tui.store.storage import AtomicJSONStorage

docs = st.fixed_dictionaries({"id": st.text(min_size=1, max_size=6), "n": st.integers(0, 99)})
steps = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.sampled_from(["a", "b"]), docs),
        st.tuples(st.just("remove"), st.sampled_from(["a", "b"]), st.integers(0, 5)),
        st.tuples(st.just("replace"), st.sampled_from(["a", "b"]), st.integers(0, 5), docs),
    ),
    max_size=25,
)


def _as_tinydb_lists(file: DataFile, name: str) -> list[tuple[int, dict[str, Any]]]:
    return [(d.doc_id, dict(d)) for d in file.table(name).all()]


def _as_read(file: DataFile, name: str) -> list[tuple[int, dict[str, Any]]]:
    return [(int(k), dict(v)) for k, v in file.docs(name).items()]


@settings(max_examples=60, deadline=None)
@given(changes=steps)
def test_docs_lists_what_tinydb_lists(changes: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "file.json"
        file = DataFile(path, {}, None, writable=True)
        assert file.docs("a") == {}
        for step in changes:
            kind, name = step[0], step[1]
            ids = [d.doc_id for d in file.table(name).all()]
            if kind == "insert":
                file.table(name).insert(step[2])
            elif ids and kind == "remove":
                file.table(name).remove(doc_ids=[ids[step[2] % len(ids)]])
            elif ids and kind == "replace":
                file.replace(name, ids[step[2] % len(ids)], step[3])
            for table in ("a", "b"):
                assert _as_read(file, table) == _as_tinydb_lists(file, table)
        # A fresh read of the file saved on disk lists the same again.
        raw = path.read_bytes() if path.exists() else b"{}"
        again = DataFile(path, json.loads(raw), raw, writable=False)
        for table in ("a", "b"):
            assert _as_read(again, table) == _as_tinydb_lists(file, table)


def test_the_storage_is_a_tinydb_storage_once_tinydb_is_used(tmp_path: Path) -> None:
    file = DataFile(tmp_path / "f.json", {}, None, writable=True)
    file.table("a").insert({"id": "x"})
    assert isinstance(file.storage, AtomicJSONStorage)
    assert isinstance(file.storage, Storage)
    assert json.loads((tmp_path / "f.json").read_text()) == {"a": {"1": {"id": "x"}}}


def test_a_writable_open_gets_tinydb_ready_and_a_read_only_one_never_loads_it(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "data") as store:  # a folder with a profile to read back
        store.save_profile(Profile(start_date=date(2026, 3, 1)))
    probe = (
        "import sys\n"
        "from stride_tui.store import Store\n"
        f"with Store.open({str(tmp_path / 'data')!r}, readonly=sys.argv[1] == 'ro') as s:\n"
        "    assert s.load_profile() is not None\n"
        "print('tinydb' in sys.modules)\n"
    )
    for mode, loaded in (("ro", "False"), ("rw", "True")):
        done = subprocess.run([sys.executable, "-c", probe, mode], capture_output=True,
                              text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == loaded, mode
