"""Validating inventory records into pydantic models, one row at a time.

A bad row becomes ``InputError``s naming the file, the row and the field (Chinese header first),
and the other rows still go through: an auditor fixes every mistake of a file in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def validate_records(
    records: list[Record], model: type[ModelT], labels: Mapping[str, str], expected: Mapping[str, str]
) -> tuple[list[ModelT], list[InputError]]:
    """Models of the rows that are valid, and the errors of the others (values never echoed).

    ``labels`` maps a key to its Chinese header, ``expected`` a key to what a valid value looks like.
    """
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
