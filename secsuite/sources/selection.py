"""Which tables of a database (or a Spark catalogue) to scan: ``--include`` / ``--exclude`` globs."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def wants(self, schema: str, name: str, default_schema: str | None) -> bool:
        """Glob patterns match ``schema.table``, or the bare table name in the default schema."""
        names = [f"{schema}.{name}"] + ([name] if schema == default_schema else [])

        def hit(patterns: tuple[str, ...]) -> bool:
            return any(fnmatch.fnmatchcase(n, p) for n in names for p in patterns)

        return (not self.include or hit(self.include)) and not hit(self.exclude)
