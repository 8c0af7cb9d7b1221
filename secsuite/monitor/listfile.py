"""The YAML files people without the web application keep monitoring in (targets, alert rules): a
list of items, or a mapping holding the list under one key. Errors name the file, the item number
(as the row) and the field."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from secsuite.errors import InputError
from secsuite.schema import read_yaml

ItemT = TypeVar("ItemT", bound=BaseModel)


def load_items(path: Path, key: str, model: type[ItemT], expected: str) -> list[ItemT]:
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"cannot read the file: {exc}") from None
    items = data.get(key) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(str(path), f"expected a list of {key}", expected=expected)
    loaded = []
    for number, item in enumerate(items, start=1):
        try:
            loaded.append(model.model_validate(item))
        except ValidationError as exc:
            problem = exc.errors()[0]
            field = ".".join(str(part) for part in problem["loc"]) or None
            raise InputError(str(path), problem["msg"].removeprefix("Value error, "), row=number, field=field) from None
    return loaded
