"""``stride treadmill scan|use|watch|forget`` and the Bluetooth section of ``stride doctor``.

Bluetooth runs in ``asyncio.run`` here (a command has no screen to keep moving); every failure
is one clear message with what to do, exit status 1, and no traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from typing import TextIO

from stride_tui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Options,
    UsageError,
    open_store,
    resume_collector,
    store_exists,
)
from stride_tui.core.records import BLUETOOTH_ADDRESS, Profile, Units

NOTHING_FOUND = (
    "No FTMS treadmill found nearby. Is it switched on, in range, and not connected to "
    "another app or phone? (Some treadmills only advertise while their console is awake.)"
)


def run_treadmill(args: argparse.Namespace, opts: Options) -> int:
    resume_collector(opts)  # a scan or a watch runs for seconds to minutes
    action = args.treadmill_action
    if action == "scan":
        return _scan(args.seconds)
    if action == "use":
        return _use(opts, args.address)
    if action == "forget":
        return _forget(opts)
    return _watch(opts, args.address, args.seconds)


def _fail(err: Exception) -> int:
    print(f"stride: {err}", file=sys.stderr)
    return EXIT_FAILED


def _scan(seconds: float) -> int:
    from stride_tui.treadmill.bluetooth import LinkError, scan

    print(f"Looking for FTMS treadmills for {seconds:g} s…", file=sys.stderr)
    try:
        found = asyncio.run(scan(seconds))
    except LinkError as err:
        return _fail(err)
    if not found:
        print(NOTHING_FOUND)
        return EXIT_FAILED
    print(f"{'name':<24}  {'address':<17}  signal")
    for machine in found:
        rssi = "–" if machine.rssi is None else f"{machine.rssi} dBm"
        print(f"{machine.name[:24]:<24}  {machine.address:<17}  {rssi}")
    print("\nRemember one with: stride treadmill use ADDRESS")
    return EXIT_OK


def _profile(opts: Options) -> Profile | None:
    if not store_exists(opts):
        return None
    with open_store(opts, readonly=True) as store:
        profile: Profile | None = store.load_profile()
        return profile


def _save_address(opts: Options, address: str | None) -> Profile:
    if not store_exists(opts):
        raise UsageError("no profile yet: run `stride` (or `stride profile --start-date`) first")
    with open_store(opts, readonly=False) as store:
        current: Profile | None = store.load_profile()
        if current is None:
            raise UsageError("no profile yet: run `stride` (or `stride profile --start-date`)")
        profile = current._replace(treadmill=address)
        store.save_profile(profile)
    return profile


def _use(opts: Options, address: str) -> int:
    if BLUETOOTH_ADDRESS.fullmatch(address) is None:
        raise UsageError(
            f"{address!r} is not a Bluetooth address; it looks like F7:00:00:00:18:26 "
            "(see `stride treadmill scan`)"
        )
    _save_address(opts, address.upper())
    print(f"Stride will follow the treadmill {address.upper()} during your walks.")
    return EXIT_OK


def _forget(opts: Options) -> int:
    profile = _profile(opts)
    if profile is None or profile.treadmill is None:
        print("No treadmill was remembered.")
        return EXIT_OK
    _save_address(opts, None)
    print(f"Forgot the treadmill {profile.treadmill}; walks are timed by keys.")
    return EXIT_OK


def _watch(opts: Options, address: str | None, seconds: float | None) -> int:
    from stride_tui.formats import distance, incline, speed
    from stride_tui.treadmill.bluetooth import Connection, LinkError

    profile = _profile(opts)
    if address is None:
        address = profile.treadmill if profile else None
    if address is None:
        raise UsageError("no treadmill remembered: give an ADDRESS, or remember one with "
                         "`stride treadmill use ADDRESS` (`stride treadmill scan` finds it)")
    if BLUETOOTH_ADDRESS.fullmatch(address) is None:
        raise UsageError(f"{address!r} is not a Bluetooth address like F7:00:00:00:18:26")
    units = profile.units if profile else Units.METRIC

    async def watch() -> int:
        done = asyncio.Event()
        lost = asyncio.Event()
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, done.set)
        shown = ""

        def show(state: object) -> None:
            nonlocal shown
            from stride_tui.core.belt import BeltReading
            from stride_tui.core.ftms import TreadmillState

            assert isinstance(state, TreadmillState)
            r = BeltReading.of(state)
            line = (f"{time.strftime('%H:%M:%S')}  {speed(r.speed_kmh, units):>10}  "
                    f"{distance(r.distance_m, units):>9}  incline {incline(r.incline_percent)}"
                    f"  belt {'running' if r.running else 'stopped'}")
            if line[10:] != shown:
                shown = line[10:]
                print(line, flush=True)

        connection = Connection(address, show, lost.set)
        print(f"Connecting to {address}…", file=sys.stderr, flush=True)
        try:
            await connection.open()
        except LinkError as err:
            return _fail(err)
        print("Connected. Live readings (Ctrl+C to stop):", file=sys.stderr, flush=True)
        waits = [asyncio.ensure_future(done.wait()), asyncio.ensure_future(lost.wait())]
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for w in waits:
            w.cancel()
        await connection.close()
        if lost.is_set() and not done.is_set():
            print("stride: The treadmill link was lost.", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK

    try:
        return asyncio.run(watch())
    except KeyboardInterrupt:
        return EXIT_OK


# --- stride doctor ----------------------------------------------------------------------------

DOCTOR_SCAN_SECONDS = 5.0


def bluetooth_report(opts: Options, out: TextIO) -> None:
    """The Bluetooth section of ``stride doctor``: a quiet "not available" where there is no
    Bluetooth and no treadmill is remembered; else each problem with what to do."""
    from stride_tui.treadmill.bluetooth import NO_BLUETOOTH, LinkError, find, scan

    try:
        profile = _profile(opts)
    except Exception:  # the doctor reports on sound and Bluetooth even with damaged data
        profile = None
    address = profile.treadmill if profile else None
    out.write("\nTreadmill (Bluetooth):\n")
    try:
        if address is None:
            found = asyncio.run(scan(1.0))
            seen = False
        else:
            found, seen = [], asyncio.run(find(address, DOCTOR_SCAN_SECONDS))
    except LinkError as err:
        if err.trouble in NO_BLUETOOTH and address is None:
            out.write(f"  --  {'Bluetooth':<30} not available ({err.message.rstrip('.')})\n")
            return
        _line(out, False, "Bluetooth", err.message, err.fix)
        return
    _line(out, True, "Bluetooth", "adapter on, scanning works")
    if address is None:
        names = ", ".join(f"{f.name} {f.address}" for f in found[:3])
        out.write(f"      {'':<30} no treadmill remembered"
                  + (f"; nearby: {names}" if names else "") + "\n")
        out.write(f"      {'':<30} remember one with: stride treadmill use ADDRESS\n")
    elif seen:
        _line(out, True, f"treadmill {address}", "found nearby")
    else:
        _line(out, False, f"treadmill {address}", "not found nearby",
              "Is it on, in range, and not connected to another app? "
              "(`stride treadmill scan` lists what is nearby)")


def _line(out: TextIO, ok: bool, name: str, reason: str, fix: str = "") -> None:
    out.write(f"  {'ok' if ok else '--'}  {name:<30} {reason}\n")
    if not ok and fix:
        out.write(f"      {'':<30} fix: {fix}\n")
