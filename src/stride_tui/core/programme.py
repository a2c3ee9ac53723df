"""The programme model: the one answer to "may this person walk today, for how long, and why".

Every path asks ``today_for`` — the app, ``stride walk``, ``stride log``, a tap on the phone
page, the treadmill — so a rule here holds everywhere. It reads the profile and the digests of
past sessions and applies, in this order:

1. Blocks: a red flag today (same-day medical care), a week-2 pain stop today, the pause for
   evaluation, the post-operative wait, the conditions' surface rules, an ill/away pause.
2. The ladder: the walker's *level* (the plan week whose minutes they walk) rises only when the
   level was completed — its minimum days walked, each at 80 % of its minutes or more — one
   level at a time, never while pain rose or flared that week. A week without walks repeats the
   level; every second missed week in a row steps back one level (never below 1). Days inside an
   ill/away pause do not count at all. The calendar alone never raises the target.
3. Past level 5, never more than 10 % over the longest day walked in the last four weeks.
4. Graded recovery: a pain rise of more than 2 points (or a flare the next day) scales the day
   back to three quarters; each walk without a rise lets it grow at most 10 %, and at most one
   level a week, whichever is slower; two rises within 7 days hold it and advise a rest day.
5. Never above 45 minutes; a spinal stenosis bout stays at most 10 minutes.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

import bisect
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from stride_tui.core.digest import SessionDigest, digest, ended_day
from stride_tui.core.limits import WEEK_TWO_PAIN_LIMIT, median_of_sorted
from stride_tui.core.plan import (
    COOL_DOWN_FROM_WEEK,
    MAX_DAILY_MINUTES,
    MINIMUM_DOSE_MINUTES,
    SCALE_BACK_FACTOR,
    SHORTEST_WALK_MINUTES,
    SPLIT_WALK_MINUTES,
    STENOSIS_BOUT_MINUTES,
    SURGERY_WAIT_DAYS,
    DailyTarget,
    FlareSummary,
    condition_changes,
    effective_conditions,
    is_walk,
    pain_rose_too_much,
    programme_week,
    strength_due,
    week_plan,
)
from stride_tui.core.records import (
    AwayPause,
    BackSince,
    Condition,
    Profile,
    SessionRecord,
    SessionStatus,
    Surface,
)
from stride_tui.core.safety import RedFlag, escalation_due, red_flag_advice

# A day counts toward completing a level when at least this share of its minutes was walked.
LEVEL_DONE_SHARE = 0.8
# The level whose minutes first reach 45 (30, 33, 36, 39, 42, 45 from level 5).
TOP_LEVEL = 10
# Past this level, a day never asks more than 10 % over the longest day walked lately.
LONGEST_WALK_RULE_FROM_LEVEL = 6
LONGEST_WALK_DAYS = 28
LONGEST_WALK_GROWTH = 0.10
# Graded recovery after a pain rise or a flare.
RECOVERY_GROWTH = 0.10
RECOVERY_LOOKBACK_DAYS = 42
RISES_FOR_REST = 2
RISE_WINDOW_DAYS = 7
# A flare (the WalkBack trial's recurrence): worse over the 24 h after a walk, with pain at least
# this many points above the walker's usual pain.
FLARE_POINTS = 2
# The walker's usual pain: the median pain before their last this-many walks.
USUAL_PAIN_WALKS = 10
# "Recent" herniation and post-op status are asked again this often.
REVIEW_EVERY_DAYS = 42

History = Iterable[SessionDigest | SessionRecord]


def today_for(profile: Profile, history: History, today: date) -> DailyTarget:
    """Today's programme day: the level, the minutes (day and bout), whether walking is allowed
    and why, the rule that decided it, strength, escalation, flares and the checks due.

    ``history`` is every past session (digests, or full records, which are digested here); order
    does not matter. Rehearsals never count as walks.
    """
    return _Programme(profile, _digests(history), today).day()


def programme_day(profile: Profile | None, history: History, today: date) -> DailyTarget:
    """``today_for``, and without a profile yet the programme as if it started today (what the
    plan and progress screens and `stride plan` show before the set-up)."""
    return today_for(profile or Profile(start_date=today), history, today)


def session_minutes_for(target: DailyTarget, requested: int | None) -> tuple[int, str]:
    """The minutes of the walk about to start, and a note when a request was capped.

    ``walk --minutes N`` overrides the target but never the stenosis bout nor a scale-back.
    """
    if requested is None:
        return target.session_minutes, ""
    cap = target.bout_minutes
    why = "spinal stenosis bouts are at most 10 minutes"
    if target.scaled_back and (cap is None or target.day_minutes < cap):
        cap, why = target.day_minutes, "the plan is scaled back after pain rose"
    if cap is not None and requested > cap:
        return cap, f"You asked for {requested} minutes; this walk is {cap}: {why}."
    if requested > MAX_DAILY_MINUTES:
        return MAX_DAILY_MINUTES, (
            f"You asked for {requested} minutes; this walk is {MAX_DAILY_MINUTES}, "
            "the plan's most for a day."
        )
    if requested > target.session_minutes:
        # Longer than the plan is the walker's choice; it is said, not hidden.
        return requested, (
            f"You asked for {requested} minutes; today's plan is {target.session_minutes}. "
            "Keep the pace easy, and end the walk early if pain rises."
        )
    return requested, ""


def closes_its_day(session: SessionDigest | SessionRecord) -> str:
    """The rule by which ``session`` closes its day to walking, '' when it does not: a
    warning sign (``red-flag-day``; a rehearsal's too) or a stop for pain (``pain-stop-day``)."""
    if session.status is SessionStatus.RED_FLAG or any(
            f in _FLAG_VALUES for f in session.red_flags):
        return "red-flag-day"
    if session.status is SessionStatus.STOPPED_FOR_PAIN and not session.rehearsal:
        return "pain-stop-day"
    return ""


def last_day(session: SessionDigest | SessionRecord) -> date:
    """The day ``session`` ended on: its ``day``, or a later one for a walk past midnight. A
    session closes its day to walking (``closes_its_day``) from its first day to this one: a
    warning sign reported at 00:05 closes the new day."""
    if isinstance(session, SessionRecord):
        return ended_day(session) or session.day
    return session.ended_day or session.day


def deletion_refused(session: SessionDigest | SessionRecord, today: date) -> str:
    """Why ``session`` may not be deleted now ('' when it may). A session that closes its day
    to walking stays until that day is over: deleted, it would open the day to a walk. From
    the next day it goes like any other."""
    if last_day(session) < today:
        return ""
    rule = closes_its_day(session)
    if rule == "red-flag-day":
        return ("A warning sign reported today is kept until tomorrow: do not walk today; "
                "get medical care today.")
    if rule == "pain-stop-day":
        return "A walk stopped for pain today is kept until tomorrow: rest today."
    return ""


def offer_strength(
    target: DailyTarget, pain_before: int | None, pain_after: int | None,
    peak: int | None = None, status: SessionStatus = SessionStatus.COMPLETED,
) -> bool:
    """Whether the strength moves follow this walk: not after a pain stop or a rise."""
    if not target.strength_day or status is SessionStatus.STOPPED_FOR_PAIN:
        return False
    if pain_before is None:
        return True
    highest = max((p for p in (pain_after, peak) if p is not None), default=pain_before)
    return highest - pain_before <= 2


def is_flare(back: BackSince, pain_now: int, usual: float | None) -> bool:
    """Worse over the 24 hours after a walk with pain ≥ 2 points above the usual: a flare."""
    return back is BackSince.WORSE and pain_now >= (usual or 0) + FLARE_POINTS


def week_two_log_stop(level: int, pain_before: int | None, pain_after: int | None) -> str:
    """A walk logged at level 2 with pain above 3/10: the week-2 stop (saved ``stopped-pain``)."""
    if level != 2:
        return ""
    high = [p for p in (pain_before, pain_after) if p is not None and p > WEEK_TWO_PAIN_LIMIT]
    if not high:
        return ""
    return (f"Pain {max(high)}/10: in week 2 the plan says to stop above 3/10. Saved as "
            "stopped for pain; rest today and check in again tomorrow.")


def _digests(history: History) -> list[SessionDigest]:
    out = [h if isinstance(h, SessionDigest) else digest(h) for h in history]
    return sorted(out, key=lambda d: d.started_at)


class _LadderState(NamedTuple):
    level: int
    completed_level: int
    weeks_walked: int
    why: str
    level_on: dict[date, int]


class _Programme:
    """One evaluation of the rules for one day (a small object so the steps can share facts)."""

    def __init__(self, profile: Profile, digests: list[SessionDigest], today: date) -> None:
        self.profile = profile
        self.today = today
        past: list[SessionDigest] = []
        todays: list[SessionDigest] = []
        # Today's sessions, and yesterday's that ended after midnight: what closes today.
        closing: list[SessionDigest] = []
        walks: list[SessionDigest] = []
        minutes_on: dict[date, float] = defaultdict(float)
        tomorrow = today + timedelta(days=1)
        for d in digests:  # one pass: ten years of digests are read at every start
            day = d.day
            if day > today:
                # Dated after today: the clock has moved back since it was recorded (a flight
                # west, a clock put right). A day closed by a warning sign or a stop for pain
                # that the clock now calls tomorrow was reported at most a day ago (time zones
                # span 26 hours): it closes today too, or the sign could be walked through.
                if day == tomorrow and closes_its_day(d):
                    closing.append(d)
                continue
            (past if day < today else todays).append(d)
            if day == today or d.ended_day == today:
                closing.append(d)
            if is_walk(d):
                walks.append(d)
                minutes_on[day] += d.walked_minutes
        self.past, self.todays, self.closing, self.walks = past, todays, closing, walks
        self.minutes_on = minutes_on
        self.conditions = effective_conditions(profile)
        self.anchor = self._anchor()
        self.usual = self._usual_pain()
        self.flare_days = self._flare_days()
        self.trouble = self._trouble_days()

    # --- facts -------------------------------------------------------------------------------

    def _anchor(self) -> date:
        """Level 1's first day: the start, or surgery + 14 days after a microdiscectomy."""
        start = self.profile.start_date
        surgery = self.profile.surgery_date
        if Condition.MICRODISCECTOMY in self.conditions and surgery is not None:
            return max(start, surgery + timedelta(days=SURGERY_WAIT_DAYS))
        return start

    def _paused(self, day: date) -> bool:
        p = self.profile
        if p.paused_from is not None and day >= p.paused_from:
            return True
        return any(pause.first <= day <= pause.last for pause in p.pauses)

    def _usual_pain(self) -> dict[str, float]:
        """Each walk's usual pain: the median pain before it and the walks just before."""
        out: dict[str, float] = {}
        # The last USUAL_PAIN_WALKS pains before, as given and in order (one insertion and at
        # most one removal a walk, not a sort of the window: ten years at every start).
        window: deque[int] = deque()
        ordered: list[int] = []
        usual = 0.0
        for w in self.walks:
            if w.pain_before is not None:
                window.append(w.pain_before)
                bisect.insort(ordered, w.pain_before)
                if len(window) > USUAL_PAIN_WALKS:
                    ordered.remove(window.popleft())
                usual = median_of_sorted(ordered)
            if ordered:
                out[w.id] = usual
        return out

    def _flare_days(self) -> list[date]:
        days = [
            w.day for w in self.walks
            if w.day_after is not None
            and is_flare(w.day_after.back, w.day_after.pain_now, self.usual.get(w.id))
        ]
        return sorted(set(days))

    def _trouble_days(self) -> dict[date, str]:
        """Days whose walk raised pain too much, stopped for pain, or flared the day after."""
        out: dict[date, str] = {}
        for d in self.past + self.todays:
            if d.rehearsal:
                continue
            if d.status is SessionStatus.STOPPED_FOR_PAIN:
                out[d.day] = "you stopped for pain"
            elif pain_rose_too_much(d):
                # The summary says "from 2 to 6 (7 during the walk)": name the same high.
                after = d.pain_after
                if d.pain_peak is not None and (after is None or d.pain_peak > after):
                    out[d.day] = f"pain rose from {d.pain_before} to {d.pain_peak} during the walk"
                else:
                    out[d.day] = f"pain rose from {d.pain_before} to {after}"
        for day in self.flare_days:
            out.setdefault(day, "your back was worse the day after, a flare")
        return out

    # --- the ladder --------------------------------------------------------------------------

    def ladder(self) -> _LadderState:
        level, completed, weeks_walked = 1, 0, 0
        why = ""
        level_on: dict[date, int] = {}
        block_days = qualifying = 0
        walked_in_block = trouble_in_block = False
        empty_run = 0
        level_before_gap = level  # the level when the current run of empty weeks began
        day = self.anchor
        # One turn a day since the start (ten years: 3,650 turns at every start), so what does
        # not change from day to day is looked up once.
        one_day = timedelta(days=1)
        minutes_on, trouble = self.minutes_on.get, self.trouble
        paused = self._paused if self.profile.pauses or self.profile.paused_from else None
        plan, plan_level = week_plan(level), level
        while day < self.today:
            level_on[day] = level
            if paused is not None and paused(day):
                day += one_day
                continue
            minutes = minutes_on(day, 0.0)
            if plan_level != level:
                plan, plan_level = week_plan(level), level
            walked_in_block |= minutes > 0
            trouble_in_block |= day in trouble
            if minutes >= plan.minutes * LEVEL_DONE_SHARE - 1e-9:
                qualifying += 1
            block_days += 1
            if block_days == 7:
                if qualifying >= plan.min_days:
                    empty_run = 0
                    completed = max(completed, level)
                    weeks_walked += 1
                    if trouble_in_block:
                        why = (f"Level {level} again: you walked it, but pain rose or flared "
                               "that week, so the plan holds before growing.")
                    elif level < TOP_LEVEL:
                        why = (f"Level {level + 1}: you completed level {level} "
                               f"({qualifying} days at {_at_least(plan.minutes)}+ minutes).")
                        level += 1
                    else:
                        why = f"Level {level}: the plan's full 45 minutes."
                elif not walked_in_block:
                    if empty_run == 0:
                        level_before_gap = level
                    empty_run += 1
                    if empty_run % 2 == 0 and level > 1:
                        level -= 1
                    # Said from where the gap began, and for every week of it (it named the
                    # last step only, "stepped back from 7" on level 6 after level 8).
                    if level < level_before_gap:
                        why = (f"Level {level} (stepped back from {level_before_gap}): "
                               f"{empty_run} weeks without walks. Each missed fortnight steps "
                               "back one level.")
                    elif empty_run == 1:
                        why = (f"Level {level} again: a week without walks repeats the level "
                               "before growing.")
                    else:
                        why = (f"Level 1 again: {empty_run} weeks without walks, so the plan "
                               "starts gently again.")
                else:
                    empty_run = 0
                    why = (f"Level {level} again: last week had {qualifying} of the "
                           f"{plan.min_days} days needed at {_at_least(plan.minutes)}+ minutes, "
                           "so it repeats before growing.")
                block_days = qualifying = 0
                walked_in_block = trouble_in_block = False
            day += one_day
        if not why:
            why = f"Level {level} of the plan."
        return _LadderState(level, completed, weeks_walked, why, level_on)

    # --- today -------------------------------------------------------------------------------

    def day(self) -> DailyTarget:
        ladder = self.ladder()
        level = ladder.level
        plan = week_plan(level)
        walked_today = self.minutes_on.get(self.today, 0.0)
        blocked, rule = self._blocked()
        trouble_today = self.today in self.trouble
        common = dict(
            week=level,
            plan=plan,
            walked_today_minutes=walked_today,
            condition_notes=condition_changes(self.profile),
            cool_down=level >= COOL_DOWN_FROM_WEEK,
            calendar_week=programme_week(self.anchor, self.today),
            weeks_walked=ladder.weeks_walked,
            completed_level=ladder.completed_level,
            escalation_due=self._escalation_due(ladder.weeks_walked) and not blocked,
            recalled_flag=self._recalled_flag(),
            flares=self._flare_summary(),
            review_due=self._review_due(),
            bout_minutes=(
                STENOSIS_BOUT_MINUTES if Condition.SPINAL_STENOSIS in self.conditions else None
            ),
            **self._day_after_due(),
        )
        if blocked:
            return DailyTarget(
                day_minutes=0, session_minutes=0, reason=blocked, walk_allowed=False,
                blocked_reason=blocked, rule=rule, **common,  # type: ignore[arg-type]
            )
        minutes = float(plan.minutes)
        reason = f"{ladder.why} {plan.minutes} minutes, {plan.days_label} days a week."
        rule = "level"
        capped = self._plan_minutes(self.today, level)
        if capped < minutes:
            minutes = capped
            rule = "longest-walk"
            reason += (f" Today {minutes:.0f}: no more than 10 % over your longest day "
                       f"lately ({self._longest_day_before(self.today):.0f} min).")
        recovery = self._recovery(ladder)
        scaled_back = rest_advised = False
        if recovery is not None and recovery.minutes < minutes:
            minutes = recovery.minutes
            scaled_back = True
            rule = recovery.rule
            reason = recovery.reason
            rest_advised = recovery.rest
        day_minutes = min(MAX_DAILY_MINUTES, int(minutes))
        session, extra, reason = self._session(day_minutes, walked_today, reason, scaled_back)
        return DailyTarget(
            day_minutes=day_minutes, session_minutes=session, reason=reason,
            scaled_back=scaled_back, extra_walk=extra, rule=rule, rest_advised=rest_advised,
            strength_day=strength_due(
                [d for d in self.past + self.todays if not d.rehearsal], self.today
            ) and not trouble_today,
            **common,  # type: ignore[arg-type]
        )

    def _session(
        self, minutes: int, walked_today: float, reason: str, scaled_back: bool
    ) -> tuple[int, bool, str]:
        remaining = max(0.0, minutes - walked_today)
        extra = remaining < 1
        session = minutes if extra else max(1, math.ceil(remaining - 1e-9))
        counted_today = [w.walked_minutes for w in self.walks if w.day == self.today]
        if (
            not extra
            and session < SPLIT_WALK_MINUTES
            and minutes >= MINIMUM_DOSE_MINUTES
            and any(m >= SPLIT_WALK_MINUTES for m in counted_today)
        ):
            # A second walk under 10 minutes would not count toward the 20-minute dose.
            session = SPLIT_WALK_MINUTES
            reason += (f" {walked_today:.0f} done today; this walk is 10 minutes so both "
                       "count toward the 20-minute dose.")
        elif walked_today > 0 and not extra:
            # Whole minutes that add up to the day's target: 6:37 of 10 walked is "6 done, 4 to
            # go" (the rest is rounded up), never "7 done, 4 to go".
            reason += f" {minutes - session} done today, {session} to go."
        elif extra and scaled_back:
            reason += " Today's walking is done: rest your back until the next walk."
        elif extra:
            reason += " Today's walking is done — any more is an easy extra."
        if Condition.SPINAL_STENOSIS in self.conditions and session > STENOSIS_BOUT_MINUTES:
            session = STENOSIS_BOUT_MINUTES
            reason += " Spinal stenosis: this bout is 10 minutes; walk the rest in another bout."
        return session, extra, reason

    def _blocked(self) -> tuple[str, str]:
        flags = [RedFlag(f) for f in sorted({f for d in self.closing for f in d.red_flags})
                 if f in _FLAG_VALUES]
        if any(closes_its_day(d) == "red-flag-day" for d in self.closing):
            if not flags:
                return ("You reported a warning sign today: do not walk; get medical care "
                        "today.", "red-flag-day")
            advice = red_flag_advice(flags)
            labels = "; ".join(f.label for f in flags)
            return (f"You reported {labels} today: do not walk; get medical care today. "
                    f"{advice.steps[1]}", "red-flag-day")
        p = self.profile
        # From the day the signs were reported: a walk done before it (`stride log --date`)
        # is not walked through them, and is kept (as the ill/away pause counts from its day).
        if p.evaluation_advised_on is not None and p.evaluation_advised_on <= self.today:
            return (
                "Walking is paused until you have been checked by a physical therapist or "
                f"doctor (you reported warning signs on {p.evaluation_advised_on:%d %b %Y}). "
                "When you have been, record it in your profile (O on Home, or "
                "`stride profile --evaluated DATE`).",
                "evaluation-pause",
            )
        if Condition.MICRODISCECTOMY in self.conditions:
            if p.surgery_date is None:
                return ("After microdiscectomy: add your surgery date to the profile first.",
                        "post-op-wait")
            first_day = p.surgery_date + timedelta(days=SURGERY_WAIT_DAYS)
            if self.today < first_day:
                return ("After microdiscectomy, treadmill walking starts 2 weeks after surgery "
                        f"— from {first_day:%a %d %b %Y}.", "post-op-wait")
            if p.surface is not Surface.TREADMILL:
                return ("After microdiscectomy, walk on a treadmill: set your surface to "
                        "treadmill.", "surface")
        if Condition.DISC_HERNIATION in self.conditions and p.surface is not Surface.POOL:
            return ("With a recent disc herniation the plan is pool walking only: set surface "
                    "to pool.", "surface")
        if p.paused_from is not None and p.paused_from <= self.today:
            return (f"Paused since {p.paused_from:%a %d %b} (ill or away): your level is kept "
                    "as it was. Resume when you are ready (Enter on Home, or "
                    "`stride profile --resume`).", "away")
        if any(closes_its_day(d) == "pain-stop-day" for d in self.closing):
            return ("You stopped for pain today (in week 2 the plan says to stop above 3/10). "
                    "Rest today and check in again tomorrow.", "pain-stop-day")
        return "", ""

    def _longest_day_before(self, day: date) -> float:
        first = day - timedelta(days=LONGEST_WALK_DAYS)
        return max((m for d, m in self.minutes_on.items() if first <= d < day), default=0.0)

    def _plan_minutes(self, day: date, level: int) -> float:
        """The level's minutes on ``day``, past level 5 at most 10 % over the longest day
        walked in the four weeks before it."""
        minutes = float(week_plan(level).minutes)
        if level >= LONGEST_WALK_RULE_FROM_LEVEL:
            longest = self._longest_day_before(day)
            if longest:
                cap = math.floor(longest * (1 + LONGEST_WALK_GROWTH) + 1e-9)
                minutes = min(minutes, float(max(SHORTEST_WALK_MINUTES, cap)))
        return minutes

    def _recovery(self, ladder: _LadderState) -> "_Recovery | None":
        lookback = timedelta(days=RECOVERY_LOOKBACK_DAYS)
        # A rise today already scales today back (what is left of it); a walk today without a
        # rise counts toward recovery only from tomorrow. The days before the lookback count
        # too: a rise scales back what its day asked for, which an earlier rise (within the
        # lookback of that day, not of today) may have scaled back already.
        days = sorted(
            d for d in {*self.minutes_on, *self.trouble}
            if d < self.today or (d == self.today and d in self.trouble)
        )
        cap = value = 0.0
        clean = trouble_level = 0
        since: date | None = None
        for day in days:
            if since is not None and day - since > lookback:
                since = None  # that rise no longer scales this day back
            if day in self.trouble:
                # Scaled back from what that day asked for (never from more walked than that).
                level_minutes = self._plan_minutes(day, ladder.level_on.get(day, ladder.level))
                walked = self.minutes_on.get(day, 0.0)
                base = min(walked or level_minutes, level_minutes)
                if since is not None:
                    base = min(base, value)
                cap = max(float(SHORTEST_WALK_MINUTES),
                          math.floor(base * SCALE_BACK_FACTOR + 0.5))
                value, clean, since = cap, 0, day
                trouble_level = ladder.level_on.get(day, ladder.level)
            elif since is not None:
                clean += 1
                value = min(value * (1 + RECOVERY_GROWTH),
                            _level_ceiling(cap, trouble_level, since, day))
        if since is None or self.today - since > lookback:
            return None
        recent = [d for d in self.trouble if self.today - timedelta(days=RISE_WINDOW_DAYS) < d
                  <= self.today]
        what = self.trouble[since]
        if len(recent) >= RISES_FOR_REST:
            value = cap
            rest = (self.today - max(recent)).days <= 1
            reason = (f"Holding at {value:.0f} minutes: pain rose or flared {len(recent)} times "
                      "in the last 7 days."
                      + (" Take a rest day today if you can." if rest else ""))
            return _Recovery(math.floor(value), "hold", reason, rest)
        minutes = math.floor(value + 1e-9)
        ago = (self.today - since).days
        when = "today" if ago == 0 else "yesterday" if ago == 1 else f"on {since:%a %d %b}"
        if clean == 0:
            reason = (f"Scaled back to {minutes} minutes: {what} {when}. "
                      "Each walk without a rise steps back up a little.")
            return _Recovery(minutes, "scale-back", reason, False)
        reason = (f"Building back up: {minutes} minutes after {what} {when} "
                  f"({clean} walk{'s' if clean != 1 else ''} since without a rise; at most "
                  "10 % a walk and one level a week).")
        return _Recovery(minutes, "recovery", reason, False)

    def _escalation_due(self, weeks_walked: int) -> bool:
        return escalation_due(weeks_walked, self.profile.escalation_asked_on, self.today)

    def _recalled_flag(self) -> str:
        yesterday = self.today - timedelta(days=1)
        flags = sorted({f for d in self.past if last_day(d) == yesterday for f in d.red_flags
                        if f in _FLAG_VALUES})
        if not flags:
            return ""
        return ("Yesterday you reported " + "; ".join(RedFlag(f).label for f in flags)
                + ". If it is still there, do not walk: get medical care today.")

    def _day_after_due(self) -> dict[str, object]:
        yesterday = self.today - timedelta(days=1)
        walks = [w for w in self.walks if w.day == yesterday]
        if not walks or any(w.day_after is not None for w in walks):
            return {"day_after_session": None, "day_after_walk_day": None}
        return {"day_after_session": walks[-1].id, "day_after_walk_day": yesterday}

    def _flare_summary(self) -> FlareSummary:
        # One point a day: the usual pain as it stood after that day's last walk.
        by_day = {w.day: self.usual[w.id] for w in self.walks if w.id in self.usual}
        over_time = tuple(sorted(by_day.items()))
        last = self.flare_days[-1] if self.flare_days else None
        return FlareSummary(
            days=tuple(self.flare_days),
            days_since_last=(self.today - last).days if last else None,
            usual_pain=over_time[-1][1] if over_time else None,
            usual_pain_over_time=over_time,
        )

    def _review_due(self) -> tuple[Condition, ...]:
        p = self.profile
        due: list[Condition] = []
        for condition in (Condition.DISC_HERNIATION, Condition.MICRODISCECTOMY):
            if condition not in p.conditions:
                continue
            since = p.conditions_reviewed_on or p.start_date
            if condition is Condition.MICRODISCECTOMY and p.surgery_date is not None:
                since = max(since, p.surgery_date)
            if (self.today - since).days >= REVIEW_EVERY_DAYS:
                due.append(condition)
        return tuple(due)


class _Recovery(NamedTuple):
    minutes: int
    rule: str
    reason: str
    rest: bool


_FLAG_VALUES = frozenset(f.value for f in RedFlag)


def _level_ceiling(cap: float, level: int, since: date, day: date) -> float:
    """After a rise at ``level`` scaled the day back to ``cap`` (about one level down), at most
    one level more each full week since: the first week holds, the next gives the level back."""
    weeks = (day - since).days // 7
    if weeks == 0:
        return cap
    back_to = min(TOP_LEVEL, max(1, level - 1) + weeks)
    return max(cap, float(week_plan(back_to).minutes))


def _at_least(minutes: int) -> int:
    return math.ceil(minutes * LEVEL_DONE_SHARE - 1e-9)


def plan_days(profile: Profile, history: Sequence[SessionDigest], days: Iterable[date]
              ) -> list[DailyTarget]:
    """``today_for`` on several days (the property tests and the summary's "next time")."""
    return [today_for(profile, history, d) for d in days]


class ProfileError(ValueError):
    """A profile change that cannot be right (a future surgery date, a pause not open…)."""


def check_profile(profile: Profile, today: date) -> None:
    """Refuse impossible profiles with a message a person can act on: the record's own
    checks first (``RecordError``: dates in range, known values), then the programme's
    (``ProfileError``). Both are ``ValueError``."""
    from stride_tui.core.records import check_profile as check_record

    check_record(profile)
    p = profile
    if p.start_date > today:
        # Its weeks count from the start: before it, "week 1" would be weeks away.
        raise ProfileError(f"the start date {p.start_date} is in the future; the programme "
                           "starts today or on a day already past")
    if p.surgery_date is not None and p.surgery_date > today:
        raise ProfileError(f"the surgery date {p.surgery_date} is in the future; the post-op "
                           "plan starts from the day of the operation")
    if p.surgery_date is None and Condition.MICRODISCECTOMY in p.conditions:
        raise ProfileError("microdiscectomy needs the date of the operation (the surgery date)")
    if p.surgery_date is not None and Condition.MICRODISCECTOMY not in p.conditions:
        raise ProfileError("a surgery date goes with the microdiscectomy condition")
    if p.evaluated_on is not None and p.evaluated_on > today:
        raise ProfileError(f"the evaluation date {p.evaluated_on} is in the future")
    if p.paused_from is not None and p.paused_from > today:
        raise ProfileError(f"a pause starts today or earlier, not on {p.paused_from}")


def record_evaluation(profile: Profile, on: date, today: date) -> Profile:
    """The walker was checked on ``on``: lift the pause for evaluation and keep when."""
    advised = profile.evaluation_advised_on
    if on > today:
        raise ProfileError(f"the evaluation date {on} is in the future")
    if advised is not None and on < advised:
        raise ProfileError(f"the check must be on or after {advised}, when the warning signs "
                           "were reported")
    return profile._replace(evaluation_advised_on=None, evaluated_on=on)


def pause_programme(
    profile: Profile, first: date, today: date, *, unfinished_walk: bool = False,
    last_walk: date | None = None,
) -> Profile:
    """Start an ill/away pause on ``first``: progression freezes, no missed weeks count.

    Not while an unfinished walk (a walk Stride was closed during) waits to be kept or
    discarded: kept, it would count on a day inside the pause; it is settled first, as it is
    before a new walk. For the same reason a pause starts no earlier than the day of the last
    walk, ``last_walk`` (a pause dated back over walks would say they were not walked)."""
    if unfinished_walk:
        raise ProfileError(
            "an unfinished walk is waiting to be kept or discarded: open Stride and keep (K) "
            "or discard (X) it first"
        )
    if profile.paused_from is not None:
        raise ProfileError(f"the programme is already paused since {profile.paused_from}")
    if first > today:
        raise ProfileError(f"a pause starts today or earlier, not on {first}")
    if last_walk is not None and first < last_walk:
        raise ProfileError(
            f"you walked on {last_walk:%a %d %b %Y}: a pause starts on that day or later, "
            f"not on {first}"
        )
    return profile._replace(paused_from=first)


def resume_programme(profile: Profile, today: date) -> Profile:
    """End the ill/away pause today; its days stay excused from the missed-week rule."""
    first = profile.paused_from
    if first is None:
        raise ProfileError("the programme is not paused")
    pauses = list(profile.pauses)
    if today > first:
        pauses.append(AwayPause(first, today - timedelta(days=1)))
    return profile._replace(paused_from=None, pauses=pauses)
