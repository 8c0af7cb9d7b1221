"""The scan's reuse of unchanged files and tables, kept in the store (``scan_cache``) per scan settings: a
change of guide, detectors, options, rule parameters, language or tool version starts afresh. Every
``reread_every``-th run of a file or table reads it in full again, whatever its signature says.
A table's signature is the hash of its engine's write statistics."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, select, update

from secsuite import __version__
from secsuite.errors import InputError
from secsuite.monitor.models import CachedSource
from secsuite.results import DatasetResult
from secsuite.scan.reuse import Reused, Signature, signature
from secsuite.sources.table import Table
from secsuite.store.db import session_factory

if TYPE_CHECKING:
    from secsuite.scan.pipeline import ScanRequest

CHUNK = 500  # rows per statement: well under every engine's limit of bound parameters
_ERROR_FIELDS = {f.name for f in fields(InputError)}


def settings_key(request: ScanRequest) -> str:
    """What a file's result depends on besides the file."""
    settings = {
        "tool": __version__, "guide": [request.guide.id, request.guide.version], "lang": request.lang,
        "options": repr(request.options), "rules": request.rule_params,
        "detectors": [spec.model_dump(mode="json") for spec in request.specs],
        "catalogue": [repr(entry) for entry in request.catalogue or []],  # open_attr decides re-identification
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


class StoreReuse:
    """Loads the settings' cache in one query; ``save()`` writes what changed in one transaction
    (a scan that dies before it only re-reads those files next time)."""

    def __init__(self, engine: Engine, key: str, reread_every: int):
        self._sessions = session_factory(engine)
        self._key, self._reread_every = key, reread_every
        with self._sessions() as session:
            self._rows = {row.source: row for row in session.scalars(
                select(CachedSource).where(CachedSource.settings_key == key))}
        self._signatures: dict[str, Signature] = {}
        self._reused: list[str] = []
        self._fresh: dict[str, CachedSource] = {}

    def lookup(self, path: Path, source: str) -> Reused | None:
        try:
            self._signatures[source] = signature(path)
        except OSError:
            return None  # the scan itself reports what is wrong with the file
        return self._cached(source)

    def remember(self, path: Path, source: str, datasets: list[DatasetResult], errors: list[dict[str, Any]]) -> None:
        self._keep(source, datasets, errors)

    def lookup_table(self, table: Table) -> Reused | None:
        text = json.dumps(table.statistics, sort_keys=True)
        self._signatures[table.source] = Signature(0, 0, hashlib.sha256(text.encode()).hexdigest())
        return self._cached(table.source)

    def remember_table(self, table: Table, dataset: DatasetResult, errors: list[dict[str, Any]]) -> None:
        self._keep(table.source, [dataset], errors)

    def _cached(self, source: str) -> Reused | None:
        row, current = self._rows.get(source), self._signatures[source]
        if row is None or (row.size, row.mtime_ns, row.content_hash) != (
                current.size, current.mtime_ns, current.content_hash):
            return None
        if row.reuses + 1 >= self._reread_every:
            return None
        self._reused.append(source)
        return Reused([DatasetResult.model_validate(d) for d in row.datasets],
                      [InputError(**{k: v for k, v in e.items() if k in _ERROR_FIELDS}) for e in row.errors])

    def _keep(self, source: str, datasets: list[DatasetResult], errors: list[dict[str, Any]]) -> None:
        current = self._signatures.get(source)
        if current is None:
            return
        self._fresh[source] = CachedSource(
            settings_key=self._key, source=source, size=current.size, mtime_ns=current.mtime_ns,
            content_hash=current.content_hash, reuses=0, datasets=[d.model_dump(mode="json") for d in datasets],
            errors=list(errors))

    def save(self) -> None:
        with self._sessions.begin() as session:
            for start in range(0, len(self._reused), CHUNK):
                chunk = self._reused[start:start + CHUNK]
                session.execute(update(CachedSource).where(CachedSource.settings_key == self._key,
                                                           CachedSource.source.in_(chunk))
                                .values(reuses=CachedSource.reuses + 1))
            fresh = list(self._fresh)
            for start in range(0, len(fresh), CHUNK):
                session.execute(delete(CachedSource).where(CachedSource.settings_key == self._key,
                                                           CachedSource.source.in_(fresh[start:start + CHUNK])))
            session.add_all(self._fresh.values())
        self._reused, self._fresh = [], {}
