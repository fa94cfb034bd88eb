"""Property-based fuzzing of every loader: any input yields data with positions or a LoadError."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.errors import LoadError
from linter.formats import LOADERS, loader_for
from linter.loaders.document import Document
from linter.loaders.reading import decode_text

# Text that looks like the formats, so the fuzzer reaches deep into the parsers, plus raw noise.
_PIECES = st.sampled_from(
    [
        "a",
        "b: ",
        ": ",
        "\n",
        "  ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        '"',
        "'",
        "\\",
        "&x ",
        "*x",
        "<<: ",
        "!tag ",
        "#",
        "<?php",
        "return ",
        "array(",
        ")",
        ";",
        "=>",
        "<<<EOT\n",
        "EOT",
        "'k' => 'v'",
        "getenv('X')",
        "$v",
        "/*",
        "*/",
        "1",
        "0x1F",
        "1.5e3",
        "null",
        "true",
        "CONFIG__DEFAULT__A__B__C=",
        "export ",
        "a/b/c - ",
        "-----BEGIN PRIVATE KEY-----",
        "\t",
        "\x00",
        "\u00e9",
        "\ufeff",
    ]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=60).map("".join))


def _check(document: Document) -> None:
    assert isinstance(document.data, dict)
    for duplicate in document.duplicates:
        assert duplicate.first.line >= 1 and duplicate.second.line >= 1
    document.position(("system", "default"))  # positions are computable


@pytest.mark.parametrize("fmt", sorted(LOADERS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_any_text_gives_a_document_or_a_load_error(fmt: str, text: str) -> None:
    started = time.monotonic()
    try:
        document = loader_for(fmt)(text, f"fuzz.{fmt}")
    except LoadError as error:
        assert error.file == f"fuzz.{fmt}"
        assert "\n" not in error.one_line()
    else:
        _check(document)
    assert time.monotonic() - started < 2.0


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_bytes_decode_or_give_a_load_error(raw: bytes) -> None:
    try:
        decode_text(raw, "fuzz.bin")
    except LoadError as error:
        assert error.file == "fuzz.bin"
