"""The app icons (static/icons/): a leaf whose midrib is a gently curved spine.

Written by `python -m tests.figures` with the exercise drawings; Pillow draws the PNGs.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent.parent
ICON_DIR = ROOT / "static" / "icons"


def number(value: float) -> str:
    rounded = round(value)
    if abs(value - rounded) < 0.25:
        return str(rounded)
    return f"{value:.1f}"


ICON_BG = "#2f6f6a"
ICON_FG = "#f6efe2"
# The mark, in a 512 x 512 box: a leaf whose midrib is a gently curved spine.
# Each curve is a quadratic Bezier (start, control, end).
LEAF_EDGES = (
    ((160, 372), (128, 168), (356, 146)),
    ((160, 372), (384, 350), (356, 146)),
)
LEAF_RIB = ((130, 398), (226, 322), (318, 188))
MARK_WIDTH = 26


def icon_svg(scale=1.1) -> str:
    def place(pt):
        return f"{number(256 + (pt[0] - 256) * scale)} {number(256 + (pt[1] - 256) * scale)}"

    d = "".join(f"M{place(a)}Q{place(c)} {place(b)}" for a, c, b in LEAF_EDGES + (LEAF_RIB,))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="112" fill="{ICON_BG}"/>'
        f'<path d="{d}" fill="none" stroke="{ICON_FG}" stroke-width="{number(MARK_WIDTH * scale)}" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>\n'
    )


def bezier_points(c, steps=240):
    (x0, y0), (cx, cy), (x1, y1) = c
    out = []
    for i in range(steps + 1):
        u = i / steps
        a, b, d = (1 - u) ** 2, 2 * u * (1 - u), u * u
        out.append((a * x0 + b * cx + d * x1, a * y0 + b * cy + d * y1))
    return out


def icon_image(size, *, rounded=True, scale=1.1, width=MARK_WIDTH, rib=True, alpha=True):
    """Draw the icon with Pillow at `size` px (drawn 4x larger, then scaled down)."""
    ss = 4
    big = size * ss
    k = big / 512
    mode, clear = ("RGBA", (0, 0, 0, 0)) if alpha else ("RGB", ICON_BG)
    img = Image.new(mode, (big, big), clear)
    draw = ImageDraw.Draw(img)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(112 * k), fill=ICON_BG)
    else:
        draw.rectangle((0, 0, big, big), fill=ICON_BG)

    def place(p):  # scale the mark about the centre
        return ((256 + (p[0] - 256) * scale) * k, (256 + (p[1] - 256) * scale) * k)

    r = width * scale * k / 2
    curves = LEAF_EDGES + ((LEAF_RIB,) if rib else ())
    for c in curves:  # a round brush stamped densely along each curve
        for x, y in (place(p) for p in bezier_points(c)):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ICON_FG)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(out_dir: Path = ICON_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    svg_path = out_dir / "icon.svg"
    svg_path.write_text(icon_svg(), encoding="utf-8")
    written.append(svg_path)
    renders = {
        "icon-192.png": icon_image(192),
        "icon-512.png": icon_image(512),
        # Maskable: full-bleed background, the mark inside the central 80 % safe zone.
        "maskable-512.png": icon_image(512, rounded=False, scale=0.86, alpha=False),
        # iOS rounds the corners itself and wants no transparency.
        "apple-touch-icon.png": icon_image(180, rounded=False, scale=0.96, alpha=False),
    }
    for name, img in renders.items():
        path = out_dir / name
        # Two colours plus their anti-aliased blends: a 64-colour palette is lossless to the eye
        # and a fifth of the size.
        img.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)
        written.append(path)
    # Small sizes: a bolder mark without the midrib so it stays legible.
    ico = out_dir / "favicon.ico"
    small = [icon_image(s, width=46, rib=s >= 32) for s in (32, 16)]
    small[0].save(ico, format="ICO", sizes=[(32, 32), (16, 16)], append_images=small[1:])
    written.append(ico)
    return written
