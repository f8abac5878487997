"""Redraw every exercise drawing and the app icons:

    .venv/bin/python -m tests.figures            # or: make figures
    .venv/bin/python -m tests.figures --only cat-cow glute-bridge --out /tmp/figures

tests/test_figures.py fails until the shipped files match what this writes.
"""

import argparse
from pathlib import Path

from . import icons
from .build import FIGURE_DIR, ROOT, write_figures
from .drawing import contacts
from .poses import figures


def main() -> None:
    parser = argparse.ArgumentParser(description="Redraw the exercise drawings and the app icons.")
    parser.add_argument("--only", nargs="*", help="exercise slugs to draw (default: all, and the icons)")
    parser.add_argument("--out", default=str(FIGURE_DIR), help="folder for the drawings")
    parser.add_argument(
        "--contacts", action="store_true", help="list what touches the floor in each pose instead"
    )
    args = parser.parse_args()
    if args.contacts:
        for slug, figure in figures().items():
            if not args.only or slug in args.only:
                for pose, parts in contacts(figure).items():
                    print(f"{slug} {pose}: {', '.join(parts)}")
        return

    written = write_figures(Path(args.out), args.only)
    if not args.only and Path(args.out) == FIGURE_DIR:
        written += icons.write_icons()
    for path in written:
        try:
            name = path.relative_to(ROOT)
        except ValueError:
            name = path
        print(f"{name}  {path.stat().st_size} B")


main()
