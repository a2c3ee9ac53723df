"""A notification server that owns its name on the bus and never answers a call (a hung one)."""

from __future__ import annotations

import asyncio

from dbus_fast import BusType, Message, NameFlag, RequestNameReply
from dbus_fast.aio import MessageBus

NAME = "org.freedesktop.Notifications"


def swallow(message: Message) -> bool:
    # Claiming every call as handled means no reply, not even an error, is ever sent.
    return message.destination == NAME


async def serve() -> None:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    bus.add_message_handler(swallow)
    reply = await bus.request_name(NAME, NameFlag.DO_NOT_QUEUE)
    if reply is not RequestNameReply.PRIMARY_OWNER:
        raise SystemExit(f"could not own {NAME}: {reply}")
    print("READY", flush=True)
    await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    asyncio.run(serve())
