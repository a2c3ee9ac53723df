"""The storage's incremental encoder writes exactly what one json.dumps of the tables would."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stride_tui.store.storage import TableEncoder, encode_tables

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
documents = st.dictionaries(st.text(max_size=8), json_values, max_size=5)
tables = st.dictionaries(
    st.text(max_size=10),
    st.dictionaries(st.integers(1, 10_000).map(str), documents, max_size=6),
    max_size=4,
)


@given(first=tables, second=tables)
def test_any_tables_encode_as_one_dumps_would_before_and_after_changes(
    first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]]
) -> None:
    encoder = TableEncoder()
    assert encoder.encode(first) == encode_tables(first)
    # Some documents kept (the same objects), some new, some gone, tables reordered.
    mixed = {**second}
    for name, docs in first.items():
        mixed.setdefault(name, {}).update(dict(list(docs.items())[::2]))
    assert encoder.encode(mixed) == encode_tables(mixed)
    assert encoder.encode(mixed) == encode_tables(mixed)  # all from the cache now


def test_a_document_changed_in_place_is_encoded_afresh_once_forgotten() -> None:
    doc = {"walked_seconds": 60}
    data = {"meta": {"1": {"schema_version": 1}}, "sessions": {"7": doc}}
    encoder = TableEncoder()
    assert encoder.encode(data) == encode_tables(data)
    doc["walked_seconds"] = 90
    encoder.forget("sessions", 7)
    assert encoder.encode(data) == encode_tables(data)
    assert b'"walked_seconds":90' in encoder.encode(data)


def test_tables_json_would_write_differently_fall_back_to_one_dumps() -> None:
    odd: dict[Any, Any] = {"sessions": {1: {"a": 1}}, "meta": {"1": {}}}
    assert TableEncoder().encode(odd) == encode_tables(odd)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_not_a_number_is_refused_not_written(bad: float) -> None:
    with pytest.raises(ValueError):
        TableEncoder().encode({"sessions": {"1": {"walked_seconds": bad}}})
