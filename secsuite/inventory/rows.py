"""Validating inventory records into pydantic models, one row at a time.

A bad row becomes ``InputError``s naming the file, the row and the field (Chinese header first),
and the other rows still go through: an auditor fixes every mistake of a file in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from secsuite.errors import InputError
from secsuite.inventory.tabular import Record

ModelT = TypeVar("ModelT", bound=BaseModel)


def field_name(key: str, labels: Mapping[str, str]) -> str:
    """How a field is named in an error: the Chinese header an auditor sees, then the key."""
    return f"{labels[key]} ({key})" if key in labels else key


def _message(error: dict, empty: bool) -> str:
    if error["type"] == "missing" or empty:
        return "缺少必填字段 (required field missing)"
    text = str(error["msg"]).removeprefix("Value error, ")
    return f"取值无效 (invalid value): {text}"


def closest_header(header: str, aliases: Iterable[str]) -> str | None:
    """The known header a misspelt one most likely means (级别 → 等保级别), if any is close."""
    matches = difflib.get_close_matches(header, list(aliases), n=1, cutoff=0.6)
    return matches[0] if matches else None


def missing_columns(records: list[Record], model: type[BaseModel], key_columns: Iterable[str] = ()) -> list[str]:
    """Required fields (and ``key_columns``) that no record has: a column missing from the header. A
    column that is there but blank in every row is not missing: its empty cells are judged row by
    row (an empty 等保级别 is itself a finding)."""
    if not records:
        return []
    wanted = [name for name, info in model.model_fields.items() if info.is_required() and name not in {"source", "row"}]
    wanted += [name for name in key_columns if name not in wanted]
    return [name for name in wanted if all(name not in record.values for record in records)]


def validate_records(
    records: list[Record], model: type[ModelT], labels: Mapping[str, str], expected: Mapping[str, str],
    key_columns: Iterable[str] = (),
) -> tuple[list[ModelT], list[InputError]]:
    """Models of the rows that are valid, and the errors of the others (values never echoed).

    ``labels`` maps a key to its Chinese header, ``expected`` a key to what a valid value looks like.
    A required column (or one of ``key_columns``) missing from the file is one error for the file,
    not one per row, and no row is taken as checked: a sheet whose key column was never found has
    not been found free of problems.
    """
    missing = missing_columns(records, model, key_columns)
    if missing:
        return [], [
            InputError(records[0].source, "缺少必填列 (required column missing)", field=field_name(key, labels),
                       expected=f"a column headed {labels.get(key, key)} or {key}")
            for key in missing
        ]
    models: list[ModelT] = []
    errors: list[InputError] = []
    for record in records:
        try:
            models.append(model.model_validate(record.values | {"source": record.source, "row": record.row}))
        except ValidationError as exc:
            for error in exc.errors(include_input=False, include_url=False):
                key = str(error["loc"][0]) if error["loc"] else None
                empty = key is not None and record.values.get(key) is None
                errors.append(InputError(
                    record.source, _message(error, empty), row=record.row,
                    field=field_name(key, labels) if key else None,
                    expected=expected.get(key) if key else None,
                ))
    return models, errors
