"""Decoding a treadmill's Bluetooth Fitness Machine Service (FTMS) data, from raw bytes.

Only what a treadmill sends: Treadmill Data (0x2ACD) and Fitness Machine Status (0x2ADA), as in
the FTMS 1.0 specification. Stride only reads; it never writes to the Control Point.

Our own small decoder rather than ``pyftms``: pyftms needs Python 3.12 (on 3.11 pip quietly
installs an old release that fails to import), and it drops a packet that omits a field the
previous packet carried, which the specification allows (a treadmill may split its data over
several packets with the More Data bit). Here every packet decodes on its own, and
``TreadmillState`` merges packets, keeping the last value of each field.

Treadmill Data: a 16-bit little-endian flags field, then the fields its bits announce, in order.
Bit 0 ("More Data") is inverted for the first field: when it is 0, Instantaneous Speed is present.

| bit | field (type, unit)                                                              |
|-----|---------------------------------------------------------------------------------|
| 0   | 0: Instantaneous Speed (uint16, 0.01 km/h); 1: more packets follow, no speed   |
| 1   | Average Speed (uint16, 0.01 km/h)                                               |
| 2   | Total Distance (uint24, m)                                                      |
| 3   | Inclination (sint16, 0.1 %) and Ramp Angle Setting (sint16, 0.1°)               |
| 4   | Positive and Negative Elevation Gain (uint16 each, 0.1 m)                       |
| 5   | Instantaneous Pace (uint8, 0.1 km/min)                                          |
| 6   | Average Pace (uint8, 0.1 km/min)                                                |
| 7   | Total Energy (uint16, kcal), Energy per Hour (uint16), per Minute (uint8)       |
| 8   | Heart Rate (uint8, bpm)                                                         |
| 9   | Metabolic Equivalent (uint8, 0.1)                                               |
| 10  | Elapsed Time (uint16, s)                                                        |
| 11  | Remaining Time (uint16, s)                                                      |
| 12  | Force on Belt (sint16, N) and Power Output (sint16, W)                          |

A value of "all ones" (0x7FFF for inclination and ramp angle, 0xFFFF / 0xFF for the energies)
means "not available" and decodes to None.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import IntEnum, StrEnum

FTMS_SERVICE = "00001826-0000-1000-8000-00805f9b34fb"
TREADMILL_DATA = "00002acd-0000-1000-8000-00805f9b34fb"
MACHINE_STATUS = "00002ada-0000-1000-8000-00805f9b34fb"

_SINT16_NA = 0x7FFF
_UINT16_NA = 0xFFFF
_UINT8_NA = 0xFF


class FtmsError(ValueError):
    """A packet that is not valid FTMS data (too short, or bytes left over)."""


@dataclass(frozen=True)
class TreadmillData:
    """One Treadmill Data packet: None for each field the packet does not carry."""

    more_data: bool = False
    speed_kmh: float | None = None
    average_speed_kmh: float | None = None
    distance_m: int | None = None
    incline_percent: float | None = None
    ramp_angle_deg: float | None = None
    elevation_gain_m: float | None = None
    elevation_loss_m: float | None = None
    pace_km_min: float | None = None
    average_pace_km_min: float | None = None
    energy_kcal: int | None = None
    energy_per_hour_kcal: int | None = None
    energy_per_minute_kcal: int | None = None
    heart_rate_bpm: int | None = None
    metabolic_equivalent: float | None = None
    elapsed_s: int | None = None
    remaining_s: int | None = None
    force_on_belt_n: int | None = None
    power_w: int | None = None


class _Reader:
    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.at = 0

    def take(self, size: int, *, signed: bool = False, what: str) -> int:
        end = self.at + size
        if end > len(self.raw):
            raise FtmsError(
                f"the packet ends before its {what} ({len(self.raw)} bytes, "
                f"{end} needed)"
            )
        value = int.from_bytes(self.raw[self.at:end], "little", signed=signed)
        self.at = end
        return value

    def done(self) -> None:
        if self.at != len(self.raw):
            raise FtmsError(
                f"the packet has {len(self.raw) - self.at} bytes more than its flags announce"
            )


def _na(value: int, missing: int) -> int | None:
    return None if value == missing else value


def _scaled(value: int | None, scale: float) -> float | None:
    return None if value is None else round(value * scale, 2)


def decode_treadmill_data(raw: bytes) -> TreadmillData:
    """Decode one Treadmill Data (0x2ACD) packet. Raises ``FtmsError`` if it is malformed."""
    r = _Reader(bytes(raw))
    flags = r.take(2, what="flags")
    fields: dict[str, object] = {"more_data": bool(flags & 0x0001)}
    if not flags & 0x0001:
        fields["speed_kmh"] = r.take(2, what="speed") / 100
    if flags & 0x0002:
        fields["average_speed_kmh"] = r.take(2, what="average speed") / 100
    if flags & 0x0004:
        fields["distance_m"] = r.take(3, what="distance")
    if flags & 0x0008:
        fields["incline_percent"] = _scaled(
            _na(r.take(2, signed=True, what="inclination"), _SINT16_NA), 0.1
        )
        fields["ramp_angle_deg"] = _scaled(
            _na(r.take(2, signed=True, what="ramp angle"), _SINT16_NA), 0.1
        )
    if flags & 0x0010:
        fields["elevation_gain_m"] = r.take(2, what="elevation gain") / 10
        fields["elevation_loss_m"] = r.take(2, what="elevation loss") / 10
    if flags & 0x0020:
        fields["pace_km_min"] = r.take(1, what="pace") / 10
    if flags & 0x0040:
        fields["average_pace_km_min"] = r.take(1, what="average pace") / 10
    if flags & 0x0080:
        fields["energy_kcal"] = _na(r.take(2, what="total energy"), _UINT16_NA)
        fields["energy_per_hour_kcal"] = _na(r.take(2, what="energy per hour"), _UINT16_NA)
        fields["energy_per_minute_kcal"] = _na(r.take(1, what="energy per minute"), _UINT8_NA)
    if flags & 0x0100:
        fields["heart_rate_bpm"] = r.take(1, what="heart rate")
    if flags & 0x0200:
        fields["metabolic_equivalent"] = r.take(1, what="metabolic equivalent") / 10
    if flags & 0x0400:
        fields["elapsed_s"] = r.take(2, what="elapsed time")
    if flags & 0x0800:
        fields["remaining_s"] = r.take(2, what="remaining time")
    if flags & 0x1000:
        fields["force_on_belt_n"] = r.take(2, signed=True, what="force on belt")
        fields["power_w"] = r.take(2, signed=True, what="power output")
    r.done()
    return TreadmillData(**fields)  # type: ignore[arg-type]


class StatusCode(IntEnum):
    """Fitness Machine Status (0x2ADA) op codes (FTMS 1.0, table 4.16)."""

    RESET = 0x01
    STOPPED_OR_PAUSED = 0x02
    STOPPED_BY_SAFETY_KEY = 0x03
    STARTED_OR_RESUMED = 0x04
    TARGET_SPEED_CHANGED = 0x05
    TARGET_INCLINE_CHANGED = 0x06
    TARGET_RESISTANCE_CHANGED = 0x07
    TARGET_POWER_CHANGED = 0x08
    TARGET_HEART_RATE_CHANGED = 0x09
    TARGET_ENERGY_CHANGED = 0x0A
    TARGET_STEPS_CHANGED = 0x0B
    TARGET_STRIDES_CHANGED = 0x0C
    TARGET_DISTANCE_CHANGED = 0x0D
    TARGET_TIME_CHANGED = 0x0E
    TARGET_TIME_TWO_ZONES_CHANGED = 0x0F
    TARGET_TIME_THREE_ZONES_CHANGED = 0x10
    TARGET_TIME_FIVE_ZONES_CHANGED = 0x11
    BIKE_SIMULATION_CHANGED = 0x12
    WHEEL_CIRCUMFERENCE_CHANGED = 0x13
    SPIN_DOWN_STATUS = 0x14
    TARGET_CADENCE_CHANGED = 0x15
    CONTROL_PERMISSION_LOST = 0xFF


class BeltState(StrEnum):
    """What the machine says its belt is doing."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


@dataclass(frozen=True)
class MachineStatus:
    """One Fitness Machine Status packet: the code, and what Stride reads from it."""

    code: StatusCode | None  # None: a code this decoder does not know (ignored)
    belt: BeltState | None = None  # set by started / stopped / paused / safety key / reset
    target_speed_kmh: float | None = None
    target_incline_percent: float | None = None


def decode_machine_status(raw: bytes) -> MachineStatus:
    """Decode one Fitness Machine Status (0x2ADA) packet. Raises ``FtmsError`` if it is
    empty or a known code's parameter is cut short; an unknown code decodes to ``code=None``."""
    r = _Reader(bytes(raw))
    op = r.take(1, what="op code")
    try:
        code = StatusCode(op)
    except ValueError:
        return MachineStatus(None)
    if code is StatusCode.STOPPED_OR_PAUSED:
        # The parameter: 0x01 stopped, 0x02 paused (a machine that omits it has stopped).
        param = r.take(1, what="stop or pause") if len(raw) > 1 else 0x01
        return MachineStatus(code, BeltState.PAUSED if param == 0x02 else BeltState.STOPPED)
    if code in (StatusCode.STOPPED_BY_SAFETY_KEY, StatusCode.RESET):
        return MachineStatus(code, BeltState.STOPPED)
    if code is StatusCode.STARTED_OR_RESUMED:
        return MachineStatus(code, BeltState.RUNNING)
    if code is StatusCode.TARGET_SPEED_CHANGED:
        return MachineStatus(code, target_speed_kmh=r.take(2, what="target speed") / 100)
    if code is StatusCode.TARGET_INCLINE_CHANGED:
        value = _na(r.take(2, signed=True, what="target incline"), _SINT16_NA)
        return MachineStatus(code, target_incline_percent=_scaled(value, 0.1))
    return MachineStatus(code)


@dataclass(frozen=True)
class TreadmillState:
    """What is known of the treadmill now: each field's latest value over all packets (a
    packet that leaves a field out says nothing about it), and the belt's last status."""

    data: TreadmillData = TreadmillData()
    status: BeltState | None = None

    def with_data(self, packet: TreadmillData) -> TreadmillState:
        """This state updated by a Treadmill Data packet."""
        kept = {
            f.name: getattr(packet, f.name)
            for f in dataclasses.fields(packet)
            if f.name != "more_data" and getattr(packet, f.name) is not None
        }
        return dataclasses.replace(self, data=dataclasses.replace(self.data, **kept))

    def with_status(self, status: MachineStatus) -> TreadmillState:
        """This state updated by a Fitness Machine Status packet."""
        if status.belt is None:
            return self
        return dataclasses.replace(self, status=status.belt)

    @property
    def belt_running(self) -> bool:
        """Whether the belt moves: the machine's word when it said stopped or paused, else the
        speed (a treadmill without status packets still reports speed 0 when stopped)."""
        if self.status in (BeltState.STOPPED, BeltState.PAUSED):
            return False
        speed = self.data.speed_kmh
        if speed is None:
            return self.status is BeltState.RUNNING
        return speed > 0
