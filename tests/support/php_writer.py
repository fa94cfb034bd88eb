"""Write data as Magento's PhpFormatter does: `<?php return [...]`, short arrays, var_export scalars."""

from __future__ import annotations

from typing import Any


def php_scalar(value: Any) -> str:
    """A scalar as var_export renders it (single quotes; only \\\\ and \\' escaped)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _key(key: str) -> str:
    return key if key.isdigit() and not key.startswith("0") else php_scalar(key)


def php_array(data: dict[str, Any], indent: int = 1, long_syntax: bool = False) -> str:
    """A nested array in short (`[...]`) or long (`array (...)`) syntax, 4-space indent."""
    opening, closing = ("array (", ")") if long_syntax else ("[", "]")
    pad = "    " * indent
    lines = [opening]
    for key, value in data.items():
        rendered = php_array(value, indent + 1, long_syntax) if isinstance(value, dict) else php_scalar(value)
        lines.append(f"{pad}{_key(str(key))} => {rendered},")
    lines.append("    " * (indent - 1) + closing)
    return "\n".join(lines)


def php_file(data: dict[str, Any], long_syntax: bool = False) -> str:
    """A whole env.php/config.php."""
    return "<?php\nreturn " + php_array(data, 1, long_syntax) + ";\n"
