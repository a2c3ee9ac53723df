"""Keep libasound's error lines off the terminal.

With no sound device, libasound prints ``ALSA lib ...`` lines straight to file descriptor 2,
which garbles a Textual screen. ``snd_lib_error_set_handler`` swaps its printer for ours.
"""

from __future__ import annotations

import ctypes
import threading

# void (*)(const char *file, int line, const char *function, int err, const char *fmt, ...);
# the varargs are never read, so declaring only the fixed arguments is safe.
_ERROR_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)

_lock = threading.Lock()
# libasound keeps only the C pointer: this reference keeps the callback alive for the process.
_installed: object | None = None


def _ignore(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    return None


def silence_alsa_errors() -> bool:
    """Install a no-op ALSA error handler once per process; False when there is no libasound."""
    global _installed
    with _lock:
        if _installed is not None:
            return True
        try:
            # The soname simpleaudio links against, so it is the same library instance.
            lib = ctypes.CDLL("libasound.so.2")
        except OSError:
            return False
        handler = _ERROR_HANDLER(_ignore)
        lib.snd_lib_error_set_handler(handler)
        _installed = handler
        return True
