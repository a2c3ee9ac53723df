"""Reading, checking and migrating Stride's files: the data file, exports and the checkpoint."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from stride_tui.core.digest import SessionDigest
from stride_tui.core.records import SCHEMA_VERSION, Profile, RecordError, SessionRecord
from stride_tui.store.errors import StoreError, unwritable
from stride_tui.store.files import UnreadableFile, decode_json, set_aside
from stride_tui.store.storage import Tables, encode_tables

if TYPE_CHECKING:  # the export code is imported when an export or import runs
    from stride_tui.store.exchange import ParsedExport

CHECKPOINT_FORMAT = "stride-checkpoint"

#: Upgrades of the database's dict, keyed by the version they upgrade *from*: ``MIGRATIONS[1]``
#: turns a version-1 dict into a version-2 one. Run in order up to ``SCHEMA_VERSION``, before
#: the records are checked, on the data file, on imported exports and on a checkpoint.
def _add_treadmill(tables: dict[str, Any]) -> dict[str, Any]:
    """Version 2 brought the treadmill: a session's ``belt`` figures, the profile's
    ``treadmill`` address and ``units``. Version-1 data had none of them: no belt, no address,
    metric units."""
    for doc in tables.get("sessions", {}).values():
        if isinstance(doc, dict):
            doc.setdefault("belt", None)
    for doc in tables.get("profile", {}).values():
        if isinstance(doc, dict):
            doc.setdefault("treadmill", None)
            doc.setdefault("units", "metric")
    return tables


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _add_treadmill}


class Corrupt(Exception):
    """A file is damaged; the message says how, for the notice."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def damage_only(parse: Callable[_P, _R]) -> Callable[_P, _R]:
    """Make ``parse`` raise nothing but ``Corrupt`` (or ``StoreError``) whatever the bytes hold:
    any other failure (a RecursionError, a ValueError deep in a check) is damage too, and a
    damaged file is kept aside, never a crash on every start."""

    @functools.wraps(parse)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return parse(*args, **kwargs)
        except (Corrupt, StoreError):
            raise
        except Exception as exc:
            raise Corrupt(f"{type(exc).__name__}: {exc}"[:200]) from None

    return run


#: The mark in ``stride.json``'s meta of a folder in the index layout; without it the file is
#: the single data file of an earlier Stride, which the store migrates.
LAYOUT = "index"


class Loaded:
    """``stride.json``, parsed: its tables (meta and profile), and for a single data file of an
    earlier Stride its sessions, each checked."""

    __slots__ = ("tables", "saved", "profile_doc_id", "version", "single_file", "sessions",
                 "upgraded_from")

    def __init__(
        self, tables: Tables, saved: bytes | None, profile_doc_id: int | None, version: int,
        single_file: bool, sessions: list[SessionRecord] | None = None,
        upgraded_from: int | None = None,
    ) -> None:
        self.tables = tables
        self.saved = saved  # the file's bytes when they match ``tables``
        self.profile_doc_id = profile_doc_id
        self.version = version
        self.single_file = single_file
        self.sessions: list[SessionRecord] = [] if sessions is None else sessions
        self.upgraded_from = upgraded_from

    @property
    def outdated(self) -> bool:
        """An older Stride's data that is still to be upgraded."""
        return self.version < SCHEMA_VERSION and self.upgraded_from is None


def empty_tables() -> Tables:
    """``stride.json`` of a new folder: the data version and the layout's mark, no profile."""
    return {"meta": {"1": {"schema_version": SCHEMA_VERSION, "layout": LAYOUT}}, "profile": {}}


def parse_tables(raw: bytes, names: tuple[str, ...]) -> Tables | None:
    """A TinyDB file's tables, checked for shape only; None when the file is empty. A leading
    byte-order mark is allowed, as import allows it."""
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
        return None
    try:
        tables = decode_json(raw)
    except UnreadableFile as exc:
        raise Corrupt(str(exc)) from None
    if not isinstance(tables, dict):
        raise Corrupt("it does not hold Stride's tables")
    for name in names:
        check_table(tables, name)
        tables.setdefault(name, {})
    return tables


@damage_only
def parse_database(raw: bytes) -> Loaded | None:
    """Check ``stride.json``; None when it is empty. Raises Corrupt or StoreError.

    A single data file of an earlier Stride (sessions inside) has every session checked here,
    once, as the migration moves them out; the index layout's file holds the profile only.
    """
    tables = parse_tables(raw, ("meta", "profile", "sessions"))
    if tables is None:
        return None
    metas = list(tables["meta"].values())
    single_file = bool(tables["sessions"]) or not metas or metas[0].get("layout") != LAYOUT
    version = stored_version(tables)
    upgraded_from = None
    if version != SCHEMA_VERSION and single_file:
        tables = migrate(tables, version)
        upgraded_from = version
        for name in ("meta", "profile", "sessions"):
            check_table(tables, name)
            tables.setdefault(name, {})

    profiles = tables["profile"]
    if len(profiles) > 1:
        raise Corrupt("it holds more than one profile")
    profile_doc_id = None
    for key, doc in profiles.items():
        try:
            Profile.from_dict(doc)
        except RecordError as exc:
            raise Corrupt(f"the profile is not valid: {exc}") from None
        profile_doc_id = int(key)

    sessions: list[SessionRecord] = []
    seen: set[str] = set()
    for n, doc in enumerate(tables.pop("sessions").values()):
        try:
            r = SessionRecord.from_dict(doc)
        except RecordError as exc:
            raise Corrupt(f"session {n + 1} is not valid: {exc}") from None
        if r.id in seen:
            raise Corrupt(f"session {r.id} is stored twice")
        seen.add(r.id)
        sessions.append(r)
    saved = raw if upgraded_from is None and not single_file else None
    return Loaded(tables, saved, profile_doc_id, version, single_file, sessions, upgraded_from)


#: The key of an index document's one field: the digest as a list (``SessionDigest.to_row``).
#: TinyDB keeps documents as objects; a list inside one is half the bytes of named fields.
ROW = "r"


def index_doc(d: SessionDigest) -> dict[str, Any]:
    """A digest as its index file keeps it."""
    return {ROW: d.to_row()}


def digest_of(doc: dict[str, Any]) -> SessionDigest:
    """The digest in an index document: a row, or the named fields earlier builds wrote."""
    row = doc.get(ROW)
    return SessionDigest.from_dict(doc) if row is None else SessionDigest.from_row(row)


def is_compact(docs: dict[str, dict[str, Any]]) -> bool:
    """Whether every index document is a row (not named fields, which
    ``SessionFiles.compact_index`` rewrites)."""
    return all(ROW in doc for doc in docs.values())


@damage_only
def parse_digests(raw: bytes) -> tuple[Tables, list[tuple[int, SessionDigest]]]:
    """An index file's tables and rows, as the store wrote them (checked then):
    (doc id, digest)."""
    tables = parse_tables(raw, ("digests",)) or {"digests": {}}
    rows = []
    for key, doc in tables["digests"].items():
        try:
            rows.append((int(key), digest_of(doc)))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise Corrupt(f"row {key} is not a session's digest ({exc!r})") from None
    return tables, rows


@damage_only
def parse_sessions(raw: bytes) -> Tables:
    """A sessions file's tables, checked for shape (each session is checked as it is read)."""
    return parse_tables(raw, ("sessions",)) or {"sessions": {}}


def check_table(tables: dict[str, Any], name: str) -> None:
    """Corrupt unless ``tables[name]`` (if there) maps document ids to objects."""
    table = tables.get(name, {})
    if not isinstance(table, dict) or not all(
        # A document id of thousands of digits is no id (and int() refuses it).
        isinstance(k, str) and k.isdigit() and len(k) <= 18 and isinstance(v, dict)
        for k, v in table.items()
    ):
        raise Corrupt(f"its {name} table is not in Stride's shape")


def stored_version(tables: dict[str, Any]) -> int:
    """The data version in ``meta``; StoreError if a newer Stride wrote it."""
    metas = list(tables.get("meta", {}).values())
    if not metas:
        return 1  # Files from before the meta table was written: the first format.
    version = metas[0].get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise Corrupt(f"its schema version {version!r} is not one Stride knows")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Your data was made by a newer Stride (data version {version}; this one reads up "
            f"to {SCHEMA_VERSION}). Update Stride to open it — nothing was changed."
        )
    return version


def check_import_file(path: Path) -> None:
    """Check an import file as ``Store.import_file`` would, without any store: StoreError if
    it is not a Stride JSON export this version can read."""
    read_export(Path(path))


def read_export(path: Path) -> ParsedExport:
    """Read and check a Stride JSON export (StoreError saying what is wrong)."""
    from stride_tui.store.exchange import parse_export

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path} does not exist. Nothing was imported.") from None
    except OSError as exc:
        raise StoreError(f"Stride cannot read {path}: {exc.strerror}.") from exc
    return parse_export(raw, path, SCHEMA_VERSION, migrate)


def migrate(tables: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade a database-shaped dict from ``version`` to ``SCHEMA_VERSION``."""
    for v in range(version, SCHEMA_VERSION):
        step = MIGRATIONS.get(v)
        if step is None:
            raise StoreError(
                f"Stride has no upgrade for data version {v}; please report this. "
                "Nothing was changed."
            )
        try:
            tables = step(tables)
        except Exception as exc:
            raise StoreError(
                f"Upgrading your data from version {v} to {v + 1} failed ({exc}); "
                "please report this. Nothing was changed."
            ) from exc
    tables["meta"] = {"1": {"schema_version": SCHEMA_VERSION}}
    return tables


def encode_checkpoint(r: SessionRecord) -> bytes:
    """The checkpoint file of the walk in progress; StoreError if it would not load again (a
    checkpoint that would not load is no recovery at all)."""
    session = r.to_dict()
    doc = {"format": CHECKPOINT_FORMAT, "schema_version": SCHEMA_VERSION, "session": session}
    try:
        SessionRecord.from_dict(session, in_progress=True)
        return json.dumps(doc, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except ValueError as exc:
        raise StoreError(
            f"The walk in progress was not checkpointed: it is not valid ({exc})."
        ) from exc


def read_checkpoint_file(path: Path) -> SessionRecord | None:
    """The checkpoint at ``path``, or None if there is none; Corrupt if it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Stride cannot read {path}: {exc.strerror}.") from exc
    return parse_checkpoint(raw)


@damage_only
def parse_checkpoint(raw: bytes) -> SessionRecord:
    """The walk in a checkpoint file, upgraded if an older Stride wrote it; Corrupt if not."""
    try:
        doc = decode_json(raw)
    except UnreadableFile as exc:
        raise Corrupt(str(exc)) from None
    if not isinstance(doc, dict) or doc.get("format") != CHECKPOINT_FORMAT:
        raise Corrupt("it is not a Stride checkpoint")
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise Corrupt(f"its schema version {version!r} is not one Stride knows")
    if version > SCHEMA_VERSION:
        raise Corrupt("a newer Stride wrote it")
    session = doc.get("session")
    if version < SCHEMA_VERSION:
        try:
            tables = migrate({"sessions": {"1": session}}, version)
        except StoreError as exc:
            raise Corrupt(str(exc)) from None
        session = tables.get("sessions", {}).get("1")
    try:
        return SessionRecord.from_dict(session, in_progress=True)
    except RecordError as exc:
        raise Corrupt(str(exc)) from None


def keep_aside(path: Path) -> Path:
    """Rename a damaged file to ``<name>.corrupt-<time>``; StoreUnwritable if it cannot be."""
    try:
        return set_aside(path, "corrupt")
    except OSError as exc:
        raise unwritable(
            "Stride found a damaged file it could not move aside:",
            path,
            exc,
            "Move it away by hand; nothing was changed.",
        ) from exc



def checked(doc: dict[str, Any], parse: Callable[[Any], object], what: str) -> dict[str, Any]:
    """``doc`` if it loads again through ``parse`` after a trip through JSON; StoreError if
    not (the one check of a record, made as it is written)."""
    # Whatever is saved must load again: one bad record would make the whole file unreadable.
    try:
        parse(json.loads(encode_tables({"": doc}))[""])
    except (RecordError, ValueError) as exc:
        raise StoreError(f"{what} was not saved: it is not valid ({exc}).") from exc
    return doc
