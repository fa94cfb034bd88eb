"""SHA-256 without importing hashlib: fingerprints and checksums on every run, at start-up cost.

``hashlib`` loads OpenSSL's libcrypto to offer every algorithm (about 8 M instructions, 1.5% of a
one-file pre-commit check); CPython's own SHA-256 module gives the same digests.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 12):
    from _sha2 import sha256
else:
    from _sha256 import sha256  # type: ignore[import-not-found]  # typeshed has no stub for it

__all__ = ["sha256"]
