"""A dataset as the Spark engine sees it: where it comes from and how Spark reads it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pyspark.sql import DataFrame, SparkSession

Reader = Callable[[SparkSession], DataFrame]


@dataclass
class SparkDataset:
    """``source``/``name``/``format`` as the local engine reports them; ``read`` only plans (nothing
    runs until the scan's job); ``comments`` are column comments the frame's schema does not carry."""

    source: str
    name: str
    format: str
    read: Reader
    comments: dict[str, str] = field(default_factory=dict)
