"""Desktop notifications: desktop-notifier onto a private D-Bus session bus with a real (test)
server."""

from __future__ import annotations

import pytest

from stride_tui.alerts import Alerts, AlertSettings, DesktopNotifications, NotifyError
from stride_tui.alerts.catalogue import PHASES, WALK_CUES
from stride_tui.alerts.diagnosis import Diagnosis
from stride_tui.alerts.notify import GIVE_UP_AFTER
from stride_tui.core.records import SoundMode
from tests.alerts.alerts_harness import UncheckedNotifier
from tests.alerts.conftest import NotificationServer
from tests.conftest import need_commands

SILENT = AlertSettings(sound=SoundMode.OFF)


def notification_status(alerts: Alerts) -> Diagnosis:
    row = next(row for row in alerts.status() if row.role == "notification")
    return Diagnosis(row.ok, row.reason, row.fix)


def test_every_cue_and_phase_arrives_with_its_words_and_an_expiry(
    server: NotificationServer,
) -> None:
    sent: list[str] = []
    alerts = Alerts(SILENT, on_notified=lambda kind, t: sent.append(kind))
    expected = []
    for kind in WALK_CUES + PHASES + ("move:bird-dog",):
        title, body = f"{kind.title()} — now", f"Body of {kind}: 0 to 10; 'quoted' & <b>"
        alerts.announce(kind, title, body)
        expected.append((title, body))
        assert alerts.wait_idle(10)
    alerts.close()
    calls = server.calls()
    assert [(c["summary"], c["body"]) for c in calls] == expected
    assert all(0 < c["expire_timeout"] <= 10_000 for c in calls)
    assert {c["app_name"] for c in calls} == {"Stride"}
    assert len(sent) == len(expected)


def test_notifications_go_through_desktop_notifier(server: NotificationServer) -> None:
    notifier = DesktopNotifications(expire_seconds=3)
    notifier.send("Halfway", "Keep it steady")
    assert type(notifier._notifier).__module__.startswith("desktop_notifier")
    assert [(c["summary"], c["expire_timeout"]) for c in server.calls()] == [("Halfway", 3000)]


def test_notify_false_sends_only_the_sound(server: NotificationServer) -> None:
    alerts = Alerts(SILENT)
    alerts.announce("shoulders", "Shoulders", "down", notify=False)
    assert alerts.wait_idle(5)
    alerts.close()
    assert server.calls() == []


def test_notifications_off_in_settings_send_nothing_until_turned_on(
    server: NotificationServer,
) -> None:
    alerts = Alerts(AlertSettings(sound=SoundMode.OFF, notifications=False))
    alerts.announce("stride", "Stride", "shorter steps")
    assert alerts.wait_idle(5)
    assert notification_status(alerts).reason == "off in settings"
    alerts.set_notifications(True)
    alerts.announce("hands", "Hands", "loose")
    assert alerts.wait_idle(5)
    alerts.close()
    assert [c["summary"] for c in server.calls()] == ["Hands"]


def test_no_session_bus_degrades_silently_and_says_why(
    capfd: pytest.CaptureFixture[str],
) -> None:
    alerts = Alerts(SILENT)
    alerts.announce("halfway", "Halfway", "steady")
    assert alerts.wait_idle(5)
    found = notification_status(alerts)
    alerts.close()
    assert not found.ok
    assert "no D-Bus session bus" in found.reason and "DBUS_SESSION_BUS_ADDRESS" in found.reason
    assert capfd.readouterr() == ("", "")


def test_a_bus_without_a_notification_server_is_reported(bus: str) -> None:
    need_commands("dbus-send")
    alerts = Alerts(SILENT)
    alerts.announce("halfway", "Halfway", "steady")
    assert alerts.wait_idle(5)
    found = notification_status(alerts)
    alerts.close()
    assert not found.ok
    assert "no notification server" in found.reason
    assert "org.freedesktop.Notifications" in found.reason
    assert found.fix


def test_an_unreachable_bus_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    need_commands("dbus-send")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/stride-bus")
    found = DesktopNotifications().diagnose()
    assert not found.ok
    assert "unreachable" in found.reason


def test_send_errors_never_reach_the_terminal(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(NotifyError) as failure:
        UncheckedNotifier().send("Halfway", "steady")
    assert str(failure.value)  # the complaint, kept for status()
    assert capfd.readouterr() == ("", "")


def test_a_server_that_goes_away_is_given_up_on_after_a_few_tries(
    server: NotificationServer, capfd: pytest.CaptureFixture[str]
) -> None:
    alerts = Alerts(SILENT)
    alerts.announce("shoulders", "Shoulders", "down")
    assert alerts.wait_idle(5)
    server.process.terminate()
    server.process.wait(5)
    for _ in range(GIVE_UP_AFTER + 2):
        alerts.announce("stride", "Stride", "shorter")
        assert alerts.wait_idle(5)
    found = notification_status(alerts)
    alerts.close()
    assert [c["summary"] for c in server.calls()] == ["Shoulders"]
    assert not found.ok and found.reason.startswith(f"stopped after {GIVE_UP_AFTER} failures")
    assert capfd.readouterr() == ("", "")
