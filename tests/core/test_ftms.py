"""Decoding FTMS Treadmill Data and Fitness Machine Status from hand-built bytes."""

from __future__ import annotations

import itertools
import struct

import pytest

from stride_tui.core.ftms import (
    BeltState,
    FtmsError,
    StatusCode,
    TreadmillData,
    TreadmillState,
    decode_machine_status,
    decode_treadmill_data,
)

# Each optional field of Treadmill Data: its flag bit, its bytes, and what it decodes to.
FIELDS: dict[int, tuple[bytes, dict[str, object]]] = {
    0x0002: (struct.pack("<H", 480), {"average_speed_kmh": 4.8}),
    0x0004: (bytes([0x40, 0xE2, 0x01]), {"distance_m": 123_456}),  # 24-bit
    0x0008: (struct.pack("<hh", -15, 0x7FFF), {"incline_percent": -1.5, "ramp_angle_deg": None}),
    0x0010: (struct.pack("<HH", 123, 45), {"elevation_gain_m": 12.3, "elevation_loss_m": 4.5}),
    0x0020: (bytes([12]), {"pace_km_min": 1.2}),
    0x0040: (bytes([11]), {"average_pace_km_min": 1.1}),
    0x0080: (struct.pack("<HHB", 95, 0xFFFF, 4),
             {"energy_kcal": 95, "energy_per_hour_kcal": None, "energy_per_minute_kcal": 4}),
    0x0100: (bytes([101]), {"heart_rate_bpm": 101}),
    0x0200: (bytes([35]), {"metabolic_equivalent": 3.5}),
    0x0400: (struct.pack("<H", 1800), {"elapsed_s": 1800}),
    0x0800: (struct.pack("<H", 600), {"remaining_s": 600}),
    0x1000: (struct.pack("<hh", -20, 150), {"force_on_belt_n": -20, "power_w": 150}),
}


def packet(flags: int, speed: int | None, *bits: int) -> bytes:
    body = struct.pack("<H", flags)
    if speed is not None:
        body += struct.pack("<H", speed)
    for bit in sorted(bits):
        body += FIELDS[bit][0]
    return body


def test_the_recipe_example_decodes_speed_distance_incline_and_time() -> None:
    data = decode_treadmill_data(bytes.fromhex("0c040d02d2040019 00ff7f5802".replace(" ", "")))
    assert data.speed_kmh == 5.25
    assert data.distance_m == 1234
    assert data.incline_percent == 2.5
    assert data.ramp_angle_deg is None
    assert data.elapsed_s == 600
    assert not data.more_data


@pytest.mark.parametrize("more_data", [False, True])
@pytest.mark.parametrize("size", range(0, 4))
def test_every_combination_of_speed_distance_incline_and_time(more_data: bool, size: int) -> None:
    # The fields Stride uses (distance, incline, elapsed) in every combination, with and
    # without speed (the More Data bit is inverted: 0 means speed is present).
    for bits in itertools.combinations((0x0004, 0x0008, 0x0400), size):
        flags = (0x0001 if more_data else 0) | sum(bits)
        data = decode_treadmill_data(packet(flags, None if more_data else 312, *bits))
        assert data.more_data is more_data
        assert data.speed_kmh == (None if more_data else 3.12)
        assert (data.distance_m is not None) is (0x0004 in bits)
        assert (data.incline_percent is not None) is (0x0008 in bits)
        assert (data.elapsed_s is not None) is (0x0400 in bits)


@pytest.mark.parametrize("bit", sorted(FIELDS))
def test_each_optional_field_alone_and_with_all_others(bit: int) -> None:
    alone = decode_treadmill_data(packet(bit, 500, bit))
    for name, value in FIELDS[bit][1].items():
        assert getattr(alone, name) == value
    assert alone.speed_kmh == 5.0
    every = decode_treadmill_data(packet(sum(FIELDS), 500, *FIELDS))
    for name, value in FIELDS[bit][1].items():
        assert getattr(every, name) == value


def test_distance_is_24_bit_up_to_its_top() -> None:
    assert decode_treadmill_data(packet(0x0004, 0, 0x0004)).distance_m == 123_456
    top = struct.pack("<HH", 0x0004, 0) + b"\xff\xff\xff"
    assert decode_treadmill_data(top).distance_m == 16_777_215


def test_negative_and_unknown_incline() -> None:
    down = struct.pack("<HHhh", 0x0008, 400, -30, -17)
    data = decode_treadmill_data(down)
    assert data.incline_percent == -3.0
    assert data.ramp_angle_deg == -1.7
    unknown = decode_treadmill_data(struct.pack("<HHhh", 0x0008, 400, 0x7FFF, 0x7FFF))
    assert unknown.incline_percent is None


@pytest.mark.parametrize("raw", [b"", b"\x00", b"\x00\x00\x01", packet(0x0004, 10, 0x0004)[:-1],
                                 packet(0x0400, 10, 0x0400) + b"\x00"])
def test_malformed_packets_are_refused_with_a_reason(raw: bytes) -> None:
    with pytest.raises(FtmsError, match="packet"):
        decode_treadmill_data(raw)


def test_a_packet_that_omits_a_field_keeps_the_previous_value() -> None:
    state = TreadmillState()
    state = state.with_data(decode_treadmill_data(packet(0x040C, 520, 0x0004, 0x0008, 0x0400)))
    assert state.data.distance_m == 123_456
    # The next packet carries only speed: distance, incline and time are as before.
    state = state.with_data(decode_treadmill_data(packet(0x0000, 540)))
    assert state.data.speed_kmh == 5.4
    assert state.data.distance_m == 123_456
    assert state.data.incline_percent == -1.5
    assert state.data.elapsed_s == 1800
    # A More Data packet (no speed) keeps the speed.
    state = state.with_data(decode_treadmill_data(packet(0x0001 | 0x0400, None, 0x0400)))
    assert state.data.speed_kmh == 5.4


@pytest.mark.parametrize(
    ("raw", "code", "belt"),
    [
        (b"\x01", StatusCode.RESET, BeltState.STOPPED),
        (b"\x02\x01", StatusCode.STOPPED_OR_PAUSED, BeltState.STOPPED),
        (b"\x02\x02", StatusCode.STOPPED_OR_PAUSED, BeltState.PAUSED),
        (b"\x02", StatusCode.STOPPED_OR_PAUSED, BeltState.STOPPED),
        (b"\x03", StatusCode.STOPPED_BY_SAFETY_KEY, BeltState.STOPPED),
        (b"\x04", StatusCode.STARTED_OR_RESUMED, BeltState.RUNNING),
        (b"\x05\x2c\x01", StatusCode.TARGET_SPEED_CHANGED, None),
        (b"\x06\xf6\xff", StatusCode.TARGET_INCLINE_CHANGED, None),
        (b"\xff", StatusCode.CONTROL_PERMISSION_LOST, None),
        (b"\x0d\x00\x00\x00", StatusCode.TARGET_DISTANCE_CHANGED, None),
    ],
)
def test_machine_status_codes(raw: bytes, code: StatusCode, belt: BeltState | None) -> None:
    status = decode_machine_status(raw)
    assert status.code is code
    assert status.belt is belt
    if code is StatusCode.TARGET_SPEED_CHANGED:
        assert status.target_speed_kmh == 3.0
    if code is StatusCode.TARGET_INCLINE_CHANGED:
        assert status.target_incline_percent == -1.0


def test_unknown_status_codes_are_ignored_and_empty_ones_refused() -> None:
    assert decode_machine_status(b"\x80\x01").code is None
    with pytest.raises(FtmsError):
        decode_machine_status(b"")
    with pytest.raises(FtmsError):
        decode_machine_status(b"\x05\x01")


def test_belt_running_follows_status_then_speed() -> None:
    state = TreadmillState()
    assert not state.belt_running
    state = state.with_data(TreadmillData(speed_kmh=4.0))
    assert state.belt_running
    paused = state.with_status(decode_machine_status(b"\x02\x02"))
    assert not paused.belt_running
    assert paused.with_status(decode_machine_status(b"\x04")).belt_running
    assert not state.with_data(TreadmillData(speed_kmh=0.0)).belt_running
    # A status that says nothing of the belt changes nothing.
    assert paused.with_status(decode_machine_status(b"\x05\x2c\x01")) == paused
