"""A blind review pack for the exercise drawings: each drawing at four moments of its loop,
shuffled under numbers, with the key kept apart.

    .venv/bin/python -m tests.figures.review /tmp/review --seed 7 --key /tmp/review-key   # the pack
    .venv/bin/python -m tests.figures.review /tmp/review-key --score answers.md         # a round's table
    .venv/bin/python -m tests.figures.review /tmp/ab --against OLD_FIGURES --only slug … --key /tmp/ab-key
    .venv/bin/python -m tests.figures.review /tmp/look --only slug … --blind --key /tmp/look-key  # first look

The pack holds `01.png` … `40.png` (four moments of one drawing's loop, in time order, left to
right and top to bottom), `keys.md` (the "How to read the drawing" key the exercise page shows
under each drawing, rendered from the page's own template; rounds 3–10 had none, and
`--without-page-key` leaves it out again), `REVIEWER.md` (what the reviewer is asked, in order), `names.txt` (the
exercise names, alphabetical, for the second step only) and, apart, `key/key.tsv` (number, slug,
name), written under --key (outside the pack) or else in the pack's `key/`. Give a fresh reviewer
the folder without the key. The reviewer writes what each image shows
before opening `names.txt`, so the first impression tests the drawing, not the matching.

`--score` reads the reviewer's answer table (a Markdown table whose rows start with the number,
then the first impression, the matched name, and yes / partly / no) and prints the round's table
with the key beside it and the totals the issue counts.

`--against OLD_FIGURES` writes a side-by-side pack instead, the test of one change: for each
drawing named by `--only`, `NN-A.png` and `NN-B.png` are the old version (from OLD_FIGURES, say a
checkout of main's `static/exercises/figures`) and the new one (`--figures`, default this tree's),
sides shuffled; `README.md` asks for first impressions of every pair before `INSTRUCTIONS.md`
(what the app tells people to do) is opened; `key/key.tsv` says which side is new.

`--only slug … --blind` writes the blind pack of just those drawings, a first-look check: a
side-by-side reviewer knows the exercise's name, so it cannot catch a first impression that goes
wrong. Show a candidate (`--figures` a folder holding it and a few other drawings) to a fresh
reviewer, who writes what each image shows before the names.

The moments are an eighth, three eighths, five eighths and seven eighths of the loop: evenly
spread, and never the instant the loop wraps. Drawings are rendered inline (SMIL paused with
pauseAnimations, then setCurrentTime), light scheme, at the width a phone shows them.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tomllib
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import django
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

from exercises.drawings import drawing_key

ROOT = Path(__file__).resolve().parent.parent.parent
FIGURES = ROOT / "static" / "exercises" / "figures"
CONTENT = ROOT / "exercises" / "content" / "exercises.toml"
MOMENTS = (1 / 8, 3 / 8, 5 / 8, 7 / 8)
WIDTH = 480  # CSS pixels of one moment; the pages show a drawing 300–420 px wide
FRAME_BACKGROUND = "#f4ede2"  # --surface-2 in static/css/app.css, behind every drawing

REVIEWER = """\
# Reviewing exercise drawings

Each numbered image shows ONE exercise drawing at four moments of its animation, in time order:
top left, top right, bottom left, bottom right. The drawing loops, so after the fourth moment it
starts again.

Work in this order, and do not go back to change an earlier step:

1. For every image, before you open names.txt, write what you see: the position (lying, sitting,
   standing, on hands and knees…), what moves and how, and what you think the exercise is.
2. Then open names.txt and match each image to one name.
3. For each image, say whether a person who has never done this exercise could do it from the
   drawing alone: yes, partly or no, with the reason (what is unclear, what could be misread,
   whether it looks safe).

{page_key}Answer as a Markdown table:

| # | first impression | name | newcomer could do it | why |
"""


PAGE_KEY = """\
On the exercise page, every drawing has a short key under it, "How to read the drawing". keys.md
gives each image's key, as the page shows it. Read it with the image, as a person on the page
could; it never names the exercise.

"""


def page_keys(slugs: list[str]) -> dict[str, list[str]]:
    """Each drawing's "How to read the drawing" key, in English, as lines of text: the exercise
    page's own partial (templates/exercises/exercise.html#drawing-key) rendered for the drawing's
    key from this checkout's poses.toml."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spasmcare.settings")
    django.setup()
    out = {}
    with translation.override("en"):
        for slug in slugs:
            key = drawing_key(f"exercises/figures/{slug}.svg", "en")
            html = render_to_string("exercises/exercise.html#drawing-key", {"key": key})
            out[slug] = [" ".join(strip_tags(item).split()) for item in html.split("</li>")[:-1]]
    return out


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    sys.exit("Chromium not found: install Debian's chromium or set CHROMIUM_PATH.")


def exercises() -> dict[str, dict]:
    """exercises.toml's exercises by slug (their name, steps, …)."""
    with open(CONTENT, "rb") as f:
        return {item["slug"]: item for item in tomllib.load(f)["exercise"]}


def exercise_names() -> dict[str, str]:
    return {slug: item["name"] for slug, item in exercises().items()}


@contextmanager
def drawing_page(dark: bool, scale: float):
    """A Chromium page to shoot a drawing's moments in: WIDTH CSS pixels square, `scale` device
    pixels to one, in the light or dark scheme."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield browser.new_page(
            viewport={"width": WIDTH, "height": WIDTH},
            device_scale_factor=scale,
            color_scheme="dark" if dark else "light",
        )
        browser.close()


def loop_seconds(svg: str) -> float:
    durations = [float(d) for d in re.findall(r'dur="([\d.]+)s"', svg)]
    return max(durations) if durations else 1.0


def moments(svg: str, page, dark: bool = False) -> list:
    """Four screenshots (PIL images) of one drawing, paused at the review's moments."""
    background = "#263030" if dark else FRAME_BACKGROUND
    page.set_content(
        f'<body style="margin:0;background:{background}">'
        f'<div id="f" style="width:{WIDTH}px;aspect-ratio:16/10">{svg}</div></body>'
    )
    page.eval_on_selector("svg", "s => { s.style.width = '100%'; s.style.height = '100%'; }")
    seconds = loop_seconds(svg)
    shots = []
    for fraction in MOMENTS:
        page.eval_on_selector(
            "svg", "(s, t) => { s.pauseAnimations(); s.setCurrentTime(t); }", seconds * fraction
        )
        shots.append(Image.open(BytesIO(page.locator("#f").screenshot())))
    return shots


def sheet(shots: list, label: str):
    """The four moments in a two-by-two grid with a thin gap, numbered in time order."""
    width, height = shots[0].size
    gap = 6
    out = Image.new("RGB", (2 * width + gap, 2 * height + gap), "#888888")
    draw = ImageDraw.Draw(out)
    for index, shot in enumerate(shots):
        x, y = (index % 2) * (width + gap), (index // 2) * (height + gap)
        out.paste(shot, (x, y))
        draw.text((x + 8, y + 6), f"{label}.{index + 1}", fill="#555555")
    return out


def write_pack(
    out: Path,
    seed: int | None,
    figures: Path = FIGURES,
    dark: bool = False,
    only: list[str] | None = None,
    key: Path | None = None,
    with_page_key: bool = True,
    blind: bool = False,
) -> None:
    """A blind pack of every drawing, or with `blind` of `only`'s (a first-look check); `only`
    without `blind` writes named sheets instead (write_sheets)."""
    names = exercise_names()
    slugs = sorted(path.stem for path in figures.glob("*.svg") if not only or path.stem in only)
    if only and not blind:
        return write_sheets(out, slugs, figures, dark)
    random.Random(seed).shuffle(slugs)
    out.mkdir(parents=True, exist_ok=True)
    key_dir = (key or out) / "key"
    key_dir.mkdir(parents=True, exist_ok=True)
    with drawing_page(dark, scale=1.5) as page:
        for number, slug in enumerate(slugs, 1):
            svg = (figures / f"{slug}.svg").read_text(encoding="utf-8")
            sheet(moments(svg, page, dark), f"{number:02d}").save(out / f"{number:02d}.png")
    (out / "REVIEWER.md").write_text(
        REVIEWER.format(page_key=PAGE_KEY if with_page_key else ""), encoding="utf-8"
    )
    if with_page_key:
        keys = page_keys(slugs)
        (out / "keys.md").write_text(
            "".join(
                f"## {n:02d}\n\n" + "".join(f"- {line}\n" for line in keys[s]) + "\n"
                for n, s in enumerate(slugs, 1)
            ),
            encoding="utf-8",
        )
    (out / "names.txt").write_text("\n".join(sorted(names[s] for s in slugs)) + "\n", encoding="utf-8")
    (key_dir / "key.tsv").write_text(
        "".join(f"{n:02d}\t{s}\t{names[s]}\n" for n, s in enumerate(slugs, 1)), encoding="utf-8"
    )
    print(f"Wrote {len(slugs)} sheets to {out}; the key is in {key_dir} (keep it from the reviewer).")


def write_sheets(out: Path, slugs: list[str], figures: Path, dark: bool) -> None:
    """One sheet per drawing, named by its slug: for looking at drawings while changing them."""
    out.mkdir(parents=True, exist_ok=True)
    with drawing_page(dark, scale=1) as page:
        for slug in slugs:
            svg = (figures / f"{slug}.svg").read_text(encoding="utf-8")
            sheet(moments(svg, page, dark), slug).save(out / f"{slug}.png")


SIDE_BY_SIDE = """\
# Comparing two drawings of the same exercise

Each pair shows the SAME exercise drawn two ways, NN-A.png and NN-B.png, each at four moments of
its animation, in time order: top left, top right, bottom left, bottom right.

1. For every pair, before you open INSTRUCTIONS.md, write what you see in A and in B.
2. Then open INSTRUCTIONS.md (what the app tells people to do) and judge which version a person
   who has never done the exercise would follow more correctly from the drawing alone: A, B or
   same, in one or two sentences; and rate each version yes / partly / no (could a newcomer do
   it correctly from the drawing alone).

Answer as a Markdown table: | pair | exercise | better (A/B/same) | A | B | why |

{pairs}
On the app's exercise page, a key under every drawing ("How to read the drawing") explains its
marks. The lines that can apply:
{key_lines}"""


def write_side_by_side(
    out: Path, slugs: list[str], old: Path, new: Path, seed: int | None, key: Path | None, dark: bool
) -> None:
    """A side-by-side pack: each drawing's old and new version as A and B, sides shuffled."""
    content = exercises()
    names = {slug: item["name"] for slug, item in content.items()}
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    key_dir = (key or out) / "key"
    key_dir.mkdir(parents=True, exist_ok=True)
    sides = {slug: rng.choice(("A", "B")) for slug in slugs}  # the side the new version is on
    with drawing_page(dark, scale=1.5) as page:
        for number, slug in enumerate(slugs, 1):
            new_side = sides[slug]
            old_side = "B" if new_side == "A" else "A"
            for side, folder in ((new_side, new), (old_side, old)):
                svg = (folder / f"{slug}.svg").read_text(encoding="utf-8")
                label = f"{number:02d}-{side}"
                sheet(moments(svg, page, dark), label).save(out / f"{label}.png")
    # Every line a key can have but the view's, which differs from drawing to drawing.
    lines = dict.fromkeys(
        line for lines in page_keys(sorted(names)).values() for line in lines if "seen from" not in line
    )
    pairs = "".join(
        f"- pair {n:02d}: {names[s]}: {n:02d}-A.png and {n:02d}-B.png\n" for n, s in enumerate(slugs, 1)
    )
    (out / "README.md").write_text(
        SIDE_BY_SIDE.format(pairs=pairs, key_lines="".join(f"- {line}\n" for line in lines)), encoding="utf-8"
    )
    (out / "INSTRUCTIONS.md").write_text(
        "# What the app tells people to do (open only after writing first impressions of every pair)\n\n"
        + "".join(
            f"- pair {n:02d}: {names[s]}: {' '.join(content[s]['steps'])}\n" for n, s in enumerate(slugs, 1)
        ),
        encoding="utf-8",
    )
    (key_dir / "key.tsv").write_text(
        "".join(f"{n:02d}\t{s}\t{sides[s]}=new\n" for n, s in enumerate(slugs, 1)), encoding="utf-8"
    )
    print(f"Wrote {len(slugs)} pairs to {out}; the key is in {key_dir} (keep it from the reviewer).")


def score(pack: Path, answers: Path) -> None:
    """Print the round's table: the reviewer's answers beside the key, and the totals."""
    key = {}
    for line in (pack / "key" / "key.tsv").read_text(encoding="utf-8").splitlines():
        number, slug, name = line.split("\t")
        key[int(number)] = (slug, name)
    rows = {}
    for line in answers.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].isdigit():
            rows[int(cells[0])] = cells
    verdicts = {"yes": 0, "partly": 0, "no": 0}
    matched = 0
    print("| # | exercise | first impression | matched | newcomer |")
    print("|---|---|---|---|---|")
    for number, (_slug, name) in sorted(key.items()):
        cells = rows.get(number, [str(number), "(missing)", "", "no"])
        right = cells[2].lower().strip(" *") == name.lower()
        matched += right
        verdict = cells[3].lower().strip(" *").split()[0] if cells[3].strip() else "no"
        verdicts[verdict if verdict in verdicts else "no"] += 1
        print(
            f"| {number} | {name} | {cells[1]} | {'right' if right else 'WRONG: ' + cells[2]} | {cells[3]} |"
        )
    print(
        f"\nmatched {matched}/{len(key)}; yes {verdicts['yes']}, partly {verdicts['partly']}, no {verdicts['no']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the pack")
    parser.add_argument("--seed", type=int, default=None, help="shuffle seed (default: a new order)")
    parser.add_argument("--dark", action="store_true", help="the dark scheme's frame")
    parser.add_argument("--score", type=Path, metavar="ANSWERS", help="score a reviewer's answers")
    parser.add_argument("--key", type=Path, help="folder for the key, apart from the pack (default: in it)")
    parser.add_argument(
        "--figures", type=Path, default=FIGURES, help="folder of drawings (default: the shipped ones)"
    )
    parser.add_argument("--only", nargs="*", help="named sheets of these slugs only, unshuffled, no key")
    parser.add_argument(
        "--without-page-key", action="store_true", help="leave out keys.md, as rounds 3-10 did"
    )
    parser.add_argument(
        "--blind",
        action="store_true",
        help="with --only: a blind pack of just those drawings (a first-look check), not named sheets",
    )
    parser.add_argument(
        "--against", type=Path, metavar="OLD_FIGURES", help="a side-by-side pack of --only's drawings"
    )
    args = parser.parse_args()
    if args.score:
        score(args.out, args.score)
    elif args.against:
        if not args.only:
            parser.error("--against needs --only: the drawings the change redrew")
        write_side_by_side(args.out, args.only, args.against, args.figures, args.seed, args.key, args.dark)
    else:
        write_pack(
            args.out,
            args.seed,
            args.figures,
            dark=args.dark,
            only=args.only,
            key=args.key,
            with_page_key=not args.without_page_key,
            blind=args.blind,
        )


if __name__ == "__main__":
    main()
