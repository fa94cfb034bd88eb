"""Make untrusted text safe to show: control and look-alike characters become visible escapes."""

from __future__ import annotations

import re

# C0, DEL and C1 controls (ESC starts terminal and OSC 8 hyperlink sequences, CR overwrites a line,
# NEL breaks one), lone surrogates (no encoding can write them), the two noncharacters XML 1.0
# forbids, line/paragraph separators and the bidirectional overrides that reorder what is seen.
_OTHERS = "\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ALL = re.compile(f"[\x00-\x1f{_OTHERS}]")
_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every unsafe character shown as ``\\xNN``/``\\uNNNN``; idempotent.

    Every reporter passes names, file names and values through this at its edge, so a config value
    or a directory name can neither drive the reader's terminal nor break the report's format.
    """
    pattern = _BUT_NEWLINE if keep_newlines else _ALL
    return pattern.sub(_escape, text) if pattern.search(text) else text
