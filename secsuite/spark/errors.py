"""Spark and JVM errors as messages that hold no data: a failed task's traceback or a driver's
message may quote a record or a URL with its password, so only their class and condition show."""

from __future__ import annotations

from py4j.protocol import Py4JJavaError
from pyspark.errors import AnalysisException, PySparkException


def java_class(exc: Exception) -> str:
    """The JVM exception's class behind a py4j error, else the Python class."""
    java = getattr(exc, "java_exception", None)
    return java.getClass().getName() if isinstance(exc, Py4JJavaError) and java is not None else type(exc).__name__


def failure(exc: Exception) -> str:
    """An analysis error (a missing path or table, a bad option) is shown, it names no data; a failed
    job only by its class and error condition. The executor logs have the rest."""
    if isinstance(exc, AnalysisException):
        return f"Spark 无法读取 (Spark cannot read this: {str(exc).splitlines()[0][:300]})"
    condition = None
    if isinstance(exc, PySparkException):  # getErrorClass before Spark 4
        condition = (getattr(exc, "getCondition", None) or exc.getErrorClass)()
    named = f"{java_class(exc)} [{condition}]" if condition else java_class(exc)
    return f"Spark 作业失败，详见执行器日志 (Spark job failed: {named}; see the executor logs)"
