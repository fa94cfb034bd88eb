"""The cipher class crypto.py imports cheaply is cryptography's public ChaCha20Poly1305."""

from __future__ import annotations

import subprocess
import sys

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from linter.crypto import chacha20_poly1305, decrypt, encrypt


def test_the_binding_is_the_public_class() -> None:
    assert chacha20_poly1305() is ChaCha20Poly1305


def test_decrypting_does_not_import_the_cipher_wrappers() -> None:
    # The point of taking the class from the binding: the public aead module stays unimported.
    code = (
        "import sys; from linter.crypto import decrypt, encrypt; key = bytes(range(32));"
        "assert decrypt(encrypt('x', key), [key]).plaintext == 'x';"
        "print('cryptography.hazmat.primitives.ciphers.aead' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_round_trip_through_the_binding() -> None:
    key = bytes(range(32))
    assert decrypt(encrypt("the plaintext", key), [key]).plaintext == "the plaintext"
    assert decrypt(encrypt("the plaintext", key), [bytes(32)]).status == "failed"
