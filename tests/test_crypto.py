"""Tests for linter.crypto: Magento ChaCha20-Poly1305 values and crypt-key parsing."""

from __future__ import annotations

import base64
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.crypto import (
    CIPHERTEXT_RE,
    DecryptResult,
    decrypt,
    encrypt,
    looks_encrypted,
    parse_crypt_keys,
)

KEY_A = bytes(range(32))
KEY_B = bytes(range(100, 132))
NONCE = b"\x01" * 12
PEM = "-----BEGIN PRIVATE KEY-----\nRkFLRSBQUklWQVRFIEtFWQ==\n-----END PRIVATE KEY-----"


def test_round_trip() -> None:
    value = encrypt(PEM, KEY_A)
    assert looks_encrypted(value)
    assert value.startswith("0:3:")
    assert decrypt(value, [KEY_A]) == DecryptResult("decrypted", PEM)


def test_encrypt_is_deterministic_with_a_nonce() -> None:
    first = encrypt("secret", KEY_A, nonce=NONCE)
    assert first == encrypt("secret", KEY_A, nonce=NONCE)
    assert first != encrypt("secret", KEY_A, nonce=b"\x02" * 12)
    blob = base64.b64decode(first.split(":", 2)[2])
    assert blob[:12] == NONCE
    assert len(blob) == 12 + len("secret") + 16


def test_known_vector_nonce_is_associated_data() -> None:
    # Built independently: sodium semantics, the nonce is passed as AD too.
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    sealed = ChaCha20Poly1305(KEY_A).encrypt(NONCE, b"hello", NONCE)
    value = "0:3:" + base64.b64encode(NONCE + sealed).decode()
    assert encrypt("hello", KEY_A, nonce=NONCE) == value
    assert decrypt(value, [KEY_A]).plaintext == "hello"
    without_ad = ChaCha20Poly1305(KEY_A).encrypt(NONCE, b"hello", None)
    wrong = "0:3:" + base64.b64encode(NONCE + without_ad).decode()
    assert decrypt(wrong, [KEY_A]).status == "failed"


def test_second_key_index() -> None:
    value = encrypt("rotated", KEY_B, key_index=1)
    assert value.startswith("1:3:")
    assert decrypt(value, [KEY_A, KEY_B]) == DecryptResult("decrypted", "rotated")
    assert decrypt(value, [KEY_B, KEY_A]).status == "failed"


def test_unknown_key_index() -> None:
    value = encrypt("x", KEY_A, key_index=2)
    assert decrypt(value, [KEY_A, KEY_B]) == DecryptResult("unknown_key_index", None)
    assert decrypt(value, []).status == "unknown_key_index"
    assert decrypt("99999999999999999999:3:AAAA", [KEY_A]).status == "unknown_key_index"


def test_wrong_key_fails() -> None:
    value = encrypt("x", KEY_A)
    assert decrypt(value, [KEY_B]) == DecryptResult("failed", None)


def test_tampered_tag_fails() -> None:
    value = encrypt("payload", KEY_A, nonce=NONCE)
    blob = bytearray(base64.b64decode(value.split(":", 2)[2]))
    blob[-1] ^= 0x01
    tampered = "0:3:" + base64.b64encode(bytes(blob)).decode()
    assert looks_encrypted(tampered)
    assert decrypt(tampered, [KEY_A]).status == "failed"


def test_short_payload_and_bad_key_length_fail() -> None:
    assert decrypt("0:3:AAAA", [KEY_A]).status == "failed"
    assert decrypt(encrypt("x", KEY_A), [b"short"]).status == "failed"
    assert decrypt("0:3:A", [KEY_A]).status == "failed"  # matches the regex, not valid base64


def test_empty_and_non_utf8_plaintext_fail() -> None:
    assert decrypt(encrypt("", KEY_A), [KEY_A]).status == "failed"
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    sealed = ChaCha20Poly1305(KEY_A).encrypt(NONCE, b"\xff\xfe", NONCE)
    value = "0:3:" + base64.b64encode(NONCE + sealed).decode()
    assert decrypt(value, [KEY_A]).status == "failed"


def test_legacy_cipher_versions_are_unsupported() -> None:
    assert decrypt("0:2:" + base64.b64encode(b"x" * 40).decode(), [KEY_A]).status == "unsupported_cipher"
    assert decrypt("0:1:QUJD", [KEY_A]).status == "unsupported_cipher"
    assert decrypt("0:2:abcdefgh:QUJD", [KEY_A]).status == "unsupported_cipher"
    assert not looks_encrypted("0:2:abcdefgh:QUJD")


def test_not_ciphertext() -> None:
    for value in ("", "plain", PEM, "0:3:", "0:3:abc def", "a:3:QUJD", "0:3:QUJD\n", "٠:3:QUJD"):
        assert decrypt(value, [KEY_A]) == DecryptResult("not_ciphertext", None)
        assert not looks_encrypted(value)


def test_regex_matches_magento_samples() -> None:
    assert CIPHERTEXT_RE.fullmatch("0:3:q0Xb+/9==")
    assert looks_encrypted("12:3:QUJD")
    assert not looks_encrypted("0:3:QUJD===")


def test_double_encrypted_value_decrypts_to_ciphertext() -> None:
    inner = encrypt(PEM, KEY_A)
    outer = encrypt(inner, KEY_A)
    once = decrypt(outer, [KEY_A])
    assert once.status == "decrypted"
    assert once.plaintext is not None and looks_encrypted(once.plaintext)
    assert decrypt(once.plaintext, [KEY_A]).plaintext == PEM


def test_parse_base64_keys() -> None:
    encoded = "base64" + base64.b64encode(KEY_A).decode()
    assert parse_crypt_keys(encoded) == [KEY_A]
    two = f"  {encoded}\n\tbase64{base64.b64encode(KEY_B).decode()} "
    assert parse_crypt_keys(two) == [KEY_A, KEY_B]
    assert parse_crypt_keys("") == []
    assert parse_crypt_keys("   \n ") == []


def test_parse_base64_key_is_lenient_like_php() -> None:
    unpadded = "base64" + base64.b64encode(KEY_A).decode().rstrip("=")
    assert parse_crypt_keys(unpadded) == [KEY_A]
    assert parse_crypt_keys("base64!!!") == [b""]


def test_legacy_raw_32_char_key() -> None:
    legacy = "0123456789abcdef0123456789abcdef"
    keys = parse_crypt_keys(legacy)
    assert keys == [legacy.encode()]
    value = encrypt("legacy", keys[0])
    assert decrypt(value, keys).plaintext == "legacy"


def test_mixed_key_list_uses_positions() -> None:
    legacy = "0123456789abcdef0123456789abcdef"
    keys = parse_crypt_keys(f"{legacy} base64{base64.b64encode(KEY_B).decode()}")
    assert decrypt(encrypt("new", KEY_B, key_index=1), keys).plaintext == "new"
    assert decrypt(encrypt("old", legacy.encode(), key_index=0), keys).plaintext == "old"


def test_encrypt_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        encrypt("x", b"short")
    with pytest.raises(ValueError):
        encrypt("x", KEY_A, nonce=b"123")
    with pytest.raises(ValueError):
        encrypt("x", KEY_A, key_index=-1)


def test_import_does_not_load_cryptography() -> None:
    code = "import sys, linter.crypto; print('cryptography' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


ciphertext_like = st.builds(
    lambda i, v, b: f"{i}:{v}:{b}",
    st.integers(min_value=0, max_value=10**30),
    st.integers(min_value=0, max_value=5),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", max_size=80),
)


@settings(max_examples=300)
@given(st.one_of(st.text(), ciphertext_like), st.lists(st.binary(max_size=40), max_size=3))
def test_decrypt_never_raises(value: str, keys: list[bytes]) -> None:
    result = decrypt(value, keys)
    assert isinstance(result, DecryptResult)
    assert (result.plaintext is not None) == (result.status == "decrypted")


@settings(max_examples=200)
@given(st.text())
def test_parse_crypt_keys_never_raises(value: str) -> None:
    keys = parse_crypt_keys(value)
    assert len(keys) == len(value.split())


@settings(max_examples=100)
@given(st.text(min_size=1), st.binary(min_size=32, max_size=32), st.integers(min_value=0, max_value=5))
def test_round_trip_property(plaintext: str, key: bytes, index: int) -> None:
    keys = [KEY_A] * index + [key]
    value = encrypt(plaintext, key, key_index=index)
    assert looks_encrypted(value)
    trimmed = plaintext.strip(" \t\n\r\0\x0b")  # as Encryptor::decrypt() trims
    expected = DecryptResult("decrypted", trimmed) if trimmed else DecryptResult("failed")
    assert decrypt(value, keys) == expected
