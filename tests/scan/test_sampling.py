import polars as pl

from secsuite.scan.sampling import reservoir, seed_for


def batches(total: int, size: int):
    for start in range(0, total, size):
        yield pl.DataFrame({"n": [str(i) for i in range(start, min(total, start + size))]})


def test_sample_is_drawn_across_the_whole_table_in_file_order():
    sample, total = reservoir(batches(100_000, 7_000), 1_000, seed=1)
    assert total == 100_000 and sample is not None and sample.height == 1_000
    numbers = [int(v) for v in sample["n"]]
    assert numbers == sorted(numbers)
    quarters = [sum(1 for n in numbers if q * 25_000 <= n < (q + 1) * 25_000) for q in range(4)]
    assert all(200 <= count <= 300 for count in quarters), quarters  # uniform: ~250 per quarter


def test_small_table_is_taken_whole_and_sampling_is_reproducible():
    sample, total = reservoir(batches(50, 7), 1_000, seed=3)
    assert total == 50 and sample["n"].to_list() == [str(i) for i in range(50)]
    first, _ = reservoir(batches(10_000, 999), 100, seed_for("a.csv", 0))
    again, _ = reservoir(batches(10_000, 999), 100, seed_for("a.csv", 0))
    other, _ = reservoir(batches(10_000, 999), 100, seed_for("b.csv", 0))
    assert first.equals(again) and not first.equals(other)


def test_empty_table():
    assert reservoir(iter(()), 10, seed=0) == (None, 0)
