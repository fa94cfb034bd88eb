"""Read an input file as text, turning every OS and encoding problem into a LoadError."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from linter.errors import LoadError

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_BOM = "\ufeff"


def read_text(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES, exact: bool = False) -> str:
    """The file's text: UTF-8, BOM removed, CRLF folded (unless ``exact``), within the size limit."""
    try:
        # O_NONBLOCK: opening a FIFO or device must not hang the run; only regular files are read.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):
                raise LoadError("not a regular file (a FIFO, socket or device?)", display)
            if status.st_size > max_bytes:
                raise LoadError(
                    f"file is {status.st_size} bytes, over the {max_bytes}-byte limit (see --max-file-size)",
                    display,
                )
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise LoadError("is a directory, expected a file", display) from None
    except PermissionError:
        raise LoadError("permission denied", display) from None
    except FileNotFoundError:
        raise LoadError("no such file", display) from None
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}", display) from None
    if len(raw) > max_bytes:
        raise LoadError(f"file is over the {max_bytes}-byte limit (see --max-file-size)", display)
    return decode_text(raw, display, exact)


def decode_text(raw: bytes, display: str, exact: bool = False) -> str:
    """Decode UTF-8 bytes strictly, rejecting binary content with the line it is on.

    ``exact`` (PHP files): PHP strings are bytes and PHP keeps a CR inside a literal, so bytes that
    are not UTF-8 are kept as surrogate escapes (``str.encode("utf-8", "surrogateescape")`` gives
    them back), and line endings and a byte order mark are left as written.
    """
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise LoadError("binary file (contains a NUL byte)", display, raw.count(b"\n", 0, nul) + 1)
    if exact:
        text = raw.decode("utf-8", "surrogateescape")  # a BOM stays: PHP prints it, it is no code
        if not text.removeprefix(_BOM).strip():
            raise LoadError("file is empty", display, 1)
        return text
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line, column = raw.count(b"\n", 0, error.start) + 1, error.start - line_start + 1
        # Not the byte itself: it may be a character of a password saved in another encoding.
        message = "not valid UTF-8 (saved in another encoding, such as Latin-1?)"
        raise LoadError(message, display, line, column) from None
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError("file is empty", display, 1)
    return text
