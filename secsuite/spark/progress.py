"""Progress of a Spark job as the driver sees it: tasks done out of tasks known, polled from the
status tracker while the job runs in a worker thread, so the CLI's bar moves with the cluster."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from pyspark import SparkContext
from pyspark.sql import SparkSession

T = TypeVar("T")
POLL_SECONDS = 0.5
Report = Callable[[int, int], None]  # (tasks done, tasks known)


def run_job(spark: SparkSession, description: str, action: Callable[[], T], report: Report) -> T:
    """Run ``action`` (a Spark action) in its own job group and report its tasks until it returns.
    Ctrl-C cancels the group's jobs on the cluster instead of leaving them running."""
    context = spark.sparkContext
    group = f"secsuite-{uuid.uuid4().hex}"

    def job() -> T:
        context.setJobGroup(group, description, interruptOnCancel=True)  # per thread (PySpark pins threads)
        return action()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="secsuite-spark-job") as pool:
        future = pool.submit(job)
        try:
            while True:
                try:
                    value = future.result(timeout=POLL_SECONDS)
                except FutureTimeout:
                    report(*_tasks(context, group))
                    continue
                _, known = _tasks(context, group)
                report(known, known)  # the last tasks may finish between two polls
                return value
        except KeyboardInterrupt:
            context.cancelJobGroup(group)
            raise


def _tasks(context: SparkContext, group: str) -> tuple[int, int]:
    tracker = context.statusTracker()
    done = known = 0
    for job_id in tracker.getJobIdsForGroup(group):
        job = tracker.getJobInfo(job_id)
        for stage_id in job.stageIds if job else ():
            stage = tracker.getStageInfo(stage_id)
            if stage:
                done += stage.numCompletedTasks
                known += stage.numTasks
    return done, known
