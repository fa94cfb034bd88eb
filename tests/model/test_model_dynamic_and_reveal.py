"""Dynamic values (computed at run time) and the plaintext behind stored ciphertext."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from linter.crypto import encrypt
from linter.model.reveal import Revealed
from tests.model.instances import load

RAW_KEY = b"K" * 32
CRYPT = "base64" + base64.b64encode(RAW_KEY).decode()
PATH = "payment/gateway/secret_key"


def _env_php(value: str, crypt: str = CRYPT) -> str:
    return (
        "<?php\nreturn [\n  'crypt' => ['key' => '" + crypt + "'],\n"
        "  'system' => ['default' => ['payment' => ['gateway' => ['secret_key' => " + value + "]]]],\n];\n"
    )


def test_getenv_is_dynamic_and_counts_as_set(tmp_path: Path) -> None:
    value = load(tmp_path / "i", {"app/etc/env.php": _env_php("getenv('SECRET')")}).value(PATH)
    assert value.dynamic and value.is_set
    assert value.revealed.status == "dynamic" and value.revealed.text is None
    assert not value.revealed.verifiable


def test_plain_value_is_its_own_plaintext(tmp_path: Path) -> None:
    value = load(tmp_path / "i", {"app/etc/env.php": _env_php("'plain-secret'")}).value(PATH)
    assert not value.dynamic
    assert value.revealed == Revealed("plain", "plain-secret") and value.revealed.verifiable


def test_ciphertext_is_decrypted_with_the_instance_key(tmp_path: Path) -> None:
    stored = encrypt("the-plaintext", RAW_KEY)
    value = load(tmp_path / "i", {"app/etc/env.php": _env_php(f"'{stored}'")}).value(PATH)
    assert value.value == stored
    assert value.revealed == Revealed("decrypted", "the-plaintext") and value.revealed.verifiable


def test_ciphertext_without_a_key_is_not_verifiable(tmp_path: Path) -> None:
    stored = encrypt("x", RAW_KEY)
    env = "system:\n  default:\n    payment: {gateway: {secret_key: '" + stored + "'}}\n"
    value = load(tmp_path / "i", {"env.yaml": env}).value(PATH)
    assert value.revealed.status == "no_key" and not value.revealed.verifiable


def test_ciphertext_with_a_wrong_key_is_undecryptable(tmp_path: Path) -> None:
    stored = encrypt("x", b"W" * 32)
    value = load(tmp_path / "i", {"app/etc/env.php": _env_php(f"'{stored}'")}).value(PATH)
    assert value.revealed.status == "undecryptable"


def test_double_encryption_is_named(tmp_path: Path) -> None:
    stored = encrypt(encrypt("x", RAW_KEY), RAW_KEY)
    value = load(tmp_path / "i", {"app/etc/env.php": _env_php(f"'{stored}'")}).value(PATH)
    assert value.revealed.status == "double_encrypted" and value.revealed.text is None


def test_ciphertext_in_a_variable_or_config_show_is_never_decrypted(tmp_path: Path) -> None:
    stored = encrypt("x", RAW_KEY)
    variables = json.dumps({"CONFIG__DEFAULT__PAYMENT__GATEWAY__SECRET_KEY": stored})
    files = {"app/etc/env.php": _env_php("'p'"), "environment.json": variables}
    assert load(tmp_path / "a", files).value(PATH).revealed.status == "variable_ciphertext"
    shown = {"app/etc/env.php": _env_php("'p'"), "config-show.txt": f"{PATH} - {stored}\n"}
    assert load(tmp_path / "b", shown).value(PATH).revealed.status == "double_encrypted"


def test_missing_and_blank_values(tmp_path: Path) -> None:
    instance = load(tmp_path / "i", {"app/etc/env.php": _env_php("'  '")})
    assert instance.value(PATH).revealed.status == "missing"
    assert instance.value("not/set/here").revealed.status == "missing"


def test_crypt_keys_are_read_from_the_crypt_section(tmp_path: Path) -> None:
    instance = load(tmp_path / "i", {"app/etc/env.php": _env_php("'p'", crypt=CRYPT)})
    assert instance.crypt_keys == [RAW_KEY]
    blank = load(tmp_path / "j", {"app/etc/env.php": _env_php("'p'", crypt="  ")})
    assert blank.crypt_keys == []


def test_scrubber_knows_stored_and_decrypted_secrets(tmp_path: Path) -> None:
    stored = encrypt("Decrypted9Secret4Value", RAW_KEY)
    env = _env_php(f"'{stored}'").replace("];\n", "  'db' => ['password' => 'Db7Password3Value'],\n];\n")
    scrubber = load(tmp_path / "i", {"app/etc/env.php": env}).scrubber
    text = f"a {stored} b Decrypted9Secret4Value c Db7Password3Value d"
    cleaned = scrubber.scrub(text)
    for secret in (stored, "Decrypted9Secret4Value", "Db7Password3Value"):
        assert secret not in cleaned
    assert cleaned.startswith("a ") and " d" in cleaned


def test_scrubber_knows_secret_keys_outside_system_but_not_ordinary_ones(tmp_path: Path) -> None:
    env = (
        "crypt: {key: base64Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==}\n"
        "queue: {amqp: {password: Amqp7Password9Value}}\n"
        "db: {connection: {default: {host: Host7Name9Value12}}}\n"
        "system: {default: {a: {b: {token: Tok3nValue9Secret}, c: {d: Plain9Value7Text}}}}\n"
    )
    scrubber = load(tmp_path / "i", {"env.yaml": env}).scrubber
    for secret in ("Amqp7Password9Value", "Tok3nValue9Secret", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=="):
        assert secret not in scrubber.scrub(f"x {secret} y"), secret
    for ordinary in ("Host7Name9Value12", "Plain9Value7Text"):
        assert scrubber.scrub(f"x {ordinary} y") == f"x {ordinary} y"


def test_release_drops_every_cache_and_the_instance_still_answers(tmp_path: Path) -> None:
    instance = load(
        tmp_path / "i",
        {"env.yaml": "scopes: {websites: {eu: {website_id: 1}}}\nsystem: {default: {a: {b: {c: '1'}}}}\n"},
    )
    first = instance.value("a/b/c")
    assert instance.section("scopes") is not None and instance.scopes and instance.settings
    instance.release()
    for name in ("settings", "website_of_store", "scopes", "crypt_keys", "scrubber"):  # the public ones
        assert name not in instance.__dict__, name
    assert all(source.document.positions is None for source in instance.sources)
    again = instance.value("a/b/c")
    assert again is not first and again.value == "1"
