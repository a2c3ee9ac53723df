"""The treadmill link: a Bluetooth FTMS treadmill, read (never written) through ``bleak``.

``bluetooth.py`` scans and connects, and turns every failure into words a person can act on;
``feed.py`` keeps the link up in the background for a running session and hands its readings
to the session driver. Decoding the packets is pure and lives in ``core/ftms.py``; what the
readings mean for the walk lives in ``core/belt.py``.

``bleak`` is the optional ``treadmill`` extra: without it, everything here says so instead.
"""
