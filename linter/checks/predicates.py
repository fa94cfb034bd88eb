"""Named, reusable predicates for checks that need real code: PEM shape, API-key shape, ciphertext."""

from __future__ import annotations

import re
from collections.abc import Callable

from linter.model.reveal import Revealed

_ARMOR = re.compile(r"^-----(BEGIN|END) ([A-Z0-9 ]+)-----$")
_BASE64_LINE = re.compile(r"^[A-Za-z0-9+/=]+$")
_UNUSABLE = {"double_encrypted", "undecryptable", "variable_ciphertext"}


def _pre(revealed: Revealed) -> str | None:
    """Shared handling of values whose plaintext is not known."""
    if revealed.status == "missing":
        return "missing"
    if revealed.status in ("no_key", "unsupported", "dynamic"):
        return "not_verifiable"
    if revealed.status in _UNUSABLE:
        return "unusable"
    return None


def private_key_pem(revealed: Revealed) -> str:
    """ok (PKCS#8), pkcs1, literal_newlines, public_key, certificate, encrypted_key, no_armor,
    mismatched_labels, unexpected_label, multiple_blocks, bad_body; or missing/not_verifiable/unusable."""
    early = _pre(revealed)
    if early is not None:
        return early
    text = (revealed.text or "").strip()
    if "\\n" in text and "-----BEGIN" in text:
        return "literal_newlines"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if text.count("-----BEGIN") > 1:
        return "multiple_blocks"
    first = _ARMOR.match(lines[0]) if lines else None
    last = _ARMOR.match(lines[-1]) if lines else None
    if not first or not last or first.group(1) != "BEGIN" or last.group(1) != "END" or len(lines) < 2:
        return "no_armor"
    label = first.group(2)
    if label != last.group(2):
        return "mismatched_labels"
    body = lines[1:-1]
    if label == "RSA PRIVATE KEY" and any(
        line.startswith("Proc-Type:") and "ENCRYPTED" in line for line in body
    ):
        return "encrypted_key"
    kind = _LABELS.get(label)
    if kind is None:
        kind = "public_key" if "PUBLIC KEY" in label else "certificate" if "CERTIFICATE" in label else None
    if kind is None:
        return "unexpected_label"
    if kind not in ("ok", "pkcs1"):
        return kind
    if not body or not all(_BASE64_LINE.match(line) for line in body):
        return "bad_body"
    return kind


_LABELS = {
    "PRIVATE KEY": "ok",
    "RSA PRIVATE KEY": "pkcs1",
    "ENCRYPTED PRIVATE KEY": "encrypted_key",
    "PUBLIC KEY": "public_key",
    "RSA PUBLIC KEY": "public_key",
    "CERTIFICATE": "certificate",
}


def api_key_token(revealed: Revealed) -> str:
    """ok, padded, pem, multiline, whitespace, control; or missing/not_verifiable/unusable.

    The key is sent as an HTTP header: guzzle strips spaces and tabs around a header value (padded
    still works) and refuses CR and LF; whitespace inside splits the token; any other control
    character (NUL, DEL, ESC) fails guzzle's header check (``[\x20\x09\x21-\x7e\x80-\xff]*``). A
    decrypted key is already trimmed, as Encryptor::decrypt() trims.
    """
    early = _pre(revealed)
    if early is not None:
        return early
    text = revealed.text or ""
    if "-----BEGIN" in text or "-----END" in text:
        return "pem"
    if "\n" in text or "\r" in text:
        return "multiline"
    token = text.strip(" \t")
    if any(char.isspace() for char in token):
        return "whitespace"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in token):
        return "control"
    return "padded" if token != text else "ok"


def key_encryption(revealed: Revealed) -> str:
    """The value's storage status: missing, plain, decrypted, no_key, double_encrypted, undecryptable,
    variable_ciphertext or unsupported."""
    return revealed.status


Verdict = Callable[[Revealed], str]


class Predicate:
    """A named predicate: the function and every verdict it can return (``in:`` is checked at load)."""

    __slots__ = ("function", "meaning", "results")

    def __init__(self, function: Verdict, results: tuple[str, ...], meaning: str) -> None:
        self.function = function
        self.results = results
        self.meaning = meaning


_UNKNOWN_PLAINTEXT = ("missing", "not_verifiable", "unusable")

PREDICATES: dict[str, Predicate] = {
    "private_key_pem": Predicate(
        private_key_pem,
        (
            *("ok", "pkcs1", "literal_newlines", "public_key", "certificate", "encrypted_key", "no_armor"),
            *("mismatched_labels", "unexpected_label", "multiple_blocks", "bad_body", *_UNKNOWN_PLAINTEXT),
        ),
        "the shape of a PEM private key (`ok` is PKCS#8)",
    ),
    "api_key_token": Predicate(
        api_key_token,
        ("ok", "padded", "pem", "multiline", "whitespace", "control", *_UNKNOWN_PLAINTEXT),
        "the shape of an API key sent as a header: one token (`padded`: spaces or tabs around it only)",
    ),
    "key_encryption": Predicate(
        key_encryption,
        (
            *("missing", "plain", "decrypted", "no_key", "double_encrypted", "undecryptable"),
            *("variable_ciphertext", "unsupported", "dynamic"),
        ),
        "how the value is stored: plaintext, decrypted with the instance's `crypt/key`, or why not",
    ),
}
