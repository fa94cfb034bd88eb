"""Make untrusted text safe to show: control, invisible and unencodable characters become escapes."""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape: show the byte
        return f"\\x{code - 0xDC00:02x}"
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every character Python does not count as printable shown as an escape; idempotent.

    That is C0, DEL and C1 controls (ESC starts terminal and OSC 8 hyperlink sequences, CR
    overwrites a line), lone surrogates (no encoding can write them; a non-UTF-8 byte of a file name
    shows as ``\\xff``), noncharacters XML 1.0 forbids, line separators, zero-width and bidirectional
    format characters that hide or reorder what is seen. Every reporter passes names, file names and
    values through this at its edge, so none can drive the reader's terminal or break the format.
    """
    if text.isprintable():
        return text
    if keep_newlines:
        return "\n".join(visible(line) for line in text.split("\n"))
    return "".join(char if char.isprintable() else _escape(char) for char in text)
