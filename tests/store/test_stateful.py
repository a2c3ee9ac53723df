"""Any sequence of saves, replacements, deletions and checkpoints, with the store closed and
reopened in between, loses nothing: the store always matches a plain dict kept alongside."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
)

from stride_tui.core.records import Profile, SessionRecord
from stride_tui.store import Store
from tests.records import AFTER_ALL
from tests.store.factories import profiles, session_ids, session_records, start_order


class StoreAgainstAModel(RuleBasedStateMachine):
    saved_ids = Bundle("saved_ids")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="stride-stateful-"))
        self.store = Store.open(self.dir)
        self.sessions: dict[str, SessionRecord] = {}
        self.profile: Profile | None = None
        self.checkpoint: SessionRecord | None = None

    @rule(target=saved_ids, session=session_records)
    def save_a_new_session(self, session: SessionRecord) -> str:
        self.store.add_session(session)
        self.sessions[session.id] = session
        return session.id

    @rule(session_id=saved_ids, session=session_records)
    def save_a_session_again_with_new_contents(
        self, session_id: str, session: SessionRecord
    ) -> None:
        changed = session._replace(id=session_id)
        self.store.add_session(changed)
        self.sessions[session_id] = changed

    @rule(session_id=consumes(saved_ids))
    def delete_a_session(self, session_id: str) -> None:
        deleted = self.store.delete_session(session_id, today=AFTER_ALL)
        assert deleted == (session_id in self.sessions)
        self.sessions.pop(session_id, None)

    @rule(session_id=session_ids)
    def delete_a_session_that_was_never_saved(self, session_id: str) -> None:
        assert self.store.delete_session(session_id, today=AFTER_ALL) is False

    @rule(profile=profiles)
    def save_the_profile(self, profile: Profile) -> None:
        self.store.save_profile(profile)
        self.profile = profile

    @rule(session=session_records)
    def checkpoint_a_walk(self, session: SessionRecord) -> None:
        self.store.write_checkpoint(session)
        self.checkpoint = session

    @rule()
    def clear_the_checkpoint(self) -> None:
        self.store.clear_checkpoint()
        self.checkpoint = None

    @rule()
    def close_and_reopen(self) -> None:
        self.store.close()
        self.store = Store.open(self.dir)
        assert self.store.notices == []

    @invariant()
    def the_store_matches_the_model(self) -> None:
        expected = sorted(self.sessions.values(), key=start_order)
        assert self.store.sessions() == expected
        assert self.store.session_count() == len(expected)
        assert self.store.sessions_page(0, 3) == expected[::-1][:3]
        assert self.store.load_profile() == self.profile
        assert self.store.read_checkpoint() == self.checkpoint

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)


StoreAgainstAModel.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_the_store_keeps_whatever_any_sequence_of_changes_left = StoreAgainstAModel.TestCase
