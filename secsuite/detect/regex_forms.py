"""Rewritten forms of the specs' regexes, for cheaper passes with the same answers.

Separator-tolerant patterns test a compact-normalised pattern against values as typed. A pattern
of a ``normalize: compact`` spec is matched against the value without separators
(``138-0013 8000`` -> ``13800138000``). Removing the separators from every value of a batch only
to learn that none of the dormant entities of a column match is a costly pass; the same question
is answered on the trimmed values by the pattern with optional separators before each character
(``S*1S*[3-9]...``): a value matches the tolerant pattern whenever its compact form matches the
pattern (and the exact match on the compact form decides afterwards).

A whole-value pattern of the form ``.*X.*`` (the address gazetteer's) fully matches exactly the
values without a line break that contain X, when X cannot match a line break: a search for X stops
at its first occurrence, where the anchored form reads every value to its end.

Every match of most patterns holds one of a few ASCII characters (``@`` for an e-mail address,
``.`` or ``:`` for an IP address, a letter for a keyword list): a batch of ASCII values in which
none of them occurs cannot match the pattern, and is not searched for it (``required_ascii``).

Patterns are rewritten from Python's parse of them (``re._parser``), which spec validation already
relies on; constructs the rewriter does not know give None, and the caller keeps the pattern as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_CATEGORIES = {
    sre_constants.CATEGORY_DIGIT: r"\d",
    sre_constants.CATEGORY_NOT_DIGIT: r"\D",
    sre_constants.CATEGORY_WORD: r"\w",
    sre_constants.CATEGORY_NOT_WORD: r"\W",
    sre_constants.CATEGORY_SPACE: r"\s",
    sre_constants.CATEGORY_NOT_SPACE: r"\S",
}


class _Unsupported(Exception):
    pass


def _char(code: int) -> str:
    return f"\\x{{{code:X}}}"


def _class_item(op: object, value: object) -> str:
    if op is sre_constants.LITERAL:
        return _char(value)  # type: ignore[arg-type]
    if op is sre_constants.RANGE:
        low, high = value  # type: ignore[misc]
        return f"{_char(low)}-{_char(high)}"
    if op is sre_constants.CATEGORY and value in _CATEGORIES:
        return _CATEGORIES[value]
    raise _Unsupported(op)


def _atom(op: object, value: object) -> str:
    """A single-character item in Rust regex syntax."""
    if op is sre_constants.LITERAL:
        return _char(value)  # type: ignore[arg-type]
    if op is sre_constants.NOT_LITERAL:
        return f"[^{_char(value)}]"  # type: ignore[arg-type]
    if op is sre_constants.ANY:
        return "."
    if op is sre_constants.IN:
        items = list(value)  # type: ignore[call-overload]
        negate = bool(items) and items[0][0] is sre_constants.NEGATE
        body = "".join(_class_item(item_op, item_value) for item_op, item_value in items[negate:])
        return f"[{'^' if negate else ''}{body}]"
    raise _Unsupported(op)


def _sequence(tree: list, gap: str) -> str:
    parts = []
    for op, value in tree:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, body = value
            bound = f"{{{low},}}" if high == sre_constants.MAXREPEAT else f"{{{low},{high}}}"
            lazy = "?" if op is sre_constants.MIN_REPEAT else ""
            parts.append(f"(?:{_sequence(list(body), gap)}){bound}{lazy}")
        elif op is sre_constants.SUBPATTERN:
            _, add_flags, del_flags, body = value
            if add_flags or del_flags:
                raise _Unsupported(op)
            parts.append(f"(?:{_sequence(list(body), gap)})")
        elif op is sre_constants.BRANCH:
            parts.append("(?:" + "|".join(_sequence(list(branch), gap) for branch in value[1]) + ")")
        else:
            parts.append(gap + _atom(op, value))
    return "".join(parts)


@cache
def separator_tolerant(regex: str, separators: str) -> str | None:
    """``regex`` (unanchored, as written in a spec) with ``separators`` (a character class) allowed
    before every character and at the end; None when the regex uses a construct not handled here."""
    try:
        tree = sre_parse.parse(regex)
        if tree.state.flags & ~(re.UNICODE | re.VERBOSE):  # inline (?i) and the like
            return None
        return _sequence(list(tree), f"{separators}*") + f"{separators}*"
    except (_Unsupported, re.error):
        return None


def _any_run(node: tuple) -> bool:
    op, value = node
    return op is sre_constants.MAX_REPEAT and value[0] == 0 and value[1] == sre_constants.MAXREPEAT and (
        list(value[2]) == [(sre_constants.ANY, None)]
    )


def _may_match(tree: list, item: Callable[[object, object], bool], other: Callable[[object], bool]) -> bool:
    """Whether a character that a match of ``tree`` consumes may be one ``item`` admits (asked of
    each literal and of each item of a class, negation included); ``other(op)`` answers for any
    construct besides literals, classes, repeats, groups and alternations."""
    for op, value in tree:
        if op is sre_constants.LITERAL:
            if item(op, value):
                return True
        elif op is sre_constants.IN:
            if any(item(item_op, item_value) for item_op, item_value in value):
                return True
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            if _may_match(list(value[2]), item, other):
                return True
        elif op is sre_constants.SUBPATTERN:
            if _may_match(list(value[3]), item, other):
                return True
        elif op is sre_constants.BRANCH:
            if any(_may_match(list(branch), item, other) for branch in value[1]):
                return True
        elif other(op):
            return True
    return False


def _newline_item(op: object, value: object) -> bool:
    if op in (sre_constants.NEGATE, sre_constants.CATEGORY):
        return True  # [^...], \s and the negated classes can match a line break
    if op is sre_constants.RANGE:
        return value[0] <= ord("\n") <= value[1]  # type: ignore[index]
    return value == ord("\n")


def _may_match_newline(tree: list) -> bool:
    """. matches no line break; anything else not known here: assume it might."""
    return _may_match(tree, _newline_item, lambda op: op is not sre_constants.ANY)


@cache
def searchable_core(regex: str) -> str | None:
    """X when ``regex`` is ``.*X.*`` and X cannot match a line break, else None: the whole-value
    match is then "contains X, and no line break"."""
    try:
        tree = list(sre_parse.parse(regex))
        if len(tree) < 3 or not (_any_run(tree[0]) and _any_run(tree[-1])) or _may_match_newline(tree[1:-1]):
            return None
        return _sequence(tree[1:-1], "")
    except (_Unsupported, re.error):
        return None


_ASCII = frozenset(map(chr, range(128)))
_ASCII_CATEGORIES = {
    sre_constants.CATEGORY_DIGIT: frozenset("0123456789"),
    # \s in Python or Rust, and what str.isspace() adds (\x1c-\x1f), for a superset of both.
    sre_constants.CATEGORY_SPACE: frozenset(" \t\n\r\f\v\x1c\x1d\x1e\x1f"),
    sre_constants.CATEGORY_WORD: frozenset("_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
}


def _ascii_chars(op: object, value: object) -> frozenset[str] | None:
    """The ASCII characters a single-character item can match; None when it is not one (or is
    negated, which admits nearly everything)."""
    if op is sre_constants.LITERAL:
        return frozenset(chr(value)) & _ASCII  # type: ignore[arg-type]
    if op is not sre_constants.IN:
        return None
    chars: set[str] = set()
    for item_op, item_value in value:  # type: ignore[attr-defined]
        if item_op is sre_constants.LITERAL:
            chars.add(chr(item_value))
        elif item_op is sre_constants.RANGE:
            chars.update(map(chr, range(item_value[0], min(item_value[1], 127) + 1)))
        elif item_op is sre_constants.CATEGORY and item_value in _ASCII_CATEGORIES:
            chars.update(_ASCII_CATEGORIES[item_value])
        else:
            return None
    return frozenset(chars) & _ASCII


def _required_sets(tree: list) -> list[frozenset[str]]:
    """Sets of ASCII characters each of which every ASCII match of ``tree`` (a sequence) holds one
    of: one per mandatory single character, repeat, group or alternation that requires one."""
    found: list[frozenset[str]] = []
    for op, value in tree:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            if value[0] >= 1:
                found.extend(_required_sets(list(value[2])))
        elif op is sre_constants.SUBPATTERN:
            if value[1] or value[2]:  # (?i:...) and the like
                raise _Unsupported(op)
            found.extend(_required_sets(list(value[3])))
        elif op is sre_constants.BRANCH:
            # A branch is taken: one character of the smallest set of each branch, all together.
            branches = [_required_sets(list(branch)) for branch in value[1]]
            if all(branches):
                found.append(frozenset().union(*(min(sets, key=len) for sets in branches)))
        else:
            chars = _ascii_chars(op, value)
            if chars is not None:
                found.append(chars)
    return found


@cache
def required_ascii(regex: str) -> tuple[frozenset[str], ...]:
    """Sets of ASCII characters such that every match of ``regex`` made of ASCII characters holds
    one character of each (an empty set: there is no such match), smallest first; none known: ()."""
    try:
        tree = sre_parse.parse(regex)
        if tree.state.flags & ~(re.UNICODE | re.VERBOSE):
            return ()
        return tuple(sorted(set(_required_sets(list(tree))), key=lambda chars: (len(chars), sorted(chars))))
    except (_Unsupported, re.error):
        return ()


HAN = (0x4E00, 0x9FFF)
"""CJK Unified Ideographs: the Han characters of names, addresses and notes (``admits_han``)."""


def _han_item(op: object, value: object) -> bool:
    if op is sre_constants.LITERAL:
        return HAN[0] <= value <= HAN[1]  # type: ignore[operator]
    if op is sre_constants.RANGE:
        return value[0] <= HAN[1] and value[1] >= HAN[0]  # type: ignore[index]
    if op is sre_constants.CATEGORY:
        return value not in (sre_constants.CATEGORY_DIGIT, sre_constants.CATEGORY_SPACE)  # \w holds Han; \D, \W, \S nearly all
    return op is sre_constants.NEGATE


@cache
def admits_han(regex: str) -> bool:
    """Whether some match of ``regex`` may hold a Han character (``HAN``); True when unsure. A
    whole-value pattern that admits none cannot match a value holding one: an ID number's pattern
    is not tried on an address or a note."""
    try:  # anchors match no character; any other construct not known here: assume it might
        return _may_match(list(sre_parse.parse(regex)), _han_item, lambda op: op is not sre_constants.AT)
    except re.error:
        return True
