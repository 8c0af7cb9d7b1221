"""Where the rule content (detectors, guides, rubrics, rule packs, report templates) is found.

The repository keeps detectors, guides, rubrics and report templates in top-level folders so
auditors read and review them without opening Python. The build maps those folders into the
package as ``secsuite/_data/<folder>`` (see ``setup.py``), so an installed secsuite finds them
through ``importlib.resources`` from any working directory; a checkout run without installing
(``PYTHONPATH=checkout``, an editable install) finds them next to the package. ``SECSUITE_HOME``
points at another tree of the same layout. Rule packs are ``secsuite/checks/*.yaml``: their checks
are code, so they always come with the package.

On top of the bundled content, auditors add local directories (a province's own guide, a city's
rubric) with ``paths:`` in the config file or the ``--detectors-dir`` … flags: every ``*.yaml``
there is validated like a bundled file, and one with the id of a bundled file replaces it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Literal

Kind = Literal["detectors", "guides", "rubrics", "rules"]
KINDS: tuple[Kind, ...] = ("detectors", "guides", "rubrics", "rules")
FOLDERS = {"detectors": "detectors", "guides": "classification_rules", "rubrics": "rubrics", "reports": "reports"}
PACKAGED = "_data"
BUNDLED = "bundled"

_local: dict[Kind, tuple[Path, ...]] = {}
_from_flags: set[Kind] = set()
_announced: set[tuple[Kind, str, Path]] = set()


def content_root() -> Path:
    """The tree holding the top-level folders: $SECSUITE_HOME, the installed package's data, or
    the checkout the package was imported from."""
    override = os.environ.get("SECSUITE_HOME")
    if override:
        return Path(override)
    packaged = Path(str(files("secsuite"))) / PACKAGED
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent


def project_home() -> Path:
    """Kept for callers of the first layout: the same as :func:`content_root`."""
    return content_root()


def detectors_dir() -> Path:
    return content_root() / FOLDERS["detectors"]


def guides_dir() -> Path:
    return content_root() / FOLDERS["guides"]


def reports_dir() -> Path:
    return content_root() / FOLDERS["reports"]


def rubrics_dir() -> Path:
    return content_root() / FOLDERS["rubrics"]


def rule_packs_dir() -> Path:
    return Path(__file__).resolve().parent / "checks"


BUNDLED_DIRS = {"detectors": detectors_dir, "guides": guides_dir, "rubrics": rubrics_dir, "rules": rule_packs_dir}


def bundled_dir(kind: Kind) -> Path:
    return BUNDLED_DIRS[kind]()


def use_local_dirs(kind: Kind, directories: Iterable[Path], *, from_flags: bool = False) -> None:
    """Add the local directories of ``kind``, in order (a later one wins). Flags beat the config
    file: once flags named directories of a kind, the config file's ``paths:`` for it are ignored."""
    if kind in _from_flags and not from_flags:
        return
    if from_flags:
        _from_flags.add(kind)
    _local[kind] = tuple(Path(directory).expanduser().resolve() for directory in directories)


def reset_local_dirs() -> None:
    """Back to the bundled content only (tests, and a fresh CLI invocation)."""
    _local.clear()
    _from_flags.clear()
    _announced.clear()


def local_dirs(kind: Kind) -> tuple[Path, ...]:
    return _local.get(kind, ())


@dataclass(frozen=True)
class ContentFile:
    """One YAML file of the rule content: its id (the file name), where it lives, where it came
    from (``bundled`` or the local directory) and the file it replaces, if any."""

    kind: Kind
    id: str
    path: Path
    origin: str
    replaces: Path | None = None

    @property
    def local(self) -> bool:
        return self.origin != BUNDLED


def content_files(kind: Kind) -> list[ContentFile]:
    """The files of ``kind`` in effect, sorted by id: the bundled ones, then each local directory's;
    a local file with the id of an earlier one replaces it (announced once on stderr). Rule packs
    are not replaced as files: their rules are merged by rule id (see the registry)."""
    from secsuite.errors import ConfigError

    chosen: dict[str, ContentFile] = {}
    for path in sorted(bundled_dir(kind).glob("*.yaml")):
        chosen[path.stem] = ContentFile(kind, path.stem, path, BUNDLED)
    if kind == "rules":
        merged = list(chosen.values())
    for directory in local_dirs(kind):
        if not directory.is_dir():
            raise ConfigError(f"local {kind} directory {directory} does not exist")
        for path in sorted(directory.glob("*.yaml")):
            previous = chosen.get(path.stem)
            entry = ContentFile(kind, path.stem, path, str(directory), previous.path if previous else None)
            if kind == "rules":
                merged.append(entry)
                continue
            if previous is not None:
                _announce(entry)
            chosen[path.stem] = entry
    if kind == "rules":
        return merged
    return sorted(chosen.values(), key=lambda entry: entry.id)


def _announce(entry: ContentFile) -> None:
    key = (entry.kind, entry.id, entry.path)
    if key in _announced:
        return
    _announced.add(key)
    print(f"注意 (notice): 本地{_KIND_ZH[entry.kind]} {entry.id} ({entry.path}) 替换了 {entry.replaces} "
          f"(the local {entry.kind[:-1]} replaces the bundled one)", file=sys.stderr)


def announce_replaced_rule(rule_id: str, path: Path, replaces: Path) -> None:
    """A local rule pack's rule with a bundled rule's id: said once, like a replaced file."""
    _announce(ContentFile("rules", rule_id, path, str(path.parent), replaces))


_KIND_ZH = {"detectors": "识别器", "guides": "分类分级指南", "rubrics": "考评细则", "rules": "检查规则"}


def find_content(kind: Kind, ref: str) -> ContentFile | None:
    """The file in effect for the id ``ref``, or None."""
    return next((entry for entry in content_files(kind) if entry.id == ref), None)


def searched(kind: Kind) -> str:
    """Where ids of ``kind`` are looked up, for error messages."""
    return ", ".join(str(directory) for directory in (bundled_dir(kind), *local_dirs(kind)))
