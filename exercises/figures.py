"""Generate the exercise line figures and the app icons.

Run from the project root (standard library only for the figures; Pillow for the PNG icons):

    .venv/bin/python -m exercises.figures

Writes static/exercises/figures/<slug>.svg (one per exercise) and static/icons/*.

Every figure is the same stick figure (head, neck, torso, upper and lower arms, thighs, shins
and feet) with fixed segment lengths, posed by absolute joint angles, by a target point for a
hand or an ankle (two-segment inverse kinematics), or by explicit joints where a limb is turned
towards the viewer. Angles are in degrees, counter-clockwise from pointing right, with y pointing
up as in maths; the SVG's y axis points down.

Most scenes are side views with the figure facing right (lying on the back: head on the left;
lying on the front: head on the right); the limb nearer the viewer is drawn in the ink and the
farther one in a solid tone a step lighter (never see-through, so that it cannot be taken for the
start-position ghost, which is pale, thin and dashed). Front views, side-lying scenes (seen from in front), the top views (knee rolls, side-lying
rest) and a few side views where the farther limb carries the meaning (the lying piriformis
stretch's crossed leg, both hands in the breathing and tummy drawings, the threading arm) draw
every limb solid.

Each drawing moves: its key poses (start, end, sometimes more) are blended in joint-angle space
so that limbs keep their length, and the frames are played as an SVG <animate> loop (SMIL runs
in an <img>, needs no script and works in every current browser). The loop is paced like the
exercise: a few seconds' ease in and out for a repetition, a slow drift in, a long stay and a
drift out for a hold, four seconds in and six out for breathing. Under prefers-reduced-motion
the moving group is hidden and a still one shown instead: the end position with an arrow for
the movement and, where it does not muddle the shape, the start as a faint, thin, dashed ghost.
A few figures whose head turns (the standing back bend, the bottom-to-heels rock) carry a small
nose so that the facing shows. Colours come from an embedded <style> with a
prefers-color-scheme: dark block, because the images are shown with <img> on light and dark
pages. Each drawing gets its own viewBox, fitted to everything it shows over the whole loop, in
the 16:10 frame the pages give it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURE_DIR = ROOT / "static" / "exercises" / "figures"
ICON_DIR = ROOT / "static" / "icons"

FRAME_ASPECT = 16 / 10  # width / height of the box every page shows a figure in
MARGIN = 9  # around the fitted figure, in drawing units
NARROWEST_VIEW = 170  # never zoom in further than this many units across

FLOOR = 189  # floor line (centre of its stroke)
MAT_Y = 183  # top of the mat rectangle
LIE = 178  # spine height of a figure lying on the mat
ANKLE = 184  # ankle height of a standing foot (the foot line sits just above the floor)

# Segment lengths, shared by every figure.
TORSO, NECK, HEAD_RADIUS = 53, 8, 11
UPPER_ARM, FOREARM = 30, 27
THIGH, SHIN, FOOT = 44, 43, 12
KNEE = ANKLE - SHIN  # knee (and thigh) height when sitting with the shin upright
SEAT = KNEE + 7  # chair seat line under the thigh
HIP = KNEE - THIGH  # hip height when standing

INK, INK_DARK = "#2d3a3a", "#e8efe9"
ACCENT, ACCENT_DARK = "#c2561a", "#f0a36b"
PROP, PROP_DARK = "#7d8f8a", "#93a8a2"
# Limbs behind the body: a solid tone a step lighter than the ink, never see-through, so that
# a working far limb never looks like the start-position ghost (which is pale, thin and dashed).
FAR, FAR_DARK = "#5a6f6c", "#a9bdb7"

BODY_STROKE, SKIN_STROKE, PROP_STROKE, FLOOR_STROKE, ARROW_STROKE = 6, 3, 3, 2, 3.5

Point = tuple[float, float]


# --------------------------------------------------------------------------- geometry


def number(value: float) -> str:
    """A coordinate rounded to an integer, or one decimal when that matters."""
    rounded = round(value)
    if abs(value - rounded) < 0.25:
        return str(rounded)
    return f"{value:.1f}"


def point_text(p: Point) -> str:
    return f"{number(p[0])} {number(p[1])}"


def step_from(p: Point, angle: float, length: float) -> Point:
    """The point `length` away from p in direction `angle` (degrees, y up)."""
    radians = math.radians(angle)
    return (p[0] + length * math.cos(radians), p[1] - length * math.sin(radians))


def offset(p: Point, dx: float = 0.0, dy: float = 0.0) -> Point:
    """A point offset from p (SVG directions: dy > 0 is down)."""
    return (p[0] + dx, p[1] + dy)


def between(p: Point, q: Point, fraction: float) -> Point:
    return (p[0] + (q[0] - p[0]) * fraction, p[1] + (q[1] - p[1]) * fraction)


def heading(p: Point, q: Point) -> float:
    """Direction from p to q in degrees (y up)."""
    return math.degrees(math.atan2(-(q[1] - p[1]), q[0] - p[0]))


def blend_angle(start: float, end: float, fraction: float) -> float:
    """Turn from start towards end (degrees) the short way round."""
    return start + (((end - start + 180) % 360) - 180) * fraction


def reach_with_two_segments(
    root: Point, target: Point, first: float, second: float, bend: int
) -> tuple[Point, Point]:
    """Middle joint and end of a two-segment limb reaching for target.

    bend=+1 puts the middle joint to the left of the root->target line (as seen walking along
    it with y up): knees of a right-facing figure; bend=-1: its elbows. A target out of reach
    straightens the limb towards it.
    """
    dx, dy = target[0] - root[0], -(target[1] - root[1])
    distance = max(1e-6, min(math.hypot(dx, dy), first + second - 1e-6))
    base = math.degrees(math.atan2(dy, dx))
    cos_angle = (first**2 + distance**2 - second**2) / (2 * first * distance)
    angle = math.degrees(math.acos(max(-1.0, min(1.0, cos_angle))))
    return step_from(root, base + bend * angle, first), step_from(root, base, distance)


def polyline(points) -> str:
    first, *rest = points
    return f"M{point_text(first)}L" + " ".join(point_text(p) for p in rest)


# --------------------------------------------------------------------------- posing


@dataclass(frozen=True)
class Angles:
    """A limb posed by the absolute directions of its two segments (and of the foot)."""

    first: float
    second: float
    foot: float | None = None


@dataclass(frozen=True)
class Reach:
    """A limb whose end reaches for a target point; bend chooses the side the joint points."""

    target: Point
    bend: int | None = None
    foot: float | None = None


@dataclass(frozen=True)
class JointsAt:
    """A limb drawn through explicit points: for limbs turned towards the viewer."""

    middle: Point
    end: Point
    foot: float | None = None


LimbSpec = Angles | Reach | JointsAt


def pose(
    hip: Point,
    torso: float,
    *,
    arms=(Angles(270, 270),),
    legs=(Angles(270, 270),),
    bulge: float = 0.0,
    head: float | None = None,
    shoulders: float = 0.0,
    shrug: float = 0.0,
    torso_length: float = TORSO,
    facing_viewer: bool = False,
    **extras: float,
) -> dict:
    """A pose as keyword arguments for Body.build (see there); extras are scalars that
    attachments read (a belly's rise, a breath's length) and that blend like the joints."""
    return {
        "hip": hip,
        "torso": torso,
        "arms": tuple(arms),
        "legs": tuple(legs),
        "bulge": bulge,
        "head": torso if head is None else head,
        "shoulders": shoulders,
        "shrug": shrug,
        "torso_length": torso_length,
        "facing_viewer": facing_viewer,
        "extras": extras,
    }


def changed(base: dict, **changes) -> dict:
    """A copy of a pose with some arguments replaced (extras merge)."""
    result = dict(base)
    extras = dict(base["extras"])
    extras.update(changes.pop("extras", {}))
    for key in list(changes):
        if key not in result:
            extras[key] = changes.pop(key)
    result.update(changes)
    if "torso" in changes and "head" not in changes and base["head"] == base["torso"]:
        result["head"] = changes["torso"]
    result["extras"] = extras
    return result


@dataclass(frozen=True)
class Limb:
    """A chain of segments from a root joint: ((direction, length), ...)."""

    root: str  # "shoulder", "left_shoulder", "right_shoulder" or "hip"
    segments: tuple[tuple[float, float], ...]


def limb_from_points(root_name: str, points: list[Point]) -> Limb:
    return Limb(root_name, tuple((heading(a, b), math.dist(a, b)) for a, b in pairwise(points)))


@dataclass(frozen=True)
class Body:
    """A posed figure reduced to directions and lengths, so two poses blend smoothly.

    hip: hip joint; torso: direction hip->shoulder; bulge: bow of the spine towards the back
    (negative arches it); head: direction shoulder->head; shoulders: half-width of a shoulder
    bar (a front or turned view); shrug: how far that bar rides up the neck; facing_viewer:
    a front view (or side-lying), where no limb is behind another so none is faded.
    """

    hip: Point
    torso: float
    torso_length: float
    bulge: float
    head: float
    shoulders: float
    shrug: float
    facing_viewer: bool
    arms: tuple[Limb, ...]
    legs: tuple[Limb, ...]
    extras: dict = field(default_factory=dict, compare=False)

    @classmethod
    def build(
        cls, hip, torso, arms, legs, bulge, head, shoulders, shrug, torso_length, facing_viewer, extras
    ) -> Body:
        skeleton = cls(hip, torso, torso_length, bulge, head, shoulders, shrug, facing_viewer, (), (), extras)
        roots = skeleton.arm_roots()
        arm_limbs = []
        for index, spec in enumerate(arms):
            root_name = roots[min(index, 1)]
            root = skeleton.joint(root_name)
            elbow, hand, _ = place_limb(root, spec, UPPER_ARM, FOREARM, -1)
            arm_limbs.append(limb_from_points(root_name, [root, elbow, hand]))
        leg_limbs = []
        for spec in legs:
            knee, ankle, foot = place_limb(hip, spec, THIGH, SHIN, +1)
            if foot is None:
                foot = heading(knee, ankle) + 90
            toe = step_from(ankle, foot, FOOT)
            leg_limbs.append(limb_from_points("hip", [hip, knee, ankle, toe]))
        return replace(skeleton, arms=tuple(arm_limbs), legs=tuple(leg_limbs))

    def arm_roots(self) -> tuple[str, str]:
        if self.shoulders and self.facing_viewer:
            return ("left_shoulder", "right_shoulder")
        return ("shoulder", "shoulder")

    @property
    def shoulder(self) -> Point:
        return step_from(self.hip, self.torso, self.torso_length)

    def joint(self, name: str) -> Point:
        if name == "hip":
            return self.hip
        shoulder = self.shoulder
        if name == "shoulder":
            return shoulder
        side = 90 if name == "left_shoulder" else -90
        return step_from(step_from(shoulder, self.torso, self.shrug), self.torso + side, self.shoulders)

    def chain(self, limb: Limb) -> list[Point]:
        points = [self.joint(limb.root)]
        for direction, length in limb.segments:
            points.append(step_from(points[-1], direction, length))
        return points

    def points(self) -> dict[str, Point]:
        """Named joints: hip, shoulder, spine_bend, neck, head, shoulder bar ends, and for
        each limb elbow/hand or knee/ankle/toe (the second limb's names start with other_)."""
        shoulder = self.shoulder
        named = {
            "hip": self.hip,
            "shoulder": shoulder,
            "spine_bend": step_from(between(self.hip, shoulder, 0.5), self.torso + 90, 2 * self.bulge),
            "neck": step_from(shoulder, self.head, NECK),
            "head": step_from(shoulder, self.head, NECK + HEAD_RADIUS),
            "left_shoulder": self.joint("left_shoulder"),
            "right_shoulder": self.joint("right_shoulder"),
        }
        for prefix, index in (("", 0), ("other_", 1)):
            if index < len(self.arms):
                _, elbow, hand = self.chain(self.arms[index])
                named[prefix + "elbow"], named[prefix + "hand"] = elbow, hand
            if index < len(self.legs):
                _, knee, ankle, toe = self.chain(self.legs[index])
                named[prefix + "knee"], named[prefix + "ankle"], named[prefix + "toe"] = (knee, ankle, toe)
        return named

    def blend(self, other: Body, fraction: float) -> Body:
        """The pose `fraction` of the way to other, turning every segment about its joint."""

        def mix(mine, theirs):
            return mine + (theirs - mine) * fraction

        def mix_limbs(my_limbs, their_limbs):
            return tuple(
                Limb(
                    my_limb.root,
                    tuple(
                        (blend_angle(my_direction, their_direction, fraction), mix(my_length, their_length))
                        for (my_direction, my_length), (their_direction, their_length) in zip(
                            my_limb.segments, their_limb.segments, strict=False
                        )
                    ),
                )
                for my_limb, their_limb in zip(my_limbs, their_limbs, strict=False)
            )

        keys = set(self.extras) | set(other.extras)
        return Body(
            hip=between(self.hip, other.hip, fraction),
            torso=blend_angle(self.torso, other.torso, fraction),
            torso_length=mix(self.torso_length, other.torso_length),
            bulge=mix(self.bulge, other.bulge),
            head=blend_angle(self.head, other.head, fraction),
            shoulders=mix(self.shoulders, other.shoulders),
            shrug=mix(self.shrug, other.shrug),
            facing_viewer=self.facing_viewer,
            arms=mix_limbs(self.arms, other.arms),
            legs=mix_limbs(self.legs, other.legs),
            extras={k: mix(self.extras.get(k, 0.0), other.extras.get(k, 0.0)) for k in keys},
        )

    def largest_turn(self, other: Body) -> float:
        """The largest change of direction of any segment between two poses, in degrees."""
        turns = [abs(blend_angle(self.torso, other.torso, 1) - self.torso)]
        for mine, theirs in ((self.arms, other.arms), (self.legs, other.legs)):
            for my_limb, their_limb in zip(mine, theirs, strict=False):
                turns += [
                    abs(blend_angle(my_direction, their_direction, 1) - my_direction)
                    for (my_direction, _), (their_direction, _) in zip(
                        my_limb.segments, their_limb.segments, strict=False
                    )
                ]
        return max(turns)


def place_limb(root: Point, spec: LimbSpec, first: float, second: float, bend: int):
    """Middle joint, end and foot direction (or None) of a limb posed by spec."""
    if isinstance(spec, JointsAt):
        return spec.middle, spec.end, spec.foot
    if isinstance(spec, Reach):
        middle, end = reach_with_two_segments(
            root, spec.target, first, second, spec.bend if spec.bend is not None else bend
        )
        return middle, end, spec.foot
    middle = step_from(root, spec.first, first)
    return middle, step_from(middle, spec.second, second), spec.foot


def joints(pose_arguments: dict) -> dict[str, Point]:
    """Named joint positions of a pose, handy for placing arrows and props."""
    return Body.build(**pose_arguments).points()


# --------------------------------------------------------------------------- drawing a body


def circle_path(centre: Point, radius: float) -> str:
    """A circle as two arcs, so that it can be animated like any other path."""
    x, y = centre
    return (
        f"M{number(x - radius)} {number(y)}a{radius} {radius} 0 1 0 {2 * radius} 0"
        f"a{radius} {radius} 0 1 0 {-2 * radius} 0"
    )


@dataclass(frozen=True)
class BodyPaths:
    """Path data for one frame: the same commands in every frame of a figure."""

    solid: str  # spine, shoulder bar, near limbs and the head
    faded: str  # limbs behind the body ("" when there are none)
    head: Point
    points: list[Point]  # everything drawn, for fitting the view


def body_paths(body: Body, with_shoulder_bar: bool) -> BodyPaths:
    named = body.points()
    hip, shoulder, neck = named["hip"], named["shoulder"], named["neck"]
    solid = f"M{point_text(hip)}Q{point_text(named['spine_bend'])} {point_text(shoulder)}L{point_text(neck)}"
    if with_shoulder_bar:
        solid += polyline([named["left_shoulder"], named["right_shoulder"]])
    arm_chains = [body.chain(limb) for limb in body.arms]
    leg_chains = [body.chain(limb) for limb in body.legs]
    if body.facing_viewer:
        near, far = arm_chains + leg_chains, []
    else:
        near, far = arm_chains[:1] + leg_chains[:1], arm_chains[1:] + leg_chains[1:]
    solid += "".join(polyline(chain) for chain in near)
    solid += circle_path(named["head"], HEAD_RADIUS)
    everything = [hip, shoulder, neck, named["spine_bend"]]
    everything += [p for chain in near + far for p in chain]
    head = named["head"]
    everything += [
        offset(head, dx, dy)
        for dx, dy in ((-HEAD_RADIUS, 0), (HEAD_RADIUS, 0), (0, -HEAD_RADIUS), (0, HEAD_RADIUS))
    ]
    return BodyPaths(solid, "".join(polyline(chain) for chain in far), head, everything)


def passes_behind_head(paths: BodyPaths, body: Body) -> bool:
    """Whether a faded limb comes close to the head, where it should pass behind it."""
    head = paths.head
    clearance = HEAD_RADIUS + 6.5
    arm_chains = [body.chain(limb) for limb in body.arms[1:]]
    leg_chains = [body.chain(limb) for limb in body.legs[1:]]
    for chain in arm_chains + leg_chains:
        for a, b in pairwise(chain):
            if distance_to_segment(head, a, b) < clearance:
                return True
    return False


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    length_squared = ax * ax + ay * ay
    along = (
        0.0
        if length_squared == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / length_squared))
    )
    return math.hypot(p[0] - a[0] - along * ax, p[1] - a[1] - along * ay)


# --------------------------------------------------------------------------- props and arrows


@dataclass(frozen=True)
class Prop:
    """A piece of still scenery and the box it takes up (x0, y0, x1, y1)."""

    svg: str
    box: tuple[float, float, float, float] | None


def mat(x0: float, x1: float) -> Prop:
    # The mat may run out of the fitted view; it does not widen it.
    return Prop(f'<rect class="prop" x="{x0}" y="{MAT_Y}" width="{x1 - x0}" height="5" rx="2.5"/>', None)


def chair(back_x: float, front_x: float, seat: float = SEAT, back_top: float = 96) -> Prop:
    """Side view of a plain chair; the back post stands at back_x."""
    return Prop(
        f'<path class="prop" d="M{number(back_x)} {number(back_top)}V{FLOOR}'
        f'M{number(back_x)} {number(seat)}H{number(front_x)}V{FLOOR}"/>',
        (min(back_x, front_x), back_top, max(back_x, front_x), FLOOR),
    )


def front_chair(centre_x: float = 160, half_width: float = 38, seat: float = SEAT, top: float = 74) -> Prop:
    """Front view of a chair: seat, legs and the two back posts."""
    left, right = centre_x - half_width, centre_x + half_width
    return Prop(
        f'<path class="prop" d="M{left} {top}V{FLOOR}M{right} {top}V{FLOOR}M{left} {seat}H{right}"/>',
        (left, top, right, FLOOR),
    )


def counter(x: float, top: float = 101, to: float = 312) -> Prop:
    """A kitchen counter whose front edge is at x (it extends to the right when to > x)."""
    lip = 5 if to > x else -5
    box = (x - lip, top, x + 24, FLOOR) if to > x else (x - 24, top, x - lip, FLOOR)
    return Prop(
        f'<path class="prop" d="M{x - lip} {top}H{to}M{x} {top}V{FLOOR}M{x + 3 * lip} {top + 12}H{to}"/>', box
    )


def wall(x: float, top: float = 16) -> Prop:
    return Prop(f'<path class="prop" d="M{x} {top}V{FLOOR}"/>', (x, FLOOR - 60, x, FLOOR))


def cushion(x: float, y: float, width: float, height: float, radius: float = 4) -> Prop:
    return Prop(
        f'<rect class="prop" x="{number(x)}" y="{number(y)}" width="{number(width)}" '
        f'height="{number(height)}" rx="{radius}"/>',
        (x, y, x + width, y + height),
    )


def barbs(end: Point, arriving: float, size: float = 8) -> str:
    """Two short barbs ending at `end`, for a line arriving in direction `arriving`."""
    left = step_from(end, arriving + 180 - 32, size)
    right = step_from(end, arriving + 180 + 32, size)
    return f"M{point_text(left)}L{point_text(end)} {point_text(right)}"


def arrow(start: Point, end: Point, bow: float = 0.0, both_ways: bool = False) -> str:
    """A gently curved arrow from start to end; bow > 0 bends it to the left of travel."""
    middle = between(start, end, 0.5)
    control = step_from(middle, heading(start, end) + 90, bow * math.dist(start, end))
    d = f"M{point_text(start)}Q{point_text(control)} {point_text(end)}"
    d += barbs(end, heading(control, end))
    if both_ways:
        d += barbs(start, heading(control, start))
    return f'<path class="arrow" d="{d}"/>'


def turning_arrow(centre: Point, radius_x: float, radius_y: float, from_angle: float, to_angle: float) -> str:
    """An arrow along an ellipse around centre, from one angle to another (degrees,
    counter-clockwise when to_angle > from_angle, as seen with y up)."""
    steps = max(2, int(abs(to_angle - from_angle) / 15))
    samples = []
    for i in range(steps + 1):
        angle = math.radians(from_angle + (to_angle - from_angle) * i / steps)
        samples.append((centre[0] + radius_x * math.cos(angle), centre[1] - radius_y * math.sin(angle)))
    sign = 1 if to_angle > from_angle else -1
    last = math.radians(to_angle)
    tangent = (-radius_x * math.sin(last) * sign, -radius_y * math.cos(last) * sign)
    # A polyline through close samples reads as a curve at this size.
    d = polyline(samples) + barbs(samples[-1], math.degrees(math.atan2(-tangent[1], tangent[0])), 7)
    return f'<path class="arrow" d="{d}"/>'


# --------------------------------------------------------------------------- timing


@dataclass(frozen=True)
class Stop:
    """Move to key pose `key` over `moving` seconds, then stay there `staying` seconds."""

    key: int
    moving: float
    staying: float = 0.0


def repetition(move: float = 2.5, pause: float = 1.0, rest: float = 1.0) -> list[Stop]:
    """Out to the end position and back, as one repetition."""
    return [Stop(0, 0, rest), Stop(1, move, pause), Stop(0, move)]


def holding(move: float = 3.0, stay: float = 6.0, rest: float = 1.5) -> list[Stop]:
    """A slow drift into the held position, a long stay, and a drift back out."""
    return [Stop(0, 0, rest), Stop(1, move, stay), Stop(0, move)]


def breathing(breathe_in: float = 4.0, breathe_out: float = 6.0) -> list[Stop]:
    """Key 0 is breathed out, key 1 breathed in."""
    return [Stop(0, 0), Stop(1, breathe_in), Stop(0, breathe_out)]


def ease(u: float) -> float:
    return (1 - math.cos(math.pi * u)) / 2


def ease_slope(u: float) -> float:
    return math.pi / 2 * math.sin(math.pi * u)


@dataclass(frozen=True)
class Frame:
    time: float
    body: Body
    spline: str  # SMIL keySpline for the interval that ends at this frame


def frames_for(keys: list[Body], stops: list[Stop]) -> list[Frame]:
    """The frames of one loop: each movement is eased in and out, in as many pieces as keep
    a turning limb from visibly shortening between frames (SMIL blends coordinates in a
    straight line)."""
    frames = [Frame(0.0, keys[stops[0].key], "")]
    time = 0.0
    current = keys[stops[0].key]
    if stops[0].staying:
        time += stops[0].staying
        frames.append(Frame(time, current, "0 0 1 1"))
    for stop in stops[1:]:
        target = keys[stop.key]
        pieces = max(2, math.ceil(current.largest_turn(target) / 40))
        for i in range(1, pieces + 1):
            u0, u1 = (i - 1) / pieces, i / pieces
            f0, f1 = ease(u0), ease(u1)
            rise = f1 - f0
            slope_in = ease_slope(u0) * (u1 - u0) / rise
            slope_out = ease_slope(u1) * (u1 - u0) / rise
            spline = " ".join(
                number_fraction(v) for v in (1 / 3, min(1, slope_in / 3), 2 / 3, max(0, 1 - slope_out / 3))
            )
            frames.append(Frame(time + stop.moving * u1, current.blend(target, f1), spline))
        time += stop.moving
        current = target
        if stop.staying:
            time += stop.staying
            frames.append(Frame(time, current, "0 0 1 1"))
    return frames


def number_fraction(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text else "0"


# --------------------------------------------------------------------------- a figure


Attachment = Callable[[dict, dict], str]  # (named joints, extras) -> path data


@dataclass
class Figure:
    """One exercise's drawing.

    keys: key poses (pose() arguments); stops: the loop through them; still_end / still_start:
    the keys the still drawing shows solid and as a ghost; props: still scenery; arrows: drawn
    only in the still drawing (the loop shows the movement itself); attachments: things that
    move with the body (a towel, a belly's curve, a breath), each (css class, function of the
    joints and extras returning path data with the same commands in every pose).
    """

    keys: list[dict]
    stops: list[Stop]
    props: list[Prop] = field(default_factory=list)
    arrows: list[str] = field(default_factory=list)
    attachments: list[tuple[str, Attachment]] = field(default_factory=list)
    still_start: int = 0
    still_end: int = 1
    ground: bool = True
    attachments_in_still: bool = True


def animate(attribute: str, values: list[str], timing: str) -> str:
    return f'<animate attributeName="{attribute}" values="{";".join(values)}" {timing}/>'


def svg_document(figure: Figure) -> str:
    bodies = [Body.build(**key) for key in figure.keys]
    frames = frames_for(bodies, figure.stops)
    duration = frames[-1].time
    with_bar = any(body.shoulders for body in bodies)
    frame_paths = [body_paths(frame.body, with_bar) for frame in frames]

    def attached(body: Body) -> list[str]:
        named = body.points()
        return [make(named, body.extras) for _, make in figure.attachments]

    frame_attachments = [attached(frame.body) for frame in frames]
    start, end = bodies[figure.still_start], bodies[figure.still_end]
    still_paths = [body_paths(start, with_bar), body_paths(end, with_bar)]
    check_same_commands([paths.solid for paths in frame_paths + still_paths])
    check_same_commands([paths.faded for paths in frame_paths + still_paths])
    for index in range(len(figure.attachments)):
        check_same_commands([parts[index] for parts in frame_attachments])
    view = fit_view(figure, frame_paths + still_paths, frame_attachments)
    timing = (
        f'dur="{number_fraction(duration)}s" repeatCount="indefinite" '
        f'keyTimes="{";".join(number_fraction(f.time / duration) for f in frames)}" '
        f'calcMode="spline" keySplines="{";".join(f.spline for f in frames[1:])}"'
    )
    needs_head_gap = any(
        passes_behind_head(paths, frame.body) for paths, frame in zip(frame_paths, frames, strict=False)
    )

    def head_gap(name: str, centres: list[Point]) -> str:
        x, y, width, height = view
        hole = circle_path(centres[-1], HEAD_RADIUS + 6.5)
        holes = [circle_path(c, HEAD_RADIUS + 6.5) for c in centres]
        moving = animate("d", holes, timing) if len(set(holes)) > 1 else ""
        return (
            f'<mask id="{name}" maskUnits="userSpaceOnUse" x="{number(x)}" y="{number(y)}" '
            f'width="{number(width)}" height="{number(height)}">'
            f'<rect x="{number(x)}" y="{number(y)}" width="{number(width)}" '
            f'height="{number(height)}"/><path d="{hole}">{moving}</path></mask>'
        )

    def still_body(paths: BodyPaths, cls: str, mask_name: str, body: Body) -> str:
        out = f'<g class="{cls}">'
        for index, (part_class, _) in enumerate(figure.attachments * figure.attachments_in_still):
            out += f'<path class="{part_class}" d="{attached(body)[index]}"/>'
        if paths.faded:
            if needs_head_gap:
                out += head_gap(mask_name, [paths.head])
                out += f'<path class="far" mask="url(#{mask_name})" d="{paths.faded}"/>'
            else:
                out += f'<path class="far" d="{paths.faded}"/>'
        return out + f'<path d="{paths.solid}"/></g>'

    def moving_path(attributes: str, values: list[str]) -> str:
        """A path that plays its frames; one that stays put in this loop is left still."""
        if len(set(values)) == 1:
            return f'<path{attributes} d="{values[0]}"/>'
        return f'<path{attributes} d="{values[0]}">{animate("d", values, timing)}</path>'

    moving = '<g class="moving">'
    for index, (cls, _) in enumerate(figure.attachments):
        moving += moving_path(f' class="{cls}"', [parts[index] for parts in frame_attachments])
    moving += '<g class="fig">'
    if frame_paths[0].faded:
        mask = ""
        if needs_head_gap:
            moving += head_gap("gap", [p.head for p in frame_paths])
            mask = ' mask="url(#gap)"'
        moving += moving_path(f' class="far"{mask}', [p.faded for p in frame_paths])
    moving += moving_path("", [p.solid for p in frame_paths]) + "</g></g>"

    still = '<g class="still">'
    if figure.still_start != figure.still_end:
        still += still_body(still_paths[0], "fig ghost", "gap0", start)
    still += still_body(still_paths[1], "fig", "gap1", end)
    still += "".join(figure.arrows) + "</g>"

    x, y, width, height = view
    scenery = ""
    if figure.ground:
        scenery += f'<path class="floor" d="M{number(x - 2)} {FLOOR}H{number(x + width + 2)}"/>'
    scenery += "".join(prop.svg for prop in figure.props)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{number(x)} {number(y)} '
        f'{number(width)} {number(height)}">{style(width, needs_head_gap)}{scenery}{moving}{still}</svg>\n'
    )


def check_same_commands(path_data: list[str]) -> None:
    """SMIL can only blend paths made of the same commands; raise ValueError otherwise (a
    figure whose key poses have different numbers of limbs, say)."""
    import re

    shapes = {re.sub(r"[-\d.\s]+", " ", d) for d in path_data}
    if len(shapes) > 1:
        raise ValueError(f"poses do not match: {sorted(shapes)}")


def style(view_width: float, with_masks: bool = False) -> str:
    """The house style. Strokes thin a little as a figure is zoomed in, so that a lying figure
    blown up to fill its frame does not look heavier than a standing one."""
    zoom = 320 / view_width
    scale = zoom**-0.5

    def width(base: float) -> str:
        return number_fraction(round(base * scale, 1))

    return (
        "<style>"
        "path,rect{fill:none;stroke-linecap:round;stroke-linejoin:round}"
        + ("mask rect{fill:#fff}mask path{fill:#000}" if with_masks else "")
        + f".fig{{stroke:{INK};stroke-width:{width(BODY_STROKE)}}}"
        f".skin{{stroke:{INK};stroke-width:{width(SKIN_STROKE)}}}"
        f".far{{stroke:{FAR}}}"
        f".ghost{{opacity:.3;stroke-width:{width(BODY_STROKE * 0.55)};"
        f"stroke-dasharray:{width(5)} {width(6)}}}"
        f".prop{{stroke:{PROP};stroke-width:{width(PROP_STROKE)}}}"
        f".floor{{stroke:{PROP};stroke-width:{width(FLOOR_STROKE)}}}"
        f".arrow,.glow{{stroke:{ACCENT};stroke-width:{width(ARROW_STROKE)}}}"
        ".still{display:none}"
        "@media(prefers-reduced-motion:reduce){.moving{display:none}.still{display:inline}}"
        "@media(prefers-color-scheme:dark){"
        f".fig,.skin{{stroke:{INK_DARK}}}.far{{stroke:{FAR_DARK}}}.ghost{{opacity:.35}}"
        f".prop,.floor{{stroke:{PROP_DARK}}}.arrow,.glow{{stroke:{ACCENT_DARK}}}}}"
        "</style>"
    )


def numbers_in(path_data: str) -> list[Point]:
    """The absolute points of path data made by this module (M/L/Q/H/V and circle arcs)."""
    import re

    points, tokens = [], re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", path_data)
    command, values = "", []

    def flush():
        if command in "MLQ":
            points.extend(zip(values[0::2], values[1::2], strict=False))

    for token in tokens:
        if token.isalpha():
            flush()
            command, values = token, []
        else:
            values.append(float(token))
    flush()
    return points


def fit_view(
    figure: Figure, frame_paths: list[BodyPaths], frame_attachments: list[list[str]]
) -> tuple[float, float, float, float]:
    """A 16:10 view around the figure in every frame and the props, with a small margin; the
    floor stays at the bottom."""
    points = [p for paths in frame_paths for p in paths.points]
    for parts in frame_attachments:
        for d in parts:
            points += numbers_in(d)
    for arrow_svg in figure.arrows:
        points += numbers_in(arrow_svg.split('d="')[1])
    boxes = [prop.box for prop in figure.props if prop.box]
    x0 = min([p[0] for p in points] + [b[0] for b in boxes]) - MARGIN
    x1 = max([p[0] for p in points] + [b[2] for b in boxes]) + MARGIN
    y0 = min([p[1] for p in points] + [b[1] for b in boxes]) - MARGIN
    y1 = FLOOR + 5 if figure.ground else (max([p[1] for p in points] + [b[3] for b in boxes]) + MARGIN)
    width, height = x1 - x0, y1 - y0
    if width / height > FRAME_ASPECT:
        height = width / FRAME_ASPECT
    else:
        width = height * FRAME_ASPECT
        x0 = (x0 + x1 - width) / 2
    if width < NARROWEST_VIEW:
        x0 -= (NARROWEST_VIEW - width) / 2
        width, height = NARROWEST_VIEW, NARROWEST_VIEW / FRAME_ASPECT
    if not figure.ground:
        y0 = (y0 + y1 - height) / 2
    else:
        y0 = y1 - height
    return (round(x0, 1), round(y0, 1), round(width, 1), round(height, 1))


# --------------------------------------------------------------------------- base poses

HIP_X = 172  # hip x of a figure lying on its back
RESTING_HEAD = 146  # head direction that rests the head on the mat when lying on the back
FEET_FLAT = (HIP_X + 54, 172)  # ankles of a lying figure with knees bent, feet flat

# Lying on the back, knees bent, feet flat ("hook lying"); head on the left.
HOOK_LYING = pose(
    (HIP_X, LIE),
    180,
    head=RESTING_HEAD,
    arms=(Angles(0, 0),),
    legs=(Reach(FEET_FLAT, 1, -6), Reach(FEET_FLAT, 1, -6)),
)
# On hands and knees, facing right; knee on the mat.
FOURS_KNEE = (126, LIE)
ON_ALL_FOURS = pose(
    (126, LIE - THIGH),
    13,
    arms=(Reach((178, LIE), 1),),
    legs=(JointsAt(FOURS_KNEE, (FOURS_KNEE[0] - SHIN, LIE), 182),),
)
# Sitting on a chair, facing right.
CHAIR = (88, 146)  # back post x, front edge x
SEATED = pose((114, KNEE), 90, arms=(Reach((146, KNEE - 7), -1),), legs=(Angles(0, 270, 0),))
# Standing, facing right.
STANDING = pose((160, HIP), 90, arms=(Angles(266, 274),), legs=(Angles(270, 270, 0),))


def lying_props(x0: float = 20, x1: float = 300) -> list[Prop]:
    return [mat(x0, x1)]


def seated_props() -> list[Prop]:
    return [chair(*CHAIR)]


def hip_from_knee(knee: Point, thigh_direction: float) -> Point:
    """Hip position for a knee fixed on the floor and a thigh pointing thigh_direction."""
    return step_from(knee, thigh_direction, THIGH)


def quadratic_point(a: Point, control: Point, b: Point, u: float) -> Point:
    return tuple((1 - u) ** 2 * a[i] + 2 * u * (1 - u) * control[i] + u * u * b[i] for i in range(2))


def belly_curve(named: dict, extras: dict) -> tuple[Point, Point, Point]:
    """The front of the tummy of a figure lying on its back, raised by extras["belly"]."""
    hip, shoulder = named["hip"], named["shoulder"]
    front = heading(hip, shoulder) - 90
    start = step_from(between(hip, shoulder, 0.06), front, 5)
    end = step_from(between(hip, shoulder, 0.7), front, 8)
    control = step_from(between(hip, shoulder, 0.32), front, 2 * extras.get("belly", 8))
    return start, control, end


def belly_line(named: dict, extras: dict) -> str:
    start, control, end = belly_curve(named, extras)
    return f"M{point_text(start)}Q{point_text(control)} {point_text(end)}"


def on_belly(pose_arguments: dict, where: float, lift: float = 3.0) -> Point:
    """A point resting on the tummy of a lying pose (0 by the hip, 1 at the ribs)."""
    named = joints(pose_arguments)
    curve = belly_curve(named, pose_arguments["extras"])
    return offset(quadratic_point(*curve, where), 0, -lift)


def nose(named: dict, extras: dict) -> str:
    """A short nose on the face side of the head (a right-facing figure's front), so that a
    figure whose head turns shows which way it looks."""
    looking = heading(named["neck"], named["head"]) - 90
    tip = step_from(named["head"], looking + 12, HEAD_RADIUS + 1)
    return f"M{point_text(tip)}L{point_text(step_from(tip, looking - 25, 5))}"


# --------------------------------------------------------------------------- stretches


def knees_to_chest() -> Figure:
    # Both knees come in, one after the other, and the hands hold behind both thighs. The far
    # knee sits a little higher and further along than the near one, so that two knees show.
    near_in, far_in = Angles(134, -40, 50), Angles(112, -46, 44)
    hold = (Reach((165, 155), -1),)
    one_in = changed(HOOK_LYING, legs=(near_in, HOOK_LYING["legs"][1]), arms=hold)
    both_in = changed(HOOK_LYING, legs=(near_in, far_in), arms=hold)
    before, after = joints(HOOK_LYING), joints(both_in)
    return Figure(
        [HOOK_LYING, one_in, both_in],
        [Stop(0, 0, 1), Stop(1, 2.5, 0.5), Stop(2, 2.5, 5), Stop(1, 2.5, 0.5), Stop(0, 2.5)],
        lying_props(),
        [arrow(offset(before["knee"], 10, -14), offset(after["other_knee"], 14, -16), 0.35)],
        # No ghost: its feet on the floor would read as the single knee to chest.
        still_start=2,
        still_end=2,
    )


def single_knee_to_chest() -> Figure:
    end = changed(
        HOOK_LYING, legs=(Angles(122, -40, 50), HOOK_LYING["legs"][1]), arms=(Reach((165, 155), -1),)
    )
    before, after = joints(HOOK_LYING), joints(end)
    return Figure(
        [HOOK_LYING, end],
        holding(move=2.5, stay=5),
        lying_props(),
        [arrow(offset(before["knee"], 12, -16), offset(after["knee"], 22, -18), 0.35)],
        still_start=1,
    )


def childs_pose() -> Figure:
    # Sitting right back on the heels, the chest low over the thighs, the forehead on the mat
    # and both arms long on the mat ahead: everything down, unlike the bottom-to-heels rock.
    knee = (152, LIE)
    ankle = (knee[0] - SHIN, LIE)
    hip = (ankle[0] + 4, LIE - 16)
    shoulder = (hip[0] + 50, LIE - 27)
    torso = heading(hip, shoulder)
    end = pose(
        hip,
        torso,
        bulge=7,
        head=-62,
        # The near arm passes in front of the head: drawn over it, so that both show.
        arms=(JointsAt((shoulder[0] + 26, shoulder[1] - 5), (shoulder[0] + 56, LIE)),),
        legs=(JointsAt(knee, ankle, 180),),
    )
    start = joints(ON_ALL_FOURS)
    return Figure(
        [ON_ALL_FOURS, end],
        holding(move=3.5, stay=5),
        lying_props(),
        [arrow(offset(start["hip"], -10, -12), offset(hip, -18, -10), 0.4)],
    )


def bottom_to_heels() -> Figure:
    # Only part of the way back: the bottom stays well above the heels, the hands stay where
    # they were with the arms nearly straight, and the head stays in line with the back.
    hip = hip_from_knee(FOURS_KNEE, 128)
    hands = (178, LIE)
    reach = 56.5  # shoulder to hand: the arm all but straight
    to_hands = math.dist(hip, hands)
    # The torso direction that puts the shoulder `reach` from the hands.
    inside = math.degrees(math.acos((TORSO**2 + to_hands**2 - reach**2) / (2 * TORSO * to_hands)))
    torso = heading(hip, hands) + inside
    # The head stays up, looking ahead (its nose shows it), unlike the child's pose.
    four = changed(ON_ALL_FOURS, head=ON_ALL_FOURS["torso"] + 55)
    end = changed(ON_ALL_FOURS, hip=hip, torso=torso, bulge=1, head=torso + 70, arms=(Reach(hands, 1),))
    start = joints(ON_ALL_FOURS)
    return Figure(
        [four, end],
        repetition(move=2.2, pause=1, rest=0.6),
        lying_props(),
        [arrow(offset(start["hip"], -6, -16), offset(hip, -14, -14), 0.35)],
        attachments=[("skin", nose)],
    )


def cat_cow() -> Figure:
    cow = changed(ON_ALL_FOURS, bulge=-8, head=ON_ALL_FOURS["torso"] + 28)
    cat = changed(ON_ALL_FOURS, bulge=12, head=ON_ALL_FOURS["torso"] - 40)
    named = joints(ON_ALL_FOURS)
    middle = between(named["hip"], named["shoulder"], 0.5)
    return Figure(
        [cow, cat],
        [Stop(0, 0, 0.5), Stop(1, 2.5, 0.5), Stop(0, 2.5)],
        lying_props(),
        [arrow(offset(middle, -16, -16), offset(middle, 16, -28), 0.45)],
    )


def seated_cat_cow() -> Figure:
    hands = (Reach((148, KNEE - 5), -1),)
    cow = changed(SEATED, torso=86, bulge=-6, head=106, arms=hands)
    cat = changed(SEATED, torso=80, bulge=11, head=30, arms=hands)
    before, after = joints(cow), joints(cat)
    return Figure(
        [cow, cat],
        [Stop(0, 0, 0.5), Stop(1, 2.5, 0.5), Stop(0, 2.5)],
        seated_props(),
        [arrow(offset(before["head"], 2, -18), offset(after["head"], 22, -4), -0.4)],
    )


def top_view_lying(legs, **changes) -> dict:
    """Lying on the back seen from above, head on the left, arms resting out to the sides."""
    arguments = {
        "shoulders": 15,
        "facing_viewer": True,
        "arms": (Angles(-50, -30), Angles(50, 30)),
        "legs": legs,
    }
    arguments.update(changes)
    return pose((170, 100), 180, **arguments)


def mirrored(limb: JointsAt, about_y: float = 100) -> JointsAt:
    return JointsAt(
        (limb.middle[0], 2 * about_y - limb.middle[1]), (limb.end[0], 2 * about_y - limb.end[1]), -limb.foot
    )


TOP_VIEW_MAT = Prop('<rect class="prop" x="56" y="40" width="208" height="120" rx="12"/>', (56, 40, 264, 160))


def knee_rolls() -> Figure:
    # Seen from above: shoulders stay flat on the mat, both knees tip over to one side, back
    # to the middle, then to the other side.
    up = top_view_lying((JointsAt((197, 94), (222, 93), 0), JointsAt((197, 106), (222, 107), 0)))
    rolled_legs = (JointsAt((190, 126), (222, 97), -30), JointsAt((196, 134), (224, 108), -30))
    rolled = top_view_lying(rolled_legs)
    other_way = top_view_lying((mirrored(rolled_legs[1]), mirrored(rolled_legs[0])))
    return Figure(
        [up, rolled, other_way],
        [Stop(0, 0, 0.4), Stop(1, 2.5, 0.6), Stop(0, 2.5, 0.4), Stop(2, 2.5, 0.6), Stop(0, 2.5)],
        [TOP_VIEW_MAT],
        [arrow((236, 112), (222, 146), -0.4)],
        ground=False,
    )


def piriformis_stretch() -> Figure:
    # Seen from the side, lying on the back, both legs drawn solid: the hands hold the
    # supporting thigh upright, its shin tilted up; the other ankle rests across that thigh
    # just below the knee, and its knee falls outwards (down and along, seen from the side).
    # Supporting thigh, crossing shin and crossing thigh make the triangle of a figure 4.
    # Few crossings, so that it reads at phone size: the ankle sits on the near side of the
    # thigh with only the foot across it, and the hands (one line: the arms overlap) hold the
    # thigh low down, clear of the ankle.
    lying = changed(HOOK_LYING, facing_viewer=True)
    hip = lying["hip"]
    support = Angles(96, 12, 100)
    crossed_knee = step_from(hip, 24, THIGH)
    # The crossing shin points across the body, towards you, so it looks shorter.
    ankle = offset(step_from(hip, 96, THIGH - 11), 6, 0)
    crossed = JointsAt(crossed_knee, ankle, 160)
    held = offset(step_from(hip, 96, THIGH - 27), -3, 0)
    support_knee = step_from(hip, 96, THIGH)
    hold = changed(lying, legs=(crossed, support), arms=(Reach(held, -1),))
    return Figure(
        [lying, hold],
        holding(move=3.5, stay=6),
        lying_props(),
        [arrow(offset(support_knee, 34, -20), offset(support_knee, 8, -26), 0.3)],
        still_start=1,
    )


def front_seated(**changes) -> dict:
    """Sitting on a chair, seen from the front."""
    arguments = {
        "facing_viewer": True,
        "shoulders": 16,
        "arms": (Angles(262, 282), Angles(278, 258)),
        "legs": (JointsAt((146, KNEE + 8), (146, ANKLE), 200), JointsAt((174, KNEE + 8), (174, ANKLE), -20)),
    }
    arguments.update(changes)
    return pose((160, KNEE - 2), 90, **arguments)


def seated_piriformis_stretch() -> Figure:
    # Seen from the front: one ankle rests on the other knee and the crossed knee falls out.
    feet_down = front_seated(arms=(Reach((147, KNEE + 4), 1), Reach((173, KNEE + 4), -1)))
    crossed_leg = JointsAt((112, KNEE + 12), (172, KNEE + 1), -8)
    crossed = front_seated(
        legs=(crossed_leg, feet_down["legs"][1]), arms=(Reach((116, KNEE + 8), -1), Reach((166, KNEE - 1), 1))
    )
    leaning = changed(crossed, torso_length=TORSO - 11, head=90)
    top = joints(crossed)["head"]
    return Figure(
        [feet_down, crossed, leaning],
        [Stop(0, 0, 1), Stop(1, 2.5, 1), Stop(2, 2.5, 5), Stop(1, 2.5, 0.5), Stop(0, 2.5)],
        [front_chair()],
        [arrow(offset(top, 22, -8), offset(top, 22, 12))],
        still_start=2,
        still_end=2,
    )


def hamstring_stretch_towel() -> Figure:
    hands = (Reach((HIP_X - 30, LIE - 40), -1),)
    other = HOOK_LYING["legs"][1]
    bent = changed(HOOK_LYING, legs=(Angles(112, 8, 100), other), arms=hands)
    straight = changed(HOOK_LYING, legs=(Angles(76, 76, 166), other), arms=hands)

    def towel(named, extras):
        along = heading(named["knee"], named["ankle"])
        sole = step_from(between(named["ankle"], named["toe"], 0.5), along, 4)
        return polyline(
            [
                offset(named["hand"], -1, 0),
                step_from(named["ankle"], along, 4),
                sole,
                offset(named["hand"], 2, 1),
            ]
        )

    before, after = joints(bent), joints(straight)
    return Figure(
        [bent, straight],
        holding(move=3, stay=6),
        lying_props(),
        [arrow(offset(before["toe"], 12, -4), offset(after["toe"], 16, 4), -0.3)],
        attachments=[("prop", towel)],
    )


def seated_hamstring_stretch() -> Figure:
    hip = (CHAIR[1] - 8, KNEE)
    heel = (hip[0] + 80, ANKLE - 3)
    legs = (Reach(heel, 1, 72), Reach((hip[0] + 34, ANKLE), 1, 0))
    upright = changed(SEATED, hip=hip, legs=legs, arms=(Reach(offset(hip, 26, -4), -1),))
    lean = changed(upright, torso=58, head=50, arms=(Reach(offset(hip, 52, 6), -1),))
    before, after = joints(upright), joints(lean)
    return Figure(
        [upright, lean],
        holding(move=3, stay=6),
        seated_props(),
        [arrow(offset(before["head"], 8, -20), offset(after["head"], 22, -14), 0.3)],
    )


PRONE_LEGS = (Angles(180, 180, 172),)


def prone_on_elbows() -> Figure:
    # A low prop: the upper arm stands straight up under the shoulder and the forearm lies flat
    # on the mat in front of it, reaching well forward, so the two read as an "L".
    hip = (142, LIE)
    shoulder = (hip[0] + math.sqrt(TORSO**2 - (UPPER_ARM + 1) ** 2), LIE - UPPER_ARM - 1)
    torso = heading(hip, shoulder)
    end = pose(hip, torso, bulge=-2, head=torso - 8, arms=(Angles(270, 0),), legs=PRONE_LEGS)
    start = pose(hip, 0, head=34, arms=(Angles(180, 180),), legs=PRONE_LEGS)
    return Figure([start, end], holding(move=3, stay=6), lying_props(), [arrow((168, 160), (178, 134), -0.3)])


def prone_press_up() -> Figure:
    # The hands stay planted on the mat by the shoulders; the arms straighten and push the
    # chest up high and steep while the hips stay down: no forearm on the mat, unlike the
    # prop on the elbows.
    hip = (142, LIE)
    torso = 62
    high = step_from(hip, torso, TORSO)
    # Where an arm all but straight (the elbow bent by about 15 degrees) meets the mat.
    hands = (high[0] + math.sqrt(56.6**2 - (LIE - high[1]) ** 2), LIE)
    # Lying flat the hips sit a touch further forward, the shoulders just past the hands and
    # the elbows pointing up; pressing up the elbows swing back and down, then straighten.
    start = pose((hands[0] + 3 - TORSO, LIE), 0, head=34, arms=(Reach(hands, -1),), legs=PRONE_LEGS)
    end = pose(hip, torso, bulge=-6, head=42, arms=(Reach(hands, -1),), legs=PRONE_LEGS)
    # Half way up, posed too, so that the hands stay on the mat between the two.
    halfway = pose(hip, torso * 0.7, bulge=-4, head=38, arms=(Reach(hands, -1),), legs=PRONE_LEGS)
    after = joints(end)
    return Figure(
        [start, halfway, end],
        [Stop(0, 0, 1), Stop(1, 1.1), Stop(2, 1.1, 0.8), Stop(1, 1.1), Stop(0, 1.1)],
        lying_props(),
        [arrow(offset(after["shoulder"], -22, 34), offset(after["shoulder"], -22, 6))],
        still_end=2,
    )


def standing_back_bend() -> Figure:
    # The hands rest on the lower back (the elbows point back), the hips ease forward and the
    # upper body leans gently back, the face (nose) looking forward and up.
    def hands_on_low_back(arguments):
        named = joints(arguments)
        return step_from(between(named["hip"], named["shoulder"], 0.2), arguments["torso"] + 90, 6)

    up = changed(STANDING, head=84)
    up = changed(up, arms=(Reach(hands_on_low_back(up), -1),))
    back = changed(
        STANDING, hip=(170, HIP + 2), torso=114, bulge=-8, head=122, legs=(Reach((160, ANKLE), 1, 0),)
    )
    back = changed(back, arms=(Reach(hands_on_low_back(back), -1),))
    before, after = joints(up), joints(back)
    return Figure(
        [up, back],
        repetition(move=2.2, pause=1.5, rest=1),
        [],
        [arrow(offset(before["head"], 16, -14), offset(after["head"], -10, -18), 0.35)],
        attachments=[("skin", nose)],
    )


def seated_twist() -> Figure:
    # Seen from the front: the hips and knees face you; the shoulders turn, one hand goes to
    # the opposite knee and the other rests on the seat behind.
    tall = front_seated(arms=(Reach((146, KNEE + 2), 1), Reach((174, KNEE + 2), -1)))
    turned = front_seated(shoulders=7, head=98, arms=(Reach((130, SEAT - 3), 1), Reach((147, KNEE + 4), 1)))
    shoulder = joints(tall)["shoulder"]
    return Figure(
        [tall, turned],
        holding(move=3, stay=6),
        [front_chair()],
        [turning_arrow(offset(shoulder, 0, -4), 28, 8, -20, 200)],
    )


def standing_side_stretch() -> Figure:
    # Seen from the front: one hand rests on the hip; the other arm reaches up and over, and
    # the figure leans to its right (your left).
    hip = (160, HIP)
    legs = (Angles(262, 262, 200), Angles(278, 278, -20))
    on_hip = Reach(offset(hip, -10, -2), -1)
    start = pose(hip, 90, facing_viewer=True, shoulders=14, legs=legs, arms=(on_hip, Angles(276, 272)))
    end = pose(
        hip,
        108,
        bulge=-8,
        head=120,
        facing_viewer=True,
        shoulders=14,
        legs=legs,
        arms=(Reach(offset(hip, -9, -2), -1), Angles(104, 142)),
    )
    after = joints(end)
    return Figure(
        [start, end],
        holding(move=3, stay=5),
        [],
        [arrow((196, 70), offset(after["other_elbow"], 18, -4), 0.3)],
    )


def standing_hip_flexor_stretch() -> Figure:
    hold_counter = (Reach((200, 93), -1),)
    together = pose((176, HIP), 90, arms=hold_counter, legs=(Angles(270, 270, 0), Angles(272, 270, 0)))
    stride = pose(
        (146, 112), 88, arms=hold_counter, legs=(Reach((100, 180), 1, -35), Reach((176, ANKLE), 1, 0))
    )
    forward = pose(
        (154, 111),
        82,
        bulge=-2,
        arms=hold_counter,
        legs=(Reach((100, 180), 1, -35), Reach((176, ANKLE), 1, 0)),
    )
    hip = forward["hip"]
    return Figure(
        [together, stride, forward],
        [Stop(0, 0, 1), Stop(1, 2.5, 0.5), Stop(2, 2.5, 5), Stop(1, 2.5, 0.5), Stop(0, 2.5)],
        [counter(198, 96)],
        [arrow(offset(hip, -36, -4), offset(hip, -12, -4), -0.3)],
        still_start=1,
        still_end=2,
    )


def standing_hamstring_stretch() -> Figure:
    hip = (136, HIP)
    top = FLOOR - 26  # top of the step
    leg = -math.degrees(math.asin((top - 5 - hip[1]) / (THIGH + SHIN)))
    ankle = step_from(hip, leg, THIGH + SHIN)
    step = cushion(ankle[0] - 30, top, 64, FLOOR - top - 1, 3)
    upright = pose(
        hip,
        90,
        arms=(Reach(offset(hip, 14, 16), -1),),
        legs=(Angles(leg, leg, leg + 90), Angles(270, 270, 0)),
    )
    lean = changed(upright, torso=52, head=44, arms=(Reach(step_from(hip, leg, 30), 1),))
    before, after = joints(upright), joints(lean)
    return Figure(
        [upright, lean],
        holding(move=3, stay=6),
        [step],
        [arrow(offset(before["head"], 12, -12), offset(after["head"], 22, -14), 0.25)],
    )


def thread_the_needle() -> Figure:
    # The shoulders turn: seen end-on on all fours, they open into an upright bar as the upper
    # body rotates. The lower shoulder and the side of the head come down to the mat, and the
    # threading arm slides along the mat under the chest; the other hand stays planted, its
    # elbow bending. Both arms are drawn solid so that the threading one shows.
    planted = (214, LIE)
    four = changed(
        ON_ALL_FOURS, facing_viewer=True, shoulders=0.01, arms=(Reach(planted, 1), Reach(planted, 1))
    )
    end = changed(
        four,
        torso=-24,
        head=-52,
        shoulders=12,
        arms=(Reach(planted, 1), JointsAt((154, LIE - 1), (132, LIE - 2))),
    )
    before, after = joints(four), joints(end)
    return Figure(
        [four, end],
        holding(move=3, stay=6),
        lying_props(),
        [arrow(offset(before["shoulder"], -8, -14), offset(after["shoulder"], -14, -16), 0.35)],
    )


def shoulder_rolls() -> Figure:
    rest = front_seated()
    up = front_seated(shrug=8)
    back = front_seated(shoulders=13, shrug=2)
    named = joints(rest)
    left, right = named["left_shoulder"], named["right_shoulder"]
    return Figure(
        [rest, up, back],
        [Stop(0, 0, 0.3), Stop(1, 1.3, 0.2), Stop(2, 1.2, 0.2), Stop(0, 0.8)],
        [front_chair()],
        [
            turning_arrow(offset(left, -4, -5), 10, 10, -40, 235),
            turning_arrow(offset(right, 4, -5), 10, 10, 220, -55),
        ],
        still_start=0,
        still_end=1,
    )


# --------------------------------------------------------------------------- strength


def pelvic_tilt() -> Figure:
    # The small of the back arches off the mat, then flattens onto it as the pelvis rocks.
    # Hands rest by the sides on the mat (nothing on the tummy, unlike the draw-in and the
    # breathing); the arch under the low back is plain to see and closes as the pelvis rocks,
    # shown by a short bar across the hips that tips with it.
    arched = changed(HOOK_LYING, bulge=-10, tilt=30)
    flat = changed(HOOK_LYING, bulge=0, hip=(HIP_X - 2, LIE), tilt=-12)

    def pelvis(named, extras):
        # The front of the pelvis, standing up from the hip: it tips towards the feet as the
        # back arches and back towards the head as the back flattens.
        up = heading(named["hip"], named["shoulder"]) - 90 - extras["tilt"]
        return polyline([named["hip"], step_from(named["hip"], up, 13)])

    return Figure(
        [arched, flat],
        [Stop(0, 0, 1), Stop(1, 1.5, 2), Stop(0, 1.5)],
        lying_props(),
        attachments=[("skin", pelvis)],
        arrows=[
            turning_arrow(HOOK_LYING["hip"], 20, 20, -5, 115),
            arrow((HIP_X - 26, 148), (HIP_X - 26, 166)),
        ],
    )


def tummy_draw_in() -> Figure:
    # Both hands rest low on the tummy, elbows on the mat, and stay where they are while the
    # rounded tummy draws in, away from them, until it is flat, even a little hollow.
    # Both hands on the hip bones, elbows out on the mat, clear of the tummy, which hollows.
    relaxed = changed(HOOK_LYING, belly=12, facing_viewer=True)  # both hands drawn solid
    near, far = on_belly(relaxed, 0.0, lift=1), on_belly(relaxed, 0.12, lift=2)
    relaxed["arms"] = (
        JointsAt(offset(near, -10, LIE - near[1]), near),
        JointsAt(offset(far, -12, LIE - far[1] - 1), far),
    )
    drawn_in = changed(relaxed, belly=-3)
    tummy = on_belly(relaxed, 0.55, lift=6)
    return Figure(
        [relaxed, drawn_in],
        [Stop(0, 0, 1.5), Stop(1, 2, 3), Stop(0, 1.5)],
        lying_props(),
        [arrow(offset(tummy, 0, -20), offset(tummy, 0, 2))],
        attachments=[("skin", belly_line)],
    )


def heel_slides() -> Figure:
    other = HOOK_LYING["legs"][1]
    end = changed(HOOK_LYING, legs=(Angles(0, 0, 85), other))
    before, after = joints(HOOK_LYING), joints(end)
    return Figure(
        [HOOK_LYING, end],
        repetition(move=2.2, pause=0.8, rest=1),
        lying_props(),
        [arrow(offset(before["ankle"], 4, -22), offset(after["ankle"], 8, -22), -0.2)],
    )


def dead_bug() -> Figure:
    start = changed(
        HOOK_LYING, arms=(Angles(86, 86), Angles(86, 86)), legs=(Angles(90, 0, 90), Angles(90, 0, 90))
    )
    end = changed(
        HOOK_LYING, arms=(Angles(86, 86), Angles(160, 172)), legs=(Angles(14, 6, 92), Angles(90, 0, 90))
    )
    before, after = joints(start), joints(end)
    return Figure(
        [start, end],
        repetition(move=2.2, pause=0.8, rest=1),
        lying_props(),
        [
            arrow(offset(before["other_hand"], -10, -4), offset(after["other_hand"], 2, -16), 0.35),
            arrow(offset(before["ankle"], 14, -2), offset(after["ankle"], 16, -12), -0.35),
        ],
    )


BRIDGE_SHOULDER = (HIP_X - 48, LIE)
BRIDGE_HIP = (BRIDGE_SHOULDER[0] + math.sqrt(TORSO**2 - 30**2), LIE - 30)
BRIDGE_START_HIP = (HIP_X - 48 + TORSO, LIE)


def bridge(hip: Point, legs=None) -> dict:
    """Lying on the back with the hips lifted; the shoulders and head stay on the mat."""
    return changed(
        HOOK_LYING,
        hip=hip,
        torso=heading(hip, BRIDGE_SHOULDER),
        head=RESTING_HEAD,
        legs=legs or HOOK_LYING["legs"],
    )


def glute_bridge() -> Figure:
    hip = BRIDGE_HIP
    start = changed(HOOK_LYING, hip=BRIDGE_START_HIP)
    return Figure(
        [start, bridge(hip)],
        repetition(move=2.2, pause=0.8, rest=1),
        lying_props(),
        [arrow(offset(hip, 0, 28), offset(hip, 0, 10))],
    )


def single_leg_bridge() -> Figure:
    # The lifted leg is straight, in line with the other thigh, before and during the lift.
    hip = BRIDGE_HIP
    up_thigh = heading(hip, joints(bridge(hip))["other_knee"])
    lifted = bridge(hip, legs=(Angles(up_thigh - 4, up_thigh - 4), HOOK_LYING["legs"][1]))
    start_hip = BRIDGE_START_HIP
    lying = changed(HOOK_LYING, hip=start_hip)
    down_thigh = heading(start_hip, joints(lying)["other_knee"])
    start = changed(lying, legs=(Angles(down_thigh, down_thigh), HOOK_LYING["legs"][1]))
    return Figure(
        [start, lifted],
        repetition(move=2.2, pause=0.8, rest=1),
        lying_props(),
        [arrow(offset(hip, 0, 28), offset(hip, 0, 10))],
    )


def bird_dog_arm_reach() -> Figure:
    end = changed(ON_ALL_FOURS, head=ON_ALL_FOURS["torso"] - 45, arms=(Angles(10, 10), Reach((178, LIE), 1)))
    start = changed(ON_ALL_FOURS, arms=(ON_ALL_FOURS["arms"][0], Reach((178, LIE), 1)))
    before, after = joints(start), joints(end)
    return Figure(
        [start, end],
        repetition(move=2.2, pause=0.8, rest=1),
        lying_props(),
        [arrow(offset(before["hand"], 16, -8), offset(after["hand"], 6, 14), 0.35)],
    )


def bird_dog() -> Figure:
    end = changed(
        ON_ALL_FOURS,
        head=ON_ALL_FOURS["torso"] - 45,
        arms=(Angles(10, 10), Reach((178, LIE), 1)),
        legs=(ON_ALL_FOURS["legs"][0], Angles(188, 184, 250)),
    )
    start = changed(
        ON_ALL_FOURS,
        arms=(ON_ALL_FOURS["arms"][0], Reach((178, LIE), 1)),
        legs=(ON_ALL_FOURS["legs"][0], ON_ALL_FOURS["legs"][0]),
    )
    before, after = joints(start), joints(end)
    return Figure(
        [start, end],
        repetition(move=2.5, pause=2, rest=1),
        lying_props(),
        [
            arrow(offset(before["hand"], 16, -8), offset(after["hand"], 6, 14), 0.35),
            arrow(offset(before["ankle"], -4, -10), offset(after["other_ankle"], -6, 14), -0.35),
        ],
    )


# Side-lying on the mat, seen from in front: head on the left resting on the lower arm, which
# lies along the mat above the head; hips and knees bent, the knees forward (towards you, a
# little down the page) and the feet back in line with the body. A knee lifting towards the
# ceiling goes up the page.
SIDE_HIP = (168, 166)


def side_lying(top_knee: Point, top_ankle: Point = (230, 167)) -> dict:
    """Lying on the left side: head on the lower arm, top hand on the mat in front."""
    lower = JointsAt((200, LIE - 1), (230, LIE - 5), 0)
    return pose(
        SIDE_HIP,
        180,
        head=172,
        facing_viewer=True,
        arms=(JointsAt((130, 173), (152, LIE)), JointsAt((104, LIE), (64, LIE))),
        legs=(JointsAt(top_knee, top_ankle, 0), lower),
    )


def clamshell() -> Figure:
    # The feet stay together; the top knee opens away from the lower one like a shell.
    start = side_lying((200, 168))
    end = side_lying((192, 128))
    return Figure(
        [start, end],
        repetition(move=1.5, pause=0.5, rest=0.5),
        lying_props(),
        [arrow((244, 156), (214, 118), -0.3)],
    )


def side_plank_knees() -> Figure:
    # Seen from in front: lying on the left side, propped on the forearm with the elbow under
    # the shoulder. The shoulders and the knees are stacked one above the other (a short upright
    # shoulder bar, two knees), the top hand rests on the hip with its elbow up, and the shins
    # go back behind the knees. The hips lift until head, hips and knees are in one line.
    elbow = (92, LIE)
    lower_shoulder = (elbow[0], LIE - UPPER_ARM)
    knee = (186, LIE)
    half = 7  # half the shoulder bar

    def plank(hip):
        # The middle of the shoulders, so that the lower one sits right above the elbow.
        middle = lower_shoulder
        for _ in range(4):
            torso = heading(hip, middle)
            middle = step_from(lower_shoulder, torso - 90, half)
        torso = heading(hip, middle)
        # The top hand on the waist, its elbow pointing at the ceiling.
        waist = step_from(between(middle, hip, 0.78), torso - 90, 3)
        top_elbow = step_from(between(middle, waist, 0.5), torso - 90, 22)
        return pose(
            hip,
            torso,
            head=torso + 6,
            facing_viewer=True,
            shoulders=half,
            torso_length=math.dist(hip, middle),
            arms=(JointsAt(elbow, (elbow[0] + 22, LIE + 3)), JointsAt(top_elbow, waist)),
            # The shins go back, away from you: short, and up the page.
            legs=(
                JointsAt(knee, offset(knee, 20, -14), 0),
                JointsAt(offset(knee, -3, -9), offset(knee, 15, -25), 0),
            ),
        )

    hip_up = between(lower_shoulder, knee, TORSO / (TORSO + THIGH))
    hip_down = (140, LIE - 3)
    # No ghost: the sagging start, drawn over the lifted line, muddles the side-lying shape.
    return Figure(
        [plank(hip_down), plank(offset(hip_up, 0, -6))],
        holding(move=2.5, stay=5),
        lying_props(),
        [arrow(offset(hip_up, 18, -12), offset(hip_up, 18, -34))],
        still_start=1,
    )


def sit_to_stand() -> Figure:
    sit = changed(SEATED, torso=72, head=60, arms=(Angles(-28, -28),))
    stand = changed(STANDING, hip=(154, HIP))
    before = joints(sit)
    return Figure(
        [sit, stand],
        repetition(move=2.2, pause=0.8, rest=1),
        seated_props(),
        [arrow(offset(before["hip"], 14, -20), offset(stand["hip"], 16, -6), -0.35)],
    )


def wall_sit() -> Figure:
    x = 86
    ankle = (140, ANKLE)
    stand = pose((x, 104), 90, arms=(Angles(268, 272),), legs=(Reach(ankle, 1, 0),))
    sit = pose((x, 128), 90, arms=(Angles(264, 276),), legs=(Reach(ankle, 1, 0),))
    return Figure([stand, sit], holding(move=3, stay=6), [wall(70)], [arrow((x + 28, 68), (x + 28, 96))])


def hip_hinge() -> Figure:
    feet = (174, ANKLE)
    up = pose((172, HIP), 90, arms=(Reach((212, 100), -1),), legs=(Reach(feet, 1, 0),))
    hinge = pose((148, HIP + 6), 34, arms=(Reach((245, 93), -1),), legs=(Reach(feet, 1, 0),))
    return Figure(
        [up, hinge],
        repetition(move=2.2, pause=0.8, rest=1),
        [counter(206, 98)],
        [arrow((150, 78), (126, 88), 0.3)],
    )


def light_walking() -> Figure:
    def stride(x, swap):
        front = Reach((x + 30, ANKLE - 4), 1, 24)
        back = Reach((x - 30, ANKLE - 2), 1, -40)
        legs = (back, front) if swap else (front, back)
        arms = (Angles(292, 320), Angles(250, 264))
        return pose((x, HIP + 4), 88, arms=arms if swap else arms[::-1], legs=legs)

    # It walks on the spot; the still drawing shows the step before as a ghost behind.
    return Figure(
        [stride(170, False), stride(170, True), stride(118, True)],
        [Stop(0, 0), Stop(1, 1.1), Stop(0, 1.1)],
        [],
        [arrow((214, 64), (250, 64))],
        still_start=2,
        still_end=0,
    )


# --------------------------------------------------------------------------- relief


def constructive_rest() -> Figure:
    hip = (HIP_X - 20, LIE)
    seat = LIE - THIGH + 8
    rest_chair = chair(hip[0] + 84, hip[0] + 14, seat=seat, back_top=seat - 46)
    feet_down = pose(
        hip,
        180,
        head=RESTING_HEAD,
        arms=(Angles(0, 0),),
        legs=(Reach((hip[0] + 50, 172), 1, -6), Reach((hip[0] + 50, 172), 1, -6)),
    )
    on_chair = pose(
        hip, 180, head=RESTING_HEAD, arms=(Angles(0, 0),), legs=(Angles(90, 0, 84), Angles(90, 0, 84))
    )
    return Figure(
        [feet_down, on_chair],
        holding(move=3, stay=8),
        [rest_chair] + lying_props(),
        [arrow((hip[0] + 60, 146), (hip[0] + 74, 124), -0.3)],
    )


def side_lying_rest() -> Figure:
    # Seen from above, on the left side, curled a little: the back at the top of the page,
    # knees drawn up towards the chest, a pillow between the knees and one under the head.
    hip = (184, 90)

    def lying(top_knee, top_ankle, lower_knee, lower_ankle):
        return pose(
            hip,
            182,
            bulge=-4,
            head=174,
            arms=(JointsAt((144, 118), (166, 124)), JointsAt((118, 116), (98, 122))),
            legs=(JointsAt(top_knee, top_ankle, 262), JointsAt(lower_knee, lower_ankle, 262)),
        )

    longer = lying((224, 104), (258, 118), (228, 110), (262, 126))
    curled = lying((214, 126), (186, 146), (220, 132), (192, 154))

    def pillow(named, extras):
        knee = between(named["knee"], named["other_knee"], 0.5)
        x, y = knee[0] - 28, knee[1] - 14
        return (
            f"M{number(x + 6)} {number(y)}H{number(x + 32)}Q{number(x + 38)} {number(y)} "
            f"{number(x + 38)} {number(y + 6)}V{number(y + 20)}Q{number(x + 38)} "
            f"{number(y + 26)} {number(x + 32)} {number(y + 26)}H{number(x + 6)}Q{number(x)} "
            f"{number(y + 26)} {number(x)} {number(y + 20)}V{number(y + 6)}Q{number(x)} "
            f"{number(y)} {number(x + 6)} {number(y)}"
        )

    head_pillow = cushion(74, 72, 46, 36, 8)
    top_view_mat = Prop(
        '<rect class="prop" x="62" y="56" width="214" height="116" rx="12"/>', (62, 56, 276, 172)
    )
    return Figure(
        [longer, curled],
        holding(move=3, stay=8),
        [top_view_mat, head_pillow],
        attachments=[("prop", pillow)],
        still_start=1,
        ground=False,
    )


def belly_breathing() -> Figure:
    # One hand high on the chest stays still; the other, on the tummy, rises on the tummy's
    # dome as the breath comes in through the nose, and falls as it streams out of the mouth.
    def breath(belly, stream):
        # Both arms drawn solid: one hand on the chest, one on the tummy.
        lying = changed(HOOK_LYING, belly=belly, stream=stream, facing_viewer=True)
        tummy, chest = on_belly(lying, 0.42), on_belly(lying, 1.0, lift=4)
        lying["arms"] = (
            JointsAt(offset(tummy, -22, LIE - tummy[1]), tummy),
            JointsAt(offset(chest, -14, LIE - chest[1]), chest),
        )
        return lying

    def breath_wave(named, extras):
        # A gently wavy stream rising from the face, longest as the breath leaves.
        mouth = offset(named["head"], 3, -HEAD_RADIUS - 5)
        rise = extras["stream"] / 4
        d = f"M{point_text(mouth)}"
        for i in range(4):
            side = 5 if i % 2 == 0 else -5
            d += (
                f"Q{point_text(offset(mouth, side * rise / 6, -rise * (i + 0.5)))} "
                f"{point_text(offset(mouth, 0, -rise * (i + 1)))}"
            )
        return d

    out, breathed_in = breath(4, 28), breath(17, 16)
    tummy = on_belly(breathed_in, 0.42, lift=10)
    return Figure(
        [out, breathed_in],
        breathing(),
        lying_props(),
        [arrow(offset(tummy, 0, -2), offset(tummy, 0, -24), both_ways=True)],
        attachments=[("skin", belly_line), ("glow", breath_wave)],
        still_start=1,
    )


def crocodile_breathing() -> Figure:
    # Lying on the front, forehead on the stacked hands; the lower back rises as you breathe in.
    hip = (150, LIE)
    shoulder = step_from(hip, 0, TORSO)
    arms = (JointsAt(offset(shoulder, 46, 0), offset(shoulder, 27, -9)),)

    def lying(rise):
        return pose(hip, 0, head=56, bulge=rise, arms=arms, legs=PRONE_LEGS)

    low_back = between(hip, shoulder, 0.3)
    return Figure(
        [lying(0), lying(4)],
        breathing(),
        lying_props(),
        [arrow(offset(low_back, 0, -14), offset(low_back, 0, -36), both_ways=True)],
    )


def slow_exhale_breathing() -> Figure:
    # Sitting back in the chair, hands in the lap; the breath streams out slowly.
    def sitting(breath, bulge):
        return pose(
            (92, KNEE),
            97,
            bulge=bulge,
            arms=(Reach((126, KNEE - 6), -1),),
            legs=(Reach((146, ANKLE), 1, 0),),
            breath=breath,
        )

    def breath_out(named, extras):
        mouth = offset(named["head"], 15, 3)
        length = extras["breath"]
        wave = [
            offset(mouth, length * i / 6, -2.5 * math.sin(math.pi * i / 2) * length / 34) for i in range(7)
        ]
        return polyline(wave) + barbs(wave[-1], 0, 3 + 4 * length / 34)

    return Figure(
        [sitting(34, 0), sitting(2, -2)],
        breathing(),
        [chair(82, 146)],
        attachments=[("glow", breath_out)],
        still_start=1,
        still_end=0,
    )


def body_scan_relax() -> Figure:
    # Lying still with the knees on a cushion; a glow travels up from the feet to the face,
    # one part at a time.
    knee_cushion = cushion(180, 168, 40, 14, 7)
    lying = pose(
        (HIP_X - 10, LIE), 180, head=RESTING_HEAD, arms=(Angles(356, 2),), legs=(Angles(12, -10, 80),)
    )

    def glow(named, extras):
        route = [named["toe"], named["ankle"], named["knee"], named["hip"], named["shoulder"], named["head"]]
        lengths = [math.dist(a, b) for a, b in pairwise(route)]
        travelled = extras["scan"] * sum(lengths)
        for (a, b), length in zip(pairwise(route), lengths, strict=False):
            if travelled <= length or (a, b) == (route[-2], route[-1]):
                spot = between(a, b, min(1.0, travelled / length))
                break
            travelled -= length
        centre = offset(spot, 0, -18)
        return (
            f"M{point_text(offset(centre, -9, 2))}Q{point_text(offset(centre, 0, -6))} "
            f"{point_text(offset(centre, 9, 2))}"
        )

    calm = "".join(f"M{x} {y}q10 -7 20 0t20 0" for x, y in ((96, 124), (146, 106), (196, 124)))
    return Figure(
        [changed(lying, scan=0), changed(lying, scan=1)],
        [Stop(0, 0, 1), Stop(1, 9, 1.5), Stop(0, 2.5)],
        lying_props() + [knee_cushion],
        [f'<path class="prop" d="{calm}"/>'],
        attachments=[("glow", glow)],
        still_start=1,
        still_end=1,
        attachments_in_still=False,
    )


FIGURES = {
    "knees-to-chest": knees_to_chest,
    "single-knee-to-chest": single_knee_to_chest,
    "childs-pose": childs_pose,
    "bottom-to-heels": bottom_to_heels,
    "cat-cow": cat_cow,
    "seated-cat-cow": seated_cat_cow,
    "knee-rolls": knee_rolls,
    "piriformis-stretch": piriformis_stretch,
    "seated-piriformis-stretch": seated_piriformis_stretch,
    "hamstring-stretch-towel": hamstring_stretch_towel,
    "seated-hamstring-stretch": seated_hamstring_stretch,
    "prone-on-elbows": prone_on_elbows,
    "prone-press-up": prone_press_up,
    "standing-back-bend": standing_back_bend,
    "seated-twist": seated_twist,
    "standing-side-stretch": standing_side_stretch,
    "standing-hip-flexor-stretch": standing_hip_flexor_stretch,
    "standing-hamstring-stretch": standing_hamstring_stretch,
    "thread-the-needle": thread_the_needle,
    "shoulder-rolls": shoulder_rolls,
    "pelvic-tilt": pelvic_tilt,
    "tummy-draw-in": tummy_draw_in,
    "heel-slides": heel_slides,
    "dead-bug": dead_bug,
    "glute-bridge": glute_bridge,
    "single-leg-bridge": single_leg_bridge,
    "bird-dog-arm-reach": bird_dog_arm_reach,
    "bird-dog": bird_dog,
    "clamshell": clamshell,
    "side-plank-knees": side_plank_knees,
    "sit-to-stand": sit_to_stand,
    "wall-sit": wall_sit,
    "hip-hinge": hip_hinge,
    "light-walking": light_walking,
    "constructive-rest": constructive_rest,
    "side-lying-rest": side_lying_rest,
    "belly-breathing": belly_breathing,
    "crocodile-breathing": crocodile_breathing,
    "slow-exhale-breathing": slow_exhale_breathing,
    "body-scan-relax": body_scan_relax,
}


def figure_svg(slug: str) -> str:
    """The SVG text of one exercise's drawing; KeyError for a slug without one."""
    return svg_document(FIGURES[slug]())


def write_figures(out_dir: Path = FIGURE_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for slug in FIGURES:
        path = out_dir / f"{slug}.svg"
        path.write_text(figure_svg(slug), encoding="utf-8")
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
        for x, y in (place(p) for p in bezier_points(c)):
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
