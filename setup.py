"""Maps the top-level content folders into the package at build time.

The detectors, guides, rubrics and report templates are edited in the repository's top-level
folders; the wheel carries them as ``secsuite/_data/<folder>``, where ``secsuite.paths`` finds them
through ``importlib.resources``. Every file is picked up by glob, so a new spec needs no change
here. Everything else about the package is in ``pyproject.toml``.
"""

from setuptools import find_namespace_packages, setup

CONTENT_FOLDERS = ("detectors", "classification_rules", "rubrics", "reports")
CONTENT_GLOBS = ["*.yaml", "*.yml", "*.j2", "*.css", "*.js", "*.txt", "*.json"]


def content_packages() -> dict[str, str]:
    """Each content folder and its subfolders as a package of data under ``secsuite._data``."""
    packages = {}
    for folder in CONTENT_FOLDERS:
        for sub in ["", *find_namespace_packages(where=folder)]:
            packages[".".join(filter(None, ("secsuite._data", folder, sub)))] = "/".join(
                filter(None, (folder, sub.replace(".", "/"))))
    return packages


content = content_packages()
setup(
    packages=find_namespace_packages(include=["secsuite", "secsuite.*"]) + sorted(content),
    package_dir=content,
    package_data={"secsuite": ["**/*.yaml", "**/*.txt", "**/*.properties", "**/*.mako", "**/*.json"]}
    | {package: CONTENT_GLOBS for package in content},
)
