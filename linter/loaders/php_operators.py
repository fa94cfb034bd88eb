"""PHP's arithmetic, bitwise and '.' operators on literal values, folded as PHP 8 evaluates them.

An expression arrives as a flat list ``[prefix, operand, operator, prefix, operand, ...]`` where
each prefix is the list of unary operators written before its operand. Whatever PHP would compute
with warnings, coercions this reader does not model (numeric strings, arrays) or an exception
other than division by zero comes back as ``UNKNOWN``: the caller keeps the expression as dynamic.
"""

from __future__ import annotations

import math
from typing import Any

from linter.loaders.php_tokens import INT_MAX, LiteralError, concatenate, to_int, wrap

UNKNOWN: Any = object()  # a value PHP computes in a way this reader does not model
_INT_MIN = -INT_MAX - 1
# Binary operators below '**', loosest last (PHP 8: '.' binds looser than '+' and '<<').
_LEVEL = {"*": 6, "/": 6, "%": 6, "+": 5, "-": 5, "<<": 4, ">>": 4, ".": 3, "&": 2, "^": 1, "|": 0}
BINARY = frozenset([*_LEVEL, "**"])


def fold(parts: list[Any]) -> Any:
    """The value of ``parts``, or UNKNOWN; LiteralError where PHP stops (division by zero)."""
    values: list[Any] = []
    operators: list[str] = []
    # '**' binds tighter than unary minus and to the right: fold its chains from the right first.
    accumulated: Any = None
    last = len(parts) // 3
    for index in range(last, -1, -1):
        value = parts[3 * index + 1]
        if index < last and parts[3 * index + 2] == "**":
            value = power(value, accumulated)
        for unary in reversed(parts[3 * index]):
            if value is UNKNOWN:
                break
            value = _unary(unary, value)
        if value is UNKNOWN:
            return UNKNOWN
        accumulated = value
        if index == 0 or parts[3 * index - 1] != "**":
            values.append(value)
            if index:
                operators.append(parts[3 * index - 1])
    values.reverse()
    operators.reverse()
    # Left-associative precedence climbing over what is left, with an operator stack.
    stack_values = [values[0]]
    stack_ops: list[str] = []
    for operator, value in zip(operators, values[1:], strict=True):
        level = _LEVEL[operator]
        while stack_ops and _LEVEL[stack_ops[-1]] >= level:
            right = stack_values.pop()
            stack_values[-1] = binary(stack_ops.pop(), stack_values[-1], right)
            if stack_values[-1] is UNKNOWN:
                return UNKNOWN
        stack_ops.append(operator)
        stack_values.append(value)
    while stack_ops:
        right = stack_values.pop()
        stack_values[-1] = binary(stack_ops.pop(), stack_values[-1], right)
        if stack_values[-1] is UNKNOWN:
            return UNKNOWN
    result = stack_values[0]
    return "".join(result) if type(result) is _Joined else result


class _Joined(list[str]):
    """The pieces of a '.' chain, joined once at the end: pairwise joins would copy quadratically."""

    __slots__ = ()


def _concatenate(left: Any, right: Any) -> Any:
    piece = concatenate([right])
    if piece is None:
        return UNKNOWN
    if type(left) is _Joined:
        left.append(piece)
        return left
    first = concatenate([left])
    return UNKNOWN if first is None else _Joined([first, piece])


def _number(value: Any) -> Any:
    """An operand as PHP's arithmetic takes it: bools and null as ints; strings and arrays UNKNOWN."""
    kind = type(value)
    if kind is int or kind is float:
        return value
    if kind is bool:
        return int(value)
    if value is None:
        return 0
    return UNKNOWN


def _integer(value: Any) -> Any:
    number = _number(value)
    if type(number) is float:
        return to_int(number)
    return number


def _unary(operator: str, value: Any) -> Any:
    if operator == "~":
        kind = type(value)
        if kind is int:
            return ~value
        return ~to_int(value) if kind is float else UNKNOWN
    # PHP compiles unary minus and plus as a multiplication by -1 and 1.
    return binary("*", value, -1 if operator == "-" else 1)


def binary(operator: str, left: Any, right: Any) -> Any:
    """``left operator right`` as PHP computes it, or UNKNOWN."""
    if operator == ".":
        return _concatenate(left, right)
    if operator == "**":
        return power(left, right)
    if operator in ("+", "-", "*", "/"):
        a, b = _number(left), _number(right)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        return _arithmetic(operator, a, b)
    a, b = _integer(left), _integer(right)
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if operator == "%":
        if b == 0:
            raise LiteralError("modulo by zero (PHP stops here with a DivisionByZeroError)")
        remainder = abs(a) % abs(b)  # C's remainder: the sign of the dividend
        return -remainder if a < 0 else remainder
    if operator in ("<<", ">>"):
        if b < 0:
            raise LiteralError("bit shift by a negative number (PHP stops here with an ArithmeticError)")
        if operator == ">>":
            return (-1 if a < 0 else 0) if b >= 64 else a >> b
        return 0 if b >= 64 else wrap(a << b)
    if operator == "&":
        return a & b
    return a | b if operator == "|" else a ^ b


def _arithmetic(operator: str, a: int | float, b: int | float) -> int | float:
    if operator == "/":
        if b == 0:
            raise LiteralError("division by zero (PHP stops here with a DivisionByZeroError)")
        if type(a) is int and type(b) is int and a % b == 0 and not (a == _INT_MIN and b == -1):
            return a // b
        return float(a) / float(b)
    if type(a) is int and type(b) is int:
        exact = a + b if operator == "+" else a - b if operator == "-" else a * b
        if _INT_MIN <= exact <= INT_MAX:
            return exact
    x, y = float(a), float(b)  # an overflowing int result is computed in doubles, as PHP does
    return x + y if operator == "+" else x - y if operator == "-" else x * y


def power(left: Any, right: Any) -> Any:
    """``left ** right``: ints while the result fits, as PHP's square-and-multiply loop decides."""
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    a, b = _number(left), _number(right)
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if type(a) is not int or type(b) is not int or b < 0:
        return c_pow(float(a), float(b))
    if b == 0:
        return 1
    if a == 0:
        return 0
    result, base, exponent = 1, a, b
    while exponent >= 1:
        if exponent % 2:
            exponent -= 1
            product = result * base
            if not _INT_MIN <= product <= INT_MAX:
                return float(result) * float(base) * c_pow(float(base), float(exponent))
            result = product
        else:
            exponent //= 2
            square = base * base
            if not _INT_MIN <= square <= INT_MAX:
                return float(result) * c_pow(float(base) * float(base), float(exponent))
            base = square
    return result


def c_pow(x: float, y: float) -> float:
    """C's pow(): Python's math.pow raises where C returns infinity or NaN."""
    try:
        return math.pow(x, y)
    except OverflowError:
        odd = y.is_integer() and y % 2 == 1
        return -math.inf if x < 0 and odd else math.inf
    except ValueError:
        if x == 0:  # 0 ** negative: infinity, negative for -0.0 to an odd power
            odd = y.is_integer() and y % 2 == 1
            return -math.inf if math.copysign(1.0, x) < 0 and odd else math.inf
        return math.nan
