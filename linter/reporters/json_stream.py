"""Write a JSON document to a stream: indented, in large pieces, without holding the whole text."""

from __future__ import annotations

import json
from typing import Any, TextIO

PIECE = 1 << 16  # characters per write


def write_json(document: Any, stream: TextIO) -> None:
    """Indented JSON plus a newline. json.dump would write every token separately (millions of
    writes for a large fleet) and json.dumps would hold the whole text and its pieces in memory."""
    pending: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(document):
        pending.append(chunk)
        size += len(chunk)
        if size >= PIECE:
            stream.write("".join(pending))
            pending, size = [], 0
    pending.append("\n")
    stream.write("".join(pending))
