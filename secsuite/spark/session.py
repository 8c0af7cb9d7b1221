"""The Spark session a scan runs in: the user's cluster (``--spark-master``) or local mode.

Static settings apply only when secsuite starts the JVM; the settings the scan's results depend on
(charsets, Arrow batch size) are runtime settings and are applied to any session, including one
that a caller or a test already holds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pyspark.sql import SparkSession

from secsuite.sources.table import BATCH_ROWS

LOCAL_MASTER = "local[*]"
LOG4J = Path(__file__).with_name("log4j2.properties")

STATIC = {
    "spark.app.name": "secsuite scan",
    "spark.ui.showConsoleProgress": "false",  # the CLI draws its own progress bar
}
RUNTIME = {
    "spark.sql.legacy.javaCharsets": "true",  # Spark 4 reads only UTF-* and Latin-1 CSV otherwise; GBK exports exist
    "spark.sql.execution.arrow.maxRecordsPerBatch": str(BATCH_ROWS),  # the batches the local readers yield
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",  # key=032 folders stay "032", not 32
}


def start_session(master: str = LOCAL_MASTER, conf: dict[str, str] | None = None) -> SparkSession:
    """A session on ``master``; ``conf`` (``--spark-conf``) wins over secsuite's defaults."""
    settings = dict(STATIC)
    # One core per task, as Spark schedules them: polars would otherwise start a thread per core in
    # every task and N tasks on N cores would fight over them.
    settings["spark.executorEnv.POLARS_MAX_THREADS"] = (conf or {}).get("spark.task.cpus", "1")
    if master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        # Workers need this interpreter's secsuite and polars, not whatever python3 is first on PATH;
        # PySpark takes the workers' interpreter from the environment only.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    settings.update(conf or {})
    options = settings.get("spark.driver.extraJavaOptions", "")
    if "log4j2.configurationFile" not in options:
        settings["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile={LOG4J.as_uri()} {options}".strip()
    builder = SparkSession.builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    prepare(spark)
    return spark


def prepare(spark: SparkSession) -> None:
    """Apply the runtime settings the results depend on to a session secsuite may not have started."""
    for key, value in RUNTIME.items():
        spark.conf.set(key, value)
