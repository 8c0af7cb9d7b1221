"""Sampled database scans cost the same whatever the table size: 10,000 vs 10,000,000 rows.

    python benchmarks/bench_db_sample.py [--url postgresql+psycopg://postgres@127.0.0.1/postgres]

Creates (once) a database ``secsuite_bench`` with tables ``bench.t10k`` and ``bench.t10m`` generated
inside PostgreSQL, then times ``secsuite scan URL --include bench.tN`` (sampled) for each and prints
the ratio (target < 2×).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TABLES = {"t10k": 10_000, "t10m": 10_000_000}
FILL = """
CREATE TABLE bench.{name} AS
SELECT i AS id,
       (ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴'])[1 + i % 10] ||
       (ARRAY['伟','芳','娜','敏','静','强','磊','洋','艳','勇'])[1 + (i / 10) % 10] AS 姓名,
       '1' || (ARRAY['38','39','58','86','88'])[1 + i % 5] || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0') AS 手机号码,
       'user' || i || '@example.com' AS 电子邮箱,
       to_char(date '2025-01-01' + (i % 365), 'YYYY-MM-DD') AS 登记日期,
       round(((i::bigint * 37) % 100000) / 100.0, 2)::text AS 金额
FROM generate_series(1, {rows}) AS i
"""


def prepare(admin_url: str) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = 'secsuite_bench'")).scalar():
            connection.execute(text("CREATE DATABASE secsuite_bench"))
    url = make_url(admin_url).set(database="secsuite_bench").render_as_string(hide_password=False)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE SCHEMA IF NOT EXISTS bench"))
        for name, rows in TABLES.items():
            exists = connection.execute(text("SELECT to_regclass(:t)"), {"t": f"bench.{name}"}).scalar()
            if not exists:
                print(f"creating bench.{name} ({rows:,} rows)…", flush=True)
                connection.execute(text(FILL.format(name=name, rows=rows)))
                connection.execute(text(f"ANALYZE bench.{name}"))
    return url


def sampled_scan(url: str, table: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "secsuite", "scan", url, "--include", f"bench.{table}", "--no-store",
                        "--quiet", "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    url = prepare(args.url)
    small, large = sampled_scan(url, "t10k"), sampled_scan(url, "t10m")
    print(f"sampled scan, 10,000 rows:     {small:.2f} s")
    print(f"sampled scan, 10,000,000 rows: {large:.2f} s")
    print(f"ratio 10M / 10k:               {large / small:.2f}× (target < 2×)")


if __name__ == "__main__":
    main()
