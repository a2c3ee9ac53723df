"""The treadmill link reads fast readings in one batch a second (``treadmill.batching``).

The selector on its own with a socket pair, then the feed with real bleak against the fake
BlueZ sending four readings a second: the link's thread wakes about once a second (the
kernel's count of its waits), every reading is still read, and closing does not wait for a
batch.
"""

from __future__ import annotations

import asyncio
import os
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stride_tui.core.belt import BeltReading
from stride_tui.treadmill import feed as feed_module
from stride_tui.treadmill.batching import BatchingSelector
from stride_tui.treadmill.feed import TreadmillFeed

from .fake_bluez import ADDRESS, fake_bluez

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture
def pair() -> Iterator[tuple[BatchingSelector, socket.socket, socket.socket]]:
    selector = BatchingSelector()
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    selector.register(ours, selectors.EVENT_READ)
    yield selector, ours, theirs
    selector.close()
    ours.close()
    theirs.close()


def _first_wake(pair: tuple[BatchingSelector, socket.socket, socket.socket],
                window: float) -> float:
    """Batch with ``window``, and wake once for one write (at once: nothing was read yet)."""
    selector, ours, theirs = pair
    selector.batch(window)
    theirs.send(b"1")
    first = time.monotonic()
    assert len(selector.select(None)) == 1
    assert ours.recv(16) == b"1"
    return first


def test_a_batch_waits_out_its_window_and_reads_all_that_came(
    pair: tuple[BatchingSelector, socket.socket, socket.socket],
) -> None:
    selector, ours, theirs = pair
    first = _first_wake(pair, 0.3)
    theirs.send(b"2")
    theirs.send(b"3")
    assert len(selector.select(None)) == 1
    assert time.monotonic() - first >= 0.29  # not before the window was out
    assert ours.recv(16) == b"23"  # both came in the one wake
    # Without a window it is the platform's selector: data is read as it comes.
    selector.batch(0)
    theirs.send(b"4")
    began = time.monotonic()
    assert len(selector.select(None)) == 1
    assert time.monotonic() - began < 0.29


def test_a_timer_due_sooner_and_hurry_end_a_batchs_wait(
    pair: tuple[BatchingSelector, socket.socket, socket.socket],
) -> None:
    selector, _ours, theirs = pair
    _first_wake(pair, 30.0)
    # A timer of the loop due in 50 ms: the select comes back then, with nothing read.
    began = time.monotonic()
    assert selector.select(0.05) == []
    assert time.monotonic() - began < 10
    # With data waiting, hurry() (from another thread) ends the 30 s wait.
    theirs.send(b"2")
    got: list[int] = []
    waiting = threading.Thread(target=lambda: got.append(len(selector.select(None))))
    waiting.start()
    waiting.join(0.2)
    assert waiting.is_alive()  # it waits for the batch's window
    selector.hurry()
    waiting.join(10)
    assert not waiting.is_alive() and got == [1]
    selector.close()
    selector.hurry()  # after close: nothing to end, and no error


def test_hurry_after_close_writes_to_no_file(tmp_path: Path) -> None:
    # The pipe's numbers are free once the selector is closed, and the next file opened may get
    # one of them: a late hurry() (from the UI thread as the link closes) must not write there.
    selector = BatchingSelector()
    write_end = selector._hurry_w
    selector.close()
    selector.close()  # twice is harmless
    kept = tmp_path / "kept.json"
    kept.write_text("")
    fds = []
    try:
        while True:
            fd = os.open(kept, os.O_WRONLY)
            fds.append(fd)
            if fd >= write_end:
                break
        assert write_end in fds
        selector.hurry()
    finally:
        for fd in fds:
            os.close(fd)
    assert kept.read_bytes() == b""


class Heard:
    def __init__(self) -> None:
        self.readings: list[BeltReading] = []
        self.lost: list[str] = []

    def belt(self, reading: BeltReading) -> None:
        self.readings.append(reading)

    def belt_lost(self, reason: str) -> None:
        self.lost.append(reason)


def _waits(native_id: int) -> int:
    """How many times the thread has waited (and so been woken), by the kernel's count."""
    status = Path(f"/proc/self/task/{native_id}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("voluntary_ctxt_switches")))


async def _link_at(hz: float, seconds: float) -> tuple[int, int, float, TreadmillFeed]:
    """(wakes of the link's thread, readings read, batch window) over ``seconds`` of a
    treadmill sending ``hz`` readings a second; and the closed feed."""
    with fake_bluez() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        feed = TreadmillFeed(ADDRESS, connect_seconds=10, retry_seconds=0.3)
        heard = Heard()
        feed.follow(heard)
        deadline = time.monotonic() + 20
        while not feed.connected:
            assert time.monotonic() < deadline, "the link did not come up"
            await asyncio.sleep(0.05)
        await asyncio.to_thread(fake.stream, hz, 5.0)
        while feed.readings < 8:  # settled into its pace (and batching, if fast)
            assert time.monotonic() < deadline + 10, "no readings came"
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.5)
        assert feed._thread is not None and feed._thread.native_id is not None
        native_id = feed._thread.native_id
        waits, readings = _waits(native_id), feed.readings
        await asyncio.sleep(seconds)
        waits, readings = _waits(native_id) - waits, feed.readings - readings
        window = feed._selector.window if feed._selector is not None else -1.0
        began = time.monotonic()
        await asyncio.to_thread(feed.close, 5.0)
        closing = time.monotonic() - began
        assert feed._thread is not None and not feed._thread.is_alive()
        assert closing < 2.0, f"closing took {closing:.2f} s"  # not held by a batch
        assert heard.lost == [] and heard.readings
        return waits, readings, window, feed


async def test_four_readings_a_second_wake_the_link_about_once_a_second() -> None:
    waits, readings, window, _ = await _link_at(4, 6.0)
    assert window == feed_module.BATCH_SECONDS
    assert readings >= 20, readings  # every reading is still read: 24 sent in 6 s
    assert waits <= 6 * 1.5 + 2, (waits, readings)  # unbatched it is one a reading


async def test_without_batching_each_reading_wakes_the_link(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What the test above would see without batching (so that it can fail): one wake a reading.
    monkeypatch.setattr(feed_module, "FAST_COUNT", 10**6)
    waits, readings, window, _ = await _link_at(4, 6.0)
    assert window == 0
    assert readings >= 20 and waits >= readings * 0.8, (waits, readings)


async def test_one_reading_a_second_is_not_batched() -> None:
    waits, readings, window, _ = await _link_at(1, 5.0)
    assert window == 0
    assert 4 <= readings <= 6 and waits <= readings + 2, (waits, readings)


async def test_a_link_lost_while_batching_is_said_and_comes_back() -> None:
    with fake_bluez() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        feed = TreadmillFeed(ADDRESS, connect_seconds=10, retry_seconds=0.3)
        heard = Heard()
        feed.follow(heard)

        async def until(condition: object, what: str) -> None:
            deadline = time.monotonic() + 20
            while not condition():  # type: ignore[operator]
                assert time.monotonic() < deadline, f"timed out waiting for {what}"
                await asyncio.sleep(0.05)

        try:
            await until(lambda: feed.connected, "the link")
            await asyncio.to_thread(fake.stream, 4, 5.0)
            selector = feed._selector
            assert selector is not None
            await until(lambda: selector.window > 0, "batching")
            await asyncio.to_thread(fake.disconnect)
            # Said within about a batch, and the link comes back by itself (batching is off
            # while it closes and connects: each D-Bus call would otherwise wait a window).
            await until(lambda: heard.lost, "the loss to be said")
            assert "lost" in heard.lost[0]
            await until(lambda: feed.connected, "the link to come back")
            # The treadmill still sends four a second: reading them is batched again.
            await until(lambda: selector.window > 0, "batching again")
        finally:
            await asyncio.to_thread(feed.close, 5.0)
