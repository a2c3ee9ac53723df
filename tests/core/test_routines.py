"""The warm-up, strength and cool-down routines as data (DESIGN §3.5)."""

from __future__ import annotations

from stride_tui.core.routines import COOL_DOWN, ROUTINES, STRENGTH, WARM_UP, MoveKind


def test_the_warm_up_is_the_four_activation_moves_in_order() -> None:
    assert [m.id for m in WARM_UP.moves] == [
        "march", "cat-camel", "ankle-circles", "glute-squeezes",
    ]
    march, cat_camel, ankles, glutes = WARM_UP.moves
    assert (march.kind, march.seconds) == (MoveKind.TIMED, 30)
    assert (cat_camel.kind, cat_camel.reps, cat_camel.sides) == (MoveKind.REPS, 10, ())
    assert (ankles.kind, ankles.reps, len(ankles.sides)) == (MoveKind.REPS, 10, 2)
    assert (glutes.kind, glutes.reps) == (MoveKind.REPS, 15)
    assert [m.dose for m in WARM_UP.moves] == ["30 s", "10", "10 each way", "15"]


def test_the_warm_up_takes_about_two_minutes() -> None:
    # 30 s march + 10 cat-camels at 4 s + 2 × 10 ankle circles at 1.5 s + 15 squeezes at 2 s.
    assert WARM_UP.total_seconds == 30 + 40 + 15 + 15 + 30 == 130
    assert [s.seconds for s in WARM_UP.steps()] == [30, 40, 15, 15, 30]
    assert [s.side for s in WARM_UP.steps()][2:4] == ["clockwise", "anticlockwise"]


def test_strength_is_glute_bridges_bird_dog_and_hamstring_stretch() -> None:
    bridges, bird_dog, hamstring = STRENGTH.moves
    assert (bridges.id, bridges.sets, bridges.reps) == ("glute-bridges", 3, 15)
    assert (bird_dog.id, bird_dog.reps, len(bird_dog.sides)) == ("bird-dog", 10, 2)
    assert (hamstring.id, hamstring.kind, hamstring.seconds) == (
        "hamstring-stretch", MoveKind.TIMED, 30,
    )
    assert hamstring.sides == ("left leg", "right leg")
    assert [m.dose for m in STRENGTH.moves] == ["3 × 15", "10 each side", "30 s each side"]


def test_strength_steps_are_three_sets_with_rests_then_each_side() -> None:
    steps = STRENGTH.steps()
    assert [(s.move.id, s.set_number, s.side, s.rest, s.seconds) for s in steps] == [
        ("glute-bridges", 1, None, False, 45),
        ("glute-bridges", 1, None, True, 30),
        ("glute-bridges", 2, None, False, 45),
        ("glute-bridges", 2, None, True, 30),
        ("glute-bridges", 3, None, False, 45),
        ("bird-dog", None, "right arm, left leg", False, 40),
        ("bird-dog", None, "left arm, right leg", False, 40),
        ("hamstring-stretch", None, "left leg", False, 30),
        ("hamstring-stretch", None, "right leg", False, 30),
    ]
    assert STRENGTH.total_seconds == 335
    assert steps[1].title == "Rest"
    assert steps[2].detail == "set 2 of 3"
    assert steps[5].detail == "right arm, left leg"


def test_a_rep_counter_paces_the_reps_and_stops_at_the_last() -> None:
    bridges = STRENGTH.steps()[0]  # 15 reps, one every 3 s
    assert bridges.reps == 15
    assert [bridges.rep_at(t) for t in (0, 2.9, 3, 42, 44.9, 60)] == [1, 1, 2, 15, 15, 15]
    assert STRENGTH.steps()[1].reps is None  # a rest has no reps
    assert STRENGTH.steps()[7].rep_at(10) == 0  # a timed stretch has no counter


def test_the_cool_down_is_a_slow_walk_and_two_stretches_each_side() -> None:
    assert [(s.move.id, s.side, s.seconds) for s in COOL_DOWN.steps()] == [
        ("slow-walk", None, 60),
        ("calf-stretch", "left leg", 20),
        ("calf-stretch", "right leg", 20),
        ("hip-flexor-stretch", "left side", 20),
        ("hip-flexor-stretch", "right side", 20),
    ]


def test_routines_are_found_by_id() -> None:
    assert ROUTINES == {"warm-up": WARM_UP, "strength": STRENGTH, "cool-down": COOL_DOWN}


def test_the_walker_counts_moves_as_the_record_keeps_them_and_a_rest_is_not_one() -> None:
    # Strength is nine steps (three sets, two rests between them, two sides, two sides) but
    # seven moves: the screen said "move 2 of 9" on a rest and the summary "of 7 sets".
    from stride_tui.core.stepping import RoutineRun

    run = RoutineRun(STRENGTH, 0.0)
    places, details = [], []
    while not run.finished:
        places.append(run.place)
        details.append((run.step.title, run.step.detail))
        run.skip(0.0)
    assert places == [(1, 7), (2, 7), (2, 7), (3, 7), (3, 7), (4, 7), (5, 7), (6, 7), (7, 7)]
    assert details[1] == ("Rest", "after set 1 of 3")
    assert details[2] == ("Glute bridges", "set 2 of 3")
    assert len(run.records) == 7  # what the session keeps: one a move, none for the rests
    warm_up = RoutineRun(WARM_UP, 0.0)
    assert warm_up.place == (1, 5)
