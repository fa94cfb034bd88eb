"""Write a JSON document to a stream: indented, in large pieces, without holding the whole text."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

PIECE = 1 << 16  # characters per write
# A lone surrogate (from a JSON "\ud800" escape or an undecodable file name) cannot be written as
# UTF-8; it is shown as the text ``\ud800``, as the other reporters show it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate(match: re.Match[str]) -> str:
    return f"\\\\u{ord(match.group()):04x}"


def write_json(document: Any, stream: TextIO) -> None:
    """Indented JSON plus a newline. json.dump would write every token separately (millions of
    writes for a large fleet) and json.dumps would hold the whole text and its pieces in memory."""
    pending: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(document):
        if _SURROGATE.search(chunk):
            chunk = _SURROGATE.sub(_surrogate, chunk)
        pending.append(chunk)
        size += len(chunk)
        if size >= PIECE:
            stream.write("".join(pending))
            pending, size = [], 0
    pending.append("\n")
    stream.write("".join(pending))
