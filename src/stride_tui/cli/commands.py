"""The ``stride`` commands: the app, and the plan, history, progress, export, import, doctor,
profile and log in text."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from stride_tui.cli.common import (
    EXIT_OK,
    Options,
    UsageError,
    open_store,
    remember_units,
    resume_collector,
    store_exists,
    today,
)


def _run_app(args: argparse.Namespace, opts: Options) -> int:
    if args.command == "walk":
        # A day without walking is said first, whatever runs the command (a terminal or not).
        _refuse_blocked_walk(opts)
    if not _is_terminal(sys.stdin):
        # Textual would read keys from nowhere and spin; say so instead.
        raise UsageError(
            "the app needs a terminal to read keys from, and standard input is not one; "
            "run `stride` in a terminal, or use a command such as `stride plan` or `stride log`"
        )
    # Before Textual is imported: Home's data is read by a child on another core meanwhile.
    config = app_config(args, opts, preload=True)
    from stride_tui.ui.app import StrideApp

    app = StrideApp(config)
    app.run()
    code = app.return_code or 0
    # Everything is saved and the terminal restored. Leave now: Python's own teardown can
    # abort the process when a daemon thread (a cue still playing, a notification being sent)
    # is part-way through a write, which would end Stride by a signal instead of its status.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def app_config(args: argparse.Namespace, opts: Options, *, preload: bool = False) -> Any:
    """The app's configuration from the command line and the settings file. ``preload``:
    start reading Home's data in a child process now (``stride_tui.preload``)."""
    from stride_tui.settings import load_settings, settings_path

    settings_file = settings_path(opts.config)
    settings, settings_problem = load_settings(settings_file)
    day = today()
    home_preload = None
    if preload:
        from stride_tui.formats import units_named
        from stride_tui.preload import HomePreload

        home_preload = HomePreload.start(opts.data_dir, day, units_named(settings.units))
    from stride_tui.ui.app import AppConfig

    config = AppConfig(
        data_dir=opts.data_dir,
        mute=opts.mute,
        notify=opts.notify,
        time_scale=opts.time_scale,
        start_walk=args.command == "walk",
        walk_minutes=getattr(args, "minutes", None),
        today=day,
        settings=settings,
        settings_file=settings_file,
        settings_problem=settings_problem,
        treadmill=_treadmill_feed,
        companion=getattr(args, "companion", None),
        phone_sound_only=getattr(args, "phone_sound_only", False) or settings.phone_sound_only,
        preload=home_preload,
        collector_paused=opts.collector_paused,
    )
    return config


def _treadmill_feed(address: str) -> Any:
    """The treadmill link for ``address``, loaded when a walk first needs it (not at start)."""
    from stride_tui.treadmill.feed import TreadmillFeed

    return TreadmillFeed(address)


def _is_terminal(stream: Any) -> bool:
    """Whether ``stream`` (standard input or output) is a terminal; False when it is closed,
    replaced or absent."""
    try:
        return stream is not None and os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _json_indent() -> int | None:
    """JSON is indented for a person reading it on a terminal, and on one line for a program
    reading a pipe or a file: the standard library indents in Python, about four times slower
    than its C encoder writes one line (ten years of `history --json` into a file: 1.2-1.8 s
    against 0.7 s)."""
    return 2 if _is_terminal(sys.stdout) else None


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=_json_indent(), ensure_ascii=False))


def _programme_today(opts: Options, day: date) -> tuple[Any, Any]:
    """The profile (or None) and today's programme day, read from the store read-only."""
    profile, history = None, []
    if store_exists(opts):
        with open_store(opts, readonly=True) as store:
            profile = store.load_profile()
            history = store.digests()
    return profile, _target_for(profile, history, day)


def _target_for(profile: Any, history: list[Any], day: date) -> Any:
    """Today's programme day for this profile (a fresh one starting today if none yet)."""
    from stride_tui.core.programme import programme_day

    return programme_day(profile, history, day)


def _target_json(target: Any) -> dict[str, Any]:
    """Today's programme day as JSON: the same block in `plan --json` and `progress --json`."""
    return {
        "minutes": target.day_minutes,
        "session_minutes": target.session_minutes,
        "level": target.week,
        "calendar_week": target.calendar_week,
        "completed_level": target.completed_level,
        "weeks_walked": target.weeks_walked,
        "rule": target.rule,
        "reason": target.reason,
        "walk_allowed": target.walk_allowed,
        "blocked_reason": target.blocked_reason or None,
        "scaled_back": target.scaled_back,
        "rest_advised": target.rest_advised,
        "strength_day": target.strength_day,
        "cool_down": target.cool_down,
        "escalation_due": target.escalation_due,
        "review_due": [c.value for c in target.review_due],
        "recalled_flag": target.recalled_flag or None,
        "condition_changes": list(target.condition_notes),
    }


def _plan(args: argparse.Namespace, opts: Options) -> int:
    from stride_tui.core.plan import week_plan

    day = today()
    profile, target = _programme_today(opts, day)
    weeks = [week_plan(n) for n in range(1, max(5, target.week + 2) + 1)]
    if args.json:
        _print_json({
            "today": day.isoformat(),
            "profile": profile.to_dict() if profile else None,
            "week": target.week,
            "level": target.week,
            "calendar_week": target.calendar_week,
            "target": _target_json(target),
            "weeks": [
                {"week": w.week, "minutes": w.minutes, "days": [w.min_days, w.max_days],
                 "focus": w.focus, "tip": w.tip, "current": w.week == target.week}
                for w in weeks
            ],
        })
        return EXIT_OK
    if profile is None:
        print("No profile yet: run `stride` to set one up. Showing the plan from today.\n")
    if not target.walk_allowed:
        today_text = "no walk"
    elif target.extra_walk:
        today_text = f"done ({target.walked_today_minutes:.0f} min walked)"
    else:
        today_text = f"{target.session_minutes} min"
    print(f"Level {target.week} (calendar week {target.calendar_week}) — today: {today_text}")
    print(f"  {target.reason}")
    if target.recalled_flag:
        print(f"  ! {target.recalled_flag}")
    for note in target.condition_notes:
        print(f"  • {note}")
    print()
    print(f"  {'week':>4}  {'min/day':>7}  {'days':>5}  focus")
    for w in weeks:
        mark = "▶" if w.week == target.week else " "
        print(f"{mark} {w.week:>4}  {w.minutes:>7}  {w.days_label:>5}  {w.focus} — {w.tip}")
    return EXIT_OK


def _history(args: argparse.Namespace, opts: Options) -> int:
    from stride_tui.formats import duration, pain_pair, status_label

    # Every session read and printed in turn leaves a little cyclic garbage: paused, ten years
    # of it was kept to the end (peak memory 35 MB against 25).
    resume_collector(opts)

    if not store_exists(opts):
        print("[]" if args.json else "No sessions yet.")
        return EXIT_OK
    # The index is read from the newest year back only as far as the printing has gone: the
    # first line comes as quickly with ten years as with one, and --limit costs what it prints.
    with open_store(opts, readonly=True, newest=args.limit or 1) as store:
        sessions = store.iter_sessions(args.limit or None)
        if args.json:
            # Streamed a session at a time: the first appears at once, however long the history.
            # To a pipe or a file, a session a line.
            indent = _json_indent()
            first = True
            for s in sessions:
                body = json.dumps(s.to_dict(), indent=indent, ensure_ascii=False)
                print(("[\n" if first else ",\n") + (_indented(body) if indent else body), end="")
                first = False
            print("[]" if first else "\n]")
            return EXIT_OK
        first = True
        for s in sessions:
            if first:
                print(f"{'day':<10}  {'walked':>8}  {'target':>6}  {'pain':>7}  status")
                first = False
            pain = pain_pair(s.pain_before, s.pain_after, arrow="→")
            walked = duration(s.walked_seconds)
            print(f"{s.day.isoformat():<10}  {walked:>8}  {s.target_minutes:>4}m  {pain:>7}  "
                  f"{status_label(s.status)[0]}{' (rehearsal)' if s.rehearsal else ''}")
        if first:
            print("No sessions yet.")
    return EXIT_OK


def _indented(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _progress(args: argparse.Namespace, opts: Options) -> int:
    from stride_tui.core.summary import (
        SessionsByDay,
        history_for_week,
        iso_week_label,
        monday_of,
        parse_iso_week,
        week_distance,
        week_summary,
        weekly_minutes,
    )

    day = today()
    try:
        monday = parse_iso_week(args.week) if args.week else monday_of(day)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    profile, index, history = None, SessionsByDay([]), []
    if store_exists(opts):
        with open_store(opts, readonly=True) as store:  # opened once: ten years take a while
            profile = store.load_profile()
            history = store.digests()
            index = history_for_week(store.digests, monday, day,
                                     walk_days=store.walk_days)
    target = _target_for(profile, history, day)
    summary = week_summary(index, monday, profile, day, target)
    trend = weekly_minutes(index, monday, 12)
    flares = target.flares
    if args.json:
        data = summary.to_dict()
        data["weekly_minutes"] = [
            {"week": iso_week_label(m), "minutes": round(v, 1),
             "distance_m": week_distance(index, m)} for m, v in trend
        ]
        data["distance_m"] = week_distance(index, monday)
        data["today"] = _target_json(target)
        data["walk_allowed"] = target.walk_allowed
        data["flares"] = {
            "days": [d.isoformat() for d in flares.days],
            "count": len(flares.days),
            "days_since_last": flares.days_since_last,
            "usual_pain": flares.usual_pain,
            "usual_pain_over_time": [
                {"day": d.isoformat(), "usual_pain": v} for d, v in flares.usual_pain_over_time
            ],
        }
        _print_json(data)
        return EXIT_OK
    lo, hi = summary.target_days
    print(f"{summary.label} (programme week {summary.programme_week})")
    print(f"  days walked    {summary.days_walked} of {lo}–{hi}")
    print(f"  minutes        {summary.minutes:.0f} (plan {summary.target_minutes_per_day}/day)")
    metres = week_distance(index, monday)
    if metres is not None:
        from stride_tui.core.records import Units
        from stride_tui.formats import distance

        print(f"  distance       {distance(metres, profile.units if profile else Units.METRIC)}"
              " on the treadmill")
    print(f"  20-min days    {summary.dose_days} of {summary.dose_days_target}")
    print(f"  strength days  {summary.strength_days} of 3")
    print(f"  streak         {summary.streak:,} day{'' if summary.streak == 1 else 's'}")
    if summary.minutes_change is not None:
        print(f"  vs last week   {summary.minutes_change:+.0f} min")
    for p in summary.pain:
        print(f"  pain {p.day:%a}       {p.before} → {p.after}")
    print(f"  today          {'walk' if target.walk_allowed else 'no walk'}: {target.reason}")
    if flares.days:
        since = flares.days_since_last
        print(f"  flares         {len(flares.days)}, the last {since} "
              f"day{'' if since == 1 else 's'} ago")
    else:
        print("  flares         none")
    if flares.usual_pain is not None:
        print(f"  usual pain     {flares.usual_pain:g}/10 before walks")
    for m in summary.messages:
        print(f"  • {m}")
    return EXIT_OK


def _export(args: argparse.Namespace, opts: Options) -> int:
    resume_collector(opts)  # every session is read, as for `history`
    if not store_exists(opts):
        raise UsageError(f"no Stride data in {opts.data_dir} to export")
    with open_store(opts, readonly=True) as store:
        if args.output:
            count = store.write_export(Path(args.output), args.format, replace=args.force)
            noun = "session" if count == 1 else "sessions"
            print(f"Exported {count} {noun} to {args.output}.", file=sys.stderr)
        elif args.format == "json":
            _print_json(store.export_json())
        else:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "export.csv"
                store.write_export(out, "csv", replace=True)
                sys.stdout.write(out.read_text(encoding="utf-8"))
    return EXIT_OK


def _import(args: argparse.Namespace, opts: Options) -> int:
    from stride_tui.store import check_import_file

    resume_collector(opts)  # every session in the file is read and checked

    path = Path(args.file)
    if path.is_dir():
        raise UsageError(f"{args.file} is a folder; import takes a Stride JSON export file")
    if not path.is_file():
        raise UsageError(f"{args.file}: no such file")
    check_import_file(path)  # before the store is opened (or its folder made) for writing
    with open_store(opts, readonly=False) as store:
        result = store.import_file(path)
    noun = "session" if result.added == 1 else "sessions"
    print(f"Imported {result.added} {noun} ({result.skipped} already there).")
    return EXIT_OK


def _doctor(args: argparse.Namespace, opts: Options) -> int:
    from stride_tui.alerts import AlertSettings
    from stride_tui.alerts.doctor import run_doctor
    from stride_tui.cli.treadmill import bluetooth_report

    settings = AlertSettings(muted=opts.mute, notifications=opts.notify)
    return run_doctor(test=args.test, out=sys.stdout, settings=settings,
                      more=lambda out: bluetooth_report(opts, out))


def _profile(args: argparse.Namespace, opts: Options) -> int:
    from stride_tui.core.plan import is_walk
    from stride_tui.core.programme import (
        ProfileError,
        check_profile,
        pause_programme,
        record_evaluation,
        resume_programme,
    )
    from stride_tui.core.records import Profile

    changes = {
        k: v for k, v in {
            "start_date": args.start_date, "surface": args.surface,
            "surgery_date": args.surgery_date, "sound": args.sound,
            "notifications": args.notifications, "units": args.units,
        }.items() if v is not None
    }
    if args.condition and args.no_conditions:
        raise UsageError("--condition and --no-conditions cannot be used together")
    if args.pause is not None and args.resume:
        raise UsageError("--pause and --resume cannot be used together")
    if args.condition or args.no_conditions:
        changes["conditions"] = sorted(set(args.condition or []))
    programme_change = args.evaluated is not None or args.pause is not None or args.resume
    existing = None
    if store_exists(opts):
        with open_store(opts, readonly=True) as store:
            existing = store.load_profile()
    if existing is None and "start_date" not in changes:
        raise UsageError("no profile yet: set one with --start-date (or run `stride`)")
    if not changes and not programme_change:
        profile = existing
    else:
        day = today()
        with open_store(opts, readonly=False) as store:
            current = store.load_profile()
            if current is None and "start_date" not in changes:
                raise UsageError("a new profile needs --start-date")
            base = current.to_dict() if current else {"start_date": changes["start_date"]}
            merged = {**base, **{k: _plain(v) for k, v in changes.items()}}
            profile = Profile.from_dict(merged)
            try:
                if args.evaluated is not None:
                    profile = record_evaluation(profile, args.evaluated, day)
                if args.pause is not None:
                    first = day if args.pause == date.min else args.pause
                    walks = [d.day for d in store.digests(last=day) if is_walk(d)]
                    profile = pause_programme(profile, first, day, unfinished_walk=(
                        store.read_checkpoint() is not None), last_walk=max(walks, default=None))
                if args.resume:
                    profile = resume_programme(profile, day)
                check_profile(profile, day)
            except ProfileError as exc:
                raise UsageError(str(exc)) from exc
            store.save_profile(profile)
        if args.units is not None:
            remember_units(opts, args.units)
    if profile is None:
        raise UsageError("no profile yet: run `stride`, or set one with --start-date")
    if args.json:
        _print_json(profile.to_dict())
    else:
        for key, value in profile.to_dict().items():
            print(f"{key.replace('_', ' '):<22} {_profile_value(value)}")
    return EXIT_OK


def _profile_value(value: Any) -> str:
    """A profile field as `stride profile` shows it: as its option takes it (on/off, names
    joined by commas), a pause as its first and last day, '–' for none."""
    if value is None or value == []:
        return "–"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ", ".join(_profile_value(item) for item in value)
    if isinstance(value, dict):  # an ended ill/away pause
        return f"{value['from']} to {value['to']}"
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "value"):
        return value.value
    return value


def _log(args: argparse.Namespace, opts: Options) -> int:
    from stride_tui.core.programme import programme_day, week_two_log_stop
    from stride_tui.core.records import (
        SessionRecord,
        SessionStatus,
        Surface,
        logged_walk_times,
        new_session_id,
    )

    day = args.date or today()
    if day > today():
        raise UsageError(f"--date {day} is in the future; log walks you have done")
    with open_store(opts, readonly=False) as store:
        profile = store.load_profile()
        history = store.digests()
        unfinished = store.read_checkpoint()
        if unfinished is not None:
            # A walk a crash kept from being saved (a warning sign whose save failed) closes
            # its day as a saved one would: the app has it kept before it offers a walk.
            from stride_tui.core.digest import digest

            history.append(digest(unfinished))
        # The same rules as a walk in the app: a block refuses the log, exit status 2. Without
        # a profile yet (sessions imported into a new folder) a red flag still closes its day.
        target = programme_day(profile, history, day)
        if not target.walk_allowed:
            raise UsageError(f"not logged: {target.blocked_reason}")
        level = target.week
        stop = week_two_log_stop(level, args.pain_before, args.pain_after)
        started, ended = logged_walk_times(day, args.minutes, datetime.now())
        record = SessionRecord(
            id=new_session_id(), day=day, started_at=started, ended_at=ended,
            status=SessionStatus.STOPPED_FOR_PAIN if stop else SessionStatus.COMPLETED,
            target_minutes=args.minutes, week=level,
            surface=profile.surface if profile else Surface.TREADMILL,
            walked_seconds=args.minutes * 60.0, pain_before=args.pain_before,
            pain_after=args.pain_after,
            note=stop or "Logged from the command line.",
        )
        store.add_session(record)
    print(f"Logged a {args.minutes}-minute walk on {day}.")
    if stop:
        print(stop)
    elif args.pain_before is not None and args.pain_after is not None:
        # What the app's summary says of the same two scores (a rise scales the next walk back).
        from stride_tui.core.safety import after_walk_verdict

        print(after_walk_verdict(args.pain_before, args.pain_after).message)
    return EXIT_OK


COMMANDS = {
    "app": _run_app, "walk": _run_app, "plan": _plan, "history": _history,
    "progress": _progress, "export": _export, "import": _import, "doctor": _doctor,
    "profile": _profile, "log": _log,
}


def _refuse_blocked_walk(opts: Options) -> None:
    """`stride walk` on a day the programme says no: the reason, exit status 2, no app."""
    profile, target = _programme_today(opts, today())
    if profile is not None and not target.walk_allowed:
        raise UsageError(f"no walk today: {target.blocked_reason}")
