"""Which values are secrets, how they are shown (a short fingerprint), and a last-line guard."""

from __future__ import annotations

import re
from collections.abc import Iterable

from linter.digest import sha256
from linter.model.paths import matches_any

# Config paths (section/group/field) whose values are secrets whatever their names.
SECRET_CONFIG_PATHS: tuple[str, ...] = (
    # Registered as sensitive in module-config's di.xml: every field of the group (domain.md §e).
    "adobe_ims/integration/**",
)
# The one definition of "secret by name", for a document key (crypt/key, db/connection/<name>/password,
# queue/amqp/password, session/redis/password, cache/graphql/id_salt, remote_storage credentials...)
# and for the last segment of a config path alike (services_connector/.../production_api_key,
# payment/<method>/secret_key, oauth/consumer/key_salt, system/smtp/pass, payment/*/trans_key...): a key
# of a kind that is secret (api-key, signing_key), or a name saying password, secret, token, salt or
# credential, with '_', '-' or no separator. Short forms (pass, pwd, auth, bearer, key) count only as a
# whole word, and not every *_key is a secret: "bypass" and "use_form_key" (a flag) are not.
_SECRET_NAME = re.compile(
    r"password|passwd|passphrase|secret|token|salt|credential|private[_-]?key|api[_-]?key|crypt[_-]?key"
    r"|(?:access|account|app|auth|client|consumer|encryption|hmac|license|master|merchant|shared|signing|trans)"
    r"[_-]?key|api[_-]?signature|(?:^|[^a-z0-9])(?:pass|pwd|auth|bearer)(?:[^a-z0-9]|$)|^key$",
    re.I,
)
_SCOPE_HEADS = {"default": 2, "websites": 3, "stores": 3}
_LOWER, _UPPER, _DIGITS = (  # written out: importing `string` compiles a regular expression
    frozenset(chars) for chars in ("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789")
)
_ALNUM = _LOWER | _UPPER | _DIGITS
_HEAD = 12  # characters every guarded secret has (see ``guarded``): the guard's index key


def fingerprint(value: str) -> str:
    """A short, stable stand-in for a secret: the first 8 hex digits of its SHA-256.

    Windows line endings count as LF: a key pasted in the Admin is stored with CRLF, the same key in
    env.php with LF, and one key must have one fingerprint (domain.md §e, the database layer)."""
    text = value.replace("\r\n", "\n") if "\r" in value else value
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def is_secret_name(name: str) -> bool:
    """True when a key or path segment named ``name`` holds a secret (``password``, ``api_key``...)."""
    return _SECRET_NAME.search(name) is not None


def is_secret_path(path: str) -> bool:
    """True when a config path holds a secret (keys, passwords, client secrets, IMS integration)."""
    return is_secret_name(path.rsplit("/", 1)[-1]) or matches_any(path, SECRET_CONFIG_PATHS)


def is_secret_key(key_path: tuple[str, ...]) -> bool:
    """True when a document key (e.g. ``crypt/key``, ``db/.../password``) holds a secret."""
    if not key_path:
        return False
    if is_secret_name(key_path[-1]):
        return True
    head = _SCOPE_HEADS.get(key_path[1]) if len(key_path) > 1 and key_path[0] == "system" else None
    return head is not None and len(key_path) > head and is_secret_path("/".join(key_path[head:]))


class SecretText(str):
    """A secret's text, as a rule's ``let`` binds it: compares as the text, shows as its fingerprint."""

    __slots__ = ()

    def __str__(self) -> str:
        return fingerprint(self)

    def __repr__(self) -> str:
        return f"SecretText({fingerprint(self)})"

    def __format__(self, spec: str) -> str:
        return format(fingerprint(self), spec)


def guarded(piece: str) -> bool:
    """Whether the last-line guard looks for ``piece``: only key material, never an ordinary word.

    Long enough and mixed enough that it cannot be a word of a message: at least 12 characters of
    three kinds (lower case, upper case, digits, others), or at least 16 of two kinds of letters and digits.
    """
    if len(piece) < 12:
        return False
    chars = set(piece)
    alphanumeric = bool(chars & _LOWER) + bool(chars & _UPPER) + bool(chars & _DIGITS)
    other = bool(chars - _ALNUM)
    return alphanumeric + other >= 3 or (len(piece) >= 16 and alphanumeric >= 2)


class Scrubber:
    """A last-line guard: replaces a whole known secret that slipped into a message by its fingerprint.

    Secrets must not reach messages in the first place (fingerprints are shown instead, and load
    errors never quote literal text). The guard only matches whole tokens (not inside a longer run of
    letters and digits) of values that look like key material (see ``guarded``), so a password that is
    an ordinary word (``magento``) never rewrites that word elsewhere, and no pattern of replacements
    tells the reader what a short password is. Secrets are indexed by their first characters, so a
    message costs time in its own length, however many secrets an instance has.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # first characters -> {piece: fingerprint of the whole secret it is part of}
        self._pieces: dict[str, dict[str, str]] = {}
        self._by_head: dict[str, list[str]] | None = None  # the pieces, longest first: built on first use
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Remember a secret value, and each of its lines (a PEM body may be quoted line by line).

        Every piece is replaced by the fingerprint of the whole secret: a fingerprint per line would
        tell the reader which lines they are, and short pieces could be looked up in a table.
        """
        text = secret.replace("\\n", "\n")  # a PEM written on one line with literal "\n"
        whole = fingerprint(secret.strip())
        for piece in {secret, text, *text.splitlines(), secret.removeprefix("base64")}:
            piece = piece.strip()
            if guarded(piece) and not piece.startswith("-----"):
                self._pieces.setdefault(piece[:_HEAD], {}).setdefault(piece, whole)
                self._by_head = None

    def scrub(self, text: str) -> str:
        """``text`` with every whole occurrence of a remembered secret replaced by ``[fingerprint]``."""
        if not self._pieces or len(text) < _HEAD:
            return text
        by_head = self._by_head
        if by_head is None:  # the longest match wins
            by_head = {head: sorted(known, key=len, reverse=True) for head, known in self._pieces.items()}
            self._by_head = by_head
        out: list[str] = []
        done = 0  # text[:done] is already in ``out``
        at = 0
        end = len(text) - _HEAD
        while at <= end:
            candidates = by_head.get(text[at : at + _HEAD])
            if candidates is None or (at and _word(text[at - 1]) and _word(text[at])):
                at += 1
                continue
            for secret in candidates:
                after = at + len(secret)
                if text.startswith(secret, at) and not (_word(secret[-1]) and _word(text[after : after + 1])):
                    out += [text[done:at], f"[{self._pieces[secret[:_HEAD]][secret]}]"]
                    done = at = after
                    break
            else:
                at += 1
        return "".join(out) + text[done:] if out else text


def _word(char: str) -> bool:
    """An ASCII letter or digit: a secret inside a longer run of them is not a whole token."""
    return char.isascii() and char.isalnum()


# getenv('NAME'), $_ENV['NAME'], $_SERVER['NAME']: the literal names a variable, it is not the value.
# Only upper-case names are kept (connector keys and crypt keys are lower-case hex or mixed-case base64),
# and only those that do not look like key material themselves.
_ENV_READS = frozenset(
    [("getenv", "(", ")"), ("\\getenv", "(", ")"), ("$_env", "[", "]"), ("$_server", "[", "]")]
)
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
_LITERALS = frozenset(["sq", "dq", "num", "badnum"])
_WORDS = frozenset(["true", "false", "null"])  # the bare words a secret path's expression may show
SHOWN_EXPRESSION = 200  # characters of a dynamic expression a message shows, at most


def masked_expression(expression: str, limit: int = SHOWN_EXPRESSION) -> str:
    """A PHP expression with its literal text hidden: fit to show for a secret path.

    All the literals together, joined in order, are one fingerprint, shown where the first one is;
    each later literal is ``[…]``. A fingerprint per piece would let a table of short pieces rebuild a key
    split as ``'9f3a' . 'c1d2' . ...``. Functions, classes, members, variables, casts, operators and
    upper-case constants stay, and so does an upper-case variable name read by ``getenv('NAME')`` or
    ``$_ENV['NAME']``, unless it looks like key material; any other bare word counts as literal text,
    as does the rest from a token that cannot be read on; comments are dropped. At most ``limit``
    characters are shown.
    """
    from linter.loaders.php_tokens import TOKEN

    tokens: list[tuple[str, str, bool]] = []  # kind, text, whether space or a comment came before it
    pos = 0
    while pos < len(expression):
        match = TOKEN.match(expression, pos)
        kind = match.lastgroup if match is not None else None
        if match is None or kind is None or kind == "end":
            break
        start = match.start(kind)
        if kind not in _LITERALS and kind not in ("name", "var", "cast", "op"):
            # A heredoc, an unterminated string or comment, a stray character: hide all the rest.
            tokens.append(("rest", expression[start:], start > pos))
            break
        tokens.append((kind, match.group(kind), start > pos))
        pos = match.end()
    literals: list[str] = []
    shown: list[str | None] = []  # None: where the fingerprint of all the literals goes
    for index, (kind, token, gap) in enumerate(tokens):
        text: str | None = token
        literal = kind in _LITERALS or kind == "rest" or (kind == "name" and _bare_key(tokens, index))
        if literal and not (kind in ("sq", "dq") and _reads_environment(tokens, index)):
            text = None if not literals else "[…]"
            literals.append(_literal_text(kind, token))
        shown.append(" " if gap and shown else "")
        shown.append(text)
    seal = f"[{fingerprint(''.join(literals))}]"
    return capped("".join(seal if text is None else text for text in shown), limit)


def capped(text: str, limit: int = SHOWN_EXPRESSION) -> str:
    """``text`` cut to ``limit`` characters, the last being "…" when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown_name(name: str) -> bool:
    """An upper-case name (``CSC_API_KEY``) that does not look like key material (see ``guarded``)."""
    return _ENV_NAME.match(name) is not None and not guarded(name)


def _bare_key(tokens: list[tuple[str, str, bool]], index: int) -> bool:
    """Whether the name at ``index`` may be a secret written bare (``?: Qz7kLm9Px4Vb8Nc``, ``?: magento``).

    Not a function, class or member (next to ``(``, ``::``, ``->``), not an upper-case constant name,
    not ``true``, ``false`` or ``null``: PHP reads any other bare word as an undefined constant.
    """
    token = tokens[index][1]
    after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
    before = tokens[index - 1][1] if index else ""
    if after in ("(", "::") or before in ("::", "->", "?->"):
        return False
    return not _shown_name(token) and token.lower() not in _WORDS


def _reads_environment(tokens: list[tuple[str, str, bool]], index: int) -> bool:
    """Whether the string at ``index`` is an upper-case name read by ``getenv(...)`` or ``$_ENV[...]``."""
    token = tokens[index][1]
    if not (2 <= index < len(tokens) - 1 and _shown_name(token[1:-1])):
        return False
    reader = (tokens[index - 2][1].lower(), tokens[index - 1][1], tokens[index + 1][1])
    return reader in _ENV_READS


def _literal_text(kind: str, token: str) -> str:
    """A literal's value as far as cheaply known, so that its fingerprint matches the value's."""
    from linter.loaders.php_tokens import single_quoted

    if kind == "sq":
        return single_quoted(token[1:-1])
    return token[1:-1] if kind == "dq" else token
