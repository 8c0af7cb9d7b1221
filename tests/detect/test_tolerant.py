"""Separator-tolerant patterns accept every value whose compact form the pattern matches."""

from __future__ import annotations

import random

import polars as pl
import pytest

from secsuite.detect.normalize import SEPARATOR_CLASS
from secsuite.detect.spec import load_specs
from secsuite.detect.tolerant import separator_tolerant

COMPACT_PATTERNS = [
    (spec.id, pattern.name, pattern.regex)
    for spec in load_specs()
    if spec.normalize == "compact"
    for pattern in spec.patterns
]
SEPARATORS = [" ", "-", ".", "(", ")", "（", "）", "·", "\t"]


def _typed(value: str, rng: random.Random) -> str:
    """``value`` as people type it: separators between some characters and around it."""
    out = [rng.choice(SEPARATORS) if rng.random() < 0.2 else ""]
    for char in value:
        out.append(char)
        if rng.random() < 0.3:
            out.append(rng.choice(SEPARATORS) * rng.randint(1, 2))
    return "".join(out)


EXAMPLES = {
    "CN_RESIDENT_ID": ["11010519491231002X", "110105491231002"],
    "CN_MOBILE": ["13800138000", "+8613800138000", "008613912345678"],
    "BANK_CARD": ["6222020200112233445"],
    "CN_USCC": ["91320300MA1MXXXX4K"],
    "CN_LICENSE_PLATE": ["苏A12345", "苏AD12345", "京A·12345", "苏A12345D"],
    "CN_PASSPORT": ["E12345678", "EA1234567", "DE1234567", "S1234567"],
    "CN_HK_MACAO_PERMIT": ["C12345678", "CA1234567", "H1234567890"],
    "IMEI": ["490154203237518"],
    "VIN": ["LSVAU2180N2183294"],
}


@pytest.mark.parametrize(("entity", "name", "regex"), COMPACT_PATTERNS)
def test_typed_forms_of_matching_values_match_the_tolerant_pattern(entity: str, name: str, regex: str) -> None:
    tolerant = separator_tolerant(regex, SEPARATOR_CLASS)
    assert tolerant is not None, f"{entity}/{name} should be rewritable"
    compact = pl.Series([*EXAMPLES[entity], "ABC", "12", "例如", ""])
    matching = compact.filter(compact.str.contains(f"^(?:{regex})$"))
    assert matching.len() > 0, f"no example matches {entity}/{name}"
    rng = random.Random(entity + name)
    typed = pl.Series([_typed(value, rng) for value in matching.to_list() for _ in range(20)])
    assert typed.str.contains(f"^(?:{tolerant})$").all()
    # Without separators the tolerant pattern is the pattern itself.
    assert compact.str.contains(f"^(?:{tolerant})$").to_list() == compact.str.contains(f"^(?:{regex})$").to_list()


@pytest.mark.parametrize("regex", [r"(?i)abc", r"(?=x)\d", r"\bword\b"])
def test_constructs_it_does_not_know_are_left_to_compaction(regex: str) -> None:
    assert separator_tolerant(regex, SEPARATOR_CLASS) is None
