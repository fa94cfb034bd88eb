"""Tests for linter.loaders.config_show: parsing ``bin/magento config:show`` output."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.errors import LoadError
from linter.loaders.config_show import load_config_show
from linter.loaders.document import DuplicateKey, Position

KEYS = "services_connector/services_connector_integration"

OUTPUT = f"""\
magento_saas/environment - production
{KEYS}/production_api_key - fa4efa4e0000000000000000000000a1
{KEYS}/production_private_key - -----BEGIN PRIVATE KEY-----
RkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==
-----END PRIVATE KEY-----
{KEYS}/sandbox_api_key -
services_connector/services_id/project_name - Acme - Commerce
payment/payment_methods/method - sandbox
payment/payment_services/active - 1
commerce_data_export/feeds/products/batch_size - {""}
"""


def test_parses_paths_values_and_pem() -> None:
    doc = load_config_show(OUTPUT, "show.txt")
    assert doc.format == "config_show"
    assert doc.file == "show.txt"
    assert doc.duplicates == []
    assert doc.data == {
        "system": {
            "default": {
                "magento_saas": {"environment": "production"},
                "services_connector": {
                    "services_connector_integration": {
                        "production_api_key": "fa4efa4e0000000000000000000000a1",
                        "production_private_key": (
                            "-----BEGIN PRIVATE KEY-----\n"
                            "RkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\n"
                            "-----END PRIVATE KEY-----"
                        ),
                        "sandbox_api_key": "",
                    },
                    "services_id": {"project_name": "Acme - Commerce"},
                },
                "payment": {
                    "payment_methods": {"method": "sandbox"},
                    "payment_services": {"active": "1"},
                },
                "commerce_data_export": {"feeds": {"products": {"batch_size": ""}}},
            }
        }
    }


def test_positions_for_leaves_and_intermediates() -> None:
    doc = load_config_show(OUTPUT, "f")
    root = ("system", "default")
    assert doc.position((*root, "magento_saas", "environment")) == Position(1, 1)
    assert doc.position((*root, "services_connector")) == Position(2, 1)
    assert doc.position((*root, "services_connector", "services_connector_integration")) == Position(2, 1)
    assert doc.position((*root, *KEYS.split("/"), "production_private_key")) == Position(3, 1)
    assert doc.position((*root, *KEYS.split("/"), "sandbox_api_key")) == Position(6, 1)
    assert doc.position((*root, "services_connector", "services_id")) == Position(7, 1)
    assert doc.position((*root, "payment")) == Position(8, 1)
    assert doc.position((*root, "payment", "payment_services", "active")) == Position(9, 1)
    # a path that is not written falls back to its nearest written ancestor
    assert doc.position((*root, "payment", "payment_methods", "missing")) == Position(8, 1)


def test_blank_lines_inside_and_after_continuation() -> None:
    text = "a/b - first\n\nsecond\n\n\nthird\n\n\nc/d - x\n\n\n"
    doc = load_config_show(text, "f")
    assert doc.data["system"]["default"] == {"a": {"b": "first\n\nsecond\n\n\nthird"}, "c": {"d": "x"}}
    assert doc.position(("system", "default", "c", "d")) == Position(9, 1)


def test_crlf_and_trailing_whitespace() -> None:
    text = "a/b - -----BEGIN PRIVATE KEY-----\r\nQUJD\r\n-----END PRIVATE KEY-----\r\nc/d - v\r\n"
    doc = load_config_show(text, "f")
    assert (
        doc.data["system"]["default"]["a"]["b"]
        == "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----"
    )
    assert doc.data["system"]["default"]["c"]["d"] == "v"


def test_value_containing_separator_and_uppercase_segments() -> None:
    doc = load_config_show("general/store_information/Name - A - B - C\n", "f")
    assert doc.data["system"]["default"]["general"]["store_information"]["Name"] == "A - B - C"


def test_lines_that_are_not_paths_are_continuations() -> None:
    text = "a/b - one\nNot/a - path because of the capital\nsection - no slash\nc/d - two\n"
    doc = load_config_show(text, "f")
    assert doc.data["system"]["default"]["a"]["b"] == (
        "one\nNot/a - path because of the capital\nsection - no slash"
    )
    assert doc.data["system"]["default"]["c"]["d"] == "two"


def test_leading_noise_is_ignored() -> None:
    text = "Deprecated: something in vendor/foo.php on line 3\n\na/b - v\n"
    doc = load_config_show(text, "f")
    assert doc.data == {"system": {"default": {"a": {"b": "v"}}}}
    assert doc.position(("system", "default", "a", "b")) == Position(3, 1)


def test_duplicates_last_wins() -> None:
    text = "a/b/c - 1\na/b/d - 2\na/b/c - 3\n"
    doc = load_config_show(text, "f")
    assert doc.data["system"]["default"] == {"a": {"b": {"c": "3", "d": "2"}}}
    path = ("system", "default", "a", "b", "c")
    assert doc.duplicates == [DuplicateKey(path, Position(1, 1), Position(3, 1))]
    assert doc.position(path) == Position(3, 1)
    assert doc.position(("system", "default", "a")) == Position(1, 1)


def test_empty_input() -> None:
    for text in ("", "\n\n", "  \n"):
        doc = load_config_show(text, "f")
        assert doc.data == {"system": {"default": {}}}
        assert doc.duplicates == []


@pytest.mark.parametrize(
    "text",
    [
        "just a value\n",
        "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n",
        "a/b = value\n",
        "Path - value\n",
    ],
)
def test_not_config_show_output(text: str) -> None:
    with pytest.raises(LoadError, match="not config:show output") as info:
        load_config_show(text, "show.txt")
    assert info.value.line == 1
    assert info.value.file == "show.txt"


def test_value_and_subpath_conflict() -> None:
    with pytest.raises(LoadError) as info:
        load_config_show("a/b - 1\na/b/c - 2\n", "f")
    assert info.value.line == 2
    with pytest.raises(LoadError) as info:
        load_config_show("a/b/c - 1\na/b - 2\n", "f")
    assert info.value.line == 2


segment = st.from_regex(r"[a-z0-9_]{1,8}", fullmatch=True)
value = st.from_regex(r"[ -~]{0,30}", fullmatch=True).map(str.strip)


@given(st.dictionaries(st.tuples(segment, segment, segment), value, min_size=1, max_size=20))
def test_round_trip_three_segment_paths(entries: dict[tuple[str, str, str], str]) -> None:
    text = "".join(f"{'/'.join(path)} - {v}\n" for path, v in entries.items())
    doc = load_config_show(text, "f")
    default = doc.data["system"]["default"]
    for (s1, s2, s3), v in entries.items():
        assert default[s1][s2][s3] == v


@given(st.text(alphabet=st.sampled_from(list("ab_/ -\n\r\tA0")), max_size=80))
def test_only_raises_load_error(text: str) -> None:
    try:
        doc = load_config_show(text, "f")
    except LoadError as exc:
        assert exc.line is not None
    else:
        assert set(doc.data) == {"system"}
