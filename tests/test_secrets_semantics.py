"""Which names are secrets, how a secret is shown (its fingerprint), and the last-line guard."""

from __future__ import annotations

import hashlib

import pytest

from linter.secrets import (
    Scrubber,
    SecretText,
    capped,
    fingerprint,
    guarded,
    is_secret_key,
    is_secret_name,
    is_secret_path,
    masked_expression,
)


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "db_passwd",
        "passphrase",
        "client_secret",
        "access_token",
        "id_salt",
        "credentials",
        "private_key",
        "private-key",
        "privatekey",
        "api_key",
        "api-key",
        "apikey",
        "crypt_key",
        "access_key",
        "account-key",
        "app_key",
        "auth_key",
        "client_key",
        "consumer_key",
        "encryption_key",
        "hmac_key",
        "license_key",
        "master_key",
        "merchant_key",
        "shared_key",
        "signing_key",
        "trans_key",
        "api_signature",
        "pass",
        "smtp_pass",
        "pwd",
        "auth",
        "bearer",
        "x-auth",
        "key",
        "PASSWORD",
        "production_private_key",
        "sandbox_api_key",
    ],
)
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "bypass",
        "use_form_key",
        "passenger",
        "author",
        "keys",
        "monkey",
        "hostname",
        "compass",
        "keyboard",
        "merchant_id",
        "environment",
        "api_url",
        "",
        "passport_number",
    ],
)
def test_ordinary_names(name: str) -> None:
    assert not is_secret_name(name)


def test_secret_paths() -> None:
    assert is_secret_path("services_connector/services_connector_integration/production_api_key")
    assert is_secret_path("adobe_ims/integration/anything")  # secret whatever its name
    assert is_secret_path("adobe_ims/integration/deep/er")
    assert not is_secret_path("adobe_ims/other/thing")
    assert not is_secret_path("password/group/field")  # only the last segment names the value
    assert not is_secret_path("payment/payment_methods/method")


def test_secret_document_keys() -> None:
    assert is_secret_key(("crypt", "key"))
    assert is_secret_key(("db", "connection", "default", "password"))
    assert is_secret_key(("system", "default", "adobe_ims", "integration", "x"))
    assert is_secret_key(("system", "websites", "eu", "adobe_ims", "integration", "x"))
    assert is_secret_key(("system", "stores", "de", "payment", "a", "secret_key"))
    assert not is_secret_key(("system", "websites", "adobe_ims", "integration"))  # the code is missing
    assert not is_secret_key(("system", "default"))
    assert not is_secret_key(("system", "other", "adobe_ims", "integration", "x"))
    assert not is_secret_key(("other", "default", "adobe_ims", "integration", "x"))
    assert not is_secret_key(())
    assert not is_secret_key(("db", "host"))


def test_fingerprint_is_the_first_eight_hex_digits_of_sha256() -> None:
    assert fingerprint("secret") == hashlib.sha256(b"secret").hexdigest()[:8]
    assert fingerprint("Secret") != fingerprint("secret")
    assert len(fingerprint("\udcff")) == 8  # a lone surrogate from a JSON escape


def test_secret_text_compares_as_text_and_shows_as_fingerprint() -> None:
    text = SecretText("hunter2-value")
    assert text == "hunter2-value"
    assert str(text) == fingerprint("hunter2-value")
    assert (
        f"{text}" == fingerprint("hunter2-value") and f"{text:>10}" == f"{fingerprint('hunter2-value'):>10}"
    )
    assert repr(text) == f"SecretText({fingerprint('hunter2-value')})"
    assert "hunter2" not in f"{text!s} {text!r}"


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("Abcdefghij12", True),  # 12 characters, three kinds
        ("Abcdefghij1", False),  # 11
        ("abcdefghij1-", True),  # lower, digit, other
        ("abcdefghijkl", False),  # one kind
        ("abcdefgh12345678", True),  # 16 of two kinds
        ("abcdefgh1234567", False),  # 15 of two kinds
        ("abcdefghijklmnop", False),  # 16 of one kind
        ("ABCDEFGHIJKLMNOp", True),
        ("ab-cd-ef-gh-ij-kl", False),  # lower and other only, however long
        ("Xabcdefghijk", False),  # 12 characters of two kinds: X is no digit
        ("9abcdefghijk", False),
    ],
)
def test_guarded(piece: str, expected: bool) -> None:
    assert guarded(piece) is expected


SECRET = "Qz7kLm9Px4Vb8Nc2"


def test_scrubber_replaces_whole_tokens_by_the_fingerprint() -> None:
    scrubber = Scrubber([SECRET])
    assert scrubber.scrub(f"key {SECRET} leaked") == f"key [{fingerprint(SECRET)}] leaked"
    assert scrubber.scrub(f"{SECRET}") == f"[{fingerprint(SECRET)}]"
    assert scrubber.scrub(f"x{SECRET}") == f"x{SECRET}"  # inside a longer token: not this secret
    assert scrubber.scrub(f"{SECRET}9") == f"{SECRET}9"
    assert scrubber.scrub(f"'{SECRET}'") == f"'[{fingerprint(SECRET)}]'"
    assert scrubber.scrub("short") == "short"
    assert scrubber.scrub(f"{SECRET} {SECRET}").count(fingerprint(SECRET)) == 2
    assert Scrubber().scrub(SECRET) == SECRET


def test_a_secret_ending_in_punctuation_is_replaced_before_a_letter() -> None:
    secret = "Qz7kLm9Px4Vb8Nc2-"
    assert Scrubber([secret]).scrub(f"{secret}x") == f"[{fingerprint(secret)}]x"


def test_scrubber_ignores_ordinary_words_and_pem_armour() -> None:
    scrubber = Scrubber(["magento", "-----BEGIN PRIVATE KEY-----"])
    assert scrubber.scrub("magento and -----BEGIN PRIVATE KEY----- stay") == (
        "magento and -----BEGIN PRIVATE KEY----- stay"
    )


def test_scrubber_knows_each_line_of_a_pem_and_the_base64_body() -> None:
    body1, body2 = "MIIEvQIBADANBgkqhkiG9w0B", "AQEFAASCBKcwggSjAgEAAoIB"
    pem = f"-----BEGIN PRIVATE KEY-----\\n{body1}\\n{body2}\\n-----END PRIVATE KEY-----"
    scrubber = Scrubber([pem, "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3Rz"])
    whole = fingerprint(pem)
    assert scrubber.scrub(f"a {body2} b") == f"a [{whole}] b"
    assert scrubber.scrub(f"a {body1} b") == f"a [{whole}] b"
    assert "RkFLRS1DUllQVC1LRVktZm9yLXRlc3Rz" not in scrubber.scrub("x RkFLRS1DUllQVC1LRVktZm9yLXRlc3Rz y")


def test_adjacent_secrets_are_both_replaced() -> None:
    # Kills: the scan going on (one character further) after a match instead of starting over there.
    first, second = "Qz7kLm9Px4Vb8Nc2-", "Zz9yXx8wVv7uTt6s"
    assert Scrubber([first, second]).scrub(first + second) == f"[{fingerprint(first)}][{fingerprint(second)}]"


def test_the_longest_known_secret_wins() -> None:
    short, long = "Qz7kLm9Px4Vb8Nc2", "Qz7kLm9Px4Vb8Nc2Extended77"
    scrubber = Scrubber([short, long])
    assert scrubber.scrub(f"[{long}]") == f"[[{fingerprint(long)}]]"
    scrubber.add("Zz9yXx8wVv7uTt6s")  # adding later still works (the index is rebuilt)
    assert scrubber.scrub("Zz9yXx8wVv7uTt6s") == f"[{fingerprint('Zz9yXx8wVv7uTt6s')}]"


def test_capped() -> None:
    assert capped("abcdef", 6) == "abcdef"
    assert capped("abcdefg", 6) == "abcde…"
    assert len(capped("x" * 500)) == 200


def test_masked_expression_hides_literals_and_keeps_structure() -> None:
    shown = masked_expression("getenv('CSC_KEY') ?: 'Qz7kLm9Px4Vb8Nc2'")
    assert shown == f"getenv('CSC_KEY') ?: [{fingerprint('Qz7kLm9Px4Vb8Nc2')}]"
    split = masked_expression("'9f3a' . 'c1d2' . \"e5\"")
    assert split == f"[{fingerprint('9f3ac1d2e5')}] . […] . […]"
    assert masked_expression("$_ENV['DB_PASSWORD'] ?? ''") == f"$_ENV['DB_PASSWORD'] ?? [{fingerprint('')}]"
    assert masked_expression("PHP_EOL . true") == "PHP_EOL . true"
    assert masked_expression("foo(1) ?: magento") == f"foo([{fingerprint('1magento')}]) ?: […]"
    assert masked_expression("Foo::magento() ?: magento") == f"Foo::magento() ?: [{fingerprint('magento')}]"
    assert masked_expression("Foo::bar()") == "Foo::bar()"
    assert masked_expression("$config->prop") == "$config->prop"  # a member, not a bare word
    assert masked_expression("$config?->prop") == "$config?->prop"
    assert masked_expression("Foo::BAR") == "Foo::BAR"


def test_masked_expression_hides_the_rest_after_an_unreadable_token() -> None:
    expression = "strtolower(<<<EOT\nQz7kLm9Px4Vb8Nc2\nEOT)"
    # The rest counts as one literal: its fingerprint is shown, not dropped without a trace.
    assert masked_expression(expression) == f"strtolower([{fingerprint(expression[len('strtolower(') :])}]"


def test_masked_expression_ignores_trailing_space_and_comments() -> None:
    assert masked_expression("PHP_EOL ") == "PHP_EOL"
    assert masked_expression("f() /* note */") == "f()"
    assert masked_expression("f()\n") == "f()"


def test_masked_expression_is_capped_and_drops_comments() -> None:
    assert len(masked_expression("f(" + "$a + " * 100 + "1)", limit=50)) == 50
    assert "hello" not in masked_expression("f() /* hello */ + 1")


@pytest.mark.parametrize(
    "reader",
    [
        "getenv('DB_HOST')",
        "\\getenv('DB_HOST')",
        "GETENV('DB_HOST')",
        "$_ENV['DB_HOST']",
        "$_SERVER['DB_HOST']",
        "$_env['DB_HOST']",
    ],
)
def test_every_environment_reader_shows_the_variable_name(reader: str) -> None:
    assert masked_expression(reader) == reader
    assert (
        masked_expression(f"{reader} ?: 'Qz7kLm9Px4Vb8Nc2'")
        == f"{reader} ?: [{fingerprint('Qz7kLm9Px4Vb8Nc2')}]"
    )


def test_names_not_read_from_the_environment_are_hidden() -> None:
    assert "DB_HOST" not in masked_expression("strtoupper('DB_HOST')")
    assert "DB_HOST" not in masked_expression("$_GET['DB_HOST']")
    assert "db_host" not in masked_expression("getenv('db_host')")  # not an upper-case name
    # The reader must come before the name: a wrap-around lookup would find getenv at the end.
    assert "DB_HOST" not in masked_expression("('DB_HOST') . getenv")


def test_getenv_names_that_look_like_keys_are_hidden() -> None:
    shown = masked_expression("getenv('AB12CD34EF56GH78')")
    assert "AB12CD34EF56GH78" not in shown
