"""What a stored value really is: plaintext, ciphertext we can or cannot decrypt, or worse."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from linter.formats import Role
from linter.record import Record

if TYPE_CHECKING:
    from linter.model.sources import Setting

CIPHERTEXT = re.compile(r"^\d+:\d+:[A-Za-z0-9+/]+={0,2}\Z")

# Status values:
#   missing          nothing is set
#   plain            not ciphertext: the value is what Magento uses
#   decrypted        ciphertext that decrypts with the instance's crypt/key
#   no_key           ciphertext, and the instance's crypt/key is not available: not verifiable
#   double_encrypted decrypts to another ciphertext (in config:show output: decrypts at all)
#   undecryptable    ciphertext whose key index is unknown or that fails to decrypt (in config:show
#                    output: any other ciphertext, since Magento printed it undecrypted)
#   variable_ciphertext ciphertext from a CONFIG__ variable: Magento never decrypts those
#   unsupported      a legacy cipher version commerce-lint does not decrypt
#   dynamic          computed at run time (getenv(), a variable): never guessed


class Revealed(Record):
    """A value's status and, when known, the plaintext Magento would use."""

    __slots__ = ("status", "text")

    def __init__(self, status: str, text: str | None = None) -> None:
        self.status = status
        self.text = text

    @property
    def verifiable(self) -> bool:
        """True when ``text`` is the value Magento uses."""
        return self.status in ("plain", "decrypted")


def looks_encrypted(value: str) -> bool:
    """Magento ciphertext: ``<key index>:<cipher version>:<base64>``."""
    return CIPHERTEXT.match(value.strip()) is not None


def reveal(value: str | None, setting: Setting | None, keys: list[bytes]) -> Revealed:
    """Classify ``value`` and decrypt it when the instance's keys allow."""
    if setting is not None and setting.dynamic:
        return Revealed("dynamic")
    if value is None or not value.strip():
        return Revealed("missing")
    if not looks_encrypted(value):
        return Revealed("plain", value)
    if setting is not None and setting.variable is not None:
        return Revealed("variable_ciphertext")
    if setting is not None and setting.source.role == Role.CONFIG_SHOW:
        return _shown_ciphertext(value, keys)
    if not keys:
        return Revealed("no_key")
    from linter.crypto import decrypt

    result = decrypt(value.strip(), keys)
    if result.status == "decrypted" and result.plaintext is not None:
        if looks_encrypted(result.plaintext):
            return Revealed("double_encrypted")
        return Revealed("decrypted", result.plaintext)
    if result.status == "unsupported_cipher":
        return Revealed("unsupported")
    return Revealed("undecryptable")


def _shown_ciphertext(value: str, keys: list[bytes]) -> Revealed:
    """Ciphertext that config:show printed. Magento decrypts connector keys once before printing and
    prints what does not decrypt as it is (KeyEncrypted's safe decrypt). So ciphertext there is a value
    this instance's key could not decrypt, unless the key decrypts the printed text: then Magento's one
    decryption gave ciphertext again, and the stored value was encrypted twice."""
    if not keys:
        return Revealed("undecryptable")
    from linter.crypto import decrypt

    status = decrypt(value.strip(), keys).status
    if status == "decrypted":
        return Revealed("double_encrypted")
    if status == "unsupported_cipher":
        return Revealed("unsupported")
    return Revealed("undecryptable")
