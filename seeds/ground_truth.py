"""Write and read the ground truth: ``seeds/ground_truth/scale-{N}.json``.

Scale 1's file is committed; tests read it, and one regenerates it and compares bytes, which proves
the generator deterministic. The text is canonical: sorted keys, one-space indent, UTF-8, a final
newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seeds.dataset import Dataset

GROUND_TRUTH_DIR = Path(__file__).resolve().parent / "ground_truth"


def path_for(scale: int) -> Path:
    return GROUND_TRUTH_DIR / f"scale-{scale}.json"


def render(truth: dict[str, Any]) -> str:
    """The canonical text of a ground truth."""
    return json.dumps(truth, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def compute_text(dataset: Dataset) -> str:
    """Compute the ground truth of ``dataset`` and render it."""
    from seeds.truth import compute

    return render(compute(dataset))


def write(dataset: Dataset, path: Path | None = None) -> Path:
    """Compute and write the ground truth of ``dataset``; returns the file written."""
    target = path or path_for(dataset.scale)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(compute_text(dataset), encoding="utf-8")
    return target


def read(scale: int = 1) -> dict[str, Any]:
    """The committed (or last generated) ground truth for ``scale``."""
    path = path_for(scale)
    if not path.is_file():
        raise FileNotFoundError(f"no ground truth for scale {scale}: run `python -m seeds generate --scale {scale}`")
    return json.loads(path.read_text(encoding="utf-8"))


def read_ground_truth(scale: int = 1) -> dict[str, Any]:
    """Alias of :func:`read`, under the name the test fixtures import."""
    return read(scale)
