"""The PHP reader accepts what PHP accepts (issue 15): arithmetic, bytes, CRs, text before '<?php',
PDO constants as keys, and the ``if (getenv(...))`` blocks container images add after the array.

Expected values were read from PHP 8.2 (``php -r 'var_dump(...);'``); tests/differential checks the
same against a running PHP on hundreds of files.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from linter.errors import LoadError
from linter.loaders.document import DuplicateKey, DynamicValue, Position
from linter.loaders.limits import MAX_DEPTH
from linter.loaders.php_loader import load_php
from linter.loaders.reading import decode_text, read_text
from tests.support.inprocess import run_main


def value(expression: str) -> Any:
    return load_php(f"<?php\nreturn [\n    'v' => {expression},\n];\n", "env.php").data["v"]


def error(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_php(text, "app/etc/env.php")
    return caught.value


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("60 * 60 * 24", 86400),
        ("1024 * 1024", 1048576),
        ("7 * 24 * 3600", 604800),
        ("-(1 + 2) * 3", -9),
        ("2 ** 3 ** 2", 512),  # right-associative
        ("-2 ** 2", -4),  # '**' binds tighter than unary minus
        ("2 ** -1", 0.5),
        ("10 / 5", 2),  # an exact int division stays int
        ("10 / 4", 2.5),
        ("7 % -3", 1),  # the sign of the dividend
        ("-7 % 3", -1),
        ("7.5 % 2", 1),
        ("9223372036854775807 + 1", 9.223372036854776e18),  # int overflow gives a float
        ("PHP_INT_MAX * 2", 1.8446744073709552e19),
        ("-9223372036854775807 - 1", -9223372036854775808),
        ("3 ** 40", 1.2157665459056929e19),
        ("(-3) ** 39", -4052555153018976267),
        ("1 << 64", 0),
        ("-1 >> 70", -1),
        ("1 | 2 ^ 3 & 4", 3),
        ("~5", -6),
        ("- - 1", 1),
        ("true + 1", 2),
        ("null + 1", 1),
        ("0.1 + 0.2", 0.30000000000000004),
        ("'a' . 1 + 2", "a3"),  # PHP 8: '+' binds tighter than '.'
        ("3 . 4 * 2", "38"),
        ("'x' . PHP_EOL", "x\n"),
        ("0x10 + 0b11 + 0o7 + 017 + 1_000", 1041),
    ],
)
def test_literal_arithmetic_is_folded_as_php_does(expression: str, expected: Any) -> None:
    folded = value(expression)
    assert folded == expected and type(folded) is type(expected)


@pytest.mark.parametrize(
    "expression",
    ["'5' + 1", "-'abc'", "[1] + [2]", "getenv('TTL') * 60", "(int) getenv('X') + 1", "1.5 . 'x'", "~'a'"],
)
def test_arithmetic_the_reader_does_not_model_is_dynamic_with_its_text(expression: str) -> None:
    assert value(expression) == DynamicValue(expression)


def test_infinities_and_nan_come_out_as_php_gives_them() -> None:
    assert value("10 ** 400") == math.inf and value("1e308 * 10") == math.inf
    assert value("0 ** -1") == math.inf
    assert math.isnan(value("(-8) ** (1 / 3)"))


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("1 / 0", "division by zero"),
        ("1 % 0", "modulo by zero"),
        ("1 << -1", "bit shift by a negative number"),
    ],
)
def test_what_stops_php_is_an_error_at_the_expression(expression: str, message: str) -> None:
    found = error(f"<?php\nreturn [\n    'v' => {expression},\n];\n")
    assert message in found.message and (found.line, found.column) == (3, 12)


MAGENTO_PDO = """<?php
return [
    'db' => [
        'connection' => [
            'default' => [
                'host' => 'db',
                'driver_options' => [
                    \\PDO::MYSQL_ATTR_SSL_CA => '/etc/ssl/ca.pem',
                    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,
                    \\PDO::MYSQL_ATTR_INIT_COMMAND => 'SET NAMES utf8mb4',
                    \\PDO::ATTR_TIMEOUT => 5,
                    1009 => '/etc/ssl/other.pem',
                ],
            ],
        ],
    ],
];
"""


def test_pdo_constants_are_the_ints_php_makes_of_them_and_their_duplicates_are_seen() -> None:
    document = load_php(MAGENTO_PDO, "app/etc/env.php")
    options = document.data["db"]["connection"]["default"]["driver_options"]
    assert options == {"1009": "/etc/ssl/other.pem", "1014": False, "1002": "SET NAMES utf8mb4", "2": 5}
    assert list(options) == ["1009", "1014", "1002", "2"]  # PHP keeps the first one's place
    path = ("db", "connection", "default", "driver_options", "1009")
    assert document.duplicates == [DuplicateKey(path, Position(8, 21), Position(12, 21))]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("pdo::ATTR_TIMEOUT", 2),  # class names are case-insensitive
        ("\\PDO::ERRMODE_EXCEPTION", 2),
        ("PDO::ERR_NONE", "00000"),
        ("\\Foo\\Bar::class", "Foo\\Bar"),
        ("PHP_INT_SIZE", 8),
        ("DIRECTORY_SEPARATOR", "/"),
    ],
)
def test_constants_php_defines_the_same_everywhere_are_resolved(expression: str, expected: Any) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize(
    "expression", ["PDO::NO_SUCH_CONSTANT", "PDO::ATTR_timeout", "PDO::quote('x')", "self::class", "BP"]
)
def test_other_constants_stay_dynamic(expression: str) -> None:
    assert isinstance(value(expression), DynamicValue)


def test_text_before_the_open_tag_and_a_bom_are_skipped_as_php_prints_them() -> None:
    body = "<?php\nreturn [\n    'MAGE_MODE' => 'production',\n];\n"
    for before in ("", "\ufeff", "Generated by deploy.sh\n\n", "#!/usr/bin/env php\n", "<html>\n"):
        document = load_php(before + body, "app/etc/env.php")
        assert document.data == {"MAGE_MODE": "production"}
        assert document.positions is not None
        assert document.positions[("MAGE_MODE",)].line == before.count("\n") + 3


def test_text_after_the_final_close_tag_is_output_php_never_reaches() -> None:
    text = "<?php\nreturn [\n    'a' => 1,\n];\n?>\n<p>not code</p>\n"
    assert load_php(text, "env.php").data == {"a": 1}
    found = error("<?php\nreturn ['a' => 1];\n?>\n<?php echo 1;\n")
    assert "PHP code after" in found.message and found.line == 4


def test_strict_types_after_a_bom_stops_php_and_the_reader_says_why() -> None:
    found = error("\ufeff<?php\ndeclare(strict_types=1);\nreturn [];\n")
    assert "very first statement" in found.message and "byte order mark" in found.message
    assert load_php("#!/usr/bin/env php\n<?php\ndeclare(strict_types=1);\nreturn [];\n", "x").data == {}


def _read_php(tmp_path: Path, raw: bytes) -> Any:
    path = tmp_path / "env.php"
    path.write_bytes(raw)
    return load_php(read_text(path, "env.php", exact=True), "env.php")


def test_a_string_that_is_not_utf8_is_read_as_its_bytes(tmp_path: Path) -> None:
    raw = b"<?php\nreturn [\n    'db' => [\n        'password' => 'Qz7p\xe4\xdfw\xf6rt',\n    ],\n];\n"
    password = _read_php(tmp_path, raw).data["db"]["password"]
    assert password.encode("utf-8", "surrogateescape") == b"Qz7p\xe4\xdfw\xf6rt"
    assert value('"\\xff\\xe4"').encode("utf-8", "surrogateescape") == b"\xff\xe4"
    assert value('"\\u{e9}"') == "é"  # an escape that makes UTF-8 is a character


def test_a_cr_inside_a_literal_stays_a_cr(tmp_path: Path) -> None:
    raw = b"<?php\r\nreturn [\r\n    'a' => 'one\r\ntwo',\r\n    'b' => 'x\ry',\r\n"
    raw += b"    'c' => <<<EOT\r\n    l1\r\n    EOT,\r\n];\r\n"
    document = _read_php(tmp_path, raw)
    assert document.data == {"a": "one\r\ntwo", "b": "x\ry", "c": "l1"}
    assert document.positions is not None
    assert document.positions[("b",)] == Position(5, 5)  # the CRLF inside 'a' is a line break too


def test_other_formats_still_fold_line_endings_and_refuse_bad_bytes() -> None:
    assert decode_text(b"a: 1\r\n", "x.yaml") == "a: 1\n"
    with pytest.raises(LoadError, match="not valid UTF-8"):
        decode_text(b"a: '\xe4'\n", "x.yaml")


CONTAINER_ENV = """<?php
$env = [
    'backend' => [
        'frontName' => 'admin_x7k2',
    ],
    'cache' => [
        'frontend' => [
            'default' => [
                'backend' => 'Magento\\\\Framework\\\\Cache\\\\Backend\\\\Redis',
                'backend_options' => [
                    'server' => 'redis',
                    'port' => '6379',
                    'lifetime' => 60 * 60 * 24,
                ],
            ],
        ],
    ],
    'db' => [
        'connection' => [
            'default' => [
                'host' => 'db',
                'dbname' => 'magento',
            ],
        ],
    ],
    'MAGE_MODE' => 'developer',
];

if (getenv('REDIS_HOST')) {
    $env['cache']['frontend']['default']['backend_options']['server'] = getenv('REDIS_HOST');
    $env['session']['redis']['host'] = getenv('REDIS_HOST');
}
if (isset($_ENV['DB_HOST'])) {
    $env['db']['connection']['default']['host'] = $_ENV['DB_HOST'];
} else {
    $env['db']['connection']['default']['port'] = '3306';
}
if (false) {
    $env['MAGE_MODE'] = 'default';
}
$env['MAGE_MODE'] = 'production';
$env['cron_consumers_runner']['consumers'][] = 'async.operations.all';
$env['cron_consumers_runner']['consumers'][] = 'product_action_attribute.update';

return $env;
"""


def test_if_blocks_after_the_array_make_what_they_assign_dynamic() -> None:
    document = load_php(CONTAINER_ENV, "app/etc/env.php")
    data = document.data
    options = data["cache"]["frontend"]["default"]["backend_options"]
    assert options["server"] == DynamicValue("getenv('REDIS_HOST') ?: 'redis'")
    assert options["port"] == "6379" and options["lifetime"] == 86400
    assert data["session"] == DynamicValue("(getenv('REDIS_HOST')) ? ... : ...")  # maybe absent
    connection = data["db"]["connection"]["default"]
    assert connection["host"] == DynamicValue("(isset($_ENV['DB_HOST'])) ? $_ENV['DB_HOST'] : 'db'")
    assert connection["port"] == DynamicValue("(!(isset($_ENV['DB_HOST']))) ? '3306' : null")
    assert connection["dbname"] == "magento"
    assert data["MAGE_MODE"] == "production"  # if (false) never runs; the plain assignment does
    assert data["cron_consumers_runner"] == {
        "consumers": {"0": "async.operations.all", "1": "product_action_attribute.update"}
    }
    assert document.positions is not None
    assert document.positions[("cache", "frontend", "default", "backend_options", "server")] == Position(
        30, 61
    )
    assert document.positions[("MAGE_MODE",)] == Position(41, 6)


def test_statements_php_would_stop_on_or_that_are_not_assignments_are_errors() -> None:
    assert "inside an 'if' block" in error("<?php\nif (getenv('X')) { echo 1; }\nreturn [];").message
    found = error("<?php\n$env = ['a' => 1];\n$env['a']['b'] = 2;\nreturn $env;")
    assert "not an array" in found.message and found.line == 3
    found = error("<?php\n$env = [9223372036854775807 => 1];\n$env[] = 2;\nreturn $env;")
    assert "PHP_INT_MAX" in found.message
    found = error(
        "<?php\n$env = [];\n" + "if (true) {" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1) + "return $env;"
    )
    assert f"deeper than {MAX_DEPTH}" in found.message
    found = error("<?php\n$env = [];\n$env" + "['k']" * (MAX_DEPTH + 1) + " = 1;\nreturn $env;")
    assert f"deeper than {MAX_DEPTH}" in found.message


def test_a_thousand_conditional_reassignments_keep_the_expression_short() -> None:
    text = "<?php\n$env = ['a' => 'x'];\n" + "if (getenv('A')) { $env['a'] = getenv('A'); }\n" * 1000
    assert len(load_php(text + "return $env;", "env.php").data["a"].expression) <= 1100


def _etc(root: Path, name: str, env_php: bytes) -> Path:
    etc = root / name / "app" / "etc"
    etc.mkdir(parents=True)
    (etc / "env.php").write_bytes(env_php)
    return etc


def test_a_container_style_env_php_is_checked_without_a_load_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = CONTAINER_ENV.replace("\n", "\r\n").encode("utf-8")
    env = env.replace(
        b"'dbname' => 'magento',", b"'dbname' => 'magento',\r\n                'password' => 'p\xe4ss',"
    )
    _etc(tmp_path, "shop", b"\xef\xbb\xbf" + env)
    report = tmp_path / "out.json"
    sarif = tmp_path / "out.sarif"
    code, out, err = run_main(
        monkeypatch,
        capsys,
        "check",
        str(tmp_path / "shop"),
        "-f",
        "text",
        "-f",
        f"json={report}",
        "-f",
        f"sarif={sarif}",
    )
    assert code in (0, 1), err
    assert "env.php" not in err and "Traceback" not in err
    loaded = json.loads(report.read_text(encoding="utf-8"))  # strictly UTF-8, valid JSON
    json.loads(sarif.read_text(encoding="utf-8"))
    assert loaded["summary"]["instances"] == 1
    assert "p\\udce4ss" not in report.read_text(encoding="utf-8") and "pss" not in out
