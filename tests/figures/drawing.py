"""Turn a figure (key poses, a loop, scenery and marks) into one moving SVG.

Every shape is a stroke with round ends: a limb segment is a thick line, the head a dot, so one
path per colour and width carries each part through the loop as an SVG <animate> of its `d`
(SMIL plays inside an <img>, with no script). Parts are drawn far to near: the limbs on the far
side in a lighter tone behind the trunk, the near ones in the ink with a thin gap of the frame's
colour around them, so a limb crossing the body stays readable.

Scenery (floor, mat, chair, counter, wall, step) is still. The start pose is a pale ghost behind
the body, an arrow shows the main movement, orange marks where the stretch or the work is felt,
small blue triangles mark what stays down, three short blue lines at the mouth show a breath
out, and three closing in on the nose, the middle one an arrow, a breath in. Under prefers-reduced-motion the moving group is hidden and the still one (the end pose)
shown instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from . import skeleton
from .skeleton import Body, Pose, Vector

Point = tuple[float, float]

GROUND = 200.0  # the floor's y in the SVG (y points down there)
MARGIN = 8.0
FRAME_ASPECT = 16 / 10
NARROWEST_VIEW = 200.0

# Colours, light and dark. HALO is the frame's own background (--surface-2 in app.css), so the
# gap around a near limb looks like nothing at all.
LIGHT = {
    "ink": "#233",
    "far": "#788",
    "ghost": "#dcb",
    "deep": "#cbb79d",
    "halo": "#f4ede2",
    "hot": "#e50",
    "cue": "#359",
    "prop": "#a98",
    "mat": "#dccdb6",
    "panel": "#ebe2d4",
    "towel": "#3a8a60",
    "open": "#fff",
}
DARK = {
    "ink": "#eee",
    "far": "#899",
    "ghost": "#455",
    "deep": "#4d5b59",
    "halo": "#263030",
    "hot": "#e60",
    "cue": "#9bf",
    "prop": "#887",
    "mat": "#3b4341",
    "panel": "#344",
    "towel": "#5b9",
    "open": "#263030",
}

# Stroke widths of the body's parts.
WIDTHS = {
    "hips": 24,
    "shoulders": 20,
    "body": 24,
    "skull": 20,
    "eye": 3.6,
    "thigh": 13,
    "shin": 9,
    "foot": 9,
    "arm": 8.5,
    "forearm": 8.5,
    "hand": 8.5,
}
# How far (units) both eyes must be nearer the viewer than the head's centre for both to show
# (the face seen from the front, more or less); an eye sits 6 units in front of it, 5 to a side.
FACING = 1.0
HALO = 5.0  # extra width of the gap drawn under a near limb
# The breath marks: a little thicker than a line, each on a rim of the frame's colour, so the
# blue reads where it crosses the dark body or a limb at phone size (round 27: "invisible").
BREATH_WIDTH = 2.6
BREATH_RIM = 3.4
# Seconds a breath mark takes to come and to go: short, so whenever it shows it is at full
# strength (round 27: "often too pale"), not half faded in or out.
BREATH_RAMP = 0.3
LONG_SPREAD = 1.2  # how far a long breath out's lines fan out (as a reach), no further
LONG_REACH = (2.2, 4.2)  # a long breath out's reach at its start and at its end
BREATH_DOWN = 0.5  # the most a breath out's lines point downwards (sine of their angle)
HIGHLIGHT_WIDTH = 5.5
STAY_SIZE = 3.6  # a "stays still" triangle's size unless its mark gives one
TOWEL = 7.5  # width of a towel held round a foot: a flat band of cloth, not a cord


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class View:
    """An orthographic camera: turned `azimuth` degrees about the vertical (positive brings
    the right of a side view towards the viewer) and looking down `elevation` degrees."""

    azimuth: float = 0.0
    elevation: float = 0.0
    # A close-up's marks: the drawing magnified `scale` times, then moved by `shift`.
    scale: float = 1.0
    shift: tuple[float, float] = (0.0, 0.0)

    @property
    def is_side(self) -> bool:
        return self.azimuth == 0 and self.elevation == 0

    def project(self, v: Vector) -> tuple[float, float, float]:
        """SVG x, SVG y (down) and depth (larger is nearer the viewer)."""
        a, e = math.radians(self.azimuth), math.radians(self.elevation)
        x = v[0] * math.cos(a) - v[2] * math.sin(a)
        z = v[0] * math.sin(a) + v[2] * math.cos(a)
        y = v[1] * math.cos(e) - z * math.sin(e)
        depth = v[1] * math.sin(e) + z * math.cos(e)
        if self.scale != 1.0:
            return (x * self.scale + self.shift[0], (GROUND - y) * self.scale + self.shift[1], depth)
        return (x, GROUND - y, depth)


# --------------------------------------------------------------------------- the body's shapes


@dataclass
class Shape:
    """A stroked polyline in world coordinates, or a filled smooth outline when closed."""

    points: list[Vector]
    width: float
    closed: bool = False


# The trunk's side outline with the neck: up the back from under the buttock to the skull,
# then down the front from the throat to the groin. Each point: (frame, origin point, forward,
# up); the low back's curve and the pelvis's tilt show in it.
TORSO = (
    ("pelvis", "hip", -7, -8),  # 0 under the buttock
    ("pelvis", "hip", -12.5, 2),  # 1 the buttock
    ("lumbar", "sacrum", -3, skeleton.LUMBAR * 0.5),  # 2 the low back's hollow
    ("thorax", "waist", -7.5, skeleton.THORAX * 0.4),  # 3 the upper back
    ("neck", "skull", -4, -2),  # 4 back of the neck
    ("neck", "skull", 5, -3),  # 5 throat
    ("thorax", "waist", 18, skeleton.THORAX * 0.6),  # 6 breastbone
    ("thorax", "waist", 15, 2),  # 7 lower ribs
    ("lumbar", "sacrum", 15, skeleton.LUMBAR * 0.35),  # 8 tummy
    ("pelvis", "hip", 9, -5),  # 9 low tummy and groin
)
# How far the low back's outline moves back for each degree the lumbar spine bends forward.
HOLLOW = {2: 0.7}
# How far a breath moves each outline point forwards: the chest rises with `chest`, the
# tummy with `belly`, and the low back (backwards) with `back`.
BREATH = {
    2: ("back", -1.0),
    3: ("back", -0.4),
    6: ("chest", 1.0),
    7: ("chest", 0.5),
    8: ("belly", 1.0),
    9: ("belly", 0.3),
}


def torso_point(body: Body, index: int, inset: float = 0.0) -> Vector:
    """A point of the trunk's outline; `inset` moves it in towards the spine by that many units."""
    frame, origin, forward, up = TORSO[index]
    if index in HOLLOW:
        # The low back's curve: arching deepens its hollow, rounding fills it out.
        forward -= HOLLOW[index] * body.pose.lumbar[0]
    if index in BREATH:
        name, share = BREATH[index]
        forward += getattr(body.pose, name) * share
    forward -= math.copysign(inset, forward)
    return body.frames[frame].at(body.points[origin], forward=forward, up=up)


# The trunk seen from the front: one side from the crotch up to the neck, as (frame, origin,
# up, out to the side); the other side mirrors it. Drawn with the side outline in views other
# than the side, where together they give the trunk its breadth.
FRONT = (
    ("pelvis", "hip", -9, 4),  # crotch
    ("pelvis", "hip", -3, 16),  # outer hip
    ("lumbar", "sacrum", skeleton.LUMBAR * 0.6, 12.5),  # waist
    ("thorax", "neck", -9, 16),  # under the arm
    ("thorax", "neck", -1, 18.5),  # the shoulder
    ("neck", "skull", 0, 5.5),  # side of the neck
)


def front_outline(body: Body) -> list[Vector]:
    def at(row, sign):
        frame, origin, up, side = row
        return body.frames[frame].at(body.points[origin], up=up, right=sign * side)

    return [at(r, 1) for r in FRONT] + [at(r, -1) for r in reversed(FRONT)]


# The buttock's highlight in the pelvis's frame (forward, up from the hip joints' centre).
SEAT = ((-7.5, -1.5), (-8.75, 2.5), (-8.25, 6.5))

# Points of the outline a figure can name (for an arrow, a mark or a pillow).
OUTLINE_POINTS = {"buttock": 1, "low back": 2, "upper back": 3, "chest": 6, "tummy": 8}


def point_of(body: Body, name: str) -> Vector:
    """A joint by name, or a point of the trunk's outline ("tummy", "low back", ...).
    Raises KeyError for an unknown name."""
    if name in OUTLINE_POINTS:
        return torso_point(body, OUTLINE_POINTS[name])
    if name in ("knees", "ankles", "shoulders", "wrists", "elbows"):
        a, b = body.points[f"near_{name[:-1]}"], body.points[f"far_{name[:-1]}"]
        return skeleton.scale(skeleton.add(a, b), 0.5)
    return body.points[name]


def torso_outline(body: Body) -> list[Vector]:
    return [torso_point(body, i) for i in range(len(TORSO))]


# The head in profile, in its own frame (forward: where the face looks; up: the crown).
HEAD_PROFILE = (
    (-10.5, 1),  # back of the skull
    (-3, 11),  # crown
    (7.5, 6.5),  # forehead
    (13, -2.5),  # nose
    (9.5, -5),  # mouth
    (8.5, -10.5),  # chin
    (-4, -9),  # jaw and nape
)


def head_outline(body: Body) -> list[Vector]:
    head = body.frames["head"]
    return [head.at(body.points["head"], forward=x, up=y) for x, y in HEAD_PROFILE]


def eye(body: Body, right: float) -> list[Vector]:
    head, half = body.frames["head"], 2.5 * body.pose.squint
    return [head.at(body.points["head"], forward=6 + d, up=2.5, right=right) for d in (-half, half)]


def trunk_shapes(body: Body, solid: bool) -> dict[str, Shape]:
    """The trunk and head. `solid`: views other than the side add bars across the shoulders
    and hips, down the trunk and a round head, which give breadth where the side outline is
    seen edge on."""
    p = body.points
    shapes = {
        "torso": Shape(torso_outline(body), 2.0, closed=True),
        "head": Shape(head_outline(body), 2.0, closed=True),
        # An eye is a dot; screwed shut it is a short line.
        "near_eye": Shape(eye(body, 5), WIDTHS["eye"]),
        "far_eye": Shape(eye(body, -5), WIDTHS["eye"]),
    }
    if solid:
        shapes["front"] = Shape(front_outline(body), 2.0, closed=True)
        shapes["skull"] = Shape([p["head"], p["head"]], WIDTHS["skull"])
    return shapes


LUMBAR_MID = skeleton.LUMBAR / 2


def limb_shapes(body: Body, side: str) -> dict[str, Shape]:
    p = body.points
    return {
        "thigh": Shape([p[f"{side}_hip"], p[f"{side}_knee"]], WIDTHS["thigh"]),
        "shin": Shape([p[f"{side}_knee"], p[f"{side}_ankle"]], WIDTHS["shin"]),
        "foot": Shape([p[f"{side}_ankle"], p[f"{side}_heel"], p[f"{side}_toes"]], WIDTHS["foot"]),
        "arm": Shape([p[f"{side}_shoulder"], p[f"{side}_elbow"]], WIDTHS["arm"]),
        "forearm": Shape([p[f"{side}_elbow"], p[f"{side}_wrist"]], WIDTHS["forearm"]),
        "hand": Shape([p[f"{side}_wrist"], p[f"{side}_hand"]], WIDTHS["hand"]),
    }


def all_shapes(body: Body, solid: bool = False) -> dict[str, Shape]:
    shapes = {f"trunk.{k}": v for k, v in trunk_shapes(body, solid).items()}
    for side in ("near", "far"):
        shapes.update({f"{side}.{k}": v for k, v in limb_shapes(body, side).items()})
    return shapes


def smooth_samples(points: list[Vector]) -> list[Vector]:
    """Points on the smooth closed curve drawn through an outline's midpoints."""
    out = []
    n = len(points)
    for i in range(n):
        a = skeleton.scale(skeleton.add(points[i - 1], points[i]), 0.5)
        c = points[i]
        b = skeleton.scale(skeleton.add(points[i], points[(i + 1) % n]), 0.5)
        for u in (0.0, 0.25, 0.5, 0.75):
            w0, w1, w2 = (1 - u) ** 2, 2 * u * (1 - u), u * u
            out.append(skeleton.add(skeleton.scale(a, w0), skeleton.scale(c, w1), skeleton.scale(b, w2)))
    return out


def extent_points(shape: Shape) -> list[Vector]:
    return smooth_samples(shape.points) if shape.closed else shape.points


def lowest(
    body: Body, leave_out: tuple[str, ...] = (), solid: bool = False, only: tuple[str, ...] = ()
) -> float:
    """The lowest y any part of the body reaches (its strokes' thickness counted), leaving out
    the parts whose names start with `leave_out`, or counting only those starting with `only`."""
    values = []
    for name, shape in all_shapes(body, solid).items():
        if (
            name.endswith("eye")
            or name.endswith("nose")
            or any(name.startswith(prefix) for prefix in leave_out)
            or (only and not name.startswith(only))
        ):
            continue
        values += [pt[1] - shape.width / 2 for pt in extent_points(shape)]
    return min(values)


# --------------------------------------------------------------------------- highlights


def region_shapes(body: Body, region: str, side: str, width: float = HIGHLIGHT_WIDTH) -> list[list[Vector]]:
    """The strokes of a highlighted region, `width` wide: polylines along the body's surface.
    Raises KeyError for an unknown region name."""
    p, f = body.points, body.frames
    pelvis, lumbar, thorax = f["pelvis"], f["lumbar"], f["thorax"]
    s = 1.0 if side == "near" else -1.0

    def along(
        a: Vector, b: Vector, frame, offset: float, t0: float = 0.15, t1: float = 0.85, right: float = 0.0
    ):
        pa = skeleton.add(a, skeleton.scale(skeleton.sub(b, a), t0))
        pb = skeleton.add(a, skeleton.scale(skeleton.sub(b, a), t1))
        return [frame.at(pa, forward=offset, right=right), frame.at(pb, forward=offset, right=right)]

    thigh_edge = WIDTHS["thigh"] / 2 - width / 2 + 0.5
    inset = width / 2 + 1.5

    def surface(*indexes: int) -> list[list[Vector]]:
        return [[torso_point(body, i, inset) for i in indexes]]

    def seat() -> list[list[Vector]]:
        # The buttock: the seat behind the hip joint, from level with it to a little above,
        # just inside the outline; short, so that it reads as the buttock in every pose and
        # never reaches up the trunk to the low back, nor down to the back of the thigh.
        return [[pelvis.at(p["hip"], forward=x, up=y) for x, y in SEAT]]

    regions = {
        "back of thigh": lambda: [
            along(p[f"{side}_hip"], p[f"{side}_knee"], f[f"{side}_thigh"], -thigh_edge)
        ],
        "front of thigh": lambda: [
            along(p[f"{side}_hip"], p[f"{side}_knee"], f[f"{side}_thigh"], thigh_edge)
        ],
        "front of hip": lambda: [
            [
                torso_point(body, 8, inset),
                torso_point(body, 9, inset),
                f[f"{side}_thigh"].at(p[f"{side}_hip"], forward=thigh_edge, up=-8),
                f[f"{side}_thigh"].at(p[f"{side}_hip"], forward=thigh_edge, up=-22),
            ]
        ],
        "buttock": seat,
        "low back": lambda: surface(1, 2, 3),
        "upper back": lambda: surface(2, 3, 4),
        "back": lambda: surface(1, 2, 3, 4),
        "tummy": lambda: surface(7, 8, 9),
        "lower tummy": lambda: surface(8, 9),
        "chest": lambda: surface(5, 6, 7),
        "outer hip": lambda: [
            [
                pelvis.at(p["hip"], forward=-6, up=10, right=s * 12),
                pelvis.at(p["hip"], forward=-4, up=-4, right=s * 13),
            ]
        ],
        "side": lambda: [
            [
                pelvis.at(p["hip"], up=8, right=s * 9),
                lumbar.at(p["waist"], forward=6, right=s * 10),
                thorax.at(p["neck"], forward=4, up=-6, right=s * 12),
            ]
        ],
        "shoulders": lambda: [
            [
                thorax.at(p["neck"], forward=-1, up=2, right=s * 3),
                f["neck"].at(p["skull"], forward=-2.5, up=-2),
                thorax.at(p["neck"], forward=-2, up=-1, right=s * 12),
            ]
        ],
        "foot": lambda: [[p[f"{side}_heel"], p[f"{side}_toes"]]],
        "shin": lambda: [along(p[f"{side}_knee"], p[f"{side}_ankle"], f[f"{side}_shin"], 0, 0.1, 0.9)],
        "thigh": lambda: [along(p[f"{side}_hip"], p[f"{side}_knee"], f[f"{side}_thigh"], 0, 0.1, 0.9)],
        "hand": lambda: [[p[f"{side}_wrist"], p[f"{side}_hand"]]],
        "forearm": lambda: [along(p[f"{side}_elbow"], p[f"{side}_wrist"], f[f"{side}_forearm"], 0, 0.1, 0.9)],
        "upper arm": lambda: [
            along(p[f"{side}_shoulder"], p[f"{side}_elbow"], f[f"{side}_arm"], 0, 0.15, 0.85)
        ],
        # The cap of one shoulder, on its arm: "shoulders" lies on the trunk, behind that arm.
        "shoulder": lambda: [along(p[f"{side}_shoulder"], p[f"{side}_elbow"], f[f"{side}_arm"], 0, 0.0, 0.3)],
        "face": lambda: [
            [f["head"].at(p["head"], forward=x, up=y) for x, y in ((10, 0), (9.5, -5), (6.5, -8.5))]
        ],
    }
    return regions[region]()


# --------------------------------------------------------------------------- figure and loop


@dataclass
class Step:
    """Move to key pose `pose` over `move` seconds, then stay `stay` seconds; `breath`:
    "out" shows the breath-out mark during the move and the stay, "in" the breath-in mark."""

    pose: str
    move: float = 0.0
    stay: float = 0.0
    breath: str = ""


@dataclass
class Arrow:
    """An arrow along the path a point takes from one key pose to another, or (with
    `around`) a turning arrow on a circle about a point of the still pose."""

    point: str = ""
    start: str = ""
    end: str = ""
    bend: float = 0.0  # how far the arrow stands off the path, in units; + to the left of travel
    both_ways: bool = False
    trim: float = 0.12
    around: str = ""
    radius: float = 20.0
    angles: tuple[float, float] = (0.0, 90.0)  # on the drawing: 0 points right, 90 up
    squash: float = 1.0  # an arc's height over its width: an ellipse seen from above
    at: str = ""  # a straight arrow pointing at this point of the still pose
    direction: float = 270.0
    length: float = 16.0
    gap: float = 4.0
    dx: float = 0.0  # an `at` arrow moved this far along the drawing (+ right), clear of a hand
    # Rimmed in the page's tone, so an arrow lying on the dark body shows (the pelvic tilt's,
    # down through the waist into the gap under the low back).
    halo: bool = False
    steps: tuple[int, ...] = ()  # shown only while these loop steps play (empty: always)
    via: str = ""  # a key pose the path passes through on its way (up, then across)
    # Drawn beneath this layer of the body ("near arm"), so it passes under that limb: a hand
    # threading under the other arm.
    under: str = ""
    # With `at`: a curved arrow through these offsets (drawing units, + right and down) from the
    # point `at` in the pose `pose` (the still pose by default): a Bezier from the first to the
    # last, the ones between pulling it (one for a simple bend, two for an S).
    through: tuple[tuple[float, float], ...] = ()
    pose: str = ""


@dataclass
class Highlight:
    region: str
    side: str = "near"
    steps: tuple[int, ...] = ()  # shown only while these loop steps play (empty: always)
    width: float = HIGHLIGHT_WIDTH  # thinner for a light effort (the tummy draw-in's one notch)


@dataclass
class Figure:
    slug: str
    poses: dict[str, Pose]
    loop: list[Step]
    view: View = field(default_factory=View)
    scene: list[dict] = field(default_factory=list)
    anchor: str = "hip"
    planted: tuple[str, ...] = ()  # hands or feet kept flat on the floor where the first pose puts them
    held: tuple[str, ...] = ()  # hands or feet kept exactly where the first pose puts them (on a counter)
    slides: tuple[
        str, ...
    ] = ()  # feet ("near_foot") or hands that keep touching the floor as they move along it
    grips: list[dict] = field(default_factory=list)  # hands holding a part of the body
    level: tuple[str, float] | None = None  # a segment kept at this angle (the pelvis turns to suit)
    rests_on: tuple[str, ...] = ()  # the parts the body rests on ("trunk.", "near.thigh"...); default: all
    flat_feet: tuple[str, ...] = ()
    flat_hands: tuple[str, ...] = ()
    ghost: str = ""
    # The ghost as only these limbs ("near arm", "far leg"; all of it when empty), shown only
    # during these loop steps (always when empty).
    ghost_parts: tuple[str, ...] = ()
    ghost_steps: tuple[int, ...] = ()
    still: str = ""
    highlights: list[Highlight] = field(default_factory=list)
    stays: list[dict] = field(default_factory=list)
    # Small arrowheads pointing in at a part while it tightens: { at, direction, gap, sides, steps }.
    squeezes: list[dict] = field(default_factory=list)
    # Faint dashed lines joining two parts while they move together (the opposite hand and foot
    # of a bird dog): { a, b, steps, past, width } (width 2 unless given).
    links: list[dict] = field(default_factory=list)
    # A dotted line with an arrowhead running along the body through points near parts
    # ({ point, above, dx }): the order to go through them (the body scan's feet up to the head).
    route: list[dict] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    # Drawing order of "far arm", "far leg", "trunk", "near leg", "near arm" (and "far hand": a
    # forearm and hand drawn apart from their upper arm, over the trunk they rest on; "far foot":
    # a shin and foot drawn apart from their thigh, over the other leg they lie across; "near
    # palm": the hand alone drawn apart from its arm, over the thigh it holds from behind).
    order: tuple[str, ...] = ()
    breath_mark: bool = True
    # How far the breath marks stand off from the mouth and nose, in units: clear of a face
    # turned towards the viewer, whose mouth is drawn inside the head's outline.
    breath_gap: float = 0.0
    # The way (degrees on the drawing, 0 = right, 90 = up) the breath marks leave the mouth and
    # close in on the nose, for a face turned to the viewer, whose forward points out of the
    # picture (so its own way, foreshortened, sent them over the crown); None: the face's own.
    breath_way: float | None = None
    # A point of the body the breath in goes into, marked as the nose is (breath_in_shape).
    breath_into: str = ""
    # A slow breath out drawn long at every moment (slow-exhale breathing, rounds 31 and 32:
    # "nothing in the still frames says make the out-breath longer"): its lines start longer
    # than the breath in's and stretch on into a long, narrow stream, the still drawing's too.
    breath_long: bool = False
    both_eyes: bool = False  # draw both eyes when the face looks at the viewer
    no_halo: list[str] = field(default_factory=list)  # near limbs drawn without their gap
    # The start pose a shade deeper than the usual pale ghost, where it lies on the mat (whose
    # tone the pale ghost shares, so there it vanished: "too faint").
    ghost_deep: bool = False
    # A close-up in a circle, from a view of its own, of parts the main view hides (the crossed
    # legs of a figure 4 seen from the feet): { view, parts, at, radius, scale, centre, steps }.
    inset: dict = field(default_factory=dict)
    # A small ring that fills up, clockwise from the top, through the held steps (the wall sit,
    # read as a slide up and down until the hold was drawn): { at, dx, dy, radius, steps, still }.
    hold: dict = field(default_factory=dict)
    alt: str = ""

    @property
    def still_pose(self) -> str:
        """The pose the still drawing shows (reduced motion): `still`, or the loop's last."""
        return self.still or self.loop[-1].pose


def ease(u: float) -> float:
    return (1 - math.cos(math.pi * u)) / 2


def ease_slope(u: float) -> float:
    return math.pi / 2 * math.sin(math.pi * u)


def fraction_text(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text else "0"


@dataclass
class Frame:
    time: float
    pose: Pose
    spline: str
    breath: float  # 1 while breathing out
    step: int


def frames_for(figure: Figure) -> list[Frame]:
    """The loop's frames: each move eased in and out, in pieces small enough that limbs keep
    their length when SMIL blends coordinates in straight lines between them."""
    first = figure.loop[0]
    current = figure.poses[first.pose]
    out_now = 1.0 if first.breath == "out" else 0.0
    frames = [Frame(0.0, current, "", out_now, 0)]
    time = 0.0
    if first.stay:
        time += first.stay
        frames.append(Frame(time, current, "0 0 1 1", out_now, 0))
    for index, step in enumerate(figure.loop[1:], 1):
        target = figure.poses[step.pose]
        breath = 1.0 if step.breath == "out" else 0.0
        pieces = max(1, math.ceil(current.largest_change(target) / 60))
        for i in range(1, pieces + 1):
            u0, u1 = (i - 1) / pieces, i / pieces
            f0, f1 = ease(u0), ease(u1)
            rise = f1 - f0
            slope_in = ease_slope(u0) * (u1 - u0) / rise
            slope_out = ease_slope(u1) * (u1 - u0) / rise
            spline = " ".join(
                fraction_text(v) for v in (1 / 3, min(1, slope_in / 3), 2 / 3, max(0, 1 - slope_out / 3))
            )
            frames.append(Frame(time + step.move * u1, current.blend(target, f1), spline, breath, index))
        time += step.move
        current = target
        if step.stay:
            time += step.stay
            frames.append(Frame(time, current, "0 0 1 1", breath, index))
    return frames


# --------------------------------------------------------------------------- placing


def grip_hold(pose: skeleton.Pose, grip: dict) -> float:
    """How far a grip has taken hold in this pose, 0 to 1: a hand's `holds` (0: let go), a crossed
    ankle's `crosses` (0: the foot not yet crossed onto the other leg)."""
    side, part = grip["hand"].split("_")
    return getattr(pose, f"{side}_hold" if part == "wrist" else f"{side}_cross")


def grip_target(body: Body, grip: dict) -> Vector:
    """Where a gripping wrist goes: on a thigh ("near_thigh", `at` a fraction from hip to knee,
    on its "front" or "back") or a shin ("far_shin", from knee to ankle), or on the tummy or
    chest (`still`: where the relaxed tummy was; on the tummy, `up` units further towards the
    head), or on the back of the hips (`up` likewise). A gripping ankle (a crossed leg) rests on
    a thigh or shin the same way."""
    p, f = body.points, body.frames
    on = grip["on"]
    lift = grip.get("lift", 0.0)
    if on.endswith(("_thigh", "_shin")):
        side, segment = on.split("_")
        top, bottom = (
            (p[f"{side}_hip"], p[f"{side}_knee"])
            if segment == "thigh"
            else (p[f"{side}_knee"], p[f"{side}_ankle"])
        )
        at = skeleton.add(top, skeleton.scale(skeleton.sub(bottom, top), grip.get("at", 0.8)))
        sign = 1 if grip.get("surface", "front") == "front" else -1
        holder = "shin" if grip["hand"].endswith("ankle") else "hand"
        return f[f"{side}_{segment}"].at(at, forward=sign * (WIDTHS[segment] / 2 + WIDTHS[holder] / 2 + lift))
    if on == "tummy":
        # `still`: the hand stays where the relaxed tummy was, so a tummy drawn in leaves it.
        belly = max(body.pose.belly, 0.0) if grip.get("still") else body.pose.belly
        return f["lumbar"].at(
            p["sacrum"],
            forward=18 + belly + lift,
            up=skeleton.LUMBAR * 0.2 + grip.get("up", 0.0),
            right=grip.get("right", 0.0),
        )
    if on == "chest":
        return f["thorax"].at(
            p["waist"],
            forward=21 + body.pose.chest + lift,
            up=skeleton.THORAX * 0.55,
            right=grip.get("right", 0.0),
        )
    if on == "towel":
        # Along the line from the shoulders to the sole of the foot the towel goes round.
        side = grip.get("foot", "near")
        foot = f[f"{side}_foot"]
        sole = foot.at(p[f"{side}_toes"], forward=-3, up=-4.5)
        shoulders = skeleton.scale(skeleton.add(p["near_shoulder"], p["far_shoulder"]), 0.5)
        at = skeleton.add(shoulders, skeleton.scale(skeleton.sub(sole, shoulders), grip.get("at", 0.4)))
        return skeleton.add(at, (0.0, 0.0, grip.get("right", 0.0)))
    if on == "back":
        return f["pelvis"].at(
            p["hip"], forward=-15 - lift, up=9 + grip.get("up", 0.0), right=grip.get("right", 0.0)
        )
    raise ValueError(f"unknown grip {on!r}")


FINGER = 3.0  # width of a finger drawn round a held thigh (a grip's `curl`)


def finger_shapes(figure: Figure, body: Body) -> list[tuple[str, list[Vector]]]:
    """Fingers curled round a held thigh from behind (a grip's `curl = 3`): short lines
    from the back of the thigh round the side turned towards the viewer, each (side, points).
    Letting go, they fold into the hand (inside its line, their gaps hidden under it)."""
    out = []
    for grip in figure.grips:
        count = grip.get("curl", 0)
        if not count or not grip["on"].endswith("_thigh"):
            continue
        side = grip["hand"].split("_")[0]
        limb = grip["on"].split("_")[0]
        p, f = body.points, body.frames
        thigh = f[f"{limb}_thigh"]
        hip, knee = p[f"{limb}_hip"], p[f"{limb}_knee"]
        along = skeleton.sub(knee, hip)
        toward = 1 if figure.view.project(thigh.at(hip, right=1))[2] > figure.view.project(hip)[2] else -1
        radius = WIDTHS["thigh"] / 2 + FINGER / 2
        wrist, tip = p[f"{side}_wrist"], p[f"{side}_hand"]
        hold = grip_hold(body.pose, grip)
        spacing = grip.get("spacing", 0.07)
        for k in range(count):
            at = grip.get("at", 0.8) + (k - (count - 1) / 2) * spacing
            centre = skeleton.add(hip, skeleton.scale(along, at))
            points = []
            for step, angle in enumerate(grip.get("round", (15, 55, 95))):
                a = math.radians(angle)
                wrapped = thigh.at(centre, forward=-radius * math.cos(a), right=toward * radius * math.sin(a))
                # Drawn apart over the thigh (a "fingers" layer), letting go they lie straight on
                # from the hand's end rather than inside it, where their gap would ring the hand.
                reach = 0.9 + 0.25 * step if f"{side} fingers" in figure.order else 0.3 + 0.3 * step
                folded = skeleton.add(wrist, skeleton.scale(skeleton.sub(tip, wrist), reach))
                points.append(skeleton.add(folded, skeleton.scale(skeleton.sub(wrapped, folded), hold)))
            out.append((side, points))
    return out


# How high a planted point sits when its hand or foot lies flat on the floor.
FLOOR_HEIGHT = {
    "wrist": WIDTHS["hand"] / 2,
    "ankle": skeleton.ANKLE_HEIGHT + WIDTHS["foot"] / 2,
}


def touching_floor(pose: Pose, origin: Vector, part: str) -> Pose:
    """The pose with the hip (for "near_foot") or shoulder (for "near_hand") of that limb
    flexed so that the lowest edge of the foot or hand just touches the floor: a heel that
    slides along the mat, not above it."""
    side, segment = part.split("_")
    root = f"{side}_hip" if segment == "foot" else f"{side}_shoulder"
    flexion, abduction, rotation = getattr(pose, root)

    def gap(angle: float) -> float:
        shape = limb_shapes(
            skeleton.build(replace(pose, **{root: (angle, abduction, rotation)}), origin), side
        )[segment]
        return min(pt[1] for pt in shape.points) - shape.width / 2

    return replace(
        pose, **{root: (skeleton.solve_angle(gap, flexion - 40, flexion + 40), abduction, rotation)}
    )


class Placer:
    """Puts each pose's body in the world: the anchor point keeps its place across the across
    the loop, the body rests on the floor, and planted hands or feet stay where the first pose
    put them."""

    def __init__(self, figure: Figure):
        self.figure = figure
        self.solid = not figure.view.is_side
        self.placed: dict[Pose, Body] = {}
        first = figure.poses[figure.loop[0].pose]
        body = skeleton.build(first)
        body = body.moved((0.0, -lowest(body, solid=self.solid, only=figure.rests_on), 0.0))
        self.anchor = body.points[figure.anchor]
        self.targets = {}
        first_placed = self.place_pose(first, plant=False)
        self.targets = {}
        for name in figure.planted:
            x, y, z = first_placed.points[name]
            # On the floor: a flat hand's or foot's underside touching it.
            self.targets[name] = (x, FLOOR_HEIGHT.get(name.split("_", 1)[1], y), z)
        for name in figure.held:
            self.targets[name] = first_placed.points[name]

    def flattened(self, pose: Pose, origin: Vector) -> Pose:
        """The pose with the figure's flat feet and hands turned to lie level."""
        for side in self.figure.flat_feet:
            pose = skeleton.level_foot(pose, origin, side)
        for side in self.figure.flat_hands:
            pose = skeleton.level_hand(pose, origin, side)
        return pose

    def place_pose(self, pose: Pose, plant: bool = True) -> Body:
        if self.figure.level:
            pose = skeleton.levelled(pose, *self.figure.level)
        # How flat a hand or foot lies does not depend on where the body is: level them first,
        # so that the body then rests on them.
        pose = self.flattened(pose, (0.0, 0.0, 0.0))
        body = skeleton.build(pose)
        leave_out = tuple(
            f"{name.split('_')[0]}.{part}"
            for name in ((*self.figure.planted, *self.figure.held) if plant else ())
            for part in (
                ("thigh", "shin", "foot") if name.endswith(("ankle", "heel")) else ("arm", "forearm", "hand")
            )
        )
        offset_xz = skeleton.sub(self.anchor, body.points[self.figure.anchor])
        body = body.moved((offset_xz[0], 0.0, offset_xz[2]))
        body = body.moved((0.0, -lowest(body, leave_out, self.solid, self.figure.rests_on), 0.0))
        if plant and self.targets:
            origin = body.points["hip"]
            for name, target in self.targets.items():
                pose = skeleton.reach(pose, origin, name, target)
            body = skeleton.build(self.flattened(pose, origin), origin)
        if self.figure.slides:
            origin, pose = body.points["hip"], body.pose
            for part in self.figure.slides:
                pose = touching_floor(pose, origin, part)
            body = skeleton.build(pose, origin)
        return body

    def place(self, pose: Pose) -> Body:
        if pose not in self.placed:
            self.placed[pose] = self.place_gripping(pose)
        return self.placed[pose]

    def place_gripping(self, pose: Pose) -> Body:
        body = self.place_pose(pose)
        if not self.figure.grips:
            return body
        pose = body.pose
        origin = body.points["hip"]
        for grip in self.figure.grips:
            side = grip["hand"].split("_")[0]
            hold = grip_hold(pose, grip)
            if hold <= 0:
                continue  # the hand has let go (the foot is not yet crossed): the limb is as the pose has it
            held = self.grip(pose, origin, grip, grip_target(body, grip))
            if hold < 1:
                # Taking hold or letting go: the limb part of the way from where the pose has it.
                held = pose.blend(held, hold)
            pose = held
            if side in self.figure.flat_hands:
                # A hand resting on the body lies flat on it, its fingers on from the forearm.
                pose = skeleton.level_hand(pose, origin, side, grip.get("fingers", "feet"))
        return skeleton.build(pose, origin)

    def grip(self, pose: Pose, origin: Vector, grip: dict, target: Vector) -> Pose:
        """The pose with a hand reaching its grip; if the elbow would go through the floor,
        the arm is taken further out to the side until it does not."""
        side = grip["hand"].split("_")[0]
        if grip["hand"].endswith("ankle"):
            # A crossed ankle resting on the other leg: the hip and knee bend to keep it there.
            return skeleton.reach(pose, origin, grip["hand"], target)
        if grip.get("elbow") == "floor":
            # The elbow down beside the body, `elbow_back` units from the hand towards the head.
            toward_head = skeleton.build(pose, origin).frames["thorax"].up
            back = grip.get("elbow_back")
            elbow_x = None if back is None else target[0] + toward_head[0] * back
            return skeleton.rest_elbow(pose, origin, side, target, WIDTHS["arm"] / 2, elbow_x)
        shoulder = f"{side}_shoulder"
        flexion, abduction, rotation = getattr(pose, shoulder)
        best = None
        for extra in (0, 10, 20, 30, 40, 50):
            trial = skeleton.reach(
                replace(pose, **{shoulder: (flexion, abduction + extra, rotation)}),
                origin,
                grip["hand"],
                target,
            )
            body = skeleton.build(trial, origin)
            shapes = limb_shapes(body, side)
            bottom = min(
                pt[1] - shapes[n].width / 2 for n in ("arm", "forearm", "hand") for pt in shapes[n].points
            )
            if best is None or bottom > best[0]:
                best = (bottom, trial)
            if bottom > -0.5:
                return trial
        return best[1]


# --------------------------------------------------------------------------- SVG text


def number(value: float) -> str:
    rounded = round(value)
    if abs(value - rounded) < 0.25:
        return str(rounded)
    return f"{value:.1f}"


def joined(values: list[int]) -> str:
    """Whole numbers as path data: a minus sign is separator enough."""
    out = ""
    for value in values:
        out += (" " if out and value >= 0 else "") + str(value)
    return out


def relative(points: list[Point]) -> tuple[tuple[int, int], list[int]]:
    """The first point, rounded, and the steps from each rounded point to the next: relative
    path data is shorter, and a rigid part moving without turning repeats the same numbers."""
    rounded = [(round(x), round(y)) for x, y in points]
    steps = []
    for (x0, y0), (x1, y1) in zip(rounded, rounded[1:], strict=False):
        steps += [x1 - x0, y1 - y0]
    return rounded[0], steps


def polyline(points: list[Point]) -> str:
    """Path data through the points, rounded to whole units (a unit is about a pixel)."""
    (x, y), steps = relative(points)
    return f"M{joined([x, y])}" + (f"l{joined(steps)}" if steps else "")


def smooth_closed(points: list[Point]) -> str:
    """A smooth closed curve through the midpoints of an outline, its corners as controls."""
    n = len(points)

    def mid(i: int) -> Point:
        a, b = points[i % n], points[(i + 1) % n]
        return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)

    chain = [mid(-1)]
    for i in range(n):
        chain += [points[i], mid(i)]
    return curve_through(chain) + "z"


def smooth_open(points: list[Point]) -> str:
    """A smooth curve from the first point to the last, the ones between as controls."""
    if len(points) <= 2:
        return polyline(points)
    chain = [points[0]]
    for i in range(1, len(points) - 1):
        c = points[i]
        e = (
            points[i + 1]
            if i == len(points) - 2
            else ((c[0] + points[i + 1][0]) / 2, (c[1] + points[i + 1][1]) / 2)
        )
        chain += [c, e]
    return curve_through(chain)


def curve_through(chain: list[Point]) -> str:
    """Quadratic curves from chain[0]: each (control, end) pair in turn, in relative data."""
    rounded = [(round(x), round(y)) for x, y in chain]
    numbers = []
    for k in range(1, len(rounded), 2):
        start = rounded[k - 1]
        control, end = rounded[k], rounded[k + 1]
        numbers += [control[0] - start[0], control[1] - start[1], end[0] - start[0], end[1] - start[1]]
    return f"M{joined(list(rounded[0]))}q{joined(numbers)}"


def numbers_in(path_data: str) -> list[Point]:
    """The absolute points path data made here passes through or bends towards (M, L, Q, H, V
    and their relative forms, Z)."""
    tokens = re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", path_data)
    points: list[Point] = []
    x = y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            if command in "Zz":
                continue
            continue
        lower = command.lower()
        if lower in "ml":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            x, y = (x + dx, y + dy) if command.islower() else (dx, dy)
            points.append((x, y))
            i += 2
        elif lower == "q":
            cx, cy, ex, ey = (float(t) for t in tokens[i : i + 4])
            if command.islower():
                points += [(x + cx, y + cy), (x + ex, y + ey)]
                x, y = x + ex, y + ey
            else:
                points += [(cx, cy), (ex, ey)]
                x, y = ex, ey
            i += 4
        elif lower == "h":
            x = x + float(token) if command.islower() else float(token)
            points.append((x, y))
            i += 1
        elif lower == "v":
            y = y + float(token) if command.islower() else float(token)
            points.append((x, y))
            i += 1
        else:
            raise ValueError(f"path command {command!r} is not one this module writes")
    return points


# --------------------------------------------------------------------------- scenery


def shapes_bottom(body: Body, names: list[str]) -> float:
    shapes = all_shapes(body, solid=True)
    return min(pt[1] - shapes[n].width / 2 for n in names for pt in extent_points(shapes[n]))


def seat_top(body: Body, chair: dict) -> float:
    """The height of a chair's seat: 1 unit above the lowest edge of what rests on it (`on`), so
    the seat meets the limb under its outline. Placed 1.5 below, calves lying on the seat showed
    a gap (round 13b: "the calves float a little above the seat")."""
    return shapes_bottom(body, chair["on"]) + 1.0


def shapes_x(body: Body, names: list[str], pick) -> float:
    shapes = all_shapes(body, solid=True)
    return pick(
        pt[0] + sign * shapes[n].width / 2
        for n in names
        for pt in extent_points(shapes[n])
        for sign in (-1, 1)
    )


def flat(view: View, points: list[Vector]) -> list[Point]:
    return [view.project(p)[:2] for p in points]


def world_extent(bodies: list[Body], axis: int) -> tuple[float, float]:
    values = [pt[axis] for b in bodies for shape in all_shapes(b).values() for pt in extent_points(shape)]
    return min(values), max(values)


class Props:
    """Scenery drawn from world-space primitives, so one prop serves every view."""

    def __init__(self, view: View):
        self.view = view
        self.svg: list[str] = []
        self.points: list[Point] = []

    def bar(self, points: list[Vector], width: float, css: str = "p") -> None:
        pts = flat(self.view, points)
        self.svg.append(f'<path class="{css}" stroke-width="{fraction_text(width)}" d="{polyline(pts)}"/>')
        self.points += [
            (x + dx, y + dy)
            for x, y in pts
            for dx in (-width / 2, width / 2)
            for dy in (-width / 2, width / 2)
        ]

    def face(self, corners: list[Vector], css: str = "pq") -> None:
        pts = flat(self.view, corners)
        self.svg.append(f'<path class="{css}" d="{polyline(pts)}Z"/>')
        self.points += pts

    def slab(
        self, x0: float, x1: float, z0: float, z1: float, y: float, thickness: float, css: str = "p"
    ) -> None:
        """A flat board (seat, worktop, mat): a thick line seen from the side, a face from above."""
        if self.view.is_side:
            self.bar(
                [(x0 + thickness / 2, y - thickness / 2, 0), (x1 - thickness / 2, y - thickness / 2, 0)],
                thickness,
                css,
            )
        else:
            self.face([(x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)], css + "q")


def scenery_for(
    figure: Figure, first: Body, bodies: list[Body], placed: Callable[[str], Body] | None = None
) -> tuple[list[str], list[Point]]:
    """The figure's props, placed from the first pose's body (a chair's seat under the pelvis,
    a counter's top under a hand), so they stay right when a pose is changed; a pillow given
    `pose` from that pose's body (`placed` names it), where the body comes to rest on it."""
    props = Props(figure.view)
    for item in figure.scene:
        kind = item["kind"]
        if kind == "mat":
            # `behind` takes the mat further back than the body, so what lies on it at the back
            # (feet behind the knees, seen from above) is seen to lie on it.
            pad = item.get("extend", 8)
            x0, x1 = world_extent(bodies, 0)
            z0, z1 = world_extent(bodies, 2)
            back = min(z0, -20) - pad - item.get("behind", 0)
            props.slab(x0 - pad, x1 + pad, back, max(z1, 20) + pad, 0.0, 5, "m")
        elif kind == "chair":
            seat = seat_top(first, item)
            depth, width, back_height = item.get("depth", 42), item.get("width", 44), item.get("back", 42)
            if item.get("facing", "right") == "right":
                back = shapes_x(first, item["on"], min) - item.get("gap", 0)
                front = back + depth
            else:
                back = shapes_x(first, item["on"], max) + item.get("gap", 0)
                front = back - depth
            z0, z1 = -width / 2, width / 2
            for x in (back, front):
                for z in (z1, z0) if figure.view.is_side else (z0, z1):
                    props.bar([(x, seat - 3, z), (x, 0.0, z)], 3.5)
            lo, hi = min(back, front), max(back, front)
            props.slab(lo, hi, z0, z1, seat, 5)
            if back_height:
                top = seat + back_height
                for z in (z0, z1):
                    props.bar([(back, seat, z), (back, top, z)], 3.5)
                props.bar([(back, top, z0), (back, top, z1)], 5)
                props.bar([(back, top - 14, z0), (back, top - 14, z1)], 3.5)
        elif kind == "counter":
            hand = first.points[item["hand"]]
            top = hand[1] - WIDTHS["hand"] / 2 - 2.5
            if item.get("side", "front") == "front":
                x0 = hand[0] - item.get("reach", 4)
                x1, z0, z1 = x0 + 60, -45, 45
                front = x0 + 4
                props.slab(x0, x1, z0, z1, top, 5)
                props.bar([(front, top - 4, z1), (front, 0.0, z1)], 3)
            else:
                z0 = min(hand[2], 0) - 6
                x0, x1 = hand[0] - item.get("back", 70), hand[0] + 45
                props.face([(x0, top - 4, z0), (x1, top - 4, z0), (x1, 0.0, z0), (x0, 0.0, z0)], "pq")
                props.bar([(x0, top - 2.5, z0), (x1, top - 2.5, z0)], 5)
        elif kind == "rail":
            # A hand rail on the far side, held at the height the hand is: something to hold
            # for balance on one leg.
            hand = first.points[item["hand"]]
            top = hand[1] - WIDTHS["hand"] / 2 - 1.5
            if item.get("grip"):
                # Gripped: the bar runs through the middle of the hand, its ends showing either
                # side of the fist, so the hand reads as holding on, not resting on a table.
                tip = first.points[item["hand"].replace("wrist", "hand")]
                hand = skeleton.scale(skeleton.add(hand, tip), 0.5)
                top = hand[1]
            z = min(hand[2], 0) - 4
            x0, x1 = hand[0] - item.get("back", 40), hand[0] + item.get("ahead", 40)
            # A stair's rail (`rise`: how much it climbs per unit ahead of the hand) stands on its
            # newel post at the foot of the stairs and climbs on with them; a level one has a post
            # at each end.
            rise = item.get("rise", 0.0)
            y0, y1 = top + rise * (x0 - hand[0]), top + rise * (x1 - hand[0])
            props.bar([(x0, y0, z), (x1, y1, z)], item.get("width", 4))
            for x in (x0 + 4,) if rise else (x0 + 4, x1 - 4):
                props.bar([(x, y0 + rise * (x - x0), z), (x, 0.0, z)], 3)
        elif kind == "wall":
            x = min(shapes_x(b, item["against"], min) for b in bodies) - 2.5
            top = item.get("height", 175)
            props.bar([(x, 0.0, 0.0), (x, top, 0.0)], 3.5)
            hatch = [(x - 2, y, 0.0) for y in range(12, int(top), 14)]
            for h in hatch:
                props.bar([h, (h[0] - 7, h[1] - 7, 0.0)], 1.5)
        elif kind == "step":
            heel = first.points[item["foot"] + "_heel"]
            top = heel[1] - WIDTHS["foot"] / 2 - 1.5
            # A step (`stairs` = 1) or the bottom stair of a flight: each stair one `tread` on
            # from the one before and one step up.
            stairs, tread, x0 = item.get("stairs", 1), item.get("tread", 46), heel[0] - 10
            edge = [(x0, 0.0)]
            for n in range(stairs):
                edge += [(x0 + n * tread, top * (n + 1)), (x0 + (n + 1) * tread, top * (n + 1))]
            edge.append((x0 + tread * stairs, 0.0))
            props.face([(x, y, -30) for x, y in edge], "pq")
            props.bar([(x, y, 0.0) for x, y in edge], 3.5)
        elif kind == "pillow":
            # A soft pillow under a point, from the floor up to just under it: where the first
            # pose puts the point, or `pose`, where the body comes down onto it.
            body = placed(item["pose"]) if "pose" in item and placed else first
            point = point_of(body, item["under"])
            height = max(4.0, point[1] - item.get("below", 10))
            half = item.get("width", 32) / 2 - height / 2
            x, z = point[0] + item.get("dx", 0), point[2]
            # `fill = "n"` fills it a paler cloth than the mat, `edge` its outline's width.
            ends = [(x - half, height / 2, z), (x + half, height / 2, z)]
            props.bar(ends, height + 2 * item.get("edge", 1.5))
            props.bar(ends, height, item.get("fill", "m"))
            if item.get("seam"):
                props.bar(seam_of(ends, height), item["seam"])
        elif kind in ("towel", "between", "belt"):
            continue  # moves with the body: drawn with it
        else:
            raise ValueError(f"unknown scenery {kind!r}")
    return props.svg, props.points


def seam_of(ends: list[Vector], width: float) -> list[Vector]:
    """A cushion's seam: a line along its middle, stopping short of its rounded ends, so a pale
    cushion reads as a stitched pillow (`seam = 1.5`, its width), not as the pale start pose."""
    a, b = ends
    along = skeleton.sub(b, a)
    cut = min(0.4, width * 0.4 / (skeleton.length(along) or 1.0))
    return [skeleton.add(a, skeleton.scale(along, cut)), skeleton.add(a, skeleton.scale(along, 1 - cut))]


def between_limbs(body: Body, item: dict, fraction: float) -> Vector:
    """The point midway between the limbs a "between" cushion lies along, that fraction of the
    way from its joints `a` and `b` back towards `from_a` and `from_b`."""
    a, b = body.points[item["a"]], body.points[item["b"]]
    return skeleton.scale(
        skeleton.add(
            skeleton.add(a, skeleton.scale(skeleton.sub(body.points[item["from_a"]], a), fraction)),
            skeleton.add(b, skeleton.scale(skeleton.sub(body.points[item["from_b"]], b), fraction)),
        ),
        0.5,
    )


def attached_shapes(figure: Figure, body: Body) -> list[tuple[str, float, list[Vector], str]]:
    """Things that move with the body: a towel round a foot, a pillow between the knees. Each:
    (css class, stroke width, points, the layer it is drawn after; "" for first)."""
    out = []
    for item in figure.scene:
        if item.get("inset"):
            continue  # drawn only in the close-up (see inset_svg)
        if item["kind"] == "towel":
            # A towel looped under the ball of the foot, an end in each fist: a band of its own
            # colour from each hand to the sole and along it. The near end crosses in front of
            # the leg (a gap round it would cut the leg in two), under the hand that holds it.
            side = item["foot"]
            foot, toes = body.frames[f"{side}_foot"], body.points[f"{side}_toes"]
            under = -WIDTHS["foot"] / 2 - TOWEL / 2 + 1
            sole = [foot.at(toes, forward=1, up=under), foot.at(toes, forward=-7, up=under)]
            for hand in ("far", "near"):
                fist = skeleton.scale(
                    skeleton.add(body.points[f"{hand}_wrist"], body.points[f"{hand}_hand"]), 0.5
                )
                away = skeleton.sub(fist, sole[0])
                end = skeleton.add(fist, skeleton.scale(away, 5 / (skeleton.length(away) or 1.0)))
                after = item.get("after", f"{side} leg") if hand == "near" else "far arm"
                out.append(("t", TOWEL, [end, fist, *sole], after))
        elif item["kind"] == "between":
            # A pillow between two limbs: a soft, outlined cushion lying along them from the
            # joints `a` and `b` back towards `from_a` and `from_b` (the knees towards the
            # hips), as thick as the gap between them; `past` carries it on beyond the joints
            # (as a fraction of the same lengths), so it shows as a cushion of its own.
            a, b = body.points[item["a"]], body.points[item["b"]]
            ends = [
                between_limbs(body, item, -item.get("past", 0.0)),
                between_limbs(body, item, item.get("reach", 0.5)),
            ]
            width = item.get("width", skeleton.length(skeleton.sub(a, b)))
            out.append(("p", width + 2 * item.get("edge", 1.5), ends, item.get("after", "")))
            out.append((item.get("fill", "m"), width, ends, item.get("after", "")))
            if item.get("seam"):
                out.append(("p", item["seam"], seam_of(ends, width), item.get("after", "")))
        elif item["kind"] == "belt":
            # A waistband across the pelvis, a gap of the frame's colour: it tilts with the
            # pelvis, so a tuck of the tailbone shows as the belt's back dropping. `css = "p"`
            # draws it in the props' colour instead, a belt of its own that the white gaps round
            # the near limbs cannot be mistaken for.
            # `tilt` holds it at that pelvis angle whatever the pose (a side view, unrolled):
            # drawn pale (`css = "g"`), it stays where the start's belt was, so the belt that
            # tips with the tuck is seen leaving it.
            pelvis, hip = body.frames["pelvis"], body.points["hip"]
            if "tilt" in item:
                now = math.degrees(math.atan2(pelvis.up[1], pelvis.up[0]))
                pelvis = pelvis.turned("right", item["tilt"] - now)
            up = item.get("up", 8.0)
            ends = [pelvis.at(hip, forward=-14, up=up), pelvis.at(hip, forward=13, up=up)]
            out.append((item.get("css", "h"), item.get("width", 3.0), ends, item.get("after", "trunk")))
    return out


# --------------------------------------------------------------------------- marks


def arrow_path(figure: Figure, placer: Placer, arrow: Arrow) -> tuple[str, list[Point]]:
    """An arrow along the projected path of a point between two key poses, stood off to one
    side, with a head at the end (and at the start when it goes both ways)."""
    if arrow.through:
        body = placer.place(figure.poses[arrow.pose or figure.still_pose])
        x, y, _ = figure.view.project(point_of(body, arrow.at))
        pts = [(x + dx, y + dy) for dx, dy in arrow.through]
        command = {3: "Q", 4: "C"}.get(len(pts), "L")
        d = f"M{number(pts[0][0])} {number(pts[0][1])}{command}" + " ".join(
            f"{number(px)} {number(py)}" for px, py in pts[1:]
        )
        d += barbs(pts[-1], pts[-2])
        if arrow.both_ways:
            d += barbs(pts[0], pts[1])
        return d, pts
    if arrow.at:
        still = placer.place(figure.poses[figure.still_pose])
        x, y, _ = figure.view.project(point_of(still, arrow.at))
        x += arrow.dx
        ux, uy = math.cos(math.radians(arrow.direction)), -math.sin(math.radians(arrow.direction))
        tip = (x - ux * arrow.gap, y - uy * arrow.gap)
        tail = (tip[0] - ux * arrow.length, tip[1] - uy * arrow.length)
        d = polyline([tail, tip]) + barbs(tip, tail)
        if arrow.both_ways:
            d += barbs(tail, tip)
        return d, [tail, tip]
    if arrow.around:
        first = placer.place(figure.poses[figure.loop[0].pose])
        cx, cy, _ = figure.view.project(point_of(first, arrow.around))
        a0, a1 = arrow.angles
        arc = [
            (
                cx + arrow.radius * math.cos(math.radians(a)),
                cy - arrow.radius * arrow.squash * math.sin(math.radians(a)),
            )
            for a in (a0 + (a1 - a0) * i / 10 for i in range(11))
        ]
        d = polyline(arc) + barbs(arc[-1], arc[-2])
        if arrow.both_ways:
            d += barbs(arc[0], arc[1])
        return d, arc
    legs = [arrow.start, arrow.via, arrow.end] if arrow.via else [arrow.start, arrow.end]
    samples = []
    for a, b in zip(legs, legs[1:], strict=False):
        start, end = figure.poses[a], figure.poses[b]
        for i in range(0 if not samples else 1, 13):
            body = placer.place(start.blend(end, i / 12))
            samples.append(figure.view.project(point_of(body, arrow.point))[:2])
    # Stand off to the left of travel by `bend`.
    shifted = []
    for i, (x, y) in enumerate(samples):
        a = samples[max(0, i - 1)]
        b = samples[min(len(samples) - 1, i + 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        norm = math.hypot(dx, dy) or 1.0
        # SVG y points down: the left of travel is (dy, -dx).
        shifted.append((x + arrow.bend * dy / norm, y - arrow.bend * dx / norm))
    # Trim the ends so the arrow sits between the poses rather than on them.
    total = sum(math.dist(p, q) for p, q in zip(shifted, shifted[1:], strict=False))
    trimmed = trim(shifted, total * arrow.trim, total * (1 - arrow.trim))
    d = polyline(trimmed) + barbs(trimmed[-1], trimmed[-2])
    if arrow.both_ways:
        d += barbs(trimmed[0], trimmed[1])
    return d, trimmed


def trim(points: list[Point], start: float, end: float) -> list[Point]:
    """The part of a polyline between two distances along it, resampled evenly."""
    lengths = [0.0]
    for p, q in zip(points, points[1:], strict=False):
        lengths.append(lengths[-1] + math.dist(p, q))

    def at(distance: float) -> Point:
        for i in range(1, len(points)):
            if lengths[i] >= distance or i == len(points) - 1:
                span = lengths[i] - lengths[i - 1] or 1.0
                f = max(0.0, min(1.0, (distance - lengths[i - 1]) / span))
                p, q = points[i - 1], points[i]
                return (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f)
        return points[-1]

    steps = 8
    return [at(start + (end - start) * i / steps) for i in range(steps + 1)]


def barbs(tip: Point, before: Point, size: float = 7.0, spread: float = 0.5) -> str:
    """An arrowhead's two barbs at `tip`, `size` long, each `spread` radians off the shaft."""
    angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
    ends = [
        (tip[0] - size * math.cos(angle + s), tip[1] - size * math.sin(angle + s)) for s in (spread, -spread)
    ]
    return f"M{number(ends[0][0])} {number(ends[0][1])}L{number(tip[0])} {number(tip[1])} {number(ends[1][0])} {number(ends[1][1])}"


def stay_mark(figure: Figure, body: Body, mark: dict) -> tuple[str, list[Point]]:
    """A small triangle pointing at a part that stays where it is (down on the floor, say);
    with `below` it sits that far under the part instead, pointing up at it (a low back resting
    still above its small hollow, seen from the mat); with `beside` it sits that far to the part's
    right (left if negative), pointing across at it (a low back kept from arching, standing)."""
    x, y, _ = figure.view.project(point_of(body, mark["point"]))
    x += mark.get("dx", 0)
    size = mark.get("size", STAY_SIZE)  # larger where the rule matters most (the dead bug's hold)
    if "beside" in mark:
        # Beside the part, pointing across at it: `beside = -10` sits that far to its left.
        side = math.copysign(1, mark["beside"])
        x += mark["beside"]
        y -= mark.get("above", 0)
        pts = [(x + side * size * 1.6, y - size), (x + side * size * 1.6, y + size), (x + side * 0.8, y)]
        return f'<path class="c" stroke-width="4" d="{polyline(pts)}z"/>', pts
    flip = -1 if "below" in mark else 1
    y -= mark.get("above", 16) if flip > 0 else -mark["below"]
    pts = [(x - size, y - flip * size * 1.6), (x + size, y - flip * size * 1.6), (x, y - flip * 0.8)]
    return f'<path class="c" stroke-width="4" d="{polyline(pts)}z"/>', pts


def link_path(figure: Figure, body: Body, link: dict) -> str:
    """A straight line from one part to another, carried `past` units beyond each end, so
    that two limbs reaching apart read as one line through the trunk."""
    a = figure.view.project(point_of(body, link["a"]))[:2]
    b = figure.view.project(point_of(body, link["b"]))[:2]
    past = link.get("past", 0.0)
    length = math.dist(a, b) or 1.0
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    return polyline([(a[0] - ux * past, a[1] - uy * past), (b[0] + ux * past, b[1] + uy * past)])


def route_path(figure: Figure, body: Body) -> tuple[str, str, str]:
    """The figure's route as a smooth dotted line through its points (each `above` a part,
    moved `dx` along the drawing), the arrowhead at its end (go on this way, part by part), and
    a dot at each point marked `stop` (a part to tighten and let go in turn; "" when none is)."""
    pts = []
    stops = ""
    for mark in figure.route:
        x, y, _ = figure.view.project(point_of(body, mark["point"]))
        pts.append((x + mark.get("dx", 0.0), y - mark.get("above", 0.0)))
        if mark.get("stop"):
            stops += f"M{number(pts[-1][0])} {number(pts[-1][1])}h0"
    d = f"M{number(pts[0][0])} {number(pts[0][1])}"
    for here, after in zip(pts[1:-1], pts[2:], strict=True):
        mid = ((here[0] + after[0]) / 2, (here[1] + after[1]) / 2)
        d += f"Q{number(here[0])} {number(here[1])} {number(mid[0])} {number(mid[1])}"
    d += f"L{number(pts[-1][0])} {number(pts[-1][1])}"
    return d, barbs(pts[-1], pts[-2], 6), stops


def squeeze_path(figure: Figure, placer: Placer, mark: dict) -> str:
    """Two arrowheads pointing in at a part from either side (along `direction`, degrees on
    the drawing; `sides = 1`: only from that side, where the other is the floor): tighten this,
    drawn where the part is during the first step it marks (`dx` moves it along the drawing);
    with `out`, pointing away: let it go; `size` sets the arrowheads' length (5 by default);
    `above` raises them off the part (horizontal ones lying along the outline)."""
    body = placer.place(figure.poses[figure.loop[mark["steps"][0]].pose])
    x, y, _ = figure.view.project(point_of(body, mark["at"]))
    x += mark.get("dx", 0.0)  # moved along the drawing, clear of a hand resting there
    y -= mark.get("above", 0.0)  # raised off the outline, clear of the body's edge
    ux, uy = (
        math.cos(math.radians(mark.get("direction", 0))),
        -math.sin(math.radians(mark.get("direction", 0))),
    )
    gap = mark.get("gap", 9)
    # `out`: the arrowheads point away from the part instead: let it go.
    away = -1 if mark.get("out") else 1
    if away < 0:
        gap += 5
    d = ""
    for sign in (1, -1)[: mark.get("sides", 2)]:
        tip = (x + sign * ux * gap, y + sign * uy * gap)
        d += barbs(tip, (tip[0] + away * sign * ux, tip[1] + away * sign * uy), mark.get("size", 5))
    return d


def stay_width(mark: dict) -> float:
    """A triangle's line width: 4, wider in step with a larger `size`, so it stays solid."""
    return 4 * mark.get("size", STAY_SIZE) / STAY_SIZE


def arrow_svg(
    figure: Figure, placer: Placer, arrow: Arrow, w: Writer, shown: list[float] | None = None
) -> str:
    """An arrow's path, on a rim in the page's tone when it has `halo` (an arrow lying on the dark
    body), shown as `shown` says (None: always)."""
    d = arrow_path(figure, placer, arrow)[0]
    rim = w.path([d], 6, "h", shown) if arrow.halo else ""
    return rim + w.path([d], 3, "c", shown)


def squeeze_paths(figure: Figure, placer: Placer, mark: dict, shown: list[float] | None, w: Writer) -> str:
    """A squeeze mark's arrowheads, on a light rim when it has `halo` (arrowheads lying on the
    body, so they show on its dark), shown as `shown` says (None: always)."""
    d = squeeze_path(figure, placer, mark)
    rim = w.path([d], 6, "h", shown) if mark.get("halo") else ""
    return rim + w.path([d], 2.5, "c", shown)


def breath_shape(
    body: Body,
    view: View,
    reach: float = 1.0,
    gap: float = 0.0,
    way: float | None = None,
    long: bool = False,
) -> str:
    """Three short lines fanning out from the mouth: a breath out. `reach` (0.3 to 2) sets
    their length: a slow breath out grows from short to long; `gap` moves them that much
    further out, clear of a face seen from the front; `way` (degrees on the drawing) sends
    them that way instead of the face's own; `long`: a long breath out, whose lines stop
    fanning out past the full length, a long, narrow stream."""
    head = body.frames["head"]
    mouth = head.at(body.points["head"], forward=12, up=-4.5)
    m = view.project(mouth)
    f = view.project(head.at(body.points["head"], forward=22, up=-6.5))
    dx, dy = f[0] - m[0], f[1] - m[1]
    norm = math.hypot(dx, dy) or 1.0
    dx, dy = dx / norm, dy / norm
    h = view.project(body.points["head"])
    leans = math.copysign(1.0, h[0] - view.project(body.points["neck"])[0])
    face_down = dy > 0.85 and body.points["head"][1] < 30
    if face_down:
        # Face down on the floor: the breath goes out past the top of the head instead.
        c = view.project(head.at(body.points["head"], up=14))
        m = view.project(head.at(body.points["head"], forward=2, up=12))
        dx, dy = c[0] - view.project(body.points["head"])[0], c[1] - view.project(body.points["head"])[1]
        norm = math.hypot(dx, dy) or 1.0
        dx, dy = dx / norm, dy / norm - 0.5  # and a little upwards, off the floor
        norm = math.hypot(dx, dy) or 1.0
        dx, dy = dx / norm, dy / norm
    elif way is not None:
        dx, dy = math.cos(math.radians(way)), -math.sin(math.radians(way))
    elif dy > BREATH_DOWN or (dx * leans < -0.2 and dy > -0.5):
        # A head bowed (or a face seen from the front) would send the lines down or back onto
        # the neck, the chest or an arm, where the blue is lost on a phone (round 27): they go
        # out ahead of the face instead, at most a little downwards, on the side the head leans to.
        side = leans or dx
        dx, dy = math.copysign(math.sqrt(1 - BREATH_DOWN**2), side), BREATH_DOWN
        # ...starting at the head's outline, not across the face or under a bowed head.
        m = (h[0] + dx * skeleton.HEAD_RADIUS, h[1] + dy * skeleton.HEAD_RADIUS)
    if not face_down:
        # The lines start clear of the head's outline (with its rim), never on the face.
        ox, oy = m[0] - h[0], m[1] - h[1]
        along = ox * dx + oy * dy
        clear = skeleton.HEAD_RADIUS + 1
        gap = max(gap, -along + math.sqrt(max(0.0, along**2 - ox**2 - oy**2 + clear**2)))
    if gap:
        m = (m[0] + dx * gap, m[1] + dy * gap)
    nx, ny = -dy, dx
    parts = []
    far, spread = 3 + 7 * reach, 2.5 + 3 * (min(reach, LONG_SPREAD) if long else reach)
    for k in (-1, 0, 1):
        a = (m[0] + dx * 3 + nx * k * 2.5, m[1] + dy * 3 + ny * k * 2.5)
        b = (m[0] + dx * far + nx * k * spread, m[1] + dy * far + ny * k * spread)
        parts.append(f"M{number(a[0])} {number(a[1])}L{number(b[0])} {number(b[1])}")
    return "".join(parts)


def breath_in_shape(
    body: Body, view: View, gap: float = 0.0, into: str = "", way: float | None = None
) -> str:
    """Three short lines closing in on the nose, the middle one with an arrowhead at it: a
    breath in (a breath out fans out from the mouth, without heads); `gap` moves them that
    much further out. `into` names a point of the body the breath goes into (the low back of
    a breath into the back, lying face down): soft wavy lines are drawn over it too (`swell`);
    `way` (degrees on the drawing) is the way they come from, instead of the face's own."""
    mark = closing_in(*breath_in_aim(body, view, gap, way))
    if into:
        x, y, _ = view.project(point_of(body, into))
        mark += swell((x, y))
    return mark


def swell(point: tuple[float, float]) -> str:
    """Three short, soft wavy lines stacked over a point of the body: the breath going into
    it, the part rising by itself. Level and without a head, they point no way (the breath-in
    mark's lines closing in over the back, the middle one an arrow, read as "lift your back":
    round 32)."""
    x, y = point
    lines = []
    for k in range(3):
        lines.append(f"M{number(x - 12)} {number(y - 7 - 5.5 * k)}q3 -2.8 6 0 3 2.8 6 0 3 -2.8 6 0 3 2.8 6 0")
    return "".join(lines)


def breath_in_aim(
    body: Body, view: View, gap: float, way: float | None = None
) -> tuple[tuple[float, float], float, float]:
    """Where a breath in closes in on the nose, and the way it comes from."""
    head = body.frames["head"]
    nose = view.project(head.at(body.points["head"], forward=14, up=-1))
    f = view.project(head.at(body.points["head"], forward=24, up=1))
    dx, dy = f[0] - nose[0], f[1] - nose[1]
    norm = math.hypot(dx, dy) or 1.0
    dx, dy = dx / norm, dy / norm
    if dy > 0.6:
        # Face down on the floor: the breath comes in from ahead of the face and above it.
        # (the breath out leaves past the crown), aimed at the front of the crown.
        h = view.project(body.points["head"])
        ahead = math.copysign(1.0, h[0] - view.project(body.points["neck"])[0])
        nose = (h[0] + ahead * 10, h[1] - 2)
        dx, dy = 0.8 * ahead, -0.6
    if way is not None:
        dx, dy = math.cos(math.radians(way)), -math.sin(math.radians(way))
    if gap:
        nose = (nose[0] + dx * gap, nose[1] + dy * gap)
    return nose, dx, dy


def closing_in(nose: tuple[float, float], dx: float, dy: float) -> str:
    """Three short lines coming from the way (dx, dy) and closing in on a point, the middle one
    with an arrowhead at it: the breath-in mark."""
    nx, ny = -dy, dx
    parts = []
    for k in (-1, 0, 1):
        a = (nose[0] + dx * 15 + nx * k * 7.5, nose[1] + dy * 15 + ny * k * 7.5)
        b = (nose[0] + dx * 4 + nx * k * 5.5, nose[1] + dy * 4 + ny * k * 5.5)
        if k:  # the side lines stop short of the arrowhead, so its barbs stand clear of them
            b = (b[0] + dx * 5, b[1] + dy * 5)
        parts.append(f"M{number(a[0])} {number(a[1])}L{number(b[0])} {number(b[1])}")
        if k == 0:
            parts.append(barbs(b, a, 5, 0.75))
    return "".join(parts)


# --------------------------------------------------------------------------- the document

LEG, ARM = ("thigh", "shin", "foot"), ("arm", "forearm", "hand")
LIMB_REGIONS = {
    "back of thigh": "leg",
    "front of thigh": "leg",
    "front of hip": "leg",
    "buttock": "leg",  # over the thigh, which hid the seat behind the hip joint
    "thigh": "leg",
    "shin": "leg",
    "foot": "leg",
    "hand": "arm",
    "forearm": "arm",
    "upper arm": "arm",
    "shoulder": "arm",
}
SOLID_TRUNK = ("skull",)


@dataclass
class Group:
    """One <path>: a stroke width (None: a filled outline) and the shapes it joins."""

    width: float | None
    parts: list[str]  # keys of all_shapes(), or "hl:<index>" for a highlight


@dataclass
class Layer:
    """What is drawn for one layer: a colour class and its paths; `halo`: a gap of the
    frame's colour is drawn under them first."""

    css: str
    groups: list[Group]
    halo: bool = False
    name: str = ""  # the body's layer it draws ("near arm"), for an arrow passing under it


def mean_depth(body: Body, view: View, names: list[str]) -> float:
    values = [view.project(body.points[n])[2] for n in names]
    return sum(values) / len(values)


def layers_for(figure: Figure, body: Body) -> tuple[list[str], str]:
    """Drawing order of the body's five layers (far to near) and which side is nearer."""
    view = figure.view
    depth = {
        "trunk": mean_depth(body, view, ["hip", "sacrum", "waist", "neck"]),
        "near leg": mean_depth(body, view, ["near_hip", "near_knee", "near_ankle"]),
        "far leg": mean_depth(body, view, ["far_hip", "far_knee", "far_ankle"]),
        "near arm": mean_depth(body, view, ["near_shoulder", "near_elbow", "near_wrist"]),
        "far arm": mean_depth(body, view, ["far_shoulder", "far_elbow", "far_wrist"]),
    }
    nearer = "near" if depth["near leg"] + depth["near arm"] >= depth["far leg"] + depth["far arm"] else "far"
    order = list(figure.order) if figure.order else sorted(depth, key=lambda k: (depth[k], k != "trunk"))
    return order, nearer


def by_width(names: list[str]) -> list[Group]:
    out: dict[float, Group] = {}
    for name in names:
        width = WIDTHS[name.split(".")[1]]
        out.setdefault(width, Group(width, []))
        out[width].parts.append(name)
    return list(out.values())


def visible_eyes(figure: Figure, body: Body) -> list[str]:
    """The eye turned towards the viewer, if either is (none when the face looks away); with the
    figure's `both_eyes`, both when the face looks at the viewer (lying on one side, facing
    you: two eyes one above the other say the head lies on its side)."""
    view = figure.view
    shapes = trunk_shapes(body, False)
    centre = view.project(body.points["head"])[2]
    depths = {eye: view.project(shapes[eye].points[0])[2] for eye in ("near_eye", "far_eye")}
    if figure.both_eyes and min(depths.values()) > centre + FACING:
        return ["near_eye", "far_eye"]
    eye = max(depths, key=depths.get)
    return [eye] if depths[eye] > centre - 1 else []


def layers_of(figure: Figure, body: Body, nearer: str = "") -> list[Layer]:
    """The body's layers, far to near; `nearer` names the side drawn in the ink when it is not
    the one nearer the viewer (an inset keeps the main view's dark and grey sides)."""
    order, nearest = layers_for(figure, body)
    nearer = nearer or nearest
    solid = not figure.view.is_side
    trunk_at = order.index("trunk")
    layers = []

    def highlights_in(layer: str) -> None:
        groups, always = [], []
        for index, h in enumerate(figure.highlights):
            kind = LIMB_REGIONS.get(h.region, "trunk")
            if (kind == "trunk" and layer == "trunk") or layer == f"{h.side} {kind}":
                if h.steps or h.width != HIGHLIGHT_WIDTH:
                    groups.append(Group(h.width, [f"hl:{index}"]))
                else:
                    always.append(f"hl:{index}")
        if always:
            groups.insert(0, Group(HIGHLIGHT_WIDTH, always))
        if groups:
            layers.append(Layer("o", groups))

    attached = attached_shapes(figure, body)

    def attached_after(layer: str) -> None:
        for index, (css, width, _, after) in enumerate(attached):
            if after == layer:
                layers.append(Layer(css, [Group(width, [f"att:{index}"])]))

    attached_after("")
    for position, layer in enumerate(order):
        if layer == "trunk":
            # The front outline is a path of its own: in one path, outlines turning opposite
            # ways would cut holes in each other.
            outlines = [Group(None, ["trunk.torso", "trunk.head"])]
            if solid:
                outlines.append(Group(None, ["trunk.front"]))
            layers.append(Layer("kf", outlines, name="trunk"))
            if solid:
                layers.append(Layer("k", by_width([f"trunk.{p}" for p in SOLID_TRUNK])))
            eyes = visible_eyes(figure, body)
            if eyes:
                layers.append(Layer("h", [Group(WIDTHS["eye"], [f"trunk.{eye}" for eye in eyes])]))
        else:
            side, kind = layer.split()
            # An arm whose hand rests on top of the body ("far hand" in the figure's order) is
            # drawn in two: the upper arm behind the trunk, the forearm and hand over it; so is
            # a leg whose shin lies across the other leg ("far foot": the shin and foot).
            parts = {
                "leg": LEG,
                "arm": ARM,
                "hand": ARM[1:],
                "palm": ARM[2:],
                "foot": LEG[1:],
                "fingers": [],
            }[kind]
            if kind == "arm" and f"{side} hand" in order:
                parts = ARM[:1]
            if kind == "arm" and f"{side} palm" in order:
                parts = ARM[:2]
            if kind == "leg" and f"{side} foot" in order:
                parts = LEG[:1]
            names = [f"{side}.{p}" for p in parts]
            groups = by_width(names)
            if kind == "fingers" or (kind == "palm" and f"{side} fingers" not in order):
                # Fingers round the thigh it holds, in the hand's layer: letting go, their gaps
                # are hidden under the hand's own line. A "near fingers" layer of their own draws
                # them apart, over the thigh drawn over its palm.
                fingers = [f"fng:{i}" for i, (s, _) in enumerate(finger_shapes(figure, body)) if s == side]
                if fingers:
                    groups.append(Group(FINGER, fingers))
            layers.append(
                Layer(
                    "k" if side == nearer else "f",
                    groups,
                    halo=position > trunk_at and layer not in figure.no_halo,
                    name=layer,
                )
            )
        highlights_in(layer)
        attached_after(layer)
    return layers


def shape_data(figure: Figure, body: Body) -> dict[str, str]:
    """Path data of every shape and highlight of one body."""
    view = figure.view
    out = {}
    shapes = all_shapes(body, not view.is_side)
    if figure.both_eyes:
        # An eye that turns away as the face turns from the viewer (a seated twist) slides onto
        # the one still seen, so a face in profile shows one eye, not two stacked.
        seen = visible_eyes(figure, body)
        if len(seen) == 1:
            hidden = "trunk.far_eye" if seen == ["near_eye"] else "trunk.near_eye"
            # A hair apart, so the two stay two subpaths in every frame, as SMIL needs.
            shown = shapes[f"trunk.{seen[0]}"]
            shapes[hidden] = Shape([skeleton.add(pt, (0.0, 0.01, 0.0)) for pt in shown.points], shown.width)
    for name, shape in shapes.items():
        pts = flat(view, shape.points)
        if not shape.closed:
            out["pts:" + name] = pts
        if name == "trunk.front":
            out[name] = polyline(pts) + "Z"  # seen from the front the trunk's sides are nearly straight
        else:
            out[name] = smooth_closed(pts) if shape.closed else polyline(pts)
    for index, h in enumerate(figure.highlights):
        out[f"hl:{index}"] = "".join(
            smooth_open(flat(view, s)) for s in region_shapes(body, h.region, h.side, h.width)
        )
    for index, (_, _, points, _) in enumerate(attached_shapes(figure, body)):
        out[f"att:{index}"] = polyline(flat(view, points))
    for index, (_, points) in enumerate(finger_shapes(figure, body)):
        out[f"fng:{index}"] = polyline(flat(view, points))
    return out


def check_same_commands(values: list[str]) -> None:
    """SMIL only blends paths made of the same commands; raise ValueError otherwise."""
    shapes = {re.sub(r"-?\d+(?:\.\d+)?", "n", d).replace(" ", "") for d in values}
    if len(shapes) > 1:
        raise ValueError(f"poses do not match: {sorted(shapes)}")


def group_text(group: Group, data: dict) -> str:
    """A group's path data; limb segments that meet (an upper arm's end and a forearm's start)
    become one line, as shorter data."""
    if not all("pts:" + part in data for part in group.parts):
        return "".join(data[part] for part in group.parts)
    chains: list[list[Point]] = []
    for part in group.parts:
        points = data["pts:" + part]
        if chains and chains[-1][-1] == points[0]:
            chains[-1] += points[1:]
        else:
            chains.append(list(points))
    return "".join(polyline(chain) for chain in chains)


def barely_moves(values: list[str]) -> bool:
    """Whether every frame's numbers are within a unit of the first frame's: rounding jitter of a
    part that stays put, not worth an animation."""
    first = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", values[0])]
    for value in values[1:]:
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", value)]
        if any(abs(a - b) > 1 for a, b in zip(first, numbers, strict=True)):
            return False
    return True


class Writer:
    """Writes paths, noting the extent of everything drawn."""

    def __init__(self, timing: str):
        self.timing = timing
        self.points: list[Point] = []

    def note(self, d: str, width: float = 2.0) -> None:
        for x, y in numbers_in(d):
            self.points.extend([(x - width / 2, y - width / 2), (x + width / 2, y + width / 2)])

    def path(
        self, values: list[str], width: float | None, css: str = "", opacity: list[float] | None = None
    ) -> str:
        check_same_commands(values)
        for v in values:
            self.note(v, width or 2.0)
        attrs = (f'class="{css}" ' if css else "") + (
            f'stroke-width="{fraction_text(width)}" ' if width else ""
        )
        attrs += f'd="{values[0]}"'
        inner = ""
        if len(set(values)) > 1 and not barely_moves(values):
            inner += f'<animate attributeName="d" values="{";".join(values)}" {self.timing}/>'
        if opacity is not None and len(set(opacity)) > 1:
            inner += self.fade(opacity)
            if opacity[0] == 0:
                attrs += ' opacity="0"'
        return f"<path {attrs}>{inner}</path>" if inner else f"<path {attrs}/>"

    def fade(self, opacity: list[float]) -> str:
        """An opacity animation over the loop, one value per frame ("" when it never changes)."""
        if len(set(opacity)) < 2:
            return ""
        return f'<animate attributeName="opacity" values="{";".join(fraction_text(o) for o in opacity)}" {self.timing}/>'

    def layers(
        self, layers: list[Layer], data: list[dict[str, str]], opacities: dict[int, list[float]]
    ) -> str:
        out = []
        for layer in layers:
            paths, halos = [], []
            for group in layer.groups:
                values = [group_text(group, d) for d in data]
                opacity = None
                if layer.css == "o":
                    opacity = opacities.get(int(group.parts[0][3:]))
                    if opacity is not None and not any(opacity):
                        continue
                if layer.halo:
                    # A gap of the frame's colour under a limb drawn across the body.
                    halos.append(self.path(values, group.width + HALO, "h"))
                paths.append(self.path(values, group.width, layer.css, opacity))
            out += halos + paths
        return "".join(out)


def breath_path(rest: str) -> str:
    """A breath mark's path (`rest`: its d and what follows) on a rim of the frame's colour."""
    rim = fraction_text(BREATH_WIDTH + BREATH_RIM)
    return f'<path class="h" stroke-width="{rim}" {rest}<path class="c" stroke-width="{fraction_text(BREATH_WIDTH)}" {rest}'


def breath_timing(figure: Figure, kind: str = "out") -> tuple[list[float], list[float]]:
    """When the breath-out mark shows, as (seconds, opacity) key points over the loop, for steps
    marked breath = "out": a move into a held pose shows it over the move's second half, as the
    mouth arrives where it is drawn, and through the hold; a breath that is the move itself (a
    breathing exercise) shows it from the move's start until its end. It comes and goes within
    BREATH_RAMP seconds (linear, 0 where the loop starts and ends).
    `kind = "in"`: the same for the breath-in mark, on steps marked breath = "in"."""
    points = [(0.0, 0.0)]
    time = 0.0
    steps = figure.loop
    for index, step in enumerate(steps):
        length = step.move + step.stay
        start, end = time, time + length
        time = end
        if step.breath != kind or not length:
            continue
        if step.stay:
            appear = start + 0.5 * step.move
            shown = appear + min(BREATH_RAMP, 0.5 * step.move if step.move else 0.2 * step.stay)
        else:
            # The breath out is the move: the mark is there almost at once and stays to its end.
            appear, shown = start, start + min(0.3 * step.move, BREATH_RAMP)
        points += [(appear, 0.0), (shown, 1.0)]
        after = steps[index + 1] if index + 1 < len(steps) else None
        if after is not None and after.breath == kind:
            points.append((end, 1.0))
        else:
            fade = min(0.2 * length, BREATH_RAMP)
            points += [(max(shown, end - fade), 1.0), (end, 0.0)]
    points.append((time, 0.0))
    out: list[tuple[float, float]] = []
    for t, v in points:
        if out and abs(out[-1][0] - t) < 1e-9:
            out[-1] = (t, max(out[-1][1], v))
        else:
            out.append((t, v))
    # Never half faded at the review's moments (1/8, 3/8, 5/8 and 7/8 of the loop, the four a
    # still sheet shows): a mark coming in by then is in fully, one going starts to go after it.
    for moment in (k * time / 8 for k in (1, 3, 5, 7)):
        for i in range(1, len(out)):
            (t0, v0), (t1, v1) = out[i - 1], out[i]
            if t0 < moment < t1 and v0 != v1:
                out[i if v1 > v0 else i - 1] = (moment, 1.0)
    return [t for t, _ in out], [v for _, v in out]


def breath_reach(figure: Figure, times: list[float]) -> list[float]:
    """How long the breath-out lines are (0.3 to 1, or 2 for a slow one) at each of the given
    times: growing through a breath out that is a move of its own (no hold), full length otherwise."""
    out = []
    for t in times:
        reach, start = 1.0, 0.0
        for step in figure.loop:
            end = start + step.move + step.stay
            if step.breath == "out" and not step.stay and start <= t <= end and step.move:
                # A slow breath out (5 s or more) grows on to longer lines than a quick one,
                # and one drawn long (breath_long) starts long and grows longer still.
                slow = step.move >= 5
                low, high = LONG_REACH if figure.breath_long and slow else (0.3, 2.0 if slow else 1.0)
                reach = low + (high - low) * (t - start) / step.move
            start = end
        out.append(round(reach, 2))
    return out


def closed_loop(values: list[float]) -> list[float]:
    """Values that end as they start, so a loop does not jump: a breath out that runs to the
    loop's end fades as the loop comes round."""
    return values[:-1] + [values[0]]


def shown_during(frames: list[Frame], steps) -> list[float]:
    """Opacity per frame of a mark shown only while the loop's `steps` play."""
    return closed_loop([1.0 if f.step in steps else 0.0 for f in frames])


def in_inset(part: str, parts: list[str]) -> bool:
    """Whether a shape (a key of all_shapes) belongs to an inset showing `parts` ("near leg",
    "trunk", "far arm", ...); what moves with the body is in it when given to the close-up."""
    if part.startswith("hl:"):
        return False
    if part.startswith("att:"):
        return True
    side, _, name = part.partition(".")
    if side == "trunk":
        return "trunk" in parts
    return f"{side} {'leg' if name in LEG else 'arm'}" in parts


def ring_tag(x: float, y: float, radius: float) -> str:
    """The open tag of a blue ring of `radius` round (x, y): a contact to look at."""
    return (
        f'<circle class="c" fill="none" stroke-width="2.5" cx="{number(x)}" cy="{number(y)}" r="{radius:g}"'
    )


def inset_svg(
    figure: Figure,
    placer: Placer,
    frames: list[Frame],
    bodies: list[Body],
    still_body: Body,
    still_index: int | None,
    w: Writer,
    opacities: tuple[dict, dict] = ({}, {}),
    tag: str = "",
) -> tuple[str, str]:
    """The figure's inset (a close-up in a circle from a view of its own, such as the legs seen
    from the feet), shown during its `steps`, as `<g id="i">`, and its copy for the still
    drawing: with a `pose`, `<use href="#i"/>` (the same, without the fading); following the
    loop, the close-up of `still_body` (the still pose, placed; `still_index` is the loop step it
    shows, whose timed marks the still copy keeps, as the main view's do). Its `arrows` and `stays` are
    drawn over the close-up at the drawing's own size (the arrows timed by their `steps`, as the
    main view's are). `tag` ends its ids (a second close-up, `then`, in the same place)."""
    inset = figure.inset
    if not inset:
        return "", ""
    # What moves with the body and is given `inset = true` (a belt) is drawn in the close-up only.
    scene = [{**item, "inset": False} for item in figure.scene if item.get("inset")]
    close = replace(figure, view=View(*inset["view"]), order=tuple(inset.get("order", ())), scene=scene)
    parts = inset.get("parts", ["near leg", "far leg"])
    first = bodies[0]
    main_nearer = layers_for(figure, first)[1]
    layers = [
        layer
        for layer in layers_of(close, first, main_nearer)
        if any(
            in_inset(p, parts) or (p.startswith("hl:") and inset.get("highlight"))
            for g in layer.groups
            for p in g.parts
        )
    ]
    centre_body = placer.place(figure.poses[inset.get("pose", figure.still_pose)])
    # Centred on a point of the pose, or between several.
    names = inset.get("centre", "hip")
    names = [names] if isinstance(names, str) else names
    centres = [close.view.project(point_of(centre_body, name)) for name in names]
    cx, cy = (sum(c[0] for c in centres) / len(centres), sum(c[1] for c in centres) / len(centres))
    ax, ay, _ = figure.view.project(placer.anchor)
    dx, dy = inset.get("at", (0.0, -60.0))
    radius, scale = inset.get("radius", 30.0), inset.get("scale", 0.5)
    ox, oy = ax + dx, ay + dy
    inner = Writer(w.timing)
    under, over = "", ""
    if "floor" in inset:
        # The mat under a point (the foot on it), as a band across the circle.
        x, _, z = centre_body.points[inset["floor"]]
        fx, fy, _ = close.view.project((x, 0.0, z))
        reach = radius / scale
        under = f'<path class="m" stroke-width="{fraction_text(6 / scale)}" d="M{number(fx - reach)} {number(fy + 3 / scale)}h{number(2 * reach)}"/>'
    if "ghost" in inset:
        # A pose's trunk behind the magnified body, in the deeper ghost tone (the circle's own is
        # the pale one): where the outline was, so the tummy drawn in is seen sinking away from
        # the fingertips, while the main view keeps the gap opening under the hands.
        data = shape_data(close, placer.place(figure.poses[inset["ghost"]]))
        under += inner.path([data["trunk.torso"]], None, "ef")
    if "mark" in inset:
        # A ring round where the close-up's point is: a contact to look at (an ankle on a knee).
        mx, my, _ = close.view.project(centre_body.points[inset["mark"]])
        over = f"{ring_tag(mx, my, 10)}/>"
    if "bone" in inset:
        # A bony landmark under the skin (the front hip bone) as a small dark knob on the outline,
        # at (forward, up) of the hip joints' centre in the pelvis's frame: the fingertips rest
        # just beside it, and the tummy drawing in sinks a little below it.
        forward, up = inset["bone"]
        knob = centre_body.frames["pelvis"].at(centre_body.points["hip"], forward=forward, up=up)
        bx, by, _ = close.view.project(knob)
        over += f'<circle fill="currentColor" cx="{number(bx)}" cy="{number(by)}" r="2.4"/>'
    w.points += [(ox - radius - 1, oy - radius - 1), (ox + radius + 1, oy + radius + 1)]
    circle = f'cx="{number(ox)}" cy="{number(oy)}" r="{number(radius)}"'

    # `light = true`: the close-up's body drawn open, pale inside a dark outline (its halos), so
    # a magnified hand on the tummy reads as a line drawing, not as big dark shapes.
    light = ' class="li"' if inset.get("light") else ""

    def cut(shown_bodies: list[Body], shown_opacities: dict) -> str:
        # The close-up is cut to its circle, as through a magnifying glass; `highlight = true`
        # keeps the orange (timed as the main view's) on the magnified body.
        drawn = inner.layers(layers, [shape_data(close, b) for b in shown_bodies], shown_opacities)
        return (
            f'<circle class="pq" {circle}/>'
            f'<g clip-path="url(#c{tag})"><g{light} transform="translate({number(ox - cx * scale)} {number(oy - cy * scale)}) '
            f'scale({fraction_text(scale)})">{under}{drawn}{over}</g></g>'
        )

    # With a `pose`, the close-up holds that pose still (less to draw than following the loop).
    content = f'<g id="i{tag}"><clipPath id="c{tag}"><circle {circle}/></clipPath>{cut([centre_body] if "pose" in inset else bodies, opacities[0])}</g>'
    still = f'<use href="#i{tag}"/>' if "pose" in inset else cut([still_body], opacities[1])
    # Marks on the close-up, drawn at the drawing's size where the magnified body puts them.
    marked = replace(close, view=replace(close.view, scale=scale, shift=(ox - cx * scale, oy - cy * scale)))
    for arrow in inset.get("arrows", []):
        d = arrow_path(marked, placer, arrow)[0]
        content += w.path([d], 3, "c", shown_during(frames, arrow.steps) if arrow.steps else None)
        if not arrow.steps or still_index in arrow.steps:
            still += w.path([d], 3, "c")
    for mark in inset.get("squeeze", []):
        # Arrowheads in (or out) at the magnified part, as the main view's squeeze marks; the
        # still drawing keeps those of the still pose's first step.
        d = squeeze_path(marked, placer, mark)
        content += w.path([d], 2.5, "c", shown_during(frames, mark["steps"]))
        if still_index in mark["steps"]:
            still += w.path([d], 2.5, "c")
    if "leader" in inset:
        # A thin line from the circle's edge to the part it magnifies in the main view (the
        # still pose's), stopping `leader_gap` short of it: this is where the close-up looks.
        lx, ly, _ = figure.view.project(point_of(still_body, inset["leader"]))
        length = math.dist((ox, oy), (lx, ly)) or 1.0
        ux, uy = (lx - ox) / length, (ly - oy) / length
        gap = inset.get("leader_gap", 4.0)
        ends = [(ox + ux * radius, oy + uy * radius), (lx - ux * gap, ly - uy * gap)]
        w.note(polyline(ends))
        leader = f'<path class="p" stroke-width="2" d="{polyline(ends)}"/>'
        content += leader
        still += leader
    for mark in inset.get("stays", []):
        svg, pts = stay_mark(marked, still_body, mark)
        w.note(polyline(pts))
        content += svg
        still += svg
    shown = shown_during(frames, inset.get("steps", range(len(figure.loop))))
    ring = ""
    for step in inset.get("mark_main", []):
        # The same ring on the main view during each of those loop steps, round the mark where
        # that step's pose puts it: the contact the circle magnifies, shown where it is on the body.
        mx, my, _ = figure.view.project(
            placer.place(figure.poses[figure.loop[step].pose]).points[inset["mark"]]
        )
        w.points.append((mx, my))
        on = shown_during(frames, [step])
        ring += f'{ring_tag(mx, my, 7)} opacity="{fraction_text(on[0])}">{w.fade(on)}</circle>'
        if step == still_index:
            still += f"{ring_tag(mx, my, 7)}/>"  # the still drawing shows it in its pose too
    return f'{ring}<g opacity="{fraction_text(shown[0])}">{w.fade(shown)}{content}</g>', still


def stopwatch_svg(figure: Figure, still: Body, frames: list[Frame], w: Writer) -> tuple[str, str]:
    """The hold mark (`hold`), a small stopwatch beside the point `at` of the still pose: its ring
    fills clockwise from the top, a hand following it, empty until the first of its `steps`
    starts and full at the end of the last, filling evenly through their stays. Returns the
    moving drawing's markup and the still drawing's (the ring `still` full, shown only when the
    still pose is one of the held ones; empty otherwise)."""
    hold = figure.hold
    x, y = flat(figure.view, [point_of(still, hold["at"])])[0]
    r = hold.get("radius", 7.0)
    cx, cy = x + hold.get("dx", 0.0), y + hold.get("dy", 0.0)
    ring = (
        f"M{number(cx)} {number(cy - r)}a{number(r)} {number(r)} 0 1 1 0 {number(2 * r)}"
        f"a{number(r)} {number(r)} 0 1 1 0 {number(-2 * r)}"
    )
    time, begin, end = 0.0, None, 0.0
    for index, step in enumerate(figure.loop):
        if index in hold["steps"]:
            if begin is None:
                begin = time + step.move
            end = time + step.move + step.stay
        time += step.move + step.stay
    span = max(end - (begin or 0.0), 1e-9)
    fills = closed_loop([min(1.0, max(0.0, (f.time - (begin or 0.0)) / span)) for f in frames])
    edge = r + 2
    w.points.extend([(cx - edge, cy - edge), (cx + edge, cy + edge)])
    # A stopwatch's button on top, so the ring reads as a timer.
    top = cy - edge + 2
    w.points.append((cx - edge, top - 7))
    button = f'<path class="c" stroke-width="2.5" d="M{number(cx)} {number(top - 2)}v-3m-2.5 0h5"/>'
    face = f'<path class="g" stroke-width="2" d="{ring}"/>{button}'
    dashes = 'class="c" stroke-width="3" pathLength="1" stroke-dasharray="1 2"'
    # Its hand, from the centre to where the ring has filled to.
    hand = f'<path class="c" stroke-width="2" d="M{number(cx)} {number(cy)}v{number(5 - edge)}"'
    shown = shown_during(frames, hold["steps"])
    turns = ";".join(f"{number(360 * f)} {number(cx)} {number(cy)}" for f in fills)
    moving = (
        f'<g opacity="{fraction_text(shown[0])}">{w.fade(shown)}{face}'
        f'<path {dashes} d="{ring}"><animate attributeName="stroke-dashoffset" '
        f'values="{";".join(fraction_text(1 - f) for f in fills)}" {w.timing}/></path>'
        f'{hand}><animateTransform attributeName="transform" type="rotate" values="{turns}" {w.timing}/></path></g>'
    )
    if not any(figure.loop[i].pose == figure.still_pose for i in hold["steps"]):
        return moving, ""
    part = hold.get("still", 0.75)
    still_markup = (
        f'{face}<path {dashes} stroke-dashoffset="{fraction_text(1 - part)}" d="{ring}"/>'
        f'{hand} transform="rotate({number(360 * part)} {number(cx)} {number(cy)})"/>'
    )
    return moving, still_markup


def svg_document(figure: Figure) -> str:
    """The figure as a complete SVG file's text."""
    placer = Placer(figure)
    frames = frames_for(figure)
    bodies = [placer.place(f.pose) for f in frames]
    still_name = figure.still_pose
    still = placer.place(figure.poses[still_name])
    layers = layers_of(figure, bodies[0])
    duration = frames[-1].time
    timing = (
        f'dur="{fraction_text(duration)}s" repeatCount="indefinite" '
        f'keyTimes="{";".join(fraction_text(f.time / duration) for f in frames)}" '
        f'calcMode="spline" keySplines="{";".join(f.spline for f in frames[1:])}"'
    )
    w = Writer(timing)

    # Highlights shown only during some steps of the loop (the body scan's tensing).
    opacities = {}
    still_steps = {i for i, s in enumerate(figure.loop) if s.pose == still_name}
    still_opacities = {}
    for index, h in enumerate(figure.highlights):
        if h.steps:
            opacities[index] = shown_during(frames, h.steps)
            still_opacities[index] = [1.0 if still_steps & set(h.steps) else 0.0]

    timed_arrows = [arrow for arrow in figure.arrows if arrow.steps]
    # The loop step the still drawing shows (its pose's first): what is timed shows in the still
    # drawing when this step is among its steps.
    still_step = next((s for s in figure.loop if s.pose == still_name), None)
    still_index = figure.loop.index(still_step) if still_step is not None else None

    def body_with(data: list[dict], shown_opacities: dict, still: bool) -> str:
        # The body's layers, with any arrow passing under a limb drawn just before that limb.
        out, start = [], 0
        for index, layer in enumerate(layers):
            beneath = [a for a in timed_arrows if layer.name and a.under == layer.name]
            if still:
                beneath = [a for a in beneath if still_index in a.steps]
            if beneath:
                out.append(w.layers(layers[start:index], data, shown_opacities))
                start = index
            for arrow in beneath:
                out.append(
                    arrow_svg(figure, placer, arrow, w, None if still else shown_during(frames, arrow.steps))
                )
        out.append(w.layers(layers[start:], data, shown_opacities))
        return "".join(out)

    moving = ['<g class="moving">']
    moving.append(body_with([shape_data(figure, b) for b in bodies], opacities, False))
    breathing = [f for f in frames if f.breath]
    if figure.breath_mark and breathing:
        # Drawn where the mouth is at the end of the breath out; only its opacity changes.
        out_at = (
            frames.index(breathing[-1])
            if len({f.step for f in breathing}) == 1
            else frames.index(breathing[0])
        )
        times, values = breath_timing(figure)
        fade = (
            f'<animate attributeName="opacity" values="{";".join(fraction_text(v) for v in values)}" '
            f'dur="{fraction_text(duration)}s" repeatCount="indefinite" '
            f'keyTimes="{";".join(fraction_text(t / duration) for t in times)}"/>'
        )
        d = breath_shape(
            bodies[out_at], figure.view, gap=figure.breath_gap, way=figure.breath_way, long=figure.breath_long
        )
        w.note(d, BREATH_WIDTH + BREATH_RIM)
        reaches = closed_loop(breath_reach(figure, times))
        if len(set(reaches)) > 1:
            # A breath out that is the movement itself (a breathing exercise) grows as it
            # goes on, so a slow, long breath out looks slow and long.
            shapes = ";".join(
                breath_shape(
                    bodies[out_at], figure.view, r, figure.breath_gap, figure.breath_way, figure.breath_long
                )
                for r in reaches
            )
            fade += (
                f'<animate attributeName="d" values="{shapes}" dur="{fraction_text(duration)}s" '
                f'repeatCount="indefinite" keyTimes="{";".join(fraction_text(t / duration) for t in times)}"/>'
            )
        moving.append(breath_path(f'd="{d}" opacity="0">{fade}</path>'))
    breathing_in = [i for i, f in enumerate(frames) if figure.loop[f.step].breath == "in"]
    if figure.breath_mark and breathing_in:
        # A breath in, drawn at the nose where the breath in ends; when the head travels during
        # it (tipping forward at the hips, say), the mark goes with the nose.
        times, values = breath_timing(figure, "in")
        d_in = breath_in_shape(
            bodies[breathing_in[-1]], figure.view, figure.breath_gap, figure.breath_into, figure.breath_way
        )
        shapes = [
            breath_in_shape(body, figure.view, figure.breath_gap, figure.breath_into, figure.breath_way)
            for body in bodies
        ]
        for i in breathing_in:
            w.note(shapes[i], BREATH_WIDTH + BREATH_RIM)
        follow = (
            f'<animate attributeName="d" values="{";".join(shapes)}" {w.timing}/>'
            if not barely_moves([shapes[i] for i in breathing_in])
            else ""
        )
        moving.append(
            breath_path(
                f'd="{shapes[0] if follow else d_in}" '
                f'opacity="0"><animate attributeName="opacity" values="{";".join(fraction_text(v) for v in values)}" '
                f'dur="{fraction_text(duration)}s" repeatCount="indefinite" '
                f'keyTimes="{";".join(fraction_text(t / duration) for t in times)}"/>{follow}</path>'
            )
        )
    inset_moving, inset_still = inset_svg(
        figure, placer, frames, bodies, still, still_index, w, (opacities, still_opacities)
    )
    moving.append(inset_moving)
    # `then`: a second close-up in the same circle for later steps (the hands' hold in the pull),
    # the first close-up's settings but its arrows and ring, with `then`'s own over them (and its own `floor`).
    then = figure.inset.get("then") if figure.inset else None
    if then:
        skip = ("then", "arrows", "floor", "mark", "mark_main", "squeeze", "stays", "leader")
        later = replace(figure, inset={k: v for k, v in figure.inset.items() if k not in skip} | then)
        then_moving, then_still = inset_svg(
            later, placer, frames, bodies, still, still_index, w, (opacities, still_opacities), "2"
        )
        moving.append(then_moving)
    for mark in figure.squeezes:
        moving.append(squeeze_paths(figure, placer, mark, shown_during(frames, mark["steps"]), w))
    for link in figure.links:
        shown = shown_during(frames, link["steps"]) if "steps" in link else None
        moving.append(w.path([link_path(figure, b, link) for b in bodies], 2, "c l", shown))
    # Arrows shown only during some steps (down while sliding down, up while coming back up).
    for arrow in timed_arrows:
        if arrow.under:
            continue  # drawn with the body, beneath its limb
        moving.append(arrow_svg(figure, placer, arrow, w, shown_during(frames, arrow.steps)))

    # Triangles shown only during some steps (a low back kept still while the hips move).
    # `pose`: placed where that pose puts the part (a foot on the mat while the still pose lifts it).
    def stay_body(mark: dict) -> Body:
        return placer.place(figure.poses[mark["pose"]]) if "pose" in mark else still

    timed_stays = [
        (mark, stay_mark(figure, stay_body(mark), mark)[1]) for mark in figure.stays if "steps" in mark
    ]
    for mark, pts in timed_stays:
        moving.append(
            w.path([f"{polyline(pts)}z"], stay_width(mark), "c", shown_during(frames, mark["steps"]))
        )
    stopwatch_still = ""
    if figure.hold:
        stopwatch, stopwatch_still = stopwatch_svg(figure, still, frames, w)
        moving.append(stopwatch)
    moving.append("</g>")

    still_parts = ['<g class="still">']
    still_parts.append(body_with([shape_data(figure, still)], still_opacities, True))
    if figure.breath_mark and still_step is not None and still_step.breath == "out":
        # A long breath out shows still at its longest, as it ends.
        reach = LONG_REACH[1] if figure.breath_long else 1.0
        d = breath_shape(still, figure.view, reach, figure.breath_gap, figure.breath_way, figure.breath_long)
        w.note(d, BREATH_WIDTH + BREATH_RIM)
        still_parts.append(breath_path(f'd="{d}"/>'))
    if figure.breath_mark and still_step is not None and still_step.breath == "in":
        d = breath_in_shape(still, figure.view, figure.breath_gap, figure.breath_into, figure.breath_way)
        w.note(d, BREATH_WIDTH + BREATH_RIM)
        still_parts.append(breath_path(f'd="{d}"/>'))
    if still_step is not None:
        for link in figure.links:
            if still_index in link.get("steps", [still_index]):
                still_parts.append(w.path([link_path(figure, still, link)], 2, "c l"))
        for arrow in timed_arrows:
            if still_index in arrow.steps and not arrow.under:
                still_parts.append(arrow_svg(figure, placer, arrow, w))
        for mark, pts in timed_stays:
            if still_index in mark["steps"]:
                still_parts.append(w.path([f"{polyline(pts)}z"], stay_width(mark), "c"))
        for mark in figure.squeezes:
            # As its arrows: the arrowheads of the still pose's first step (tighten, not let go).
            if still_index in mark["steps"]:
                still_parts.append(squeeze_paths(figure, placer, mark, None, w))
        if then and still_index in then["steps"]:
            still_parts.append(then_still)
        elif figure.inset and still_index in figure.inset.get("steps", [still_index]):
            still_parts.append(inset_still)
        # The hold mark, part filled, when the still pose is the one held.
        still_parts.append(stopwatch_still)
    still_parts.append("</g>")

    shared = []
    if figure.ghost and figure.ghost != still_name:
        # A ghost of the pose the still drawing shows would hide under it.
        ghost = placer.place(figure.poses[figure.ghost])
        data = shape_data(figure, ghost)
        drawn = []
        g = "e" if figure.ghost_deep else "g"
        if not figure.ghost_parts:
            drawn.append(w.path([data["trunk.torso"] + data["trunk.head"]], None, g + "f"))
            if "trunk.front" in data:
                drawn.append(w.path([data["trunk.front"]], None, g + "f"))
        names = [
            n
            for n in data
            if n.startswith(("near.", "far.", "trunk."))
            and n.partition(".")[2] in (*LEG, *ARM, *SOLID_TRUNK)
            and (not figure.ghost_parts or in_inset(n, figure.ghost_parts))
        ]
        for group in by_width(names):
            drawn.append(w.path([group_text(group, data)], group.width, g))
        if figure.ghost_steps:
            # Shown only during some steps: behind the moving body, faded in and out, and in the
            # still drawing when its pose's step is among them.
            shown = shown_during(frames, figure.ghost_steps)
            moving.insert(
                1, f'<g opacity="{fraction_text(shown[0])}">{w.fade(shown)}<g id="g">{"".join(drawn)}</g></g>'
            )
            if still_index in figure.ghost_steps:
                still_parts.insert(1, '<use href="#g"/>')
        else:
            shared += drawn
    marks = []
    for arrow in figure.arrows:
        if arrow.steps:
            continue  # drawn with the moving and still drawings, shown when it applies
        marks.append(arrow_svg(figure, placer, arrow, w))
    if figure.route:
        line, head, stops = route_path(figure, still)
        marks.append(w.path([line], 2, "c d"))
        marks.append(w.path([head], 2, "c"))
        if stops:
            marks.append(w.path([stops], 6, "c"))
    for mark in figure.stays:
        if "steps" in mark:
            continue  # drawn with the moving and still drawings, shown when it applies
        svg, pts = stay_mark(figure, stay_body(mark), mark)
        w.note(polyline(pts))
        marks.append(svg)

    scenery, scenery_points = scenery_for(
        figure,
        placer.place(figure.poses[figure.loop[0].pose]),
        bodies + [still],
        lambda name: placer.place(figure.poses[name]),
    )
    w.points.extend(scenery_points)
    on_floor = figure.view.is_side
    x0, y0, width, height = fit(w.points, on_floor)
    floor = (
        f'<path class="p" stroke-width="1.5" d="M{number(x0)} {number(GROUND)}H{number(x0 + width)}"/>'
        if on_floor
        else ""
    )
    body = (
        f"{floor}{''.join(scenery)}{''.join(shared)}{''.join(moving)}{''.join(still_parts)}{''.join(marks)}"
    )
    used = {name for classes in re.findall(r'class="([^"]+)"', body) for name in classes.split()}
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{number(x0)} {number(y0)} {number(width)} {number(height)}">'
        f"{style(used)}{body}</svg>\n"
    )


def fit(points: list[Point], floor: bool) -> tuple[float, float, float, float]:
    """A 16:10 box around everything with a margin; a floor stays near the bottom."""
    x0 = min(p[0] for p in points) - MARGIN
    x1 = max(p[0] for p in points) + MARGIN
    y0 = min(p[1] for p in points) - MARGIN
    y1 = (GROUND + 4) if floor else max(p[1] for p in points) + MARGIN
    width, height = x1 - x0, y1 - y0
    if width / height > FRAME_ASPECT:
        height = width / FRAME_ASPECT
    else:
        width = height * FRAME_ASPECT
        x0 = (x0 + x1 - width) / 2
    if width < NARROWEST_VIEW:
        x0 -= (NARROWEST_VIEW - width) / 2
        width, height = NARROWEST_VIEW, NARROWEST_VIEW / FRAME_ASPECT
    y0 = y1 - height if floor else (y0 + y1 - height) / 2
    return round(x0, 1), round(y0, 1), round(width, 1), round(height, 1)


# Each class: its colours ("stroke" and "fill" name colours in LIGHT and DARK) and any fixed
# properties. Only the classes a drawing uses are written into it.
CLASSES = {
    "k": ({"stroke": "ink"}, ""),
    "kf": ({"fill": "ink", "stroke": "ink"}, "stroke-width:2"),
    "f": ({"stroke": "far"}, ""),
    "g": ({"stroke": "ghost"}, ""),
    "gf": ({"fill": "ghost", "stroke": "ghost"}, "stroke-width:2"),
    "e": ({"stroke": "deep"}, ""),
    "ef": ({"fill": "deep", "stroke": "deep"}, "stroke-width:2"),
    "h": ({"stroke": "halo"}, ""),
    "o": ({"stroke": "hot"}, ""),
    "c": ({"stroke": "cue"}, ""),
    "p": ({"stroke": "prop"}, ""),
    "m": ({"stroke": "mat"}, ""),
    "mq": ({"fill": "mat", "stroke": "mat"}, "stroke-width:2"),
    "n": ({"stroke": "panel"}, ""),
    "pq": ({"fill": "panel", "stroke": "prop"}, "stroke-width:2"),
    "t": ({"stroke": "towel"}, ""),
    "l": ({}, "stroke-dasharray:3 5"),
    "d": ({}, "stroke-dasharray:0 5"),
}
# The figure's ink is the drawing's `color`, so that in dark mode one rule changes it.
INK_CLASSES = {"k", "kf"}


def style(used: set[str]) -> str:
    """The drawing's style sheet: the classes it uses, light and dark, and the switch to the
    still drawing when motion is reduced."""

    def rules(colours: dict, with_fixed: bool) -> str:
        out = [f"svg{{color:{colours['ink']}}}"]
        for name, (paint, fixed) in CLASSES.items():
            if name not in used or (name in INK_CLASSES and not with_fixed):
                continue
            props = [
                f"{prop}:{'currentColor' if key == 'ink' else colours[key]}" for prop, key in paint.items()
            ]
            if with_fixed and fixed:
                props.append(fixed)
            if not props:
                continue
            out.append(f".{name}{{{';'.join(props)}}}")
        return "".join(out)

    def opened(colours: dict) -> str:
        # A close-up drawn open (`light`): the limbs and trunk pale, their halos the outline.
        if "li" not in used:
            return ""
        return f".li .k{{stroke:{colours['open']}}}.li .kf{{fill:{colours['open']}}}.li .h{{stroke:currentColor}}"

    return (
        "<style>path{fill:none;stroke-linecap:round;stroke-linejoin:round}"
        f"{rules(LIGHT, True)}{opened(LIGHT)}"
        ".still{display:none}"
        "@media(prefers-reduced-motion:reduce){.moving{display:none}.still{display:inline}}"
        f"@media(prefers-color-scheme:dark){{{rules(DARK, False)}{opened(DARK)}}}"
        "</style>"
    )


def contacts(figure: Figure, tolerance: float = 2.5) -> dict[str, list[str]]:
    """For each key pose, the parts within `tolerance` of the floor, and those below it
    (marked "under"): what a physiotherapist checks after changing a pose."""
    placer = Placer(figure)
    out = {}
    for name, pose in figure.poses.items():
        body = placer.place(pose)
        near = []
        for part, shape in all_shapes(body, not figure.view.is_side).items():
            if part.endswith("eye"):
                continue
            bottom = min(pt[1] - shape.width / 2 for pt in extent_points(shape))
            if bottom < -1:
                near.append(f"{part} under {bottom:.0f}")
            elif bottom < tolerance:
                near.append(part)
        out[name] = near
    return out
