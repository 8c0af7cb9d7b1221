"""Lists of the new pages, one page at a time: the page number of the query, a counted and sliced
query, and the links to the neighbouring pages with every other filter kept."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PAGE_SIZE = 50


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    size: int
    path: str
    query: tuple[tuple[str, str], ...]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def url(self, number: int) -> str:
        return f"{self.path}?{urlencode([*self.query, ('page', str(number))])}"


def pager(request: Request, total: int, size: int | None = None) -> Pager:
    """The page the query asks for (400 for one that is no number; past the end shows nothing)."""
    size = size or PAGE_SIZE
    try:
        number = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        raise HTTPException(400, "page must be a number") from None
    kept = tuple((key, value) for key, value in request.query_params.multi_items()
                 if key not in ("page", "lang") and value)
    return Pager(number, total, size, request.url.path, kept)


def paged(session: Session, request: Request, query: Select) -> tuple[list[Any], Pager]:
    """One page of an ordered query's rows, and the pager that counted them all."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    where = pager(request, total)
    return list(session.scalars(query.offset(where.offset).limit(where.size))), where
