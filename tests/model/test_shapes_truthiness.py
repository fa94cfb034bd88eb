"""Flags are PHP truthiness: Magento casts them with (bool), so only null, '', '0', 0 and false are off."""

from __future__ import annotations

import pytest

from linter.model.values import config_string, is_enabled


@pytest.mark.parametrize("raw", ["", "0", 0, False, None, 0.0])
def test_the_values_php_casts_to_false_are_off(raw: object) -> None:
    assert is_enabled(config_string(raw)) is False


@pytest.mark.parametrize(
    "raw",
    ["1", 1, True, "true", "false", "no", "No", "off", "OFF", " 0", "0 ", "0.0", "00", " ", "-0", 2, -1, 0.5],
)
def test_everything_else_is_on_as_php_reads_it(raw: object) -> None:
    # '' and '0' are PHP's only false strings: "false", "no", "off", " 0" and "0.0" all enable a flag.
    assert is_enabled(config_string(raw)) is True
