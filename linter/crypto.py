"""Magento value encryption: crypt-key parsing and ChaCha20-Poly1305 (cipher version 3) values."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Literal

from linter.record import Record

__all__ = [
    "CIPHERTEXT_RE",
    "PHP_TRIM",
    "DecryptResult",
    "DecryptStatus",
    "decrypt",
    "encrypt",
    "looks_encrypted",
    "parse_crypt_keys",
]

#: The current ciphertext form ``<key index>:<cipher version>:<base64>``. Use ``fullmatch``.
CIPHERTEXT_RE = re.compile(r"^\d+:\d+:[A-Za-z0-9+/]+={0,2}$", re.ASCII)

# Legacy Rijndael-256 form ``<key index>:2:<iv>:<base64>``; recognised only to report it as unsupported.
_LEGACY_IV_RE = re.compile(r"^(\d+):(\d+):[^:]*:[A-Za-z0-9+/]+={0,2}$", re.ASCII)

_KEY_PREFIX = "base64"  # ConfigOptionsListConstants::STORE_KEY_ENCODED_RANDOM_STRING_PREFIX
_NOT_BASE64_RE = re.compile(r"[^A-Za-z0-9+/]")
_CHACHA_VERSION = 3
_NONCE_BYTES = 12
_TAG_BYTES = 16
_KEY_BYTES = 32
#: What PHP's ``trim()`` strips by default (M2 lib/internal/Magento/Framework/Encryption/Encryptor.php
#: trims every plaintext it returns): a key pasted with a trailing newline decrypts to the bare key.
PHP_TRIM = b" \t\n\r\0\x0b"
_MAX_INDEX_DIGITS = 9  # larger indexes never name a real key (and would hit int() digit limits)

DecryptStatus = Literal["decrypted", "not_ciphertext", "unknown_key_index", "failed", "unsupported_cipher"]


class DecryptResult(Record):
    """Outcome of :func:`decrypt`; ``plaintext`` is set only when ``status == "decrypted"``."""

    __slots__ = ("status", "plaintext")

    def __init__(self, status: DecryptStatus, plaintext: str | None = None) -> None:
        self.status = status
        self.plaintext = plaintext


def looks_encrypted(value: str) -> bool:
    """True when ``value`` has the current Magento ciphertext form (``0:3:...``)."""
    return CIPHERTEXT_RE.fullmatch(value) is not None


def _lenient_b64decode(text: str) -> bytes:
    """Decode base64 the way PHP's non-strict ``base64_decode`` does: skip junk, tolerate bad padding."""
    cleaned = _NOT_BASE64_RE.sub("", text)
    cleaned = cleaned[: len(cleaned) - len(cleaned) % 4] if len(cleaned) % 4 == 1 else cleaned
    return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))


def parse_crypt_keys(value: str) -> list[bytes]:
    """Split an env.php ``crypt.key`` value into key bytes; list index = key index in ciphertexts.

    ``base64``-prefixed keys are base64-decoded after the prefix; other keys (legacy 32-character
    keys) are used as their UTF-8 bytes. Never raises.
    """
    keys: list[bytes] = []
    for token in value.split():
        if token.startswith(_KEY_PREFIX):
            keys.append(_lenient_b64decode(token[len(_KEY_PREFIX) :]))
        else:
            keys.append(token.encode("utf-8", "surrogatepass"))
    return keys


def decrypt(value: str, keys: list[bytes]) -> DecryptResult:
    """Decrypt one stored config value with the instance's keys. Never raises.

    Mirrors Magento's ``Encryptor::decrypt`` for cipher version 3 (sodium
    ``chacha20poly1305_ietf`` with the nonce doubling as associated data), which trims the
    plaintext as PHP's ``trim()`` does, and the connector's safe-decrypt, which treats empty or
    non-UTF-8 output as a failure.
    """
    match = CIPHERTEXT_RE.fullmatch(value)
    if match is None:
        legacy = _LEGACY_IV_RE.fullmatch(value)
        if legacy is None:
            return DecryptResult("not_ciphertext")
        index_text, version_text = legacy.group(1), legacy.group(2)
    else:
        index_text, version_text, _ = value.split(":", 2)

    if len(index_text) > _MAX_INDEX_DIGITS or int(index_text) >= len(keys):
        return DecryptResult("unknown_key_index")
    if len(version_text) > _MAX_INDEX_DIGITS or int(version_text) != _CHACHA_VERSION or match is None:
        return DecryptResult("unsupported_cipher")

    key = keys[int(index_text)]
    if len(key) != _KEY_BYTES:
        return DecryptResult("failed")
    try:
        blob = base64.b64decode(value.split(":", 2)[2], validate=True)
    except (binascii.Error, ValueError):
        return DecryptResult("failed")
    if len(blob) < _NONCE_BYTES + _TAG_BYTES:
        return DecryptResult("failed")

    from cryptography.exceptions import InvalidTag

    ChaCha20Poly1305 = chacha20_poly1305()
    nonce = blob[:_NONCE_BYTES]
    try:
        raw = ChaCha20Poly1305(key).decrypt(nonce, blob[_NONCE_BYTES:], nonce)
    except (InvalidTag, ValueError):
        return DecryptResult("failed")
    raw = raw.strip(PHP_TRIM)  # Encryptor::decrypt() returns trim() of the plaintext
    if not raw:
        return DecryptResult("failed")
    try:
        plaintext = raw.decode("utf-8")
    except UnicodeDecodeError:
        return DecryptResult("failed")
    return DecryptResult("decrypted", plaintext)


def encrypt(plaintext: str, key: bytes, key_index: int = 0, nonce: bytes | None = None) -> str:
    """Encrypt like Magento (cipher version 3); deterministic when ``nonce`` (12 bytes) is given.

    Raises ValueError for a key that is not 32 bytes, a nonce that is not 12 bytes or a negative index.
    """
    if len(key) != _KEY_BYTES:
        raise ValueError(f"key must be {_KEY_BYTES} bytes, got {len(key)}")
    if key_index < 0:
        raise ValueError("key_index must not be negative")
    if nonce is None:
        import os

        nonce = os.urandom(_NONCE_BYTES)
    elif len(nonce) != _NONCE_BYTES:
        raise ValueError(f"nonce must be {_NONCE_BYTES} bytes, got {len(nonce)}")

    ChaCha20Poly1305 = chacha20_poly1305()
    sealed = ChaCha20Poly1305(key).encrypt(nonce, plaintext.encode("utf-8"), nonce)
    payload = base64.b64encode(nonce + sealed).decode("ascii")
    return f"{key_index}:{_CHACHA_VERSION}:{payload}"


def chacha20_poly1305() -> Any:
    """cryptography's ChaCha20Poly1305 class, imported on first use.

    Taken from the Rust binding that ``cryptography.hazmat.primitives.ciphers.aead`` re-exports: that
    public module imports every cipher, mode and algorithm wrapper first, 11 M instructions a
    pre-commit run would pay for one class. Should the binding move, the public module is used
    (tests/test_crypto_import.py checks that both give the same class).
    """
    try:
        from cryptography.hazmat.bindings._rust import openssl

        return openssl.aead.ChaCha20Poly1305
    except (ImportError, AttributeError):  # pragma: no cover - another cryptography layout
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        return ChaCha20Poly1305
