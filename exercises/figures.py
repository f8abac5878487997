"""Generate the exercise line figures and the app icons.

Run from the project root (standard library only for the figures; Pillow for the PNG icons):

    .venv/bin/python -m exercises.figures

Writes static/exercises/figures/<slug>.svg (one per exercise) and static/icons/*.

Every figure is the same stick figure (head, neck, torso, upper and lower arms, thighs, shins
and feet) with fixed segment lengths, posed by absolute joint angles, by a target point for a
hand or an ankle (two-bone inverse kinematics), or by explicit joints where a limb is turned
towards the viewer. Angles are in degrees, counter-clockwise from pointing right, with y pointing
up as in maths; the SVG's y axis points down.

Most scenes are side views with the figure facing right (lying on the back: head on the left;
lying on the front: head on the right); the limb nearer the viewer is solid and the farther one
faded. Standing-side-stretch and shoulder-rolls are front views, side-lying scenes are seen from
in front and a little above, and knee-rolls is seen from above. The start position is drawn as a
faint ghost, the end (or held) position as the solid figure, with a curved arrow for movements.
Colours come from an embedded <style> with a prefers-color-scheme: dark block, because the images
are shown with <img> on both light and dark pages.
"""

from __future__ import annotations

import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURE_DIR = ROOT / "static" / "exercises" / "figures"
ICON_DIR = ROOT / "static" / "icons"

W, H = 320, 200
FLOOR = 189  # floor line (centre of its stroke)
MAT_Y = 183  # top of the mat rectangle
LIE = 178  # spine height of a figure lying on the mat
ANKLE = 184  # ankle height of a standing foot (the foot line sits just above the floor)

# Segment lengths, shared by every figure.
TORSO, NECK, HEAD_R = 53, 8, 11
UPPER_ARM, FOREARM = 30, 27
THIGH, SHIN, FOOT = 44, 43, 12
KNEE = ANKLE - SHIN  # knee (and thigh) height when sitting with the shin upright
SEAT = KNEE + 7  # chair seat line under the thigh
HIP = KNEE - THIGH  # hip height when standing

INK, INK_DARK = "#2d3a3a", "#e8efe9"
ACCENT, ACCENT_DARK = "#c2561a", "#f0a36b"
PROP, PROP_DARK = "#7d8f8a", "#93a8a2"

STYLE = (
    "<style>"
    "path,circle,rect{fill:none;stroke-linecap:round;stroke-linejoin:round}"
    f".fig{{stroke:{INK};stroke-width:6}}"
    ".ghost{opacity:.3}.far{opacity:.55}"
    f".prop{{stroke:{PROP};stroke-width:3}}"
    f".floor{{stroke:{PROP};stroke-width:2}}"
    f".arrow{{stroke:{ACCENT};stroke-width:3.5}}"
    "@media(prefers-color-scheme:dark){"
    f".fig{{stroke:{INK_DARK}}}.ghost{{opacity:.35}}"
    f".prop,.floor{{stroke:{PROP_DARK}}}.arrow{{stroke:{ACCENT_DARK}}}}}"
    "</style>"
)


# --------------------------------------------------------------------------- geometry


def n(v: float) -> str:
    """A coordinate rounded to an integer, or one decimal when that matters."""
    r = round(v)
    if abs(v - r) < 0.25:
        return str(r)
    return f"{v:.1f}"


def go(p, angle, length):
    a = math.radians(angle)
    return (p[0] + length * math.cos(a), p[1] - length * math.sin(a))


def at(p, dx=0.0, dy=0.0):
    """A point offset from p (SVG directions: dy > 0 is down)."""
    return (p[0] + dx, p[1] + dy)


def lerp(p, q, f):
    return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f)


def heading(p, q):
    return math.degrees(math.atan2(-(q[1] - p[1]), q[0] - p[0]))


def two_bone(root, target, l1, l2, bend):
    """Middle joint and end of a two-segment limb reaching for target.

    bend=+1 puts the middle joint to the left of the root->target line (as seen walking along
    it with y up): knees of a right-facing figure; bend=-1: its elbows.
    """
    dx, dy = target[0] - root[0], -(target[1] - root[1])
    d = max(1e-6, min(math.hypot(dx, dy), l1 + l2 - 1e-6))  # out of reach: straighten
    base = math.degrees(math.atan2(dy, dx))
    cos_a = (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d)
    a = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    mid = go(root, base + bend * a, l1)
    end = go(root, base, d)
    return mid, end


def limb(root, spec, l1, l2, bend):
    """spec: (a1, a2[, foot]) absolute angles, ((x, y)[, bend[, foot]]) a target point for the
    end, or ("@", mid, end[, foot]) explicit joints (for foreshortened, turned-out limbs)."""
    if spec[0] == "@":
        return spec[1], spec[2], (spec[3] if len(spec) > 3 else None)
    if isinstance(spec[0], (tuple, list)):
        b = spec[1] if len(spec) > 1 and spec[1] is not None else bend
        mid, end = two_bone(root, spec[0], l1, l2, b)
    else:
        mid = go(root, spec[0], l1)
        end = go(mid, spec[1], l2)
    return mid, end, (spec[2] if len(spec) > 2 else None)


def poly(points) -> str:
    first, *rest = points
    return f"M{n(first[0])} {n(first[1])}L" + " ".join(f"{n(x)} {n(y)}" for x, y in rest)


# --------------------------------------------------------------------------- the figure


def build(hip, t, c=0.0, h=None, arms=((270, 270),), legs=((270, 270),), shoulders=0,
          front=False):
    """Pose a figure: return its joints and limb polylines.

    hip: hip joint; t: direction hip->shoulder; c: bulge of the spine towards the back
    (negative arches it); h: direction shoulder->head (defaults to t).
    arms / legs: [near, far] limb specs (see limb); a leg spec's optional third item is the
    foot's direction (default: at right angles to the shin, toes forward).
    shoulders: half-width of a shoulder bar (a front or turned view); in a front view the arms
    hang from its ends, the first arm from the end on the figure's left of t.
    front: a front view (or side-lying), where no limb is behind another: none is faded.
    """
    shoulder = go(hip, t, TORSO)
    head_dir = t if h is None else h
    j = {
        "hip": hip,
        "shoulder": shoulder,
        "ctrl": go(lerp(hip, shoulder, 0.5), t + 90, 2 * c),
        "neck": go(shoulder, head_dir, NECK),
        "head": go(shoulder, head_dir, NECK + HEAD_R),
        "bar": None,
    }
    roots = [shoulder, shoulder]
    if shoulders:
        j["bar"] = (go(shoulder, t + 90, shoulders), go(shoulder, t - 90, shoulders))
        if front:
            roots = list(j["bar"])
    arm_lines, leg_lines = [], []
    for i, spec in enumerate(arms):
        root = roots[min(i, 1)]
        elbow, hand, _ = limb(root, spec, UPPER_ARM, FOREARM, -1)
        j[f"elbow{i}"], j[f"hand{i}"] = elbow, hand
        arm_lines.append([root, elbow, hand])
    for i, spec in enumerate(legs):
        knee, ankle, foot = limb(hip, spec, THIGH, SHIN, +1)
        if foot is None:
            foot = heading(knee, ankle) + 90
        j[f"knee{i}"], j[f"ankle{i}"] = knee, ankle
        j[f"toe{i}"] = go(ankle, foot, FOOT)
        leg_lines.append([hip, knee, ankle, j[f"toe{i}"]])
    if front:
        near, far = arm_lines + leg_lines, []
    else:
        near = arm_lines[:1] + leg_lines[:1]
        far = arm_lines[1:] + leg_lines[1:]
    j["near"], j["far"], j["c"] = near, far, c
    return j


def joints(pose: dict) -> dict:
    """Named joint positions of a pose, handy for placing arrows and props."""
    return build(**pose)


def _seg_dist(p, a, b):
    ax, ay = b[0] - a[0], b[1] - a[1]
    L2 = ax * ax + ay * ay
    u = 0.0 if L2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / L2))
    return math.hypot(p[0] - a[0] - u * ax, p[1] - a[1] - u * ay)


def _outside(points, c, r):
    """Split a polyline into the pieces that lie outside the circle (c, r)."""
    pieces, cur = [], []
    for a, b in zip(points, points[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        fx, fy = a[0] - c[0], a[1] - c[1]
        qa, qb, qc = dx * dx + dy * dy, 2 * (fx * dx + fy * dy), fx * fx + fy * fy - r * r
        disc = qb * qb - 4 * qa * qc
        inside = None
        if qa > 0 and disc > 0:
            s = math.sqrt(disc)
            u0, u1 = (-qb - s) / (2 * qa), (-qb + s) / (2 * qa)
            if u0 < 1 and u1 > 0:
                inside = (max(0.0, u0), min(1.0, u1))
        if inside is None:
            if not cur:
                cur = [a]
            cur.append(b)
            continue
        u0, u1 = inside
        if u0 > 0:
            if not cur:
                cur = [a]
            cur.append(lerp(a, b, u0))
        if len(cur) > 1:
            pieces.append(cur)
        cur = [lerp(a, b, u1)] if u1 < 1 else []
        if u1 < 1:
            cur.append(b)
    if len(cur) > 1:
        pieces.append(cur)
    return [p for p in pieces if math.dist(p[0], p[-1]) > 2 or len(p) > 2]


def _head(c, near_lines, gap=5.5):
    """The head circle, broken where a near limb passes in front of it."""
    steps = 72
    vis = []
    for i in range(steps):
        a = 2 * math.pi * i / steps
        p = (c[0] + HEAD_R * math.cos(a), c[1] + HEAD_R * math.sin(a))
        vis.append(all(_seg_dist(p, a_, b_) >= gap
                       for line_ in near_lines for a_, b_ in zip(line_, line_[1:])))
    if all(vis):
        return f'<circle cx="{n(c[0])}" cy="{n(c[1])}" r="{HEAD_R}"/>'
    if not any(vis):
        return ""
    k = vis.index(False)  # rotate so that a run never wraps around
    order = [(k + i) % steps for i in range(steps)]
    d, run = "", []
    for idx in order + [None]:
        if idx is not None and vis[idx]:
            run.append(idx)
            continue
        if len(run) > 1:
            a0 = 2 * math.pi * run[0] / steps
            a1 = a0 + 2 * math.pi * (len(run) - 1) / steps
            p0 = (c[0] + HEAD_R * math.cos(a0), c[1] + HEAD_R * math.sin(a0))
            p1 = (c[0] + HEAD_R * math.cos(a1), c[1] + HEAD_R * math.sin(a1))
            large = 1 if a1 - a0 > math.pi else 0
            d += f"M{n(p0[0])} {n(p0[1])}A{HEAD_R} {HEAD_R} 0 {large} 1 {n(p1[0])} {n(p1[1])}"
        run = []
    return f'<path d="{d}"/>'


def draw_figure(pose: dict, ghost=False) -> str:
    j = build(**pose)
    hip, sh, neck, c = j["hip"], j["shoulder"], j["neck"], j["c"]
    spine = f"M{n(hip[0])} {n(hip[1])}"
    spine += f"Q{n(j['ctrl'][0])} {n(j['ctrl'][1])} " if c else "L"
    spine += f"{n(sh[0])} {n(sh[1])}L{n(neck[0])} {n(neck[1])}"
    if j["bar"]:
        spine += poly(j["bar"])
    near = spine + "".join(poly(line_) for line_ in j["near"])
    # Far limbs pass behind the head: leave a gap there.
    far = "".join(poly(piece) for line_ in j["far"]
                  for piece in _outside(line_, j["head"], HEAD_R + 6.5))
    cls = "fig ghost" if ghost else "fig"
    out = f'<g class="{cls}">'
    if far:
        out += f'<path class="far" d="{far}"/>'
    out += f'<path d="{near}"/>{_head(j["head"], j["near"])}</g>'
    return out


# --------------------------------------------------------------------------- props and arrows


def floor(x0=8, x1=312) -> str:
    return f'<path class="floor" d="M{x0} {FLOOR}H{x1}"/>'


def mat(x0, x1) -> str:
    return f'<rect class="prop" x="{x0}" y="{MAT_Y}" width="{x1 - x0}" height="5" rx="2.5"/>'


def chair(back_x, front_x, seat=SEAT, back_top=96) -> str:
    """Side view of a plain chair; the back post stands at back_x."""
    return (
        f'<path class="prop" d="M{back_x} {back_top}V{FLOOR}M{back_x} {seat}H{front_x}V{FLOOR}"/>'
    )


def counter(x, top=101, to=312) -> str:
    """A kitchen counter whose front edge is at x (extends to the right when to > x)."""
    lip = 5 if to > x else -5
    return (
        f'<path class="prop" d="M{x - lip} {top}H{to}M{x} {top}V{FLOOR}'
        f'M{x + 3 * lip} {top + 12}H{to}"/>'
    )


def wall(x, top=16) -> str:
    return f'<path class="prop" d="M{x} {top}V{FLOOR}"/>'


def rect(x, y, w, h, r=4) -> str:
    return f'<rect class="prop" x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" rx="{r}"/>'


def line(*points) -> str:
    return f'<path class="prop" d="{poly(points)}"/>'


def _barbs(end, tangent_deg, size=8):
    """Two short barbs ending at `end`, for a line arriving in direction tangent_deg."""
    a = go(end, tangent_deg + 180 - 32, size)
    b = go(end, tangent_deg + 180 + 32, size)
    return f"M{n(a[0])} {n(a[1])}L{n(end[0])} {n(end[1])} {n(b[0])} {n(b[1])}"


def arrow(p0, p1, bend=0.0, both=False) -> str:
    """A gently curved arrow from p0 to p1; bend>0 bows it to the left of the travel."""
    mid = ((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2)
    length = math.hypot(p1[0] - p0[0], p1[1] - p0[1])
    ctrl = go(mid, heading(p0, p1) + 90, bend * length)
    d = f"M{n(p0[0])} {n(p0[1])}Q{n(ctrl[0])} {n(ctrl[1])} {n(p1[0])} {n(p1[1])}"
    d += _barbs(p1, heading(ctrl, p1))
    if both:
        d += _barbs(p0, heading(ctrl, p0))
    return f'<path class="arrow" d="{d}"/>'


def turn(c, rx, ry, a0, a1) -> str:
    """An arrow along an ellipse around c, from angle a0 to a1 (degrees, counter-clockwise
    when a1 > a0, as seen with y up)."""
    steps = max(2, int(abs(a1 - a0) / 15))
    pts = []
    for i in range(steps + 1):
        a = math.radians(a0 + (a1 - a0) * i / steps)
        pts.append((c[0] + rx * math.cos(a), c[1] - ry * math.sin(a)))
    sign = 1 if a1 > a0 else -1
    a = math.radians(a1)
    tangent = (-rx * math.sin(a) * sign, -ry * math.cos(a) * sign)
    tdeg = math.degrees(math.atan2(-tangent[1], tangent[0]))
    d = f"M{n(pts[0][0])} {n(pts[0][1])}"
    # A smooth polyline through the samples reads as a curve at this size.
    d += "L" + " ".join(f"{n(x)} {n(y)}" for x, y in pts[1:])
    d += _barbs(pts[-1], tdeg, 7)
    return f'<path class="arrow" d="{d}"/>'


def svg(*parts) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}">'
        + STYLE
        + "".join(parts)
        + "</svg>\n"
    )


def scene(solid, ghost=None, props=(), marks=()) -> str:
    parts = list(props)
    if ghost is not None:
        parts.append(draw_figure(ghost, ghost=True))
    parts.append(draw_figure(solid))
    parts += list(marks)
    return svg(*parts)


def pose(base: dict, **changes) -> dict:
    p = dict(base)
    p.update(changes)
    return p


# --------------------------------------------------------------------------- base poses

HX = 172  # hip x of a figure lying on its back
SUP_HEAD = 146  # head direction that rests the head on the mat when lying on the back
FEET = (HX + 54, 172)  # ankles of a lying figure with knees bent, feet flat

# Lying on the back, knees bent, feet flat ("hook lying"); head on the left.
HOOK = dict(
    hip=(HX, LIE), t=180, h=SUP_HEAD,
    arms=((0, 0),),
    legs=((FEET, 1, -6), (FEET, 1, -6)),
)
# Lying flat on the back, legs long.
FLAT = dict(hip=(HX, LIE), t=180, h=SUP_HEAD, arms=((0, 0),), legs=((0, 0, 85),))
# On hands and knees, facing right; knee on the mat.
FOURS_KNEE = (126, LIE)
FOURS = dict(
    hip=(126, LIE - THIGH), t=13,
    arms=(((178, LIE), 1),),
    legs=(("@", FOURS_KNEE, (FOURS_KNEE[0] - SHIN, LIE), 182),),
)
# Sitting on a chair, facing right.
CHAIR = (88, 146)  # back post x, front edge x
SEATED = dict(
    hip=(114, KNEE), t=90,
    arms=(((146, KNEE - 7), -1),),
    legs=((0, 270, 0),),
)
# Standing, facing right.
STANDING = dict(hip=(160, HIP), t=90, arms=((266, 274),), legs=((270, 270, 0),))


def lying_props(x0=66, x1=262):
    return [floor(), mat(x0, x1)]


def seated_props():
    return [floor(), chair(*CHAIR)]


def hip_after(knee, thigh_angle):
    """Hip position for a knee fixed on the floor and a thigh pointing thigh_angle from it."""
    return go(knee, thigh_angle, THIGH)


# --------------------------------------------------------------------------- scenes


def s_knees_to_chest():
    end = pose(HOOK, legs=((124, -10, 80),), arms=(((160, 136), 1),))
    a, b = joints(HOOK), joints(end)
    return scene(end, HOOK, lying_props(),
                 [arrow(at(a["knee0"], 12, -14), at(b["knee0"], 22, -18), 0.35)])


def s_single_knee_to_chest():
    end = pose(HOOK, legs=((124, -10, 80), HOOK["legs"][1]), arms=(((160, 136), 1),))
    a, b = joints(HOOK), joints(end)
    return scene(end, pose(HOOK, legs=HOOK["legs"][:1]), lying_props(),
                 [arrow(at(a["knee0"], 12, -16), at(b["knee0"], 22, -18), 0.35)])


def s_childs_pose():
    knee = (152, LIE)
    ankle = (knee[0] - SHIN, LIE)
    hip = (ankle[0] + 6, LIE - 22)
    shoulder = (hip[0] + 52, LIE - 21)
    end = dict(hip=hip, t=heading(hip, shoulder), c=8, h=-45,
               arms=(((shoulder[0] + 55, LIE - 4), 1),),
               legs=(("@", knee, ankle, 180),))
    a = joints(FOURS)
    return scene(end, FOURS, lying_props(50, 250),
                 [arrow(at(a["hip"], -10, -12), at(hip, -18, -10), 0.4)])


def s_bottom_to_heels():
    hip = hip_after(FOURS_KNEE, 128)
    t = heading(hip, (150, 130))
    end = pose(FOURS, hip=hip, t=t, c=3, arms=(((178, LIE), -1),))
    a = joints(FOURS)
    return scene(end, FOURS, lying_props(50, 250),
                 [arrow(at(a["hip"], -6, -16), at(hip, -14, -14), 0.35)])


def s_cat_cow():
    cow = pose(FOURS, c=-7, h=FOURS["t"] + 26)
    cat = pose(FOURS, c=11, h=FOURS["t"] - 36)
    j = joints(FOURS)
    mid = lerp(j["hip"], j["shoulder"], 0.5)
    return scene(cat, cow, lying_props(50, 250),
                 [arrow(at(mid, -16, -14), at(mid, 16, -26), 0.45)])


def s_seated_cat_cow():
    cow = pose(SEATED, t=88, c=-6, h=108)
    cat = pose(SEATED, t=84, c=10, h=40)
    a, b = joints(cow), joints(cat)
    return scene(cat, cow, seated_props(),
                 [arrow(at(a["head"], 2, -18), at(b["head"], 22, -4), -0.4)])


def s_knee_rolls():
    # Seen from above: shoulders stay flat on the mat, both knees tip over to one side.
    hip = (170, 100)
    arms = ((-50, -30), (50, 30))
    up = dict(hip=hip, t=180, front=True, shoulders=15, arms=arms,
              legs=(("@", (197, 94), (222, 93), 0), ("@", (197, 106), (222, 107), 0)))
    rolled = dict(hip=hip, t=180, front=True, shoulders=15, arms=arms,
                  legs=(("@", (190, 126), (222, 97), -30), ("@", (196, 134), (224, 108), -30)))
    mat_ = rect(40, 34, 240, 132, 12)
    return scene(rolled, up, [mat_], [arrow((236, 112), (222, 146), -0.4)])


def s_piriformis_stretch():
    # The near ankle rests across the far thigh (a figure 4); the far thigh is hugged in.
    hip = HOOK["hip"]
    support = 100
    p = pose(HOOK, front=True,
             legs=(("@", at(hip, 36, -36), at(hip, -22, -42), 172), (support, 12, 102)),
             arms=((at(go(hip, support, 22), -4, 0), -1),))
    return scene(p, None, lying_props(),
                 [arrow((HX + 16, 116), (HX - 20, 120), 0.3)])


def s_seated_piriformis_stretch():
    hip = SEATED["hip"]
    fk = at(hip, THIGH, 0)
    near = ("@", at(hip, 24, -15), at(fk, 4, -9), -12)
    upright = pose(SEATED, legs=(near, (0, 270, 0)), arms=((at(hip, 26, -20), -1),))
    lean = pose(upright, t=66, h=56, arms=((at(hip, 36, -18), -1),))
    a, b = joints(upright), joints(lean)
    return scene(lean, upright, seated_props(),
                 [arrow(at(a["head"], 8, -20), at(b["head"], 22, -14), 0.3)])


def s_hamstring_stretch_towel():
    hip = HOOK["hip"]
    leg = 76
    ankle = go(hip, leg, THIGH + SHIN)
    hands = (HX - 30, LIE - 40)
    p = pose(HOOK, legs=((leg, leg, leg + 90), HOOK["legs"][1]), arms=((hands, -1),))
    s1 = go(go(ankle, leg, 5), leg + 90, 9)
    s2 = go(go(ankle, leg, 5), leg + 90, -2)
    towel = line(at(hands, -1, 0), s1, s2, at(hands, 2, 1))
    return scene(p, None, lying_props() + [towel])


def s_seated_hamstring_stretch():
    hip = (CHAIR[1] - 8, KNEE)
    heel = (hip[0] + 80, ANKLE - 3)
    legs = ((heel, 1, 72), ((hip[0] + 34, ANKLE), 1, 0))
    upright = pose(SEATED, hip=hip, legs=legs, arms=((at(hip, 26, -4), -1),))
    lean = pose(upright, t=58, h=50, arms=((at(hip, 52, 6), -1),))
    a, b = joints(upright), joints(lean)
    return scene(lean, upright, seated_props(),
                 [arrow(at(a["head"], 8, -20), at(b["head"], 22, -14), 0.3)])


def s_prone_on_elbows():
    hip = (142, LIE)
    shoulder = (hip[0] + 44, LIE - UPPER_ARM - 1)
    t = heading(hip, shoulder)
    legs = ((180, 180, 172),)
    end = dict(hip=hip, t=t, c=-3, h=t - 16, arms=((270, 0),), legs=legs)
    start = dict(hip=hip, t=0, h=34, arms=((180, 180),), legs=legs)
    return scene(end, start, lying_props(30, 280),
                 [arrow((160, 150), (176, 120), -0.3)])


def s_prone_press_up():
    hip = (146, LIE)
    t = 58
    legs = ((180, 180, 172),)
    end = dict(hip=hip, t=t, c=-7, h=t - 20,
               arms=(((go(hip, t, TORSO)[0] + 4, LIE), -1),), legs=legs)
    sh0 = go(hip, 0, TORSO)
    start = dict(hip=hip, t=0, h=34, arms=(((sh0[0] - 6, LIE), -1),), legs=legs)
    b = joints(end)
    return scene(end, start, lying_props(30, 280),
                 [arrow(at(sh0, 34, -6), at(b["head"], 20, 10), -0.3)])


def s_standing_back_bend():
    hands = (STANDING["hip"][0] - 12, HIP - 6)
    up = pose(STANDING, arms=((hands, -1),))
    back = pose(STANDING, hip=(165, HIP + 1), t=103, c=-7, h=114,
                legs=(((160, ANKLE), 1, 0),), arms=((at(hands, 4, 0), -1),))
    return scene(back, up, [floor()], [arrow((184, 22), (124, 22), -0.45)])


def s_seated_twist():
    start = pose(SEATED)
    end = pose(SEATED, shoulders=9, h=96,
               arms=(((CHAIR[0] + 4, 120), -1), ((154, KNEE - 6), 1)))
    j = joints(end)
    c = at(j["shoulder"], 0, 16)
    return scene(end, start, seated_props(), [turn(c, 26, 7, 20, -200)])


# Front view of a chair: seat, legs and the two back posts.
def front_chair(cx=160, half=38, seat=SEAT, top=74):
    l, r = cx - half, cx + half
    return (f'<path class="prop" d="M{l} {top}V{FLOOR}M{r} {top}V{FLOOR}'
            f'M{l} {seat}H{r}"/>')


def front_seated(**kw):
    p = dict(hip=(160, KNEE - 2), t=90, front=True, shoulders=16,
             arms=((262, 282), (278, 258)),
             legs=(("@", (146, KNEE + 8), (146, ANKLE), 200),
                   ("@", (174, KNEE + 8), (174, ANKLE), -20)))
    p.update(kw)
    return p


def s_shoulder_rolls():
    p = front_seated()
    j = joints(p)
    left, right = j["bar"]
    return scene(p, None, [floor(), front_chair()],
                 [turn(at(left, -4, -5), 10, 10, -40, 235),
                  turn(at(right, 4, -5), 10, 10, 220, -55)])


def s_standing_side_stretch():
    # Front view: the figure faces you and leans to its right (your left).
    legs = ((262, 262, 200), (278, 278, -20))
    start = dict(hip=(160, HIP), t=90, front=True, shoulders=14, legs=legs,
                 arms=((264, 268), (276, 272)))
    end = dict(hip=(160, HIP), t=108, c=-8, h=120, front=True, shoulders=14, legs=legs,
               arms=((250, 262), (100, 170)))
    b = joints(end)
    return scene(end, start, [floor()],
                 [arrow((196, 70), at(b["elbow1"], 18, -4), 0.3)])


def s_standing_hip_flexor_stretch():
    hip = (150, 110)
    end = dict(hip=hip, t=80, c=-2,
               arms=(((200, 93), -1),),
               legs=(((100, 180), 1, -35), ((176, ANKLE), 1, 0)))
    return scene(end, None, [floor(), counter(198, 96)],
                 [arrow(at(hip, -36, -4), at(hip, -12, -4), -0.3)])


def s_standing_hamstring_stretch():
    hip = (136, HIP)
    top = FLOOR - 26  # top of the step
    leg = -math.degrees(math.asin((top - 5 - hip[1]) / (THIGH + SHIN)))
    ankle = go(hip, leg, THIGH + SHIN)
    step = rect(ankle[0] - 30, top, 64, FLOOR - top - 1, 3)
    upright = dict(hip=hip, t=90, arms=((at(hip, 14, 16), -1),),
                   legs=((leg, leg, leg + 90), (270, 270, 0)))
    lean = pose(upright, t=52, h=44, arms=((go(hip, leg, 30), 1),))
    a, b = joints(upright), joints(lean)
    return scene(lean, upright, [floor(), step],
                 [arrow(at(a["head"], 12, -12), at(b["head"], 22, -14), 0.25)])


def s_thread_the_needle():
    hip = FOURS["hip"]
    shoulder = (172, 160)
    end = pose(FOURS, t=heading(hip, shoulder), h=-12,
               arms=(("@", (160, LIE - 2), (130, LIE - 8)), ((222, LIE), 1)))
    a = joints(FOURS)
    return scene(end, FOURS, lying_props(50, 250),
                 [arrow(at(a["shoulder"], 22, -10), at(shoulder, 34, -14), -0.35)])


def s_pelvic_tilt():
    start = pose(HOOK, c=-7)
    end = pose(HOOK, c=1)
    return scene(end, start, lying_props(), [turn(HOOK["hip"], 20, 20, -5, 115)])


def s_tummy_draw_in():
    j = joints(HOOK)
    belly = lerp(j["hip"], j["shoulder"], 0.32)
    return scene(HOOK, None, lying_props(), [arrow(at(belly, 0, -38), at(belly, 0, -12))])


def s_heel_slides():
    end = pose(HOOK, legs=((0, 0, 85), HOOK["legs"][1]))
    a, b = joints(HOOK), joints(end)
    return scene(end, pose(HOOK, legs=HOOK["legs"][:1]), lying_props(60, 280),
                 [arrow(at(a["ankle0"], 4, -22), at(b["ankle0"], 8, -22), -0.2)])


def s_dead_bug():
    start = pose(HOOK, arms=((86, 86), (86, 86)), legs=((90, 0, 90), (90, 0, 90)))
    end = pose(HOOK, arms=((86, 86), (160, 172)), legs=((14, 6, 92), (90, 0, 90)))
    a, b = joints(start), joints(end)
    return scene(end, start, lying_props(30, 290),
                 [arrow(at(a["hand1"], -10, -4), at(b["hand1"], 2, -16), 0.35),
                  arrow(at(a["ankle0"], 14, -2), at(b["ankle0"], 16, -12), -0.35)])


BRIDGE_SHOULDER = (HX - 48, LIE)
BRIDGE_HIP = (BRIDGE_SHOULDER[0] + math.sqrt(TORSO**2 - 30**2), LIE - 30)


def bridge(hip, legs=None):
    """Lying on the back with the hips lifted; the shoulders and head stay on the mat."""
    return pose(HOOK, hip=hip, t=heading(hip, BRIDGE_SHOULDER), legs=legs or HOOK["legs"])


def s_glute_bridge():
    hip = BRIDGE_HIP
    start = pose(HOOK, hip=(HX - 48 + TORSO, LIE))
    return scene(bridge(hip), start, lying_props(), [arrow(at(hip, 0, 28), at(hip, 0, 10))])


def s_single_leg_bridge():
    hip = BRIDGE_HIP
    thigh = heading(hip, joints(bridge(hip))["knee1"])
    end = bridge(hip, legs=((thigh - 4, thigh - 4), HOOK["legs"][1]))
    start = pose(HOOK, hip=(HX - 48 + TORSO, LIE))
    return scene(end, start, lying_props(), [arrow(at(hip, 0, 28), at(hip, 0, 10))])


def s_bird_dog_arm_reach():
    end = pose(FOURS, h=FOURS["t"] - 45, arms=((10, 10), ((178, LIE), 1)))
    a, b = joints(FOURS), joints(end)
    return scene(end, FOURS, lying_props(50, 270),
                 [arrow(at(a["hand0"], 16, -8), at(b["hand0"], 6, 14), 0.35)])


def s_bird_dog():
    end = pose(FOURS, h=FOURS["t"] - 45, arms=((10, 10), ((178, LIE), 1)),
               legs=(FOURS["legs"][0], (188, 184, 250)))
    a, b = joints(FOURS), joints(end)
    return scene(end, FOURS, lying_props(30, 270),
                 [arrow(at(a["hand0"], 16, -8), at(b["hand0"], 6, 14), 0.35),
                  arrow(at(a["ankle0"], -4, -10), at(b["ankle1"], -6, 14), -0.35)])


# Side-lying on the mat, head on the left resting on the lower arm, knees bent in front.
# Drawn as a cheat view from in front and a little above: the knees point down the page
# and a knee lifting towards the ceiling goes up it.
SIDE_HIP = (166, 152)


def side_lying(top_knee, top_ankle=(170, LIE - 8), **kw):
    low = ("@", (206, LIE - 3), (170, LIE), 186)
    top = ("@", top_knee, top_ankle, 186)
    p = dict(hip=SIDE_HIP, t=185, h=176, front=True,
              arms=(("@", (126, 170), (140, LIE)), ("@", (114, LIE), (86, LIE))),
             legs=(top, low))
    p.update(kw)
    return p


def s_clamshell():
    start = side_lying((205, 167))
    end = side_lying((194, 124))
    return scene(end, start, lying_props(40, 262), [arrow((222, 156), (214, 118), 0.35)])


def s_side_plank_knees():
    elbow = (92, LIE)
    shoulder = (elbow[0], LIE - UPPER_ARM)
    knee = (186, LIE)
    hip_up = lerp(shoulder, knee, TORSO / (TORSO + THIGH))
    hip_down = (140, LIE)
    top_arm = None

    def plank(hip):
        t = heading(hip, shoulder)
        return dict(hip=hip, t=t, h=t + 4, front=True,
                    arms=(("@", elbow, (66, LIE)), top_arm),
                    legs=(("@", knee, at(knee, 26, -12), 20),))
    top_arm = (90, 90)
    up = plank(hip_up)
    top_arm = ((hip_down[0] - 6, hip_down[1] - 12), -1)
    down = plank(hip_down)
    return scene(up, down, lying_props(40, 262),
                 [arrow(at(hip_up, 6, -16), at(hip_up, 6, -38))])


def s_sit_to_stand():
    sit = pose(SEATED, t=72, h=60, arms=((-28, -28),))
    stand = pose(STANDING, hip=(154, HIP))
    a = joints(sit)
    return scene(stand, sit, seated_props(),
                 [arrow(at(a["hip"], 14, -20), at(stand["hip"], 16, -6), -0.35)])


def s_wall_sit():
    x = 86
    ankle = (140, ANKLE)
    sit = dict(hip=(x, 128), t=90, arms=((264, 276),), legs=((ankle, 1, 0),))
    stand = dict(hip=(x, 104), t=90, arms=((268, 272),), legs=((ankle, 1, 0),))
    return scene(sit, stand, [floor(40), wall(70)], [arrow((x + 28, 68), (x + 28, 96))])


def s_hip_hinge():
    feet = (174, ANKLE)
    up = dict(hip=(172, HIP), t=90, arms=((268, 272),), legs=((feet, 1, 0),))
    hinge = dict(hip=(148, HIP + 6), t=34, arms=(((245, 93), -1),), legs=((feet, 1, 0),))
    return scene(hinge, up, [floor(), counter(206, 98)], [arrow((150, 78), (126, 88), 0.3)])


def s_light_walking():
    def stride(x, swap):
        front, back = ((x + 30, ANKLE - 4), 1, 24), ((x - 30, ANKLE - 2), 1, -40)
        legs = (back, front) if swap else (front, back)
        arms = ((292, 320), (250, 264)) if swap else ((250, 264), (292, 320))
        return dict(hip=(x, HIP + 4), t=88, arms=arms, legs=legs)
    return scene(stride(182, False), stride(120, True), [floor()],
                 [arrow((226, 64), (262, 64))])


def s_constructive_rest():
    hip = (HX - 20, LIE)
    seat = LIE - THIGH + 8
    chair_ = chair(hip[0] + 84, hip[0] + 14, seat=seat, back_top=70)
    rest = dict(hip=hip, t=180, h=SUP_HEAD, arms=((0, 0),),
                legs=((90, 0, 84), (90, 0, 84)))
    return scene(rest, None, [floor(), mat(40, hip[0] + 10), chair_])


def s_side_lying_rest():
    p = side_lying((206, 150), top_ankle=(170, LIE - 12), h=174)
    pillow_head = rect(68, 160, 44, 14, 7)
    pillow_knees = rect(188, 157, 30, 12, 6)
    return scene(p, None, [floor(), mat(40, 262), pillow_head, pillow_knees])


def s_belly_breathing():
    j = joints(HOOK)
    belly = at(lerp(j["hip"], j["shoulder"], 0.3), 0, -15)
    chest = at(lerp(j["hip"], j["shoulder"], 0.78), 0, -14)
    # Elbows rest on the floor beside the body; the forearms rise onto the belly and chest.
    p = pose(HOOK, arms=(("@", at(belly, -14, 15), at(belly, 0, 3)),
                         ("@", at(chest, -12, 14), at(chest, 0, 3))))
    return scene(p, None, lying_props(),
                 [arrow(at(belly, 0, -12), at(belly, 0, -34), both=True)])


def s_crocodile_breathing():
    hip = (150, LIE)
    shoulder = go(hip, 0, TORSO)
    p = dict(hip=hip, t=0, h=56,
             arms=(("@", at(shoulder, 46, 0), at(shoulder, 27, -9)),),
             legs=((180, 180, 172),))
    low_back = lerp(hip, shoulder, 0.3)
    return scene(p, None, lying_props(40, 270),
                 [arrow(at(low_back, 0, -14), at(low_back, 0, -36), both=True)])


def s_slow_exhale_breathing():
    j = joints(SEATED)
    belly = at(lerp(j["hip"], j["shoulder"], 0.3), 12, 0)
    p = pose(SEATED, arms=((belly, -1),))
    head = joints(p)["head"]
    x, y = head[0] + 20, head[1] + 4
    d = f"M{n(x)} {n(y)}q6 -6 12 0t12 0t12 0" + _barbs((x + 36, y), 0, 7)
    return scene(p, None, seated_props(), [f'<path class="arrow" d="{d}"/>'])


def s_body_scan_relax():
    p = pose(FLAT, arms=((356, 2),))
    # A few soft wave lines above the body: calm, nothing to do.
    d = "".join(f"M{x} {y}q10 -7 20 0t20 0" for x, y in ((96, 124), (146, 106), (196, 124)))
    calm = f'<path class="prop" d="{d}"/>'
    return scene(p, None, lying_props(), [calm])


SCENES = {
    "knees-to-chest": s_knees_to_chest,
    "single-knee-to-chest": s_single_knee_to_chest,
    "childs-pose": s_childs_pose,
    "bottom-to-heels": s_bottom_to_heels,
    "cat-cow": s_cat_cow,
    "seated-cat-cow": s_seated_cat_cow,
    "knee-rolls": s_knee_rolls,
    "piriformis-stretch": s_piriformis_stretch,
    "seated-piriformis-stretch": s_seated_piriformis_stretch,
    "hamstring-stretch-towel": s_hamstring_stretch_towel,
    "seated-hamstring-stretch": s_seated_hamstring_stretch,
    "prone-on-elbows": s_prone_on_elbows,
    "prone-press-up": s_prone_press_up,
    "standing-back-bend": s_standing_back_bend,
    "seated-twist": s_seated_twist,
    "standing-side-stretch": s_standing_side_stretch,
    "standing-hip-flexor-stretch": s_standing_hip_flexor_stretch,
    "standing-hamstring-stretch": s_standing_hamstring_stretch,
    "thread-the-needle": s_thread_the_needle,
    "shoulder-rolls": s_shoulder_rolls,
    "pelvic-tilt": s_pelvic_tilt,
    "tummy-draw-in": s_tummy_draw_in,
    "heel-slides": s_heel_slides,
    "dead-bug": s_dead_bug,
    "glute-bridge": s_glute_bridge,
    "single-leg-bridge": s_single_leg_bridge,
    "bird-dog-arm-reach": s_bird_dog_arm_reach,
    "bird-dog": s_bird_dog,
    "clamshell": s_clamshell,
    "side-plank-knees": s_side_plank_knees,
    "sit-to-stand": s_sit_to_stand,
    "wall-sit": s_wall_sit,
    "hip-hinge": s_hip_hinge,
    "light-walking": s_light_walking,
    "constructive-rest": s_constructive_rest,
    "side-lying-rest": s_side_lying_rest,
    "belly-breathing": s_belly_breathing,
    "crocodile-breathing": s_crocodile_breathing,
    "slow-exhale-breathing": s_slow_exhale_breathing,
    "body-scan-relax": s_body_scan_relax,
}


def write_figures(out_dir: Path = FIGURE_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, make in SCENES.items():
        path = out_dir / f"{slug}.svg"
        path.write_text(make(), encoding="utf-8")
        written.append(path)
    return written




# --------------------------------------------------------------------------- app icons

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
    def p(pt):
        return f"{n(256 + (pt[0] - 256) * scale)} {n(256 + (pt[1] - 256) * scale)}"

    d = "".join(f"M{p(a)}Q{p(c)} {p(b)}" for a, c, b in LEAF_EDGES + (LEAF_RIB,))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="112" fill="{ICON_BG}"/>'
        f'<path d="{d}" fill="none" stroke="{ICON_FG}" stroke-width="{n(MARK_WIDTH * scale)}" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>\n'
    )


def _bezier(c, steps=240):
    (x0, y0), (cx, cy), (x1, y1) = c
    out = []
    for i in range(steps + 1):
        u = i / steps
        a, b, d = (1 - u) ** 2, 2 * u * (1 - u), u * u
        out.append((a * x0 + b * cx + d * x1, a * y0 + b * cy + d * y1))
    return out


def icon_image(size, *, rounded=True, scale=1.1, width=MARK_WIDTH, rib=True, alpha=True):
    """Draw the icon with Pillow at `size` px (drawn 4x larger, then scaled down)."""
    from PIL import Image, ImageDraw

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
        for x, y in (place(p) for p in _bezier(c)):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ICON_FG)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(out_dir: Path = ICON_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    svg_path = out_dir / "icon.svg"
    svg_path.write_text(icon_svg(), encoding="utf-8")
    written.append(svg_path)
    try:
        from PIL import Image
    except ImportError:  # the SVG still gets written; PNGs need Pillow
        print("Pillow is not installed: skipped the PNG icons")
        return written
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


def main() -> None:
    for path in write_figures() + write_icons():
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} B")


if __name__ == "__main__":
    main()
