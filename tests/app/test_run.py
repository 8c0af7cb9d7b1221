"""The scope key: what a run covered, independent of how the caller wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from secsuite.app.run import covered_input, scope_key


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql+psycopg://scanner:s3cret@db.example:5432/gov", "postgresql+psycopg://db.example:5432/gov"),
        ("mysql+pymysql://ro@10.0.0.5/portal?charset=utf8mb4", "mysql+pymysql://10.0.0.5/portal?charset=utf8mb4"),
        ("sqlite:///data/x.db", "sqlite:///data/x.db"),
    ],
)
def test_a_database_is_covered_by_its_url_without_credentials(given, expected):
    assert covered_input(given) == expected


def test_the_same_inputs_written_differently_have_one_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    url = "postgresql+psycopg://a:one@db/gov"
    key = scope_key("scan", ["data", "other.csv", url], {"full": False})
    assert scope_key("scan", [url.replace("a:one", "b:two"), "./other.csv", str(tmp_path / "data")], {"full": False}) == key
    assert scope_key("scan", ["data", "data/", "other.csv", url], {"full": False}) == key


@pytest.mark.parametrize(
    ("kind", "inputs", "options"),
    [
        ("check", ["data", "other.csv"], {"full": False}),  # another kind of run
        ("scan", ["data"], {"full": False}),  # narrower
        ("scan", ["data", "other.csv"], {"full": True}),  # deeper
        ("scan", ["data", "other.csv"], {"full": False, "catalogue": Path("catalogue.csv")}),  # more rules
    ],
)
def test_a_different_coverage_has_another_key(tmp_path, monkeypatch, kind, inputs, options):
    monkeypatch.chdir(tmp_path)
    assert scope_key(kind, inputs, options) != scope_key("scan", ["data", "other.csv"], {"full": False})


def test_a_named_input_is_covered_by_its_name_wherever_its_temporary_file_is(tmp_path):
    """Two uploads of one unit's inventory sit in two temporary folders; their runs are comparable."""
    from secsuite.app.check import CheckJob

    first, second = tmp_path / "a" / "systems.xlsx", tmp_path / "b" / "systems.xlsx"
    name = "web:upload/systems/市民政局"
    jobs = [CheckJob(paths=[path], as_of=None, named_inputs={path: name}) for path in (first, second)]  # type: ignore[arg-type]
    assert [job.input_name(path) for job, path in zip(jobs, (first, second), strict=True)] == [name, name]
    assert covered_input(name) == name
    assert scope_key("check", [name], {}) != scope_key("check", [first], {}) != scope_key("check", [second], {})
    assert CheckJob(paths=[first], as_of=None).input_name(first) == str(first)  # type: ignore[arg-type]
