"""The re-identification measures as Spark jobs: the same class sizes, share at risk, guilty
column and l-diversity as the local engine, by Spark group-bys on 64-bit hashes of the
quasi-identifier tuple (``xxhash64``), so a table too big for one machine is measured in full.

Blanks count as one more value (""), as in the local engine; the hashes differ from the local
engine's, which changes nothing but the (negligible) chance of two tuples sharing one.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from secsuite.reident.measures import Contribution, Diversity, Measures, bucket_label, k_buckets

Job = Callable[[str, Callable[[], object]], object]


def _key(columns: list[str]) -> F.Column:
    if not columns:
        return F.lit(0).cast("long")
    return F.xxhash64(*(F.coalesce(F.col(c), F.lit("")) for c in columns))


def _summary(sizes: DataFrame, threshold: int) -> dict:
    """Rows, classes, smallest k, rows below the threshold and unique rows, in one aggregation."""
    n = F.col("count")
    row = sizes.agg(
        F.sum(n).alias("rows"), F.count(F.lit(1)).alias("classes"), F.min(n).alias("min_k"),
        F.sum(F.when(n < threshold, n).otherwise(0)).alias("at_risk"),
        F.sum(F.when(n == 1, 1).otherwise(0)).alias("unique"),
        *(F.sum(F.when((n >= low) & (n <= high) if high is not None else (n >= low), n).otherwise(0)).alias(f"b{i}")
          for i, (low, high) in enumerate(k_buckets(threshold))),
    ).collect()[0]
    return row.asDict()


def spark_measure(frame: DataFrame, names: dict[str, str], quasi: list[str], sensitive: list[str], threshold: int,
                  job: Job) -> Measures:
    """``frame`` holds the dataset as text with columns renamed (``names``: original → renamed)."""
    renamed = [names[c] for c in quasi]
    keyed = frame.select(
        _key(renamed).alias("k"),
        *(_key([r for r in renamed if r != own]).alias(f"k{i}") for i, own in enumerate(renamed)),
        *(F.coalesce(F.col(names[s]), F.lit("")).alias(f"s{i}") for i, s in enumerate(sensitive)),
    ).cache()
    try:
        summary = job("k-anonymity", lambda: _summary(keyed.groupBy("k").count(), threshold))
        rows = int(summary["rows"] or 0)
        if rows == 0:
            return Measures(rows=0, classes=0, min_k=0, rows_at_risk=0, unique_rows=0, k_distribution=[])
        at_risk = int(summary["at_risk"])
        contributions = []
        for i, column in enumerate(quasi):
            without = int(job(f"k-anonymity without {column}",
                              lambda i=i: _summary(keyed.groupBy(f"k{i}").count(), threshold))["at_risk"])
            contributions.append(Contribution(column, without, at_risk - without))
        diversity = [job(f"l-diversity of {column}", lambda i=i, column=column: _diversity(keyed, i, column, threshold))
                     for i, column in enumerate(sensitive)]
    finally:
        keyed.unpersist()
    labels = [bucket_label(low, high) for low, high in k_buckets(threshold)]
    return Measures(
        rows=rows, classes=int(summary["classes"]), min_k=int(summary["min_k"]), rows_at_risk=at_risk,
        unique_rows=int(summary["unique"]),
        k_distribution=[(label, int(summary[f"b{i}"])) for i, label in enumerate(labels)],
        contributions=contributions, diversity=diversity,
    )


def _diversity(keyed: DataFrame, index: int, column: str, threshold: int) -> Diversity:
    per_class = keyed.groupBy("k").agg(F.count(F.lit(1)).alias("n"), F.countDistinct(f"s{index}").alias("l"))
    row = per_class.agg(
        F.min("l").alias("min_l"),
        F.sum(F.when((F.col("l") == 1) & (F.col("n") >= threshold), F.col("n")).otherwise(0)).alias("homogeneous"),
    ).collect()[0]
    return Diversity(column, int(row["min_l"]), int(row["homogeneous"] or 0))
