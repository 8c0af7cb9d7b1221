"""Pagination of the web application's lists: the page number asked for, the offset the query reads
from, and the links to the neighbouring pages with every other filter kept. The findings, units and
audit lists clamp a page past the end to the last page (their counts come from the indexes); the
lists of runs, datasets, incidents and targets count and slice one ordered query."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PAGE_SIZE = 50


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


@dataclass(frozen=True)
class Pager(Page):
    """A page that also knows its list's path and filters, to link to the other pages."""

    path: str = ""
    query: tuple[tuple[str, str], ...] = ()

    def url(self, number: int) -> str:
        return f"{self.path}?{urlencode([*self.query, ('page', str(number))])}"


def pager(request: Request, total: int, size: int | None = None) -> Pager:
    """The page the query asks for (400 for one that is no number; past the end shows nothing)."""
    kept = tuple((key, value) for key, value in request.query_params.multi_items()
                 if key not in ("page", "lang") and value)
    return Pager(requested(request), size or PAGE_SIZE, total, request.url.path, kept)


def paged(session: Session, request: Request, query: Select) -> tuple[list[Any], Pager]:
    """One page of an ordered query's rows, and the pager that counted them all."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    where = pager(request, total)
    return list(session.scalars(query.offset(where.offset).limit(where.size))), where
