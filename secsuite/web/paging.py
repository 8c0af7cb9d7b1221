"""Pagination of the web application's lists: the page number asked for, clamped to the pages there
are, and the offset the query reads from. Every list counts first (a count the indexes answer), so a
page past the end shows the last page rather than an empty one."""

from __future__ import annotations

import math
from dataclasses import dataclass

from fastapi import HTTPException, Request


def requested(request: Request) -> int:
    """The ``page`` query parameter (1 when absent); 400 when it is not a number."""
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        raise HTTPException(400, "page must be a number") from None


@dataclass(frozen=True)
class Page:
    """Page ``number`` of ``pages`` of a list of ``total`` items, ``size`` a page."""

    number: int
    size: int
    total: int

    @classmethod
    def of(cls, asked: int, size: int, total: int) -> Page:
        return cls(min(max(1, asked), max(1, math.ceil(total / size))), size, total)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size
