"""Scanning for an FTMS treadmill and reading it, through ``bleak`` (the ``treadmill`` extra).

Only public bleak API: ``BleakScanner.discover``, ``BleakClient`` (connect, ``start_notify``,
disconnect). Stride subscribes to Treadmill Data and Fitness Machine Status and never writes
to the treadmill. Every failure becomes a ``LinkError`` whose words say what is wrong and what
to do; bleak's and dbus-fast's own log lines are kept off the terminal (they would garble the
app's screen).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from stride_tui.core.ftms import (
    FTMS_SERVICE,
    MACHINE_STATUS,
    TREADMILL_DATA,
    FtmsError,
    TreadmillState,
    decode_machine_status,
    decode_treadmill_data,
)

if TYPE_CHECKING:
    from bleak import BleakClient

SCAN_SECONDS = 8.0
CONNECT_SECONDS = 10.0
# Beyond a scan's own time: how long a Bluetooth stack that does not answer is waited for.
SLACK_SECONDS = 5.0
INSTALL_HINT = "pip install 'stride-tui[treadmill]'"


class Trouble(StrEnum):
    """What kind of failure a ``LinkError`` is (tests and ``stride doctor`` tell them apart)."""

    NO_BLEAK = "no-bleak"
    NO_BUS = "no-bus"
    NO_BLUEZ = "no-bluez"
    NO_ADAPTER = "no-adapter"
    ADAPTER_OFF = "adapter-off"
    DENIED = "denied"
    NOT_FOUND = "not-found"
    TIMEOUT = "timeout"
    NOT_FTMS = "not-ftms"
    LOST = "lost"
    FAILED = "failed"


#: The troubles that mean "this machine has no Bluetooth to speak of": `stride doctor` says
#: "not available" quietly for them.
NO_BLUETOOTH = frozenset({Trouble.NO_BLEAK, Trouble.NO_BUS, Trouble.NO_BLUEZ,
                          Trouble.NO_ADAPTER})


class LinkError(Exception):
    """The treadmill cannot be reached; ``str()`` says why, ``fix`` what to do."""

    def __init__(self, trouble: Trouble, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.trouble = trouble
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} {self.fix}".strip()


@dataclass(frozen=True)
class Found:
    """A treadmill found by a scan."""

    name: str
    address: str
    rssi: int | None


def quiet_logs() -> None:
    """Keep bleak's and dbus-fast's log lines off the terminal (Python would print warnings
    to stderr itself, over the app's screen)."""
    for name in ("bleak", "dbus_fast"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def _bleak() -> Any:
    try:
        import bleak
    except ImportError:
        raise LinkError(
            Trouble.NO_BLEAK, "Bluetooth support is not installed.",
            f"Install it with: {INSTALL_HINT}",
        ) from None
    quiet_logs()
    return bleak


def explain(exc: BaseException, address: str | None = None) -> LinkError:
    """A failure of bleak (or of the system bus under it), in words a person can act on."""
    if isinstance(exc, LinkError):
        return exc
    from bleak.exc import (
        BleakBluetoothNotAvailableError,
        BleakBluetoothNotAvailableReason,
        BleakDBusError,
        BleakDeviceNotFoundError,
    )

    which = f"The treadmill {address}" if address else "The treadmill"
    if isinstance(exc, FileNotFoundError | ConnectionRefusedError):
        return LinkError(
            Trouble.NO_BUS, "There is no system D-Bus here, so no Bluetooth.",
            "Bluetooth needs the system bus and bluetoothd (on Debian: "
            "apt install dbus bluez, then systemctl start bluetooth).",
        )
    if isinstance(exc, BleakDBusError):
        if exc.dbus_error in ("org.freedesktop.DBus.Error.ServiceUnknown",
                              "org.freedesktop.DBus.Error.NameHasNoOwner"):
            return LinkError(
                Trouble.NO_BLUEZ, "The Bluetooth service (bluetoothd) is not running.",
                "Start it with: sudo systemctl start bluetooth",
            )
        return LinkError(Trouble.FAILED, f"Bluetooth refused: {exc.dbus_error}.",
                         "Try again, or turn the treadmill off and on.")
    if isinstance(exc, BleakBluetoothNotAvailableError):
        reason = exc.reason
        if reason is BleakBluetoothNotAvailableReason.POWERED_OFF:
            return LinkError(Trouble.ADAPTER_OFF, "Bluetooth is turned off.",
                             "Turn it on: bluetoothctl power on")
        if reason in (BleakBluetoothNotAvailableReason.DENIED_BY_SYSTEM,
                      BleakBluetoothNotAvailableReason.DENIED_BY_USER,
                      BleakBluetoothNotAvailableReason.DENIED_BY_UNKNOWN):
            return LinkError(Trouble.DENIED, "This user may not use Bluetooth.",
                             "Ask for access to Bluetooth (on Debian: the bluetooth group).")
        return LinkError(Trouble.NO_ADAPTER, "No Bluetooth adapter was found.",
                         "Plug in a Bluetooth adapter, or use a computer that has one.")
    if isinstance(exc, BleakDeviceNotFoundError):
        return LinkError(
            Trouble.NOT_FOUND, f"{which} was not found nearby.",
            "Is it on, in range, and not connected to another app or phone?",
        )
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return LinkError(
            Trouble.TIMEOUT, f"{which if address else 'Bluetooth'} did not answer in time.",
            "Is it on, in range, and not connected to another app?",
        )
    text = str(exc).strip() or type(exc).__name__
    return LinkError(Trouble.FAILED, f"Bluetooth failed: {text}.", "Try again.")


async def scan(seconds: float = SCAN_SECONDS) -> list[Found]:
    """The FTMS treadmills advertising nearby, strongest signal first. Raises ``LinkError``."""
    bleak = _bleak()
    try:
        async with asyncio.timeout(seconds + SLACK_SECONDS):  # a bus that never answers
            found = await bleak.BleakScanner.discover(
                timeout=seconds, service_uuids=[FTMS_SERVICE], return_adv=True
            )
    except Exception as exc:
        raise explain(exc) from exc
    machines = [
        Found(device.name or adv.local_name or "(no name)", device.address.upper(), adv.rssi)
        for device, adv in found.values()
    ]
    return sorted(machines, key=lambda f: -(f.rssi if f.rssi is not None else -999))


async def find(address: str, seconds: float = SCAN_SECONDS) -> bool:
    """Whether the treadmill at ``address`` is advertising nearby (stops looking as soon as it
    is seen). Raises ``LinkError``."""
    bleak = _bleak()
    try:
        async with asyncio.timeout(seconds + SLACK_SECONDS):
            device = await bleak.BleakScanner.find_device_by_address(address, timeout=seconds)
    except Exception as exc:
        raise explain(exc, address) from exc
    return device is not None


class Connection:
    """An open, read-only link to one treadmill: ``on_state`` hears every change of what is
    known (on the event loop that opened it); ``on_lost`` once when the link drops."""

    def __init__(self, address: str, on_state: Callable[[TreadmillState], None],
                 on_lost: Callable[[], None]) -> None:
        self.address = address
        self.state = TreadmillState()
        self._on_state = on_state
        self._on_lost = on_lost
        self._client: BleakClient | None = None
        self._closing = False
        self.bad_packets = 0

    async def open(self, seconds: float = CONNECT_SECONDS) -> None:
        """Connect and subscribe, within ``seconds``. Raises ``LinkError``."""
        bleak = _bleak()
        # bleak's own timeout (finding the device, then connecting) comes first, so that its
        # more telling error (not found) is the one said; ours bounds the whole.
        client = bleak.BleakClient(self.address, disconnected_callback=self._dropped,
                                   timeout=seconds * 0.75)
        self._client = client
        try:
            async with asyncio.timeout(seconds):
                await client.connect()
                if client.services.get_characteristic(TREADMILL_DATA) is None:
                    raise LinkError(
                        Trouble.NOT_FTMS,
                        f"{self.address} is not a treadmill Stride can read (no FTMS "
                        "treadmill data).", "Check the address with `stride treadmill scan`.",
                    )
                await client.start_notify(TREADMILL_DATA, self._data)
                if client.services.get_characteristic(MACHINE_STATUS) is not None:
                    await client.start_notify(MACHINE_STATUS, self._status)
        except BaseException as exc:
            self._closing = True
            with contextlib.suppress(Exception):
                await client.disconnect()
            if isinstance(exc, Exception):
                raise explain(exc, self.address) from exc
            raise

    async def close(self) -> None:
        self._closing = True
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.disconnect()

    def _dropped(self, _client: Any) -> None:
        if not self._closing:
            self._closing = True
            self._on_lost()

    def _data(self, _char: Any, raw: bytearray) -> None:
        try:
            packet = decode_treadmill_data(bytes(raw))
        except FtmsError:
            self.bad_packets += 1  # one garbled packet; the next one will do
            return
        self.state = self.state.with_data(packet)
        self._on_state(self.state)

    def _status(self, _char: Any, raw: bytearray) -> None:
        try:
            status = decode_machine_status(bytes(raw))
        except FtmsError:
            self.bad_packets += 1
            return
        if status.belt is None:
            return
        self.state = self.state.with_status(status)
        self._on_state(self.state)
