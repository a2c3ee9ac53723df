"""A desktop notification server for tests: owns org.freedesktop.Notifications on the session
bus named by DBUS_SESSION_BUS_ADDRESS and appends each Notify call to a JSONL file.

    python notify_server.py RECORD.jsonl     # prints READY once it owns the name
"""

# No `from __future__ import annotations`: dbus-fast reads the signatures from real annotations.
import asyncio
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

from dbus_fast import BusType, NameFlag, RequestNameReply, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature, DBusStr, DBusUInt32
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notifications(ServiceInterface):
    def __init__(self, record: Path) -> None:
        super().__init__(NAME)
        self._record = record
        self._ids = itertools.count(1)

    @dbus_method()
    def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: Annotated[list[str], DBusSignature("as")],
        hints: Annotated[dict[str, Variant], DBusSignature("a{sv}")],
        expire_timeout: Annotated[int, DBusSignature("i")],
    ) -> DBusUInt32:
        received = time.monotonic()
        entry: dict[str, Any] = {
            "t": received,
            "app_name": app_name,
            "replaces_id": replaces_id,
            "app_icon": app_icon,
            "summary": summary,
            "body": body,
            "actions": actions,
            "hints": sorted(hints),
            "expire_timeout": expire_timeout,
        }
        with self._record.open("a") as out:
            out.write(json.dumps(entry) + "\n")
        return next(self._ids)

    @dbus_method()
    def GetCapabilities(self) -> Annotated[list[str], DBusSignature("as")]:
        return ["body"]

    @dbus_method()
    def GetServerInformation(
        self,
    ) -> Annotated[tuple[str, str, str, str], DBusSignature("ssss")]:
        return ("stride-test", "stride", "1.0", "1.2")

    @dbus_method()
    def CloseNotification(self, id: DBusUInt32) -> None:
        self.NotificationClosed(id, 3)

    @dbus_signal()
    def NotificationClosed(
        self,
        id: DBusUInt32,
        reason: DBusUInt32,
    ) -> Annotated[tuple[int, int], DBusSignature("uu")]:
        return (id, reason)

    @dbus_signal()
    def ActionInvoked(
        self,
        id: DBusUInt32,
        action_key: DBusStr,
    ) -> Annotated[tuple[int, str], DBusSignature("us")]:
        return (id, action_key)


async def serve(record: Path) -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    bus.export(PATH, Notifications(record))
    reply = await bus.request_name(NAME, NameFlag.DO_NOT_QUEUE)
    if reply is not RequestNameReply.PRIMARY_OWNER:
        print(f"could not own {NAME}: {reply}", flush=True)
        sys.exit(1)
    print("READY", flush=True)
    await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1])))
