# SPDX-License-Identifier: MIT
"""annals._lib -- loads the shared libannals and declares its embedding API (ctypes).

The C side is include/annals/embed.h. Every string the library hands out is
malloc'd and released here with annals_embed_free, right after it is copied
into Python; a negative return code comes with the library's message, raised as
AnnalsError (or a subclass) carrying the code.

Where the library is looked for, first found wins: $ANNALS_LIB (a path to
libannals.so), the build/ folder of the checkout this package sits in
(python/annals -> ../../build), then the system's library path (libannals.so.1,
as `cmake --install` puts it).
"""
import ctypes
import os

EMBED_VERSION = 1
NO_PARSE = 0x1     # annals_embed_open flags
RECORD = 0x1       # annals_embed_code_* flags

# annals/error.h
ENOTFOUND, EFORMAT, EVERSION, ENOMEM, EIO, ETOOBIG = -2, -3, -4, -5, -6, -7


class AnnalsError(Exception):
    """An error from the annals C library; .code is its ANNALS_E* code (annals/error.h)."""

    def __init__(self, message, code=-1):
        super().__init__(message)
        self.code = code


class DocumentError(AnnalsError, ValueError):
    """A document that cannot be coded: not JSON, no text, not UTF-8, nothing left after cleaning."""


def error_for(code, message):
    if code in (EFORMAT, ETOOBIG):
        return DocumentError(message, code)
    return AnnalsError(message, code)


_vp = ctypes.c_void_p
_pvp = ctypes.POINTER(ctypes.c_void_p)
_psz = ctypes.POINTER(ctypes.c_size_t)
_SIGNATURES = {
    "annals_embed_version": (ctypes.c_int, []),
    "annals_embed_free": (None, [_vp]),
    "annals_embed_open": (ctypes.c_int, [_pvp, ctypes.c_char_p, ctypes.c_uint, _pvp]),
    "annals_embed_close": (None, [_vp]),
    "annals_embed_code_jsonl": (ctypes.c_int, [_vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                               ctypes.c_size_t, ctypes.c_uint, _pvp, _psz, _pvp]),
    "annals_embed_code_file": (ctypes.c_int, [_vp, ctypes.c_char_p, ctypes.c_uint, _pvp, _psz, _pvp]),
    "annals_embed_store_open": (ctypes.c_int, [_pvp, ctypes.c_char_p, _pvp]),
    "annals_embed_store_put": (ctypes.c_int, [_vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                              ctypes.c_size_t, _pvp]),
    "annals_embed_store_commit": (ctypes.c_int, [_vp, _pvp]),
    "annals_embed_store_close": (None, [_vp]),
}


def _candidates():
    env = os.environ.get("ANNALS_LIB")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    return [os.path.join(here, "..", "..", "build", "libannals.so"), "libannals.so.1"]


def _load():
    tried = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path}: {e}")
            continue
        for name, (res, args) in _SIGNATURES.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = res, args
        if lib.annals_embed_version() != EMBED_VERSION:
            raise ImportError(f"{path}: embedding API version {lib.annals_embed_version()}, "
                              f"this package speaks version {EMBED_VERSION}")
        return lib
    raise ImportError("cannot load libannals (build it with cmake, or set ANNALS_LIB=/path/to/libannals.so): "
                      + "; ".join(tried))


lib = _load()


def take_string(ptr, length=None):
    """The bytes of a string the library handed out, which is then freed."""
    if not ptr:
        return b""
    try:
        return ctypes.string_at(ptr, length) if length is not None else ctypes.string_at(ptr)
    finally:
        lib.annals_embed_free(ptr)


def check(rc, err):
    """Raises the library's error when rc < 0 (err: the c_void_p message)."""
    if rc < 0:
        msg = take_string(err.value).decode("utf-8", "replace")
        raise error_for(rc, msg)
    if err.value:
        lib.annals_embed_free(err.value)


def path_bytes(path):
    return os.fsencode(path) if path is not None else None
