"""Write (or ``--check``) ``secsuite/store/migrations/head.json``: the migrations' heads and the
schema a run of every migration leaves in a new SQLite store (see ``secsuite.store.head``).

    python scripts/store_head.py          # after adding or changing a migration
    python scripts/store_head.py --check  # exit 1 when the file differs from the migrations
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from secsuite.store.db import MIGRATIONS  # noqa: E402
from secsuite.store.head import HEAD_FILE, VERSION_TABLE  # noqa: E402


def migrated_schema() -> dict:
    """Run every migration on a new SQLite file and read back what it created, in creation order."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'store.db'}")
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
        with engine.connect() as connection:
            statements = list(connection.execute(text(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )).scalars())
            recorded = sorted(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
        engine.dispose()
    # What the version table holds at the heads: a head that another revision depends on (0002,
    # a dependency of the systems tables' successors) is not listed in it.
    return {"heads": recorded, "sqlite": statements}


def rendered(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    text_now = rendered(migrated_schema())
    if args.check:
        if not HEAD_FILE.exists() or HEAD_FILE.read_text(encoding="utf-8") != text_now:
            print(f"{HEAD_FILE.relative_to(ROOT)} differs from the migrations: run scripts/store_head.py")
            return 1
        return 0
    HEAD_FILE.write_text(text_now, encoding="utf-8")
    print(f"wrote {HEAD_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
