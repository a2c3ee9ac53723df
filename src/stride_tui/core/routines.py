"""The warm-up, strength and cool-down routines as data (DESIGN §3.5).

A ``Move`` is what the person does; a routine expands into ``RoutineStep``s, one per side or
set, each with a length in seconds: timed moves last their seconds, rep moves last
reps × pace (the counter paces the reps).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MoveKind(StrEnum):
    TIMED = "timed"
    REPS = "reps"


@dataclass(frozen=True)
class Move:
    id: str
    name: str
    how: str
    kind: MoveKind
    seconds: float = 0.0
    reps: int = 0
    pace: float = 0.0
    sides: tuple[str, ...] = ()
    sets: int = 1
    rest: float = 0.0
    # What one of ``sides`` is called in the dose: "10 each side", "10 each way".
    each: str = "side"

    @property
    def dose(self) -> str:
        """The dose in the programme's words, e.g. "3 × 15", "10 a side", "30 s"."""
        amount = f"{self.seconds:.0f} s" if self.kind is MoveKind.TIMED else f"{self.reps}"
        if self.sets > 1:
            return f"{self.sets} × {amount}"
        if self.sides:
            return f"{amount} each {self.each}"
        return amount


@dataclass(frozen=True)
class RoutineStep:
    """One timed stretch of a routine: a move on one side or in one set, or a rest."""

    move: Move
    seconds: float
    side: str | None = None
    set_number: int | None = None
    rest: bool = False

    @property
    def title(self) -> str:
        if self.rest:
            return "Rest"
        return self.move.name

    @property
    def detail(self) -> str:
        parts = []
        if self.set_number is not None:
            after = "after " if self.rest else ""
            parts.append(f"{after}set {self.set_number} of {self.move.sets}")
        if self.side:
            parts.append(self.side)
        return ", ".join(parts)

    @property
    def reps(self) -> int | None:
        return None if self.rest or self.move.kind is MoveKind.TIMED else self.move.reps

    def rep_at(self, elapsed: float) -> int:
        """The rep the person is on after ``elapsed`` seconds of this step (1-based)."""
        if self.reps is None or self.move.pace <= 0:
            return 0
        return min(self.reps, int(elapsed // self.move.pace) + 1)


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    moves: tuple[Move, ...]

    def steps(self) -> tuple[RoutineStep, ...]:
        out: list[RoutineStep] = []
        for move in self.moves:
            length = move.seconds if move.kind is MoveKind.TIMED else move.reps * move.pace
            if move.sets > 1:
                for n in range(1, move.sets + 1):
                    out.append(RoutineStep(move, length, set_number=n))
                    if n < move.sets and move.rest > 0:
                        out.append(RoutineStep(move, move.rest, set_number=n, rest=True))
            elif move.sides:
                out.extend(RoutineStep(move, length, side=side) for side in move.sides)
            else:
                out.append(RoutineStep(move, length))
        return tuple(out)

    @property
    def total_seconds(self) -> float:
        return sum(s.seconds for s in self.steps())


WARM_UP = Routine(
    "warm-up",
    "Warm-up",
    (
        Move("march", "March in place", "Lift your knees at an easy pace; arms swing loosely.",
             MoveKind.TIMED, seconds=30),
        Move("cat-camel", "Standing cat-camel",
             "Hands on thighs: round your back up slowly, then let it gently arch.",
             MoveKind.REPS, reps=10, pace=4),
        Move("ankle-circles", "Ankle circles",
             "Hold on to something steady; draw slow circles with one foot, then the other.",
             MoveKind.REPS, reps=10, pace=1.5, sides=("clockwise", "anticlockwise"),
             each="way"),
        Move("glute-squeezes", "Glute squeezes",
             "Stand tall and squeeze your buttocks for a second, then let go.",
             MoveKind.REPS, reps=15, pace=2),
    ),
)

STRENGTH = Routine(
    "strength",
    "Strength",
    (
        Move("glute-bridges", "Glute bridges",
             "On your back, knees bent: squeeze and lift your hips until knees, hips and "
             "shoulders line up, then lower slowly.",
             MoveKind.REPS, reps=15, pace=3, sets=3, rest=30),
        Move("bird-dog", "Bird-dog",
             "On hands and knees: reach one arm and the opposite leg out, hips level, "
             "then switch.",
             MoveKind.REPS, reps=10, pace=4,
             sides=("right arm, left leg", "left arm, right leg")),
        Move("hamstring-stretch", "Standing hamstring stretch",
             "Heel on a low step, back straight: hinge forward gently until you feel a stretch.",
             MoveKind.TIMED, seconds=30, sides=("left leg", "right leg")),
    ),
)

COOL_DOWN = Routine(
    "cool-down",
    "Cool-down",
    (
        Move("slow-walk", "Slow walk", "Keep walking at an easy, slower pace.",
             MoveKind.TIMED, seconds=60),
        Move("calf-stretch", "Calf stretch",
             "Hands on a wall, one foot back, heel down: lean in gently.",
             MoveKind.TIMED, seconds=20, sides=("left leg", "right leg")),
        Move("hip-flexor-stretch", "Hip flexor stretch",
             "Stand in a short split stance, tuck your tail under and ease forward.",
             MoveKind.TIMED, seconds=20, sides=("left side", "right side")),
    ),
)

ROUTINES = {r.id: r for r in (WARM_UP, STRENGTH, COOL_DOWN)}
