"""Finding and loading libreentry_c, and the ctypes declarations of its C ABI.

Everything here mirrors capi/reentry.h; nothing else in the package touches
ctypes prototypes. The library is searched, in order:

1. the ``library`` argument of :class:`reentry.Engine` (a path);
2. the ``REENTRY_LIBRARY`` environment variable (a path);
3. next to this package (a wheel or ``pip install`` bundles it there);
4. the build tree of a source checkout (``<checkout>/build/libreentry_c.so``
   when this package is ``<checkout>/python/reentry``);
5. the system's library path (``ctypes.util.find_library("reentry_c")``,
   e.g. after ``cmake --install`` to /usr/local).
"""

import ctypes
import ctypes.util
import os
import sys
import threading
from pathlib import Path
from typing import Dict, List, Optional

# The ABI this package is written against (REENTRY_ABI_VERSION in reentry.h).
ABI_VERSION = 1

if sys.platform == "win32":
    _NAMES = ["reentry_c.dll"]
elif sys.platform == "darwin":
    _NAMES = ["libreentry_c.dylib", "libreentry_c.1.dylib"]
else:
    _NAMES = ["libreentry_c.so", "libreentry_c.so.1"]

_PACKAGE_DIR = Path(__file__).resolve().parent


class reentry_engine_options(ctypes.Structure):
    """struct reentry_engine_options (may grow: begins with its size)."""

    _fields_ = [("size", ctypes.c_size_t), ("skip_builtin_definitions", ctypes.c_int)]


class reentry_column(ctypes.Structure):
    """struct reentry_column: one input column of a batch."""

    _fields_ = [("item_id", ctypes.c_char_p), ("type", ctypes.c_int), ("data", ctypes.c_void_p)]


class reentry_scale_output(ctypes.Structure):
    """struct reentry_scale_output: where one scale's results go."""

    _fields_ = [
        ("scale_id", ctypes.c_char_p),
        ("raw_score", ctypes.c_void_p),
        ("scaled_score", ctypes.c_void_p),
        ("flag", ctypes.c_void_p),
        ("level", ctypes.c_void_p),
    ]


class reentry_batch_options(ctypes.Structure):
    """struct reentry_batch_options (may grow: begins with its size)."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("instrument_version", ctypes.c_char_p),
        ("norm_group", ctypes.c_char_p),
        ("threads", ctypes.c_int),
        ("column_size", ctypes.c_size_t),
        ("output_size", ctypes.c_size_t),
    ]


class reentry_validate_options(ctypes.Structure):
    """struct reentry_validate_options (may grow: begins with its size)."""

    _fields_ = [
        ("size", ctypes.c_size_t),
        ("group_names", ctypes.POINTER(ctypes.c_char_p)),
        ("n_groups", ctypes.c_size_t),
        ("level_names", ctypes.POINTER(ctypes.c_char_p)),
        ("level_mins", ctypes.POINTER(ctypes.c_double)),
        ("n_levels", ctypes.c_size_t),
        ("max_roc_points", ctypes.c_int),
        ("max_calibration_scores", ctypes.c_int),
        ("json", ctypes.c_int),
    ]


# Column types (REENTRY_COLUMN_*) and "not answered" in an int32 column.
COLUMN_BOOL8 = 1
COLUMN_INT32 = 2
COLUMN_FLOAT64 = 3
NOT_ANSWERED_INT32 = -(2**31)
THREADS_ALL = -1


def candidates(explicit: Optional[str] = None) -> List[Path]:
    """The paths tried for the library, in order (see the module docstring)."""
    paths: List[Path] = []
    if explicit:
        return [Path(explicit)]
    from_env = os.environ.get("REENTRY_LIBRARY")
    if from_env:
        return [Path(from_env)]
    paths += [_PACKAGE_DIR / name for name in _NAMES]
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "capi" / "reentry.h").is_file():
        for build in sorted(checkout.glob("build*")):
            paths += [build / name for name in _NAMES]
    return paths


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    c_size_p = ctypes.POINTER(ctypes.c_size_t)
    c_void_pp = ctypes.POINTER(ctypes.c_void_p)
    signatures = {
        "reentry_version": (ctypes.c_char_p, []),
        "reentry_version_number": (ctypes.c_uint, []),
        "reentry_abi_version": (ctypes.c_int, []),
        "reentry_error_code": (ctypes.c_int, [ctypes.c_void_p]),
        "reentry_error_message": (ctypes.c_char_p, [ctypes.c_void_p]),
        "reentry_error_field": (ctypes.c_char_p, [ctypes.c_void_p]),
        "reentry_error_free": (None, [ctypes.c_void_p]),
        "reentry_engine_create_with": (
            ctypes.c_int,
            [ctypes.POINTER(reentry_engine_options), c_void_pp, c_void_pp],
        ),
        "reentry_engine_destroy": (None, [ctypes.c_void_p]),
        "reentry_call_json": (
            ctypes.c_int,
            [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t, c_void_pp,
             c_size_p],
        ),
        "reentry_method_name": (ctypes.c_char_p, [ctypes.c_size_t]),
        "reentry_score_batch": (
            ctypes.c_int,
            [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(reentry_batch_options),
             ctypes.POINTER(reentry_column), ctypes.c_size_t, ctypes.c_size_t,
             ctypes.POINTER(reentry_scale_output), ctypes.c_size_t, c_void_pp],
        ),
        "reentry_validate_columns": (
            ctypes.c_int,
            [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_double,
             ctypes.POINTER(reentry_validate_options), c_void_pp, c_size_p, c_void_pp],
        ),
        "reentry_free": (None, [ctypes.c_void_p]),
        "reentry_last_error": (ctypes.c_char_p, []),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


_loaded: Dict[str, ctypes.CDLL] = {}
_lock = threading.Lock()


def load(explicit: Optional[str] = None) -> ctypes.CDLL:
    """Loads libreentry_c (once per path) and declares its functions.

    Raises OSError naming every place searched when it is not found, and
    when the library's ABI version is not the one this package speaks.
    """
    tried = candidates(explicit)
    path = next((p for p in tried if p.is_file()), None)
    if path is None and not explicit and not os.environ.get("REENTRY_LIBRARY"):
        found = ctypes.util.find_library("reentry_c")
        if found:
            path = Path(found)
    if path is None:
        searched = ", ".join(str(p) for p in tried) or "(nothing)"
        raise OSError(
            "libreentry_c not found; searched " + searched + " and the system library path. "
            "Build it (cmake --build build --target reentry_c) or set REENTRY_LIBRARY to its path."
        )
    key = str(path)
    with _lock:
        lib = _loaded.get(key)
        if lib is None:
            # CDLL releases the GIL during every call: threads score in parallel.
            lib = _declare(ctypes.CDLL(key))
            abi = lib.reentry_abi_version()
            if abi != ABI_VERSION:
                raise OSError(
                    f"{key} has ABI version {abi}; this package speaks ABI version {ABI_VERSION}"
                )
            _loaded[key] = lib
        return lib
