"""Finding identifiers inside free text (备注, 投诉内容, 病历摘要): the same patterns and validators
as the column path, searched rather than anchored, bounded so that a match is not part of a longer
number or word.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from secsuite.detect.spec import DetectorSpec
from secsuite.detect.values import validate

_EDGE = "[^0-9A-Za-z]"
_DIGIT_GAP = r"(\d)[ \-](\d)"


def join_digit_groups(texts: pl.Series) -> pl.Series:
    """``电话 138-3764 5345`` → ``电话 13837645345``: people group digits when they write numbers in
    text; compact identifiers are searched with the groups joined (two passes join single digits)."""
    if not texts.str.contains(_DIGIT_GAP).any():
        return texts
    return texts.str.replace_all(_DIGIT_GAP, "${1}${2}").str.replace_all(_DIGIT_GAP, "${1}${2}")


MAX_PASSES = 4


def _pieces(texts: pl.Series, bounded: str) -> pl.DataFrame:
    """Bounded matches with their row. A match consumes the separator after it, so a neighbour
    that shares it (``13800138000，13912345678``) is found by the next pass over the text with the
    matches blanked out."""
    rows = pl.int_range(texts.len(), eager=True)
    found = []
    for _ in range(MAX_PASSES):
        extracted = texts.str.extract_all(bounded)
        pieces = pl.DataFrame({"row": rows, "piece": extracted}).explode("piece").drop_nulls()
        if pieces.height == 0:
            break
        found.append(pieces)
        again = (extracted.list.len() > 0).fill_null(False)
        rows, texts = rows.filter(again), texts.filter(again).str.replace_all(bounded, "  ")
    return pl.concat(found) if found else pl.DataFrame(schema={"row": pl.Int64, "piece": pl.String})


def _bounded(regex: str, before: str = _EDGE) -> str:
    """``regex`` not inside a longer number or word (``before``: what may stand right before it)."""
    return f"(?:^|{before})(?:{regex})(?:$|{_EDGE})"


def _edge_before(spec: DetectorSpec) -> str:
    """The characters that may stand before a match of ``spec``: no letter or digit, nor any of the
    spec's ``text_not_after``."""
    return f"[^0-9A-Za-z{spec.text_not_after}]" if spec.text_not_after else _EDGE


def search_text(spec: DetectorSpec, texts: pl.Series, as_of: date) -> pl.DataFrame:
    """Validated matches inside ``texts`` (null entries are skipped): a frame of ``row`` (position in
    ``texts``), ``value`` and ``score`` (the matching pattern's score)."""
    found: list[pl.DataFrame] = []
    before = _edge_before(spec)
    patterns = [p for p in spec.patterns if p.match == "full" and not p.requires_name_hint]
    if len(patterns) > 1 and not texts.str.contains(
            _bounded("|".join(f"(?:{p.regex})" for p in patterns), before)).any():
        patterns = []  # one pass says that none of the spec's patterns occurs (the usual case)
    for pattern in patterns:
        pieces = _pieces(texts, _bounded(pattern.regex, before))
        if pieces.height == 0:
            continue
        core = pieces["piece"].str.extract(f"^{before}?((?:{pattern.regex})){_EDGE}?$", 1)
        valid = validate(pattern, core, core.is_not_null().to_numpy(), as_of)
        found.append(
            pl.DataFrame({"row": pieces["row"].filter(valid), "value": core.filter(valid)}).with_columns(
                score=pl.lit(pattern.score)
            )
        )
    if not found:
        return pl.DataFrame(schema={"row": pl.Int64, "value": pl.String, "score": pl.Float64})
    return pl.concat(found).unique(maintain_order=True)
