# ruff: noqa
# A copy of /work/shared/recipes/fake-bluez-ftms/fake_ftms_bluez.py (the team's recipe), with
# parameters for the failure modes: {"adapter": false}, {"powered": false}, {"device": false}.
# It runs under Debian's /usr/bin/python3 (python3-dbusmock), not in the project venv.
"""python-dbusmock template: a fake BlueZ with one FTMS treadmill (no radio, no kernel).

Reuses dbusmock's bluez5 template (ObjectManager "/", Adapter1 hci0, Device1) and adds
what real bluetoothd exports once a LE device is connected: GattService1 /
GattCharacteristic1 objects under the device path, ServicesResolved, and
notifications as PropertiesChanged(Value) on the characteristic.

Test hooks (org.bluez.Mock on "/"):
  FtmsNotify(s uuid16, ay value)   push a notification/indication (if subscribed)
  FtmsStream(d hz, d kmh)          send Treadmill Data hz times a second (speed kmh, the
                                   distance counting up as at that speed); hz 0 stops
  DisconnectDevice(s hci, s addr)  (from bluez5) simulate link loss
"""

import ctypes

import dbus
from dbusmock import mockobject
from dbusmock.templates import bluez5
from dbusmock.templates.bluez5 import *  # noqa: F401,F403  BUS_NAME, MAIN_OBJ, IS_OBJECT_MANAGER, methods

ADDR = "F7:00:00:00:18:26"
CHR_IFACE, SVC_IFACE = "org.bluez.GattCharacteristic1", "org.bluez.GattService1"
OM_IFACE = "org.freedesktop.DBus.ObjectManager"


def U(short):
    return f"0000{short}-0000-1000-8000-00805f9b34fb"


def ay(b):
    return dbus.Array([dbus.Byte(x) for x in b], signature="y")


ADV = {  # FTMS service data: flags=0x01 (available), machine type=0x0001 (treadmill)
    "UUIDs": dbus.Array([U("1826")], signature="s"),
    "ServiceData": dbus.Dictionary({U("1826"): ay(b"\x01\x01\x00")}, signature="sv"),
    "ManufacturerData": dbus.Dictionary({}, signature="qv"),
    "RSSI": dbus.Int16(-55),
}

# service uuid -> [(char uuid, flags, initial value)]
GATT = {
    "1826": [
        # features: distance|inclination|elapsed time ; target settings: speed|incline
        ("2acc", ["read"], (1 << 2 | 1 << 3 | 1 << 12).to_bytes(4, "little") + (0b11).to_bytes(4, "little")),
        ("2acd", ["notify"], b""),  # Treadmill Data
        ("2ada", ["notify"], b""),  # Fitness Machine Status
        ("2ad9", ["write", "indicate"], b""),  # Control Point
        ("2ad4", ["read"], bytes.fromhex("6400 4006 0a00")),  # speed range 1.00..16.00 step 0.10
        ("2ad5", ["read"], bytes.fromhex("0000 9600 0500")),  # incline range 0..15.0 step 0.5
    ],
    "180a": [("2a29", ["read"], b"FakeFit"), ("2a24", ["read"], b"FT-1")],
}


def _dev():
    return mockobject.objects["/org/bluez/hci0/dev_" + ADDR.replace(":", "_")]


def _chr(uuid16):
    for path, obj in mockobject.objects.items():
        if CHR_IFACE in obj.props and obj.props[CHR_IFACE]["UUID"] == U(uuid16):
            return obj
    raise dbus.exceptions.DBusException("no such characteristic " + uuid16, name="org.bluez.Error.Failed")


def _changed(obj, iface, props):
    """Set properties and emit PropertiesChanged (dbusmock's UpdateProperties chokes on dicts in 0.28)."""
    obj.props[iface].update(props)
    obj.EmitSignal(dbus.PROPERTIES_IFACE, "PropertiesChanged", "sa{sv}as", [iface, props, []])


def _notify(ch, value):
    ch.props[CHR_IFACE]["Value"] = ay(value)
    if ch.props[CHR_IFACE]["Notifying"]:  # BlueZ only forwards notifications after StartNotify
        _changed(ch, CHR_IFACE, {"Value": ay(value)})


def ReadValue(ch, options):
    return ch.props[CHR_IFACE]["Value"]


def StartNotify(ch):
    _changed(ch, CHR_IFACE, {"Notifying": dbus.Boolean(True)})


def StopNotify(ch):
    _changed(ch, CHR_IFACE, {"Notifying": dbus.Boolean(False)})


def WriteValue(ch, value, options):
    """Control Point: ack every op code with an indication, echo state changes on 2ADA."""
    value = bytes(value)
    op = value[0]
    ok = op in (0x00, 0x01, 0x02, 0x03, 0x07, 0x08)
    _notify(ch, bytes([0x80, op, 0x01 if ok else 0x02]))
    status = {0x01: b"\x01", 0x02: b"\x05" + value[1:3], 0x03: b"\x06" + value[1:3],
              0x07: b"\x04", 0x08: b"\x02" + value[1:2]}.get(op)
    if status:
        _notify(_chr("2ada"), status)


def _export_gatt(dev):
    om = mockobject.objects["/"]
    handle = 0x10
    for svc_uuid, chars in GATT.items():
        spath = f"{dev.path}/service{handle:04x}"
        if spath not in mockobject.objects:
            props = {"UUID": U(svc_uuid), "Device": dbus.ObjectPath(dev.path), "Primary": True,
                     "Includes": dbus.Array([], signature="o")}
            om.AddObject(spath, SVC_IFACE, props, [])
            om.EmitSignal(OM_IFACE, "InterfacesAdded", "oa{sa{sv}}", [dbus.ObjectPath(spath), {SVC_IFACE: props}])
        for char_uuid, flags, value in chars:
            handle += 1
            cpath = f"{spath}/char{handle:04x}"
            if cpath in mockobject.objects:
                continue
            props = {"UUID": U(char_uuid), "Service": dbus.ObjectPath(spath), "Value": ay(value),
                     "Notifying": dbus.Boolean(False), "Flags": dbus.Array(flags, signature="s"),
                     "MTU": dbus.UInt16(247)}
            om.AddObject(cpath, CHR_IFACE, props, [
                ("ReadValue", "a{sv}", "ay", ReadValue),
                ("WriteValue", "aya{sv}", "", WriteValue),
                ("StartNotify", "", "", StartNotify),
                ("StopNotify", "", "", StopNotify),
            ])
            om.EmitSignal(OM_IFACE, "InterfacesAdded", "oa{sa{sv}}", [dbus.ObjectPath(cpath), {CHR_IFACE: props}])
        handle += 0x10


def Connect(dev):
    _changed(dev, bluez5.DEVICE_IFACE, {"Connected": dbus.Boolean(True)})
    _export_gatt(dev)
    _changed(dev, bluez5.DEVICE_IFACE, {"ServicesResolved": dbus.Boolean(True)})


def Disconnect(dev):
    _changed(dev, bluez5.DEVICE_IFACE, {"ServicesResolved": dbus.Boolean(False),
                                       "Connected": dbus.Boolean(False)})


_glib = ctypes.CDLL("libglib-2.0.so.0")  # dbusmock runs a plain GLib loop; no PyGObject needed


@ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
def _advertise(_):
    """Every 200 ms while discovering, re-announce the treadmill (real devices advertise repeatedly)."""
    if not mockobject.objects["/org/bluez/hci0"].props[bluez5.ADAPTER_IFACE]["Discovering"]:
        return 0  # G_SOURCE_REMOVE
    _changed(_dev(), bluez5.DEVICE_IFACE, ADV)
    return 1


def StartDiscovery(adapter):
    bluez5.StartDiscovery(adapter)
    _glib.g_timeout_add(200, _advertise, None)


@dbus.service.method(bluez5.BLUEZ_MOCK_IFACE, in_signature="say", out_signature="")
def FtmsNotify(self, uuid16, value):
    _notify(_chr(uuid16), bytes(value))


_stream = {"hz": 0.0, "kmh": 0.0, "metres": 0.0, "generation": 0}


def _stream_tick(generation):
    if generation != _stream["generation"] or _stream["hz"] <= 0:
        return 0  # G_SOURCE_REMOVE: stopped, or a newer stream replaced this one
    _stream["metres"] += _stream["kmh"] / 3.6 / _stream["hz"]
    flags, speed = 0x0004, round(_stream["kmh"] * 100)  # speed, total distance (uint24)
    value = flags.to_bytes(2, "little") + speed.to_bytes(2, "little") + \
        int(_stream["metres"]).to_bytes(3, "little")
    _notify(_chr("2acd"), value)
    return 1


_STREAM_CALLBACKS = {}  # generation -> the C callback, kept alive while GLib may call it


@dbus.service.method(bluez5.BLUEZ_MOCK_IFACE, in_signature="dd", out_signature="")
def FtmsStream(self, hz, kmh):
    _stream["generation"] += 1
    _stream.update(hz=float(hz), kmh=float(kmh))
    if hz > 0:
        generation = _stream["generation"]
        callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(
            lambda _: _stream_tick(generation))
        _STREAM_CALLBACKS[generation] = callback
        _glib.g_timeout_add(max(1, round(1000 / hz)), callback, None)


def load(mock, parameters):
    parameters = parameters or {}
    bluez5.load(mock, parameters)
    if not parameters.get("service_data", True):  # some machines advertise only the 0x1826 UUID
        ADV["ServiceData"] = dbus.Dictionary({}, signature="sv")
    mockobject.objects["/"] = mock  # dbusmock sets this only after load(); bluez5 helpers need it
    if not parameters.get("adapter", True):
        return  # bluetoothd without an adapter
    bluez5.AddAdapter(mock, "hci0", "fake-host")
    adapter = mockobject.objects["/org/bluez/hci0"]
    # bleak 3.1 requires Adapter1.Roles to contain "central"; Debian's dbusmock 0.28 omits it
    adapter.props[bluez5.ADAPTER_IFACE].setdefault("Roles", dbus.Array(["central", "peripheral"], signature="s"))
    adapter.AddMethod(bluez5.ADAPTER_IFACE, "StartDiscovery", "", "", StartDiscovery)
    if not parameters.get("powered", True):
        adapter.props[bluez5.ADAPTER_IFACE]["Powered"] = dbus.Boolean(False, variant_level=1)
    if not parameters.get("device", True):
        return  # nothing advertising
    dev = mockobject.objects[bluez5.AddDevice(mock, "hci0", ADDR, "FakeTreadmill")]
    dev.props[bluez5.DEVICE_IFACE].update(ADV)
    dev.AddMethod(bluez5.DEVICE_IFACE, "Connect", "", "", Connect)
    dev.AddMethod(bluez5.DEVICE_IFACE, "Disconnect", "", "", Disconnect)
