"""The use cases run on the bundled example into a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from secsuite.store.db import open_engine, session_factory
from secsuite.store.models import Run
from tests.store.conftest import store_url  # noqa: F401  (the fixture: SQLite file, PostgreSQL database)

Rows = Callable[..., list]


@pytest.fixture
def rows(store_url) -> Rows:  # noqa: F811
    """``rows(Model, run_id)``: what the store holds of one run (``Run`` itself by its id);
    ``rows(Model)``: all of it."""
    engine = open_engine(store_url)

    def read(model: type, run_id: int | None = None) -> list:
        query = select(model)
        if run_id is not None:
            query = query.where((model.id if model is Run else model.run_id) == run_id)
        with session_factory(engine)() as session:
            return list(session.scalars(query))

    return read
