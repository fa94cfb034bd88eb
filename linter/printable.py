"""Names and paths as they may be shown: one line, encodable, every odd character escaped."""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control, invisible and unencodable characters escaped (``\\n``, ``\\xff``).

    A byte that is not UTF-8 in a file name reaches Python as a lone surrogate (``\\udcff``); it is
    shown as the byte it was. Printable text, accented letters included, comes back unchanged.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by the file system encoding's surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
