"""What each shipped exercise drawing shows, for the pages: a description (the drawing's alt text)
and which of the drawings' marks it uses (for the key under it on the exercise page).

Read from content/poses.toml, the file the drawings themselves are made from by the generator in
tests/figures/ (`make figures`), so a description changes with its drawing.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

POSES = Path(__file__).resolve().parent / "content" / "poses.toml"


def read_poses() -> dict:
    with open(POSES, "rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class DrawingKey:
    """description: what the drawing shows, in words; seen_from: the view when it is not the
    usual side view ("" otherwise); the rest say whether the drawing has the pale start pose, a
    movement arrow, an orange area where the exercise is felt, a triangle on what stays still,
    the breath-out mark, and small arrowheads pointing in at a part that tightens."""

    description: str
    seen_from: str
    start_shown: bool
    arrows: bool
    felt: bool
    stays: bool
    breath_out: bool
    squeeze: bool = False
    breath_in: bool = False


@cache
def drawing_keys() -> dict[str, DrawingKey]:
    """Every shipped drawing's key, by its static path ("exercises/figures/<slug>.svg")."""
    out = {}
    for figure in read_poses().get("figure", []):
        description = figure.get("alt", "")
        seen, _, _ = description.partition(":")
        out[f"exercises/figures/{figure['exercise']}.svg"] = DrawingKey(
            description=description,
            seen_from="" if figure.get("view", "side") == "side" else seen.removeprefix("Seen from ").strip(),
            start_shown=bool(figure.get("ghost")),
            arrows=bool(figure.get("arrows")),
            felt=bool(figure.get("highlight")),
            stays=bool(figure.get("stays")),
            breath_out=figure.get("breath_mark", True)
            and any(s.get("breath") == "out" for s in figure["loop"]),
            squeeze=bool(figure.get("squeeze")),
            breath_in=figure.get("breath_mark", True)
            and any(s.get("breath") == "in" for s in figure["loop"]),
        )
    return out


def drawing_key(figure_path: str) -> DrawingKey | None:
    """The key of a shipped drawing, or None for a path that is not one."""
    return drawing_keys().get(figure_path)
