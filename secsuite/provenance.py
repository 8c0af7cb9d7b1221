"""What judged the data: the secsuite version and the rule content in effect.

The content is the detector specs, guides, rubrics and rule packs of this run (bundled and local).
Its hash covers each file's kind, id and bytes, not where it lies, so the same content installed
from a wheel or run from a checkout gives the same hash, and any changed, added or replaced file
gives another. Every JSON document, report and stored run records it, so an audit can say exactly
which rules produced a result.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from secsuite import __version__
from secsuite.paths import KINDS, ContentFile, Kind, content_files

COUNT_NAMES: dict[Kind, str] = {"detectors": "detectors", "guides": "guides", "rubrics": "rubrics",
                                "rules": "rule_packs"}


def content() -> dict[str, Any]:
    """``{"sha256", "detectors", "guides", "rubrics", "rule_packs", "local"}`` of the content in
    effect; ``local`` lists each local file (kind, id, path, whether it replaces a bundled one)."""
    entries = [entry for kind in KINDS for entry in content_files(kind)]
    return _summary(tuple((entry, entry.path.stat().st_mtime_ns, entry.path.stat().st_size) for entry in entries))


@lru_cache(maxsize=4)
def _summary(stated: tuple[tuple[ContentFile, int, int], ...]) -> dict[str, Any]:
    """Hashed once per set of files as they stand (a changed file has another mtime or size)."""
    entries = [entry for entry, _, _ in stated]
    digest = hashlib.sha256()
    counts = dict.fromkeys(COUNT_NAMES.values(), 0)
    for entry in entries:
        digest.update(f"{entry.kind}/{entry.id}\0".encode())
        digest.update(hashlib.sha256(entry.path.read_bytes()).digest())
        counts[COUNT_NAMES[entry.kind]] += 1
    local = [{"kind": entry.kind, "id": entry.id, "path": str(entry.path), "replaces_bundled": entry.replaces is not None}
             for entry in entries if entry.local]
    return {"sha256": digest.hexdigest()} | counts | {"local": local}


def tool() -> dict[str, Any]:
    """The ``tool`` entry of every JSON document: name, version and content."""
    return {"name": "secsuite", "version": __version__, "content": content()}


def version_text() -> str:
    """What ``secsuite --version`` prints."""
    summary = content()
    lines = [
        f"secsuite {__version__}",
        f"规则内容 (content) sha256:{summary['sha256']}",
        f"识别器 detectors {summary['detectors']}, 分类分级指南 guides {summary['guides']}, "
        f"考评细则 rubrics {summary['rubrics']}, 规则包 rule packs {summary['rule_packs']}",
    ]
    lines += [f"本地 (local) {item['kind']} {item['id']}: {item['path']}"
              + (" (替换内置 replaces the bundled one)" if item["replaces_bundled"] else "")
              for item in summary["local"]]
    return "\n".join(lines)
