"""The run manifest: config, data vintages and hashes, versions, git commit, seed."""

from __future__ import annotations

import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from attribution.sources.store import Provenance

PACKAGES = (
    "attribution",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "arch",
    "linearmodels",
    "scikit-learn",
    "pyarrow",
    "matplotlib",
    "pydantic",
    "PyYAML",
)


def package_versions() -> dict[str, str]:
    """Installed versions of the packages a run depends on."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit(path: Path) -> str | None:
    """Return the git commit of the checkout holding ``path``.

    The commit carries a ``-dirty`` suffix when the tree has changes; None
    outside git.
    """
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=path,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=path,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{sha}-dirty" if dirty else sha


def manifest_doc(
    config: dict[str, Any],
    provenance: dict[str, Provenance],
    details: dict[str, Any],
    seed: int,
    files: list[str],
) -> dict[str, Any]:
    """Return the manifest's content without the fields read off the installation.

    :func:`finish_manifest` adds the package versions and the git commit. A
    cached re-run (``pipeline.termpremium_fast``) stores this part and
    finishes it again, so that its manifest names the code that wrote it.
    """
    return {
        "config": config,
        "seed": seed,
        "data": {
            sid: {
                "source": p.source,
                "origin": p.origin,
                "vintage": p.vintage,
                "sha256": p.sha256,
                "units": p.units,
                "frequency": p.frequency,
                "as_of": p.as_of,
                "publication_lag_days": p.publication_lag_days,
            }
            for sid, p in sorted(provenance.items())
        },
        "models": details,
        "files": files,
    }


def finish_manifest(doc: dict[str, Any]) -> str:
    """Add the versions and the git commit to :func:`manifest_doc`; pretty JSON."""
    full = {
        **doc,
        "versions": package_versions(),
        "git_commit": git_commit(Path(__file__).resolve().parent),
    }
    return json.dumps(full, indent=2, sort_keys=True, default=str) + "\n"


def manifest_text(
    config: dict[str, Any],
    provenance: dict[str, Provenance],
    details: dict[str, Any],
    seed: int,
    files: list[str],
) -> str:
    """Serialise the manifest as pretty JSON (sorted keys)."""
    return finish_manifest(manifest_doc(config, provenance, details, seed, files))
