"""secsuite as users install it: the wheel and the sdist, each in a fresh venv that is not editable,
run from a directory outside the checkout, give exactly what the checkout gives.

Built without build isolation and installed with ``--no-index``, so the test runs offline: the
fresh venvs see this interpreter's dependencies through a ``.pth`` file naming a folder of links
to its site-packages, less secsuite itself (a path line in a .pth file does not load that folder's
own .pth files, so the development install's editable finder stays out). The wheel goes in through
a wheelhouse with ``--no-index --find-links``, the offline route README gives.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CONTENT_FOLDERS = ("detectors", "classification_rules", "rubrics", "reports")
NOT_SOURCES = {".git", ".venv", "build", "dist", "out", "__pycache__", ".pytest_cache", ".ruff_cache"}
AS_OF = "2025-12-31"
# The commands a user runs first, on copies of the example inputs; each leaves its output in the
# working directory (stdout for the listings, JSON files for the rest).
COMMANDS = {
    "version": ["--version"],
    "guides": ["guides"],
    "detectors": ["detectors"],
    "rules": ["rules"],
    "rule": ["rules", "MLPS-NOT-FILED"],
    "scan": ["scan", "data", "--format", "json", "-o", "scan.json", "--sample-rows", "200"],
    "check": ["check", "systems.xlsx", "--format", "json", "-o", "check.json"],
    "incidents": ["incidents", "incidents.xlsx", "--year", "2025", "--units", "units.xlsx", "--format", "json",
                  "-o", "incidents.json"],
    "evaluate": ["evaluate", "--year", "2025", "--units", "units.xlsx", "--scores", "scores.xlsx", "--format", "json",
                 "-o", "evaluate.json"],
    "report": ["report", "--year", "2025", "--output", "report", "--format", "json,sarif,csv,html,xlsx"],
}
STORED = {"scan", "check", "incidents", "evaluate", "report"}
OUTPUTS = ["scan.json", "check.json", "incidents.json", "evaluate.json", "report/secsuite-report-2025.json",
           "report/secsuite-report-2025.sarif", "report/secsuite-report-2025.csv"]
VOLATILE = {"finished_at", "started_at"}  # wall-clock instants of a run; everything else is reproducible
CLEAN_ENV = ("PYTHONPATH", "SECSUITE_HOME", "SECSUITE_CONFIG", "SECSUITE_DB", "SECSUITE_LANG")


def _dependency_view(folder: Path) -> Path:
    """Links to every entry of this interpreter's site-packages except secsuite's own and the .pth
    files: what a venv with secsuite's dependencies installed holds."""
    folder.mkdir()
    for site in dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib")):
        for entry in Path(site).iterdir():
            lowered = entry.name.lower()
            if lowered.startswith(("secsuite", "__editable__")) or lowered.endswith(".pth"):
                continue
            if not (folder / entry.name).exists():
                (folder / entry.name).symlink_to(entry)
    return folder


def _fresh_venv(path: Path, dependencies: Path) -> Path:
    venv.EnvBuilder(with_pip=False).create(path)
    site = Path(subprocess.run([path / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "_secsuite_test_dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    return path / "bin" / "python"


def _pip(target: Path, *args: str | Path, cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(target), "--disable-pip-version-check",
                           "install", "--no-index", "--no-build-isolation", "--quiet", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=_env())
    assert done.returncode == 0, done.stdout + done.stderr


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in CLEAN_ENV}
    return env | {"COLUMNS": "120", "NO_COLOR": "1"} | extra


def _not_sources(folder: str, names: list[str]) -> set[str]:
    """What a checkout holds besides its sources: tool state, build output, stores, benchmark data."""
    ignored = {name for name in names if name in NOT_SOURCES or name.endswith((".egg-info", ".db"))}
    return ignored | ({"data"} if Path(folder).name == "benchmarks" else set())


def _build(source: Path, kind: str, out: Path) -> Path:
    done = subprocess.run([sys.executable, "-c", f"from setuptools import build_meta; print(build_meta.build_{kind}"
                           f"({str(out)!r}))"], cwd=source, capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel of a copy of the checkout (the build writes into its source tree)."""
    base = tmp_path_factory.mktemp("build")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=_not_sources, symlinks=True)
    dist = base / "dist"
    return {"sdist": _build(source, "sdist", dist), "wheel": _build(source, "wheel", dist)}


@pytest.fixture(scope="module")
def installs(packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """How to call secsuite: from the checkout, and from a fresh venv holding the wheel (installed
    from a wheelhouse) or the sdist (built into a wheel by pip)."""
    base = tmp_path_factory.mktemp("venvs")
    dependencies = _dependency_view(base / "dependencies")
    wheelhouse = base / "wheelhouse"
    wheelhouse.mkdir()
    shutil.copy2(packages["wheel"], wheelhouse)
    from_wheel = _fresh_venv(base / "wheel", dependencies)
    _pip(from_wheel, "--find-links", wheelhouse, "secsuite", cwd=base)
    from_sdist = _fresh_venv(base / "sdist", dependencies)
    _pip(from_sdist, packages["sdist"], cwd=base)
    return {"checkout": [sys.executable, "-m", "secsuite"], "wheel": [str(base / "wheel" / "bin" / "secsuite")],
            "sdist": [str(base / "sdist" / "bin" / "secsuite")]}


def _run_all(command: list[str], workdir: Path, checkout: bool) -> dict[str, tuple[int, str]]:
    """Every command of COMMANDS in ``workdir`` (a copy of the example inputs): exit code and stdout."""
    shutil.copytree(ROOT / "examples" / "data" / "公安", workdir / "data")
    for name in ("systems.xlsx", "incidents.xlsx", "units.xlsx", "scores.xlsx"):
        shutil.copy2(ROOT / "examples" / name, workdir / name)
    env = _env(PYTHONPATH=str(ROOT)) if checkout else _env()
    results = {}
    for name, args in COMMANDS.items():
        stored = ["--db", "secsuite.db", "--as-of", AS_OF] if name in STORED else []
        done = subprocess.run([*command, *args, *stored], cwd=workdir, capture_output=True, text=True, env=env)
        assert done.returncode in (0, 1), f"secsuite {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}"
        results[name] = (done.returncode, done.stdout)
    return results


def _without_volatile(value: object) -> object:
    if isinstance(value, dict):
        return {key: _without_volatile(item) for key, item in value.items() if key not in VOLATILE}
    if isinstance(value, list):
        return [_without_volatile(item) for item in value]
    return value


def _outputs(workdir: Path) -> dict[str, object]:
    documents: dict[str, object] = {}
    for name in OUTPUTS:
        text = (workdir / name).read_text(encoding="utf-8")
        documents[name] = text if name.endswith(".csv") else _without_volatile(json.loads(text))
    html = (workdir / "report" / "secsuite-report-2025.html").read_text(encoding="utf-8")
    documents["html"] = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "<instant>", html)  # the generation time
    return documents


@pytest.fixture(scope="module")
def checkout_run(installs: dict[str, list[str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("checkout-run")
    workdir.joinpath("results.json").write_text(json.dumps(_run_all(installs["checkout"], workdir, checkout=True)))
    return workdir


def test_wheel_carries_every_content_file_by_glob(packages: dict[str, Path]) -> None:
    """Every file of the top-level folders is in the wheel under secsuite/_data, and the rule
    packs, detector data, migrations and Spark settings are in it too."""
    names = set(zipfile.ZipFile(packages["wheel"]).namelist())
    expected = {f"secsuite/_data/{path.relative_to(ROOT).as_posix()}"
                for folder in CONTENT_FOLDERS for path in (ROOT / folder).rglob("*") if path.is_file()}
    expected |= {path.relative_to(ROOT).as_posix() for pattern in ("checks/*.yaml", "detect/data/*", "spark/*.properties",
                                                                  "store/migrations/**/*.py", "store/migrations/head.json")
                 for path in (ROOT / "secsuite").glob(pattern) if path.is_file()}
    assert expected - names == set()
    assert any(name.endswith("dist-info/licenses/LICENSE") for name in names)
    with tarfile.open(packages["sdist"]) as sdist:
        members = {Path(*Path(member).parts[1:]).as_posix() for member in sdist.getnames()}
    assert {path.relative_to(ROOT).as_posix() for folder in CONTENT_FOLDERS
            for path in (ROOT / folder).rglob("*") if path.is_file()} - members == set()


@pytest.mark.parametrize("install", ["wheel", "sdist"])
def test_installed_secsuite_runs_as_the_checkout_does(
    install: str, installs: dict[str, list[str]], checkout_run: Path, tmp_path: Path
) -> None:
    workdir = tmp_path / "work"
    workdir.mkdir()
    python = str(Path(installs[install][0]).with_name("python"))
    module = subprocess.run([python, "-c", "import secsuite; print(secsuite.__file__)"], capture_output=True, text=True,
                            env=_env(), cwd=workdir)
    assert not Path(module.stdout.strip()).is_relative_to(ROOT), module.stdout + module.stderr

    results = _run_all(installs[install], workdir, checkout=False)
    root = subprocess.run([python, "-c", "import secsuite.paths as p; print(p.content_root())"], capture_output=True,
                          text=True, env=_env(), cwd=workdir).stdout.strip()
    assert root == str(Path(module.stdout.strip()).parent / "_data")  # the installed copy, not the checkout
    expected = json.loads(checkout_run.joinpath("results.json").read_text())
    for name in COMMANDS:
        assert list(results[name]) == expected[name], f"secsuite {name}: output differs from the checkout's"
    assert _outputs(workdir) == _outputs(checkout_run)
    version = results["version"][1]
    document = json.loads((workdir / "scan.json").read_text(encoding="utf-8"))
    assert document["tool"]["content"]["sha256"] in version
    assert document["datasets"], "the installed scan read nothing"
