"""Tests for the PHP array loader: Magento's shapes, hand-edited files, positions, duplicates, errors."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.errors import LoadError
from linter.loaders import php_tokens
from linter.loaders.document import DuplicateKey, DynamicValue, Position
from linter.loaders.limits import MAX_DEPTH
from linter.loaders.php_loader import load_php


def data(body: str) -> dict[str, Any]:
    """Load ``<?php return <body>;`` and return its data."""
    return load_php(f"<?php\nreturn {body};\n", "env.php").data


def value(expression: str) -> Any:
    """The value of one PHP expression, read as the element of an array."""
    return data(f"['v' => {expression}]")["v"]


def error(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_php(text, "app/etc/env.php")
    return caught.value


MAGENTO_SHORT = """<?php
return [
    'backend' => [
        'frontName' => 'admin_x7k2'
    ],
    'remote_storage' => [
        'driver' => 'file'
    ],
    'cache' => [
        'graphql' => [
            'id_salt' => 'Qb3XjyK0eNxlY0vGBnrvX8zJfLqKZpNq'
        ],
        'frontend' => [
            'default' => [
                'id_prefix' => '40d_'
            ],
            'page_cache' => [
                'id_prefix' => '40d_'
            ]
        ],
        'allow_parallel_generation' => false
    ],
    'config' => [
        'async' => 0
    ],
    'queue' => [
        'consumers_wait_for_messages' => 1
    ],
    'crypt' => [
        'key' => 'base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDAwMDE='
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'db',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => 'it\\'s a \\\\ secret',
                'model' => 'mysql4',
                'engine' => 'innodb',
                'initStatements' => 'SET NAMES utf8;',
                'active' => '1',
                'driver_options' => [
                    1014 => false
                ]
            ]
        ]
    ],
    'resource' => [
        'default_setup' => [
            'connection' => 'default'
        ]
    ],
    'x-frame-options' => 'SAMEORIGIN',
    'MAGE_MODE' => 'production',
    'session' => [
        'save' => 'files'
    ],
    'lock' => [
        'provider' => 'db'
    ],
    'directories' => [
        'document_root_is_pub' => true
    ],
    'cache_types' => [
        'config' => 1,
        'layout' => 1,
        'full_page' => 0
    ],
    'downloadable_domains' => [
        'magento.test'
    ],
    /**
     * For the section: System
     * Configuration values that are specific to this installation
     */
    'system' => [
        'default' => [
            'magento_saas' => [
                'environment' => 'production'
            ],
            'services_connector' => [
                'services_connector_integration' => [
                    'production_api_key' => 'fa4efa4e0000000000000000000000a1',
                    'sandbox_api_key' => 'fa4efa4e0000000000000000000000b1'
                ],
                'services_id' => [
                    'project_id' => '9f0e0000-0000-4000-8000-000000000001',
                    'environment' => 'Production'
                ]
            ],
            'payment' => [
                'payment_services' => [
                    'active' => '1',
                    'mba_scoping_level' => 'website'
                ],
                'payment_methods' => [
                    'method' => 'production',
                    'sandbox_merchant_id' => 'FAKESBX00000001',
                    'production_merchant_id' => 'FAKEPRD00000001'
                ]
            ]
        ],
        'websites' => [
            'eu' => [
                'payment' => [
                    'payment_methods' => [
                        'method' => 'sandbox'
                    ]
                ]
            ]
        ]
    ],
    'install' => [
        'date' => 'Tue, 01 Apr 2025 10:00:00 +0000'
    ]
];
"""

# var_export writes "=> " before the newline; ␣ marks that trailing space.
VAR_EXPORT = """<?php
return array (
  'modules' =>␣
  array (
    'Magento_Store' => 1,
    'Magento_Directory' => 0,
  ),
  'scopes' =>␣
  array (
    'websites' =>␣
    array (
      'base' =>␣
      array (
        'website_id' => '1',
        'code' => 'base',
        'is_default' => '1',
      ),
    ),
  ),
  'empty' =>␣
  array (
  ),
);
""".replace("␣", " ")

HAND_EDITED = """<?php
declare(strict_types=1);

// Values come from the container's environment.
$env = [
    'db' => [
        'connection' => [
            'default' => [
                'host' => getenv('DB_HOST') ?: 'localhost',
                'password' => $_ENV['DB_PASSWORD'] ?? '',
                'dbname' => getenv('DB_NAME'),
                'driver_options' => [
                    \\PDO::MYSQL_ATTR_INIT_COMMAND => 'SET NAMES utf8mb4',
                    PDO::MYSQL_ATTR_SSL_CA => BP . '/var/ca.pem',
                ],
            ],
        ],
    ],
    'system' => [
        'default' => [
            'services_connector' => [
                'services_connector_integration' => [
                    'production_private_key' => <<<PEM
                        -----BEGIN PRIVATE KEY-----
                        RkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==
                        -----END PRIVATE KEY-----
                        PEM,
                    'sandbox_private_key' => <<<'PEM'
-----BEGIN PRIVATE KEY-----
RkFLRSBTQU5EQk9YIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\\n$notavariable
-----END PRIVATE KEY-----
PEM,
                ],
            ],
            'web' => ['unsecure' => ['base_url' => 'https://' . 'shop.example' . '/']],
        ],
    ],
    # shell-style comment
    'MAGE_MODE' => $_SERVER['MAGE_MODE'] ?? 'production',
];

return $env;
?>
"""


def test_magento_short_array_format() -> None:
    document = load_php(MAGENTO_SHORT, "app/etc/env.php")
    assert document.format == "php"
    assert document.file == "app/etc/env.php"
    assert document.duplicates == []
    loaded = document.data
    assert loaded["backend"] == {"frontName": "admin_x7k2"}
    assert loaded["crypt"]["key"] == "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDAwMDE="
    connection = loaded["db"]["connection"]["default"]
    assert connection["password"] == "it's a \\ secret"
    assert connection["driver_options"] == {"1014": False}
    assert connection["active"] == "1"
    assert loaded["db"]["table_prefix"] == ""
    assert loaded["cache"]["allow_parallel_generation"] is False
    assert loaded["directories"]["document_root_is_pub"] is True
    assert loaded["cache_types"] == {"config": 1, "layout": 1, "full_page": 0}
    assert loaded["downloadable_domains"] == ["magento.test"]
    payment = loaded["system"]["default"]["payment"]
    assert payment["payment_services"] == {"active": "1", "mba_scoping_level": "website"}
    assert payment["payment_methods"]["sandbox_merchant_id"] == "FAKESBX00000001"
    assert loaded["system"]["websites"]["eu"]["payment"]["payment_methods"]["method"] == "sandbox"
    assert list(loaded)[-1] == "install"


def test_magento_short_array_positions() -> None:
    document = load_php(MAGENTO_SHORT, "app/etc/env.php")
    positions = document.positions
    assert positions is not None
    assert positions[("backend",)] == Position(3, 5)
    assert positions[("backend", "frontName")] == Position(4, 9)
    assert positions[("db", "connection", "default", "driver_options", "1014")] == Position(45, 21)
    assert positions[("downloadable_domains", "0")] == Position(72, 9)
    assert positions[("system",)] == Position(78, 5)
    assert positions[("system", "default", "payment", "payment_methods", "method")] == Position(99, 21)
    assert document.position(("system", "default", "payment", "not", "there")) == Position(93, 13)
    assert all(isinstance(part, str) for path in positions for part in path)


def test_var_export_array_style() -> None:
    document = load_php(VAR_EXPORT, "app/etc/config.php")
    assert document.data == {
        "modules": {"Magento_Store": 1, "Magento_Directory": 0},
        "scopes": {"websites": {"base": {"website_id": "1", "code": "base", "is_default": "1"}}},
        "empty": [],
    }
    assert document.positions is not None
    assert document.positions[("scopes", "websites", "base", "code")] == Position(15, 9)
    assert document.positions[("modules",)] == Position(3, 3)


def test_hand_edited_env_php() -> None:
    document = load_php(HAND_EDITED, "env.docker.php")
    loaded = document.data
    default = loaded["db"]["connection"]["default"]
    assert default["host"] == DynamicValue("getenv('DB_HOST') ?: 'localhost'")
    assert default["password"] == DynamicValue("$_ENV['DB_PASSWORD'] ?? ''")
    assert default["dbname"] == DynamicValue("getenv('DB_NAME')")
    assert default["driver_options"] == {
        "1002": "SET NAMES utf8mb4",  # \\PDO::MYSQL_ATTR_INIT_COMMAND, as PHP makes the key
        "1009": DynamicValue("BP . '/var/ca.pem'"),
    }
    keys = loaded["system"]["default"]["services_connector"]["services_connector_integration"]
    assert keys["production_private_key"] == (
        "-----BEGIN PRIVATE KEY-----\n"
        "RkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\n"
        "-----END PRIVATE KEY-----"
    )
    assert keys["sandbox_private_key"] == (
        "-----BEGIN PRIVATE KEY-----\n"
        "RkFLRSBTQU5EQk9YIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\\n$notavariable\n"
        "-----END PRIVATE KEY-----"
    )
    assert loaded["system"]["default"]["web"]["unsecure"]["base_url"] == "https://shop.example/"
    assert loaded["MAGE_MODE"] == DynamicValue("$_SERVER['MAGE_MODE'] ?? 'production'")
    assert document.positions is not None
    assert document.positions[("db", "connection", "default", "driver_options", "1002")] == (Position(13, 21))
    assert document.positions[("MAGE_MODE",)] == Position(39, 5)


def test_array_syntax_variants() -> None:
    assert data("array()") == {}
    assert data("ARRAY ( 'a' => array ( 1, 2, ), )") == {"a": [1, 2]}
    assert data("['a' => [], 'b' => [[]], 'c' => [['x' => 1]],]") == {"a": [], "b": [[]], "c": [{"x": 1}]}
    assert data("['x' => (['y' => 1])]") == {"x": {"y": 1}}
    assert data("(['a' => 1])") == {"a": 1}


def test_lists_and_auto_indexes() -> None:
    assert value("['a', 'b']") == ["a", "b"]
    assert value("['a', 5 => 'b', 'c', '9' => 'd', 'e', -3 => 'f', 'g']") == {
        "0": "a",
        "5": "b",
        "6": "c",
        "9": "d",
        "10": "e",
        "-3": "f",
        "11": "g",
    }
    assert value("[1 => 'x', '1' => 'y', true => 'z', 1.7 => 'w']") == {"1": "w"}
    assert value("['08' => 'a', '8' => 'b', '-0' => 'c', null => 'd', false => 'e']") == {
        "08": "a",
        "8": "b",
        "-0": "c",
        "": "d",
        "0": "e",
    }


def test_top_level_list_becomes_string_keys() -> None:
    document = load_php("<?php return ['a', 'b'];", "config.php")
    assert document.data == {"0": "a", "1": "b"}
    assert document.positions == {("0",): Position(1, 15), ("1",): Position(1, 20)}


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        (r"'a\nb'", "a\\nb"),
        (r"'a\\b'", "a\\b"),
        (r"'it\'s'", "it's"),
        (r"'\x41'", "\\x41"),
        (r'"a\nb"', "a\nb"),
        (r'"\t\r\v\e\f\\\$\""', '\t\r\v\x1b\f\\$"'),
        (r'"\101\x41\u{1F600}\u{41}"', "AA\U0001f600A"),
        (r'"\0"', "\x00"),
        (r'"\q\'\u00e9"', "\\q\\'\\u00e9"),
        (r'"\xc3\xa9"', "é"),
        (r'"\400"', "\x00"),
        ('"multi\nline"', "multi\nline"),
        ("'multi\nline'", "multi\nline"),
        ('"it costs $"', "it costs $"),
        ('"{ $ }"', "{ $ }"),
        ('<<<EOT\na\\tb \\"q\\"\nEOT', 'a\tb \\"q\\"'),
        ('<<<"EOT"\nx\nEOT', "x"),
        ("<<<'EOT'\na\\tb\nEOT", "a\\tb"),
        ("<<<EOT\nEOT", ""),
        ("<<<EOT\n\nEOT", ""),
        ("<<<EOT\n  a\n\n   b\n  EOT", "a\n\n b"),
        ("<<<EOT\n\ta\n\tEOT", "a"),
        ("<<<EOT\nEOTX\nEOT", "EOTX"),
    ],
)
def test_strings(literal: str, expected: str) -> None:
    assert value(literal) == expected


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("0", 0),
        ("-5", -5),
        ("- 5", -5),
        ("+7", 7),
        ("--5", None),
        ("1_000_000", 1000000),
        ("0x1F", 31),
        ("0XfF", 255),
        ("0b101", 5),
        ("0o17", 15),
        ("017", 15),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("-1.5E-3", -0.0015),
        ("9223372036854775807", 9223372036854775807),
        ("9223372036854775808", 9.223372036854775808e18),
        ("TRUE", True),
        ("False", False),
        ("NULL", None),
        ("\\true", True),
    ],
)
def test_scalars(literal: str, expected: Any) -> None:
    if expected is None and literal != "NULL":
        error(f"<?php return ['v' => {literal}];")
        return
    result = value(literal)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("'a' . 'b' . 'c'", "abc"),
        ("'port ' . 3306", "port 3306"),
        ("'x' . true . false . null", "x1"),
        ("-1 . 'x'", "-1x"),
        ("('a' . 'b') . 'c'", "abc"),
        ("<<<EOT\nab\nEOT . 'c'", "abc"),
    ],
)
def test_concatenation(expression: str, expected: str) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("getenv('X')", "getenv('X')"),
        ("\\getenv('X')", "getenv('X')"),
        ("getenv(  'X'  )   ?:   'fallback'", "getenv( 'X' ) ?: 'fallback'"),
        ("getenv('X') ? getenv('X') : 'd'", "getenv('X') ? getenv('X') : 'd'"),
        ("$_ENV['X']", "$_ENV['X']"),
        ("$_SERVER['A']['b']", "$_SERVER['A']['b']"),
        ("$x", "$x"),
        ("$config->get('a')", "$config->get('a')"),
        ("isset($_ENV['X']) ? $_ENV['X'] : null", "isset($_ENV['X']) ? $_ENV['X'] : null"),
        ("getenv('X') !== false && getenv('X') === '1'", "getenv('X') !== false && getenv('X') === '1'"),
        ("(int) getenv('PORT')", "(int) getenv('PORT')"),
        ("!empty($x)", "!empty($x)"),
        ("BP", "BP"),
        ("\\Magento\\Framework\\X::Y", "Magento\\Framework\\X::Y"),
        ("BP . '/var'", "BP . '/var'"),
        ('"host-$name"', '"host-$name"'),
        ('"{$a[1]}"', '"{$a[1]}"'),
        ('"${a}"', '"${a}"'),
        ('"\\\\$a"', '"\\\\$a"'),
        ("<<<EOT\nkey $x\nEOT", "<<<EOT key $x EOT"),
        ("'a' . getenv('B') . 'c'", "'a' . getenv('B') . 'c'"),
        ("1.5 . 'x'", "1.5 . 'x'"),
        ("sprintf('%s', 'a', )", "sprintf('%s', 'a', )"),
        ("foo()", "foo()"),
        ("-getenv('N')", "-getenv('N')"),
        ("getenv('A') ?: getenv('B') ?: 'c'", "getenv('A') ?: getenv('B') ?: 'c'"),
        ("$x ?? ['a' => 1]", "$x ?? ['a' => 1]"),
        ("('a' ?: 'b') . 'c'", "('a' ?: 'b') . 'c'"),
    ],
)
def test_dynamic_values(expression: str, expected: str) -> None:
    assert value(expression) == DynamicValue(expected)


def test_dynamic_keys_use_their_expression() -> None:
    assert data("[\\PDO::ATTR_X => 1, BP => 2, getenv('K') => 3]") == {
        "PDO::ATTR_X": 1,
        "BP": 2,
        "getenv('K')": 3,
    }


def test_dynamic_value_hides_nested_positions() -> None:
    document = load_php("<?php return ['a' => $x ?: ['b' => 1]];", "env.php")
    assert document.positions == {("a",): Position(1, 15)}


def test_comments_everywhere() -> None:
    text = """<?php // opening comment
    # hash comment
    /* block */ return /** doc */ [
        'a' /* between */ => // line
            'b', # trailing
        /* before key */ 'c' => 1, // ?
    ] /* end */ ;
    """
    assert load_php(text, "env.php").data == {"a": "b", "c": 1}


def test_open_and_close_tags() -> None:
    assert load_php("\n  <?php return ['a' => 1] ?>\n", "env.php").data == {"a": 1}
    assert load_php("<?PHP\nreturn ['a' => 1];\n?>\n", "env.php").data == {"a": 1}
    assert load_php("<?php\ndeclare(strict_types=1);\n\nreturn [];", "env.php").data == {}


def test_variable_form() -> None:
    text = "<?php\n$config = ['a' => 1];\n$env = ['b' => ['c' => 2]];\nreturn $env;\n"
    document = load_php(text, "env.php")
    assert document.data == {"b": {"c": 2}}
    assert document.positions == {("b",): Position(3, 9), ("b", "c"): Position(3, 17)}


def test_duplicates_last_wins_with_both_positions() -> None:
    text = """<?php
return [
    'db' => ['host' => 'a', 'port' => 1],
    'x' => 1,
    'db' => ['host' => 'b'],
    1 => 'one',
    '1' => 'uno',
    'k' => ['z' => 1, 'z' => 2],
];
"""
    document = load_php(text, "env.php")
    assert document.data == {"db": {"host": "b"}, "x": 1, "1": "uno", "k": {"z": 2}}
    assert document.duplicates == [
        DuplicateKey(("db",), Position(3, 5), Position(5, 5)),
        DuplicateKey(("1",), Position(6, 5), Position(7, 5)),
        DuplicateKey(("k", "z"), Position(8, 13), Position(8, 23)),
    ]
    assert document.positions is not None
    assert document.positions[("db",)] == Position(5, 5)
    assert ("db", "port") not in document.positions
    assert document.positions[("db", "host")] == Position(5, 14)


def test_duplicate_inside_variable_form_and_general_path() -> None:
    text = "<?php\n$env = ['a' => getenv('X'), 'a' => 'b' . 'c'];\nreturn $env;"
    document = load_php(text, "env.php")
    assert document.data == {"a": "bc"}
    assert document.duplicates == [DuplicateKey(("a",), Position(2, 9), Position(2, 29))]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("return ['a' => 1];", "missing '<?php' open tag", 1),
        ("<?php\n$a = 1;\n", "file does not return an array", 3),
        ("<?php\nreturn 'text';\n", "file does not return an array", 2),
        ("<?php\nreturn getenv('X');\n", "file does not return an array", 2),
        ("<?php\nreturn $undefined;\n", "$undefined", 2),
        ("<?php\nreturn [\n  'a' => new Foo(),\n];", "unsupported PHP construct 'new'", 3),
        (
            "<?php\nreturn [\n  'a' => function () { return 1; },\n];",
            "unsupported PHP construct 'function'",
            3,
        ),
        ("<?php\nreturn [\n  'a' => fn() => 1,\n];", "unsupported PHP construct 'fn'", 3),
        ("<?php\ninclude 'other.php';\nreturn [];", "unsupported PHP construct 'include'", 2),
        ("<?php\nreturn [\n  'a' => include 'x.php',\n];", "unsupported PHP construct 'include'", 3),
        ("<?php\nreturn ['a' => eval('1')];", "unsupported PHP construct 'eval'", 2),
        ("<?php\nreturn ['a' => `ls`];", "unsupported PHP construct '`'", 2),
        (
            "<?php\nif (true) { echo 1; }\nreturn [];",
            "unsupported PHP construct 'echo' inside an 'if' block",
            2,
        ),
        ("<?php\nreturn ['a' => 'b\n", "unterminated string", 2),
        ('<?php\nreturn ["a" => "b];', "unterminated string", 2),
        ("<?php\nreturn [\n  'a' => <<<EOT\nbody\n];", "unterminated heredoc started here", 3),
        ("<?php\nreturn [\n  'a' => <<<EOT\n  a\n b\n  EOT];", "indented less", 3),
        ("<?php\nreturn ['a' => <<<EOT x];", "invalid heredoc", 2),
        ("<?php\nreturn [\n  /* never closed\n];", "unterminated comment started here", 3),
        ("<?php\nreturn [\n  'a' => [\n    'b' => 1,\n", "unterminated array", 3),
        ("<?php\nreturn array(\n  'a' => 1,\n", "unterminated array", 2),
        ("<?php\nreturn [\n  'a' => 1\n  'b' => 2\n];", "expected ',' or ']' but found a string literal", 4),
        ("<?php\nreturn [\n  'a' => 1 foo\n];", "expected ',' or ']' but found a name", 3),
        ("<?php\nreturn ['a' => 1)];", "expected ',' or ']' but found ')'", 2),
        ("<?php\nreturn array('a' => 1];", "expected ',' or ')' but found ']'", 2),
        ("<?php\nreturn ['a' => ];", "expected a value but found ']'", 2),
        ("<?php\nreturn [, 'a'];", "expected a value but found ','", 2),
        ("<?php\nreturn ['a' => 1,, 'b' => 2];", "expected a value but found ','", 2),
        ("<?php\nreturn ['a' => 'b' => 'c'];", "unexpected '=>'", 2),
        ("<?php\nreturn [[1] => 'x'];", "illegal array key", 2),
        ("<?php\nreturn ['a' => 1]", "expected ';' but found end of file", 2),
        ("<?php\nreturn ['a' => 1];\necho 'x';", "after the return statement", 3),
        ("<?php\nreturn ['a' => getenv('X') ? 'b'];", "expected ':'", 2),
        ("<?php\nreturn ['a' => foo('x'];", "expected ',' or ')' but found ']'", 2),
        ("<?php\nreturn ['a' => 08];", "invalid numeric literal", 2),
        ("<?php\nreturn ['a' => 1abc];", "invalid numeric literal", 2),
        ("<?php\nreturn ['a' => \"\\u{110000}\"];", "invalid \\u{...} escape", 2),
        ("<?php\nreturn ['a' => #[Attr] 1];", "unsupported PHP construct '#['", 2),
        ("<?php\nreturn ['a' => &$x];", "unsupported PHP construct '&'", 2),
        ("<?php\n$env->a = 1;\nreturn $env;", "only '$name = ...;' and '$name[...] = ...;' are read", 2),
        ("<?php\nreturn ['a' => $x = 1];", "assignment '='", 2),
        ("<?php\nreturn ['a' => \x01];", "unexpected control character (U+0001)", 2),
        ("<?php\nreturn ['a' => array 1];", "expected '(' after 'array'", 2),
        ("<?php\nnamespace Foo;\nreturn [];", "unsupported PHP construct 'namespace'", 2),
        ("<?php\n", "file does not return an array", 2),
    ],
)
def test_errors(text: str, message: str, line: int) -> None:
    raised = error(text)
    assert message in raised.message
    assert raised.line == line
    assert raised.file == "app/etc/env.php"
    assert raised.column is not None and raised.column >= 1
    assert "\n" not in raised.one_line()


def test_error_column() -> None:
    raised = error("<?php\nreturn [\n    'a' => new Foo(),\n];")
    assert (raised.line, raised.column) == (3, 12)


def test_unterminated_heredoc_points_at_its_start() -> None:
    raised = error("<?php\nreturn [\n    'key' => <<<PEM\n    abc\n    PE\n];\n")
    assert raised.message == "unterminated heredoc started here"
    assert (raised.line, raised.column) == (3, 14)


@pytest.mark.parametrize("opening", ["[", "array(", "foo(", "(", "$x["])
def test_deep_nesting_fails_fast(opening: str) -> None:
    text = "<?php return " + opening * 100_000
    started = time.perf_counter()
    raised = error(text)
    assert time.perf_counter() - started < 1.0
    assert raised.message == f"nesting deeper than {MAX_DEPTH} levels"


def test_nesting_up_to_the_limit_is_fine() -> None:
    text = "<?php return " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + ";"
    loaded = load_php(text, "env.php").data
    depth = 0
    current: Any = loaded
    while current:
        current = current["0"] if isinstance(current, dict) else current[0]
        depth += 1
    assert depth == MAX_DEPTH - 1


def test_large_input_is_linear() -> None:
    line = "    'k{0}' => ['host' => 'db{0}', 'port' => {0}, 'on' => true, 'env' => getenv('X') ?: 'd'],\n"
    entries = "".join(line.format(index) for index in range(60_000))
    text = "<?php\nreturn [\n" + entries + "];\n"
    assert len(text) > 5_000_000
    started = time.perf_counter()
    document = load_php(text, "env.php")
    assert time.perf_counter() - started < 10.0
    assert document.data["k59999"]["port"] == 59999
    assert document.positions is not None
    assert document.positions[("k59999", "port")] == Position(60_002, 39)


def test_single_line_input_is_linear() -> None:
    text = "<?php return [" + "".join(f"'k{index}'=>{index}," for index in range(200_000)) + "];"
    started = time.perf_counter()
    document = load_php(text, "env.php")
    assert time.perf_counter() - started < 10.0
    assert document.positions is not None
    assert document.positions[("k199999",)].line == 1


_TOKENS = st.sampled_from(
    [
        "<?php ", "return ", "[", "]", "array(", ")", "(", ",", "=>", ";", "'a'", "'b\\'c'", '"d\\n"',
        '"$x"', "1", "-2", "0x1F", "1.5", "true", "null", "getenv('X')", "$_ENV['X']", "?:", "??", "?",
        ":", ".", "\n", " ", "// c\n", "/* c */", "# c\n", "<<<EOT\n", "<<<'EOT'\n", "EOT", "  EOT",
        "\\PDO::X", "BP", "new", "?>", "$env", "=", "+", "{", "}", "`", "#[", "/*", "'", '"', "08", "1abc",
        "declare(strict_types=1);",
    ]
)  # fmt: skip


def _paths(root: Any) -> set[tuple[str, ...]]:
    """Every key path in loaded data, walking dicts and lists without recursion."""
    found: set[tuple[str, ...]] = set()
    pending: list[tuple[tuple[str, ...], Any]] = [((), root)]
    while pending:
        path, current = pending.pop()
        if isinstance(current, dict):
            items = list(current.items())
        elif isinstance(current, list):
            items = [(str(index), item) for index, item in enumerate(current)]
        else:
            continue
        for key, item in items:
            assert isinstance(key, str)
            found.add((*path, key))
            pending.append(((*path, key), item))
    return found


def _loads_or_load_error(text: str) -> None:
    try:
        document = load_php(text, "fuzz.php")
    except LoadError as raised:
        assert raised.line is not None and raised.line >= 1
        assert raised.message
        return
    assert isinstance(document.data, dict)
    assert document.positions is not None
    assert set(document.positions) == _paths(document.data)
    assert all(duplicate.path in document.positions for duplicate in document.duplicates)


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_loads_or_raises_load_error(text: str) -> None:
    _loads_or_load_error(text)


@settings(max_examples=300, deadline=1000)
@given(st.text())
def test_any_text_after_return_loads_or_raises_load_error(text: str) -> None:
    _loads_or_load_error("<?php return [" + text)


@settings(max_examples=500, deadline=1000)
@given(st.lists(_TOKENS, max_size=40))
def test_token_soup_loads_or_raises_load_error(tokens: list[str]) -> None:
    _loads_or_load_error("<?php return " + "".join(tokens))
    _loads_or_load_error("".join(tokens))


def _php(item: Any, indent: str, short: bool) -> str:
    """Render ``item`` the way Magento's PhpFormatter (short) or var_export (long) would."""
    if isinstance(item, str):
        return "'" + item.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(item, bool) or item is None:
        return {True: "true", False: "false", None: "NULL"}[item]
    if isinstance(item, int | float):
        return repr(item)
    inner = indent + ("    " if short else "  ")
    if isinstance(item, list) and short:  # PhpFormatter writes lists without keys, var_export with them
        lines = [f"{inner}{_php(child, inner, short)}," for child in item]
    else:
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        lines = [f"{inner}{_php(key, inner, short)} => {_php(child, inner, short)}," for key, child in pairs]
    opening, closing = ("[", "]") if short else ("\n" + indent + "array (", ")")
    return opening + "\n" + "\n".join(lines) + "\n" + indent + closing


def _expected(item: Any, short: bool) -> Any:
    """What loading ``_php(item)`` gives: arrays written with keys become dicts, empty ones lists."""
    if isinstance(item, list) and item and not short:
        item = {str(index): child for index, child in enumerate(item)}
    if isinstance(item, dict):
        return {key: _expected(child, short) for key, child in item.items()} if item else []
    if isinstance(item, list):
        return [_expected(child, short) for child in item]
    return item


_SCALARS = (
    st.text()
    | st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.none()
)
_TREES = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=1000)
@given(st.dictionaries(st.text(max_size=8), _TREES, min_size=1, max_size=5), st.booleans())
def test_round_trip_of_magento_shapes(tree: dict[str, Any], short: bool) -> None:
    text = "<?php\nreturn " + _php(tree, "", short) + ";\n"
    document = load_php(text, "env.php")
    assert document.data == _expected(tree, short)
    assert document.duplicates == []
    assert document.positions is not None
    assert set(document.positions) == _paths(document.data)


def test_identifier_classes_match_phps_definition_on_every_code_point() -> None:
    # The classes are written as the ASCII they exclude (fast to compile); PHP's definition is
    # [A-Za-z_\x80-\U0010ffff], and then 0-9 too.
    start = re.compile(php_tokens._ID_START)
    char = re.compile(php_tokens._ID_CHAR)
    for code in range(0x110000):
        letter = chr(code)
        is_start = (letter.isascii() and (letter.isalpha() or letter == "_")) or code >= 0x80
        assert bool(start.fullmatch(letter)) is is_start, hex(code)
        assert bool(char.fullmatch(letter)) is (is_start or letter in "0123456789"), hex(code)
