"""The one line index: every offset maps to the line and column an editor shows, in any order, in
linear time over a loader's questions."""

from __future__ import annotations

import random
import time

import pytest

from linter.loaders.document import Position
from linter.loaders.lines import LineIndex, position_at


def _expected(text: str, offset: int, start: int = 0) -> Position:
    before = text[start:offset]
    line = before.count("\n") + 1
    line_start = start if line == 1 else start + before.rfind("\n") + 1
    return Position(line, offset - line_start + 1)


TEXTS = ["", "a", "\n", "\n\n\n", "ab\ncd\n", "x\r\ny\r\n", "one\n\ntwo\nthree", "é\n€\n😀x\n"]


@pytest.mark.parametrize("text", TEXTS)
def test_every_offset_in_order_and_backwards(text: str) -> None:
    offsets = list(range(len(text) + 1))
    index = LineIndex(text)
    assert [index.position(offset) for offset in offsets] == [_expected(text, o) for o in offsets]
    assert [index.position(offset) for offset in reversed(offsets)] == [
        _expected(text, o) for o in reversed(offsets)
    ]


def test_random_order_and_the_one_off_helper_agree_with_counting() -> None:
    chooser = random.Random(14)
    text = "".join(chooser.choice("ab \n") for _ in range(2_000))
    index = LineIndex(text)
    for _ in range(500):
        offset = chooser.randrange(len(text) + 1)
        assert index.position(offset) == _expected(text, offset) == position_at(text, offset)


def test_a_newline_belongs_to_the_line_it_ends() -> None:
    assert LineIndex("ab\ncd").position(2) == Position(1, 3)
    assert LineIndex("ab\ncd").position(3) == Position(2, 1)


def test_offset_is_the_inverse_of_position_and_a_line_past_the_end_is_the_last() -> None:
    text = "first\nsecond\n\nfourth"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        where = _expected(text, offset)
        assert index.offset(where.line, where.column) == offset
    assert index.offset(99, 1) == text.rindex("\n") + 1
    assert index.offset(1, 3) == 2  # after a question further on: it starts again from the top
    assert index.position(8) == Position(2, 3)  # and positions stay right after an offset question


def test_a_start_after_a_byte_order_mark_counts_from_there() -> None:
    text = "\ufeffA=1\nB=2"
    index = LineIndex(text, 1)
    assert index.position(1) == Position(1, 1)
    assert index.position(5) == Position(2, 1) == _expected(text, 5, 1)
    assert index.position(1) == Position(1, 1)  # rewinding keeps the start


def test_questions_in_order_cost_one_pass_not_a_rescan_each() -> None:
    # Line-by-line questions over a text 16 times longer must take about 16 times as long, not 256.
    def run(lines: int) -> float:
        text = "key: value\n" * lines
        offsets = range(0, len(text), 11)
        began = time.perf_counter()
        index = LineIndex(text)
        for offset in offsets:
            index.position(offset)
        return time.perf_counter() - began

    small, large = min(run(5_000) for _ in range(3)), min(run(80_000) for _ in range(3))
    assert large < small * 16 * 4, (small, large)
