"""Tests for linter.loaders.envvars: CONFIG__ names, environment JSON, .env and .magento.app.yaml."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.errors import LoadError
from linter.loaders.document import DuplicateKey, Position
from linter.loaders.envvars import (
    decode_config_variable,
    load_dotenv,
    load_environment_json,
    load_magento_app_yaml,
)

KEY_VAR = "CONFIG__DEFAULT__SERVICES_CONNECTOR__SERVICES_CONNECTOR_INTEGRATION__PRODUCTION_PRIVATE_KEY"

# --------------------------------------------------------------------------- decode_config_variable


def test_decode_default_scope() -> None:
    assert decode_config_variable("CONFIG__DEFAULT__SECTION__GROUP__FIELD") == (
        "default",
        None,
        "section/group/field",
    )
    assert decode_config_variable(KEY_VAR) == (
        "default",
        None,
        "services_connector/services_connector_integration/production_private_key",
    )


def test_decode_two_and_four_segment_paths() -> None:
    assert decode_config_variable("CONFIG__DEFAULT__MAGENTO_SAAS__ENVIRONMENT") == (
        "default",
        None,
        "magento_saas/environment",
    )
    assert decode_config_variable("CONFIG__DEFAULT__COMMERCE_DATA_EXPORT__FEEDS__PRODUCTS__BATCH_SIZE") == (
        "default",
        None,
        "commerce_data_export/feeds/products/batch_size",
    )


def test_decode_website_and_store_scopes() -> None:
    assert decode_config_variable("CONFIG__WEBSITES__BASE__PAYMENT__PAYMENT_METHODS__METHOD") == (
        "websites",
        "base",
        "payment/payment_methods/method",
    )
    assert decode_config_variable("CONFIG__STORES__DE_CH__PAYMENT__PAYMENT_SERVICES__ACTIVE") == (
        "stores",
        "de_ch",
        "payment/payment_services/active",
    )


def test_decode_is_case_insensitive_after_prefix() -> None:
    assert decode_config_variable("CONFIG__default__Section__Group") == ("default", None, "section/group")
    assert decode_config_variable("CONFIG__Websites__EU__a__b") == ("websites", "eu", "a/b")


@pytest.mark.parametrize(
    "name",
    [
        "",
        "CONFIG__",
        "CONFIG__DEFAULT",
        "CONFIG__DEFAULT__SECTION",
        "CONFIG__WEBSITES__BASE__SECTION",
        "CONFIG__WEBSITES__BASE",
        "CONFIG__STORES",
        "CONFIG__WEBSITE__BASE__A__B",
        "CONFIG__GLOBAL__A__B",
        "config__default__a__b",
        "MAGENTO_DC_CONFIG__DEFAULT__A__B",
        "CONFIG_DEFAULT__A__B",
        "CONFIG__DEFAULT__A____B",
        "CONFIG__DEFAULT__A__B__",
        "CONFIG__DEFAULT__A-B__C",
        "CONFIG__1DEFAULT__A__B",
        "MAGE_MODE",
    ],
)
def test_decode_rejects(name: str) -> None:
    assert decode_config_variable(name) is None


def test_decode_triple_underscore_follows_magento_replace() -> None:
    # str_replace('__', '/') works left to right: A___B -> A/_B
    assert decode_config_variable("CONFIG__DEFAULT__A___B__C") == ("default", None, "a/_b/c")


@given(st.text())
def test_decode_never_raises(name: str) -> None:
    result = decode_config_variable(name)
    if result is not None:
        scope, code, path = result
        assert scope in {"default", "websites", "stores"}
        assert (code is None) == (scope == "default")
        assert path.count("/") >= 1


# --------------------------------------------------------------------------- environment JSON


def test_json_values_and_positions() -> None:
    text = '{\n  "CONFIG__DEFAULT__A__B": "x",\n  "N": 5, "F": 1.5,\n  "T": true, "Z": null\n}\n'
    doc = load_environment_json(text, "env.json")
    assert doc.format == "environment"
    assert doc.file == "env.json"
    assert doc.data == {"CONFIG__DEFAULT__A__B": "x", "N": 5, "F": 1.5, "T": True, "Z": None}
    assert doc.duplicates == []
    assert doc.position(("CONFIG__DEFAULT__A__B",)) == Position(2, 3)
    assert doc.position(("N",)) == Position(3, 3)
    assert doc.position(("F",)) == Position(3, 11)
    assert doc.position(("Z",)) == Position(4, 14)


def test_json_empty_object_and_bom() -> None:
    assert load_environment_json("{}", "f").data == {}
    assert load_environment_json(" \n { } \n", "f").data == {}
    doc = load_environment_json('\ufeff{"A": "1"}', "f")
    assert doc.data == {"A": "1"}


def test_json_escaped_names_and_pem_value() -> None:
    doc = load_environment_json('{"A\\u0042": "line1\\nline2"}', "f")
    assert doc.data == {"AB": "line1\nline2"}


def test_json_duplicates_last_wins() -> None:
    text = '{"A": "1",\n "B": "2",\n "A": "3",\n "A": "4"}'
    doc = load_environment_json(text, "f")
    assert doc.data == {"A": "4", "B": "2"}
    assert doc.duplicates == [
        DuplicateKey(("A",), Position(1, 2), Position(3, 2)),
        DuplicateKey(("A",), Position(3, 2), Position(4, 2)),
    ]
    assert doc.position(("A",)) == Position(4, 2)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{"A": "1",\n "B": }', 2),
        ('{"A": "1",\n}', 2),
        ('{"A" "1"}', 1),
        ('{"A": "1"\n "B": "2"}', 2),
        ('{"A": "1"}\n{"B": 2}', 2),
        ('{"A": "1"', 1),
        ("", 1),
        ("[1, 2]", 1),
        ('"text"', 1),
        ('{\n"A": {"nested": 1}}', 2),
        ('{\n\n"A": [1]}', 3),
        ("{'A': 1}", 1),
        ('{"A": "unterminated\n}', 1),
    ],
)
def test_json_errors_have_lines(text: str, line: int) -> None:
    with pytest.raises(LoadError) as info:
        load_environment_json(text, "env.json")
    assert info.value.file == "env.json"
    assert info.value.line == line


def test_json_nested_object_message() -> None:
    with pytest.raises(LoadError, match="object"):
        load_environment_json('{"A": {"b": 1}}', "f")


@given(st.dictionaries(st.text(), st.one_of(st.text(), st.integers(), st.booleans(), st.none())))
def test_json_matches_stdlib(mapping: dict[str, object]) -> None:
    import json

    text = json.dumps(mapping, indent=2)
    doc = load_environment_json(text, "f")
    assert doc.data == mapping
    assert doc.positions is not None and set(doc.positions) == {(k,) for k in mapping}


# --------------------------------------------------------------------------- .env


def test_dotenv_basic_forms() -> None:
    text = (
        "# comment\n"
        "\n"
        "A=plain\n"
        "export B=exported\n"
        "  C = spaced value  \n"
        "D=value # inline comment\n"
        "E=pass#word\n"
        "F=\n"
        "G='single $X \\n # not a comment'\n"
        'H="double \\"q\\" \\\\ \\n end" # comment\n'
        "I=${OTHER}/path\n"
        'J="${OTHER}"\n'
        "K=a=b\n"
    )
    doc = load_dotenv(text, ".env")
    assert doc.format == "dotenv"
    assert doc.data == {
        "A": "plain",
        "B": "exported",
        "C": "spaced value",
        "D": "value",
        "E": "pass#word",
        "F": "",
        "G": "single $X \\n # not a comment",
        "H": 'double "q" \\ \n end',
        "I": "${OTHER}/path",
        "J": "${OTHER}",
        "K": "a=b",
    }
    assert doc.duplicates == []
    assert doc.position(("A",)) == Position(3, 1)
    assert doc.position(("B",)) == Position(4, 8)
    assert doc.position(("C",)) == Position(5, 3)
    assert doc.position(("K",)) == Position(13, 1)


def test_dotenv_multiline_double_quoted_pem() -> None:
    text = (
        f'BEFORE=1\n{KEY_VAR}="-----BEGIN PRIVATE KEY-----\nRkFLRQ==\n-----END PRIVATE KEY-----"\nAFTER=2\n'
    )
    doc = load_dotenv(text, ".env")
    assert doc.data[KEY_VAR] == "-----BEGIN PRIVATE KEY-----\nRkFLRQ==\n-----END PRIVATE KEY-----"
    assert doc.position((KEY_VAR,)) == Position(2, 1)
    assert doc.position(("AFTER",)) == Position(5, 1)


def test_dotenv_multiline_single_quoted_and_crlf() -> None:
    text = "A='one\r\ntwo'\r\nB=\"x\r\ny\"\r\nC=3\r\n"
    doc = load_dotenv(text, ".env")
    assert doc.data == {"A": "one\r\ntwo", "B": "x\ny", "C": "3"}
    assert doc.position(("C",)) == Position(5, 1)


def test_dotenv_unknown_escape_kept() -> None:
    assert load_dotenv('A="a\\qb"', "f").data == {"A": "a\\qb"}


def test_dotenv_no_trailing_newline_and_empty() -> None:
    assert load_dotenv("A=1", "f").data == {"A": "1"}
    assert load_dotenv("", "f").data == {}
    assert load_dotenv("\n\n# only comments\n", "f").data == {}


def test_dotenv_duplicates() -> None:
    doc = load_dotenv("A=1\nB=2\nexport A=3\n", ".env")
    assert doc.data == {"A": "3", "B": "2"}
    assert doc.duplicates == [DuplicateKey(("A",), Position(1, 1), Position(3, 8))]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("A=1\nthis is not an assignment\n", 2),
        ("A=1\n\nB\n", 3),
        ("A=1\n1A=2\n", 2),
        ('A=1\nB="unterminated\nC=3\n', 2),
        ("A='x' trailing\n", 1),
        ("export\n", 1),
        ("A-B=1\n", 1),
    ],
)
def test_dotenv_errors(text: str, line: int) -> None:
    with pytest.raises(LoadError) as info:
        load_dotenv(text, ".env")
    assert info.value.line == line
    assert info.value.file == ".env"


def test_dotenv_unterminated_quote_message() -> None:
    with pytest.raises(LoadError, match="unterminated"):
        load_dotenv('A="open\n', "f")


# --------------------------------------------------------------------------- .magento.app.yaml

APP_YAML = """\
name: mymagento
type: php:8.3
build:
  flavor: none
dependencies:
  php:
    composer/composer: '2.7.2'
relationships:
  database: "mysql:mysql"
variables:
  env:
    CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD: sandbox
    CONFIG__DEFAULT__PAYMENT__PAYMENT_SERVICES__ACTIVE: 1
    CONFIG__STORES__DE__GENERAL__LOCALE__CODE: 'de_DE'
    FLAG: true
    EMPTY:
    PEM: |
      -----BEGIN PRIVATE KEY-----
      RkFLRQ==
      -----END PRIVATE KEY-----
  php:
    memory_limit: 2G
hooks:
  build: |
    set -e
"""


def test_app_yaml_reads_variables_env() -> None:
    doc = load_magento_app_yaml(APP_YAML, ".magento.app.yaml")
    assert doc.format == "cloud_app"
    assert doc.data == {
        "CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD": "sandbox",
        "CONFIG__DEFAULT__PAYMENT__PAYMENT_SERVICES__ACTIVE": "1",
        "CONFIG__STORES__DE__GENERAL__LOCALE__CODE": "de_DE",
        "FLAG": "true",
        "EMPTY": "",
        "PEM": "-----BEGIN PRIVATE KEY-----\nRkFLRQ==\n-----END PRIVATE KEY-----\n",
    }
    assert doc.position(("CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD",)) == Position(12, 5)
    assert doc.position(("PEM",)) == Position(17, 5)
    assert doc.duplicates == []


def test_app_yaml_tolerates_custom_tags() -> None:
    text = (
        "stage:\n"
        "  deploy:\n"
        "    DATABASE_CONFIGURATION:\n"
        "      _merge: true\n"
        "      connection:\n"
        "        default:\n"
        "          driver_options:\n"
        "            !php/const:\\PDO::MYSQL_ATTR_LOCAL_INFILE: 1\n"
        "            !php/const \\PDO::MYSQL_ATTR_SSL_CA: /x\n"
        "weird: !custom {a: 1}\n"
        "list: [!tag x, !!str 1]\n"
        "variables:\n"
        "  env:\n"
        "    A: !php/const \\PDO::X\n"
        "    B: !env value\n"
        "    C: 'quoted !not\\a_tag'\n"
    )
    doc = load_magento_app_yaml(text, "f")
    assert doc.data == {"A": "\\PDO::X", "B": "value", "C": "quoted !not\\a_tag"}
    assert doc.position(("A",)) == Position(14, 5)


def test_app_yaml_many_unscannable_tags() -> None:
    text = "x: !a\\b\ny: [!c\\d, !e\\f]\nz: 'it is !g\\h'\nvariables:\n  env:\n    K: v\n"
    doc = load_magento_app_yaml(text, "f")
    assert doc.data == {"K": "v"}
    assert doc.position(("K",)) == Position(6, 5)


def test_app_yaml_without_variables() -> None:
    assert load_magento_app_yaml("name: app\n", "f").data == {}
    assert load_magento_app_yaml("", "f").data == {}
    assert load_magento_app_yaml("variables:\n  php: {x: 1}\n", "f").data == {}
    assert load_magento_app_yaml("variables:\n  env:\n", "f").data == {}
    assert load_magento_app_yaml("variables:\n", "f").data == {}


def test_app_yaml_duplicates() -> None:
    text = "variables:\n  env:\n    A: one\n    B: two\n    A: three\n"
    doc = load_magento_app_yaml(text, "f")
    assert doc.data == {"A": "three", "B": "two"}
    assert doc.duplicates == [DuplicateKey(("A",), Position(3, 5), Position(5, 5))]
    assert doc.position(("A",)) == Position(5, 5)


def test_app_yaml_merge_keys() -> None:
    text = (
        "common: &common\n"
        "  A: from-anchor\n"
        "  B: from-anchor\n"
        "variables:\n"
        "  env:\n"
        "    <<: *common\n"
        "    B: explicit\n"
    )
    doc = load_magento_app_yaml(text, "f")
    assert doc.data == {"A": "from-anchor", "B": "explicit"}
    assert doc.duplicates == []
    assert doc.position(("A",)) == Position(2, 3)
    assert doc.position(("B",)) == Position(7, 5)


def test_app_yaml_recursive_merge_terminates() -> None:
    doc = load_magento_app_yaml("variables:\n  env: &x\n    A: 1\n    <<: *x\n", "f")
    assert doc.data == {"A": "1"}
    doc = load_magento_app_yaml("variables: &v\n  env: {A: 1}\n  <<: *v\n", "f")
    assert doc.data == {"A": "1"}


def test_app_yaml_flow_mapping() -> None:
    doc = load_magento_app_yaml("variables: {env: {X: '1', Y: \"2\"}}\n", "f")
    assert doc.data == {"X": "1", "Y": "2"}
    assert doc.position(("Y",)) == Position(1, 27)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("variables:\n  env:\n    A: [1, 2]\n", 3),
        ("variables:\n  env:\n    A: {b: 1}\n", 3),
        ("variables:\n  env:\n    - A\n", 3),
        ("variables:\n  env: {A: 1\n", 3),
        ("- just\n- a list\n", 1),
        ("a: 1\n---\nb: 2\n", 2),
        ("variables:\n  env:\n    A: 'unterminated\n", 4),
        ("variables: [1]\n", 1),
        ("a: !bad\\tag\nb: [\n", 3),
    ],
)
def test_app_yaml_errors(text: str, line: int) -> None:
    with pytest.raises(LoadError) as info:
        load_magento_app_yaml(text, "app.yaml")
    assert info.value.file == "app.yaml"
    assert info.value.line == line


_YAMLISH = st.text(alphabet=st.sampled_from(list("ab_=\"'\\#! \n\r\t{}[]:,-/&*<|>0é")), max_size=60)


@given(st.one_of(st.text(), _YAMLISH))
def test_loaders_only_raise_load_error(text: str) -> None:
    for loader in (load_dotenv, load_environment_json, load_magento_app_yaml):
        try:
            doc = loader(text, "f")
        except LoadError as exc:
            assert exc.file == "f"
        else:
            assert isinstance(doc.data, dict)


def test_magento_app_yaml_with_a_forbidden_character_names_its_line() -> None:
    with pytest.raises(LoadError) as info:
        load_magento_app_yaml("variables:\n  env:\n    A: 'x\x07'\n", ".magento.app.yaml")
    assert (info.value.line, info.value.column) == (3, 10)
    assert "unacceptable character #x0007" in info.value.message
