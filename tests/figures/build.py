"""Write the exercise drawings from the poses file."""

from __future__ import annotations

from pathlib import Path

from .drawing import svg_document
from .poses import ROOT, figures

FIGURE_DIR = ROOT / "static" / "exercises" / "figures"


def figure_svg(slug: str) -> str:
    return svg_document(figures()[slug])


def write_figures(out_dir: Path = FIGURE_DIR, only: list[str] | None = None) -> list[Path]:
    """Write <slug>.svg for every figure (or the ones named) and return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, figure in figures().items():
        if only and slug not in only:
            continue
        path = out_dir / f"{slug}.svg"
        path.write_text(svg_document(figure), encoding="utf-8")
        written.append(path)
    return written
