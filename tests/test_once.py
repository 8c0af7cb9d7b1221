"""One load per process, however many threads ask at once; a failed load is tried again."""

from __future__ import annotations

import threading

import pytest

from secsuite.detect.ner import lac_tagger
from secsuite.detect.validators import division_names
from secsuite.once import loaded_once

THREADS = 4


def test_threads_asking_while_it_loads_wait_for_the_one_load():
    calls: list[str] = []
    asked = threading.Barrier(THREADS + 1)
    loading = threading.Event()
    release = threading.Event()

    @loaded_once
    def table() -> dict[str, int]:
        calls.append(threading.current_thread().name)
        loading.set()
        assert release.wait(timeout=60), "the test never let the load finish"
        return {"loaded": len(calls)}

    results: list[dict[str, int]] = []

    def ask() -> None:
        asked.wait(timeout=60)
        results.append(table())

    workers = [threading.Thread(target=ask, name=f"worker-{i}") for i in range(THREADS)]
    for worker in workers:
        worker.start()
    asked.wait(timeout=60)  # every worker is on its way to table()
    assert loading.wait(timeout=60)
    release.set()
    for worker in workers:
        worker.join(timeout=60)
    assert len(calls) == 1
    assert len(results) == THREADS and all(result is results[0] for result in results)
    assert table() is results[0] and len(calls) == 1


def test_a_failed_load_is_not_remembered():
    attempts: list[int] = []

    @loaded_once
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("the file was not there yet")
        return len(attempts)

    with pytest.raises(OSError):
        flaky()
    assert flaky() == 2 and flaky() == 2 and len(attempts) == 2


@pytest.mark.parametrize("load", [lac_tagger, division_names])
def test_the_scan_loads_are_loaded_once(load):
    assert load() is load()
    assert load.__doc__ and load.__name__ in {"lac_tagger", "division_names"}
