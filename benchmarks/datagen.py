"""Benchmark data: a wide government-style table of N rows × 12 columns, generated fast with numpy.

Values are drawn from pools of structurally valid identifiers (check digits computed the same way
the standards define them), so the scanner does its full work: patterns, validators, free text.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

NAMES = 200_000
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
AREAS = ["320302", "321302", "321311", "321322", "110105", "310104", "440305", "330106"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文辉鹏飞")
ROADS = ["幸福路", "人民路", "洪泽湖路", "发展大道", "黄河路", "太湖路", "西湖路", "青年路"]
PLATE_LETTERS = list("ABCDEFGHJKLMNPQRSTUVWXYZ")


def _ids(rng: np.random.Generator, count: int) -> np.ndarray:
    area = rng.choice(AREAS, count)
    year = rng.integers(1950, 2008, count)
    month = rng.integers(1, 13, count)
    day = rng.integers(1, 29, count)
    order = rng.integers(0, 1000, count)
    bodies = [f"{a}{y}{m:02d}{d:02d}{o:03d}" for a, y, m, d, o in zip(area, year, month, day, order, strict=True)]
    digits = np.frombuffer("".join(bodies).encode(), dtype=np.uint8).reshape(count, 17) - 48
    checks = np.array(list("10X98765432"))[(digits * ID_WEIGHTS).sum(axis=1) % 11]
    return np.array([b + c for b, c in zip(bodies, checks, strict=True)])


def _luhn_cards(rng: np.random.Generator, count: int) -> np.ndarray:
    bodies = [f"622202{n:012d}" for n in rng.integers(0, 10**12, count)]
    digits = np.frombuffer("".join(bodies).encode(), dtype=np.uint8).reshape(count, 18) - 48
    doubled = digits[:, ::-1][:, ::2] * 2
    total = (doubled - 9 * (doubled > 9)).sum(axis=1) + digits[:, ::-1][:, 1::2].sum(axis=1)
    return np.array([b + str((10 - int(t) % 10) % 10) for b, t in zip(bodies, total, strict=True)])


def _fmt(template: str, *columns: np.ndarray) -> np.ndarray:
    return np.array([template.format(*values) for values in zip(*columns, strict=True)])


def chunk(rng: np.random.Generator, size: int, names: np.ndarray) -> dict[str, np.ndarray]:
    """One chunk of rows. Identifiers are fresh for every row, as in a real population register;
    names, dates and amounts repeat as they do in real data."""
    phones = _fmt("1{}{:09d}", rng.choice(list("3589"), size), rng.integers(0, 10**9, size))
    remarks = np.where(
        np.arange(size) % 10 == 0,
        np.char.add(np.char.add("已电话联系", phones), "，材料齐全"),
        "材料齐全，已按规定受理并转交相关科室办理",
    )
    return {
        "姓名": names[rng.integers(0, names.size, size)],
        "身份证号": _ids(rng, size),
        "手机号码": phones,
        "银行卡号": _luhn_cards(rng, size),
        "电子邮箱": _fmt("user{}@example.com", rng.integers(0, 10**9, size)),
        "家庭住址": _fmt("江苏省宿迁市宿城区{}{}号{}幢{}室", rng.choice(ROADS, size), rng.integers(1, 300, size),
                     rng.integers(1, 30, size), rng.integers(101, 2000, size)),
        "出生日期": _fmt("{}-{:02d}-{:02d}", rng.integers(1950, 2008, size), rng.integers(1, 13, size),
                     rng.integers(1, 29, size)),
        "车牌号码": _fmt("苏{}{}", rng.choice(PLATE_LETTERS, size), rng.integers(10000, 99999, size)),
        "订单编号": _fmt("2025{:014d}", rng.integers(0, 10**14, size)),
        "金额": _fmt("{:.2f}", rng.random(size) * 10000),
        "登记时间": _fmt("2025-{:02d}-{:02d} {:02d}:{:02d}:00", rng.integers(1, 13, size), rng.integers(1, 29, size),
                     rng.integers(0, 24, size), rng.integers(0, 60, size)),
        "备注": remarks,
    }


def write_csv(path: Path, rows: int, seed: int = 2025, chunk_rows: int = 250_000,
              extra: Callable[[np.random.Generator, int], dict[str, np.ndarray]] | None = None) -> Path:
    """Write ``rows`` rows chunk by chunk (constant memory); ``extra(rng, size)`` adds columns."""
    rng = np.random.default_rng(seed)
    names = np.array([rng.choice(SURNAMES) + "".join(rng.choice(GIVEN, rng.integers(1, 3))) for _ in range(NAMES)])
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    try:
        for start in range(0, rows, chunk_rows):
            size = min(chunk_rows, rows - start)
            columns = chunk(rng, size, names) | (extra(rng, size) if extra else {})
            table = pa.table({k: pa.array(v) for k, v in columns.items()})
            if writer is None:
                options = pacsv.WriteOptions(quoting_style="none")
                writer = pacsv.CSVWriter(path, table.schema, write_options=options)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write_csv(args.path, args.rows)
    print(f"{args.path}: {args.path.stat().st_size / 1e6:.0f} MB")
