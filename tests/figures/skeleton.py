"""The body behind every drawing: a skeleton posed by joint angles, as a physiotherapist names
them, and placed on the floor.

World axes: x to the right of a side view, y up (the floor is y = 0), z towards the viewer of a
side view. Lengths are drawing units (a standing adult is about 180 tall). Angles are degrees.

A pose names the pelvis's direction in the side view (`pelvis`: 90 points the pelvis straight up,
as standing; 180 towards the left, as lying on the back with the head on the left; 0 towards the
right, as lying on the front or on hands and knees with the head on the right), a `roll` about the
body's long axis (0: the front faces the way the pelvis's angle implies; 90: lying on a side, the
front turned towards the viewer), and then each joint relative to its parent:

- lumbar, thorax, head: [flexion, side bend, rotation]: flexion bends forward, negative arches
  back; side bend to the near side; rotation turns the front towards the near side. 0 is a
  relaxed natural curve.
- hips, shoulders: [flexion, abduction, rotation]: flexion swings the thigh or arm forwards
  (a shoulder at 180 points the arm overhead), abduction out to the side, rotation turns it
  outwards.
- knees, elbows: flexion (0 straight). Ankles: dorsiflexion (toes up; 0 the foot square to the
  shin). Wrists: extension (hand bent back; 0 in line with the forearm).
- shoulder_girdle: [elevation, retraction] of both shoulder blades (up towards the ears, back
  towards the spine), in units.

"near" limbs are on the side towards the viewer of a side view (the person's right side when the
pelvis is not rolled); "far" limbs are the other side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

Vector = tuple[float, float, float]

# Segment lengths and widths (drawing units); an adult about 180 units tall.
HIP_HALF_WIDTH = 8.5
SHOULDER_HALF_WIDTH = 14.0
PELVIS = 11.0  # hip joints' centre to the base of the spine
LUMBAR = 17.0
THORAX = 27.0
NECK = 9.0
HEAD_RADIUS = 11.0
THIGH, SHIN = 44.0, 42.0
UPPER_ARM, FOREARM, HAND = 28.0, 24.0, 9.0
FOOT, HEEL, ANKLE_HEIGHT = 13.0, 3.0, 4.5

# The natural curves a joint angle of 0 stands for: a little lordosis, a little kyphosis.
LUMBAR_REST, THORAX_REST, NECK_REST = -12.0, 16.0, -8.0

LIMBS = ("near_hip", "far_hip", "near_shoulder", "far_shoulder")


# --------------------------------------------------------------------------- vectors


def add(*vectors: Vector) -> Vector:
    x = y = z = 0.0
    for v in vectors:
        x += v[0]
        y += v[1]
        z += v[2]
    return (x, y, z)


def scale(v: Vector, k: float) -> Vector:
    return (v[0] * k, v[1] * k, v[2] * k)


def sub(a: Vector, b: Vector) -> Vector:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def dot(a: Vector, b: Vector) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def length(v: Vector) -> float:
    return math.sqrt(dot(v, v))


class Frame:
    """An orthonormal frame: forward (anterior), up (towards the head or along a limb's parent
    direction) and right (the body's right side, which is `near` in an unrolled side view)."""

    __slots__ = ("fwd", "up", "right")

    def __init__(self, fwd: Vector, up: Vector, right: Vector):
        self.fwd, self.up, self.right = fwd, up, right

    def at(self, origin: Vector, forward: float = 0.0, up: float = 0.0, right: float = 0.0) -> Vector:
        """The point offset from origin by the given amounts along this frame's axes."""
        f, u, r = self.fwd, self.up, self.right
        return (
            origin[0] + f[0] * forward + u[0] * up + r[0] * right,
            origin[1] + f[1] * forward + u[1] * up + r[1] * right,
            origin[2] + f[2] * forward + u[2] * up + r[2] * right,
        )

    def turned(self, axis: str, degrees: float) -> Frame:
        """This frame rotated about one of its own axes; positive turns follow the right-hand
        rule about that axis."""
        if not degrees:
            return self
        c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        f, u, r = self.fwd, self.up, self.right

        def mix(a: Vector, b: Vector, k: float) -> Vector:  # a*c + b*k
            return (a[0] * c + b[0] * k, a[1] * c + b[1] * k, a[2] * c + b[2] * k)

        if axis == "right":  # fwd turns towards up
            return Frame(mix(f, u, s), mix(u, f, -s), r)
        if axis == "fwd":  # up turns towards right
            return Frame(f, mix(u, r, s), mix(r, u, -s))
        if axis == "up":  # right turns towards fwd
            return Frame(mix(f, r, -s), u, mix(r, f, s))
        raise ValueError(axis)


# --------------------------------------------------------------------------- poses


def triple(value) -> tuple[float, float, float]:
    """[flexion, side/abduction, rotation] from a number (flexion only) or a list of up to 3."""
    if isinstance(value, int | float):
        return (float(value), 0.0, 0.0)
    values = [float(v) for v in value] + [0.0, 0.0, 0.0]
    return (values[0], values[1], values[2])


@dataclass(frozen=True)
class Pose:
    """Joint angles of one key pose (see the module docstring for their meaning)."""

    pelvis: float = 90.0
    roll: float = 0.0
    turn: float = 0.0
    lumbar: tuple[float, float, float] = (0.0, 0.0, 0.0)
    thorax: tuple[float, float, float] = (0.0, 0.0, 0.0)
    head: tuple[float, float, float] = (0.0, 0.0, 0.0)
    near_hip: tuple[float, float, float] = (0.0, 0.0, 0.0)
    far_hip: tuple[float, float, float] = (0.0, 0.0, 0.0)
    near_knee: float = 0.0
    far_knee: float = 0.0
    near_ankle: float = 0.0
    far_ankle: float = 0.0
    near_shoulder: tuple[float, float, float] = (0.0, 0.0, 0.0)
    far_shoulder: tuple[float, float, float] = (0.0, 0.0, 0.0)
    near_elbow: float = 0.0
    far_elbow: float = 0.0
    near_wrist: float = 0.0
    far_wrist: float = 0.0
    shoulder_girdle: tuple[float, float] = (0.0, 0.0)
    belly: float = 0.0  # tummy out (+, a breath in) or drawn in (-), in units
    chest: float = 0.0  # chest rise with a breath, in units
    back: float = 0.0  # the low back rising with a breath in (lying on the front), in units
    fist: float = 0.0  # 0..1: the hands closing into fists (the body scan's tensing)
    squint: float = 0.0  # 0..1: the eyes screwed shut (the body scan's tensing)
    near_hold: float = 1.0  # 0..1: how far the near hand has taken hold of its grip (0: let go)
    far_hold: float = 1.0
    near_cross: float = 1.0  # 0..1: how far a crossed near ankle has come to rest (0: as the pose has it)
    far_cross: float = 1.0

    TRIPLES = ("lumbar", "thorax", "head", "near_hip", "far_hip", "near_shoulder", "far_shoulder")
    PAIRS = {
        "hips": ("near_hip", "far_hip"),
        "knees": ("near_knee", "far_knee"),
        "ankles": ("near_ankle", "far_ankle"),
        "shoulders": ("near_shoulder", "far_shoulder"),
        "elbows": ("near_elbow", "far_elbow"),
        "wrists": ("near_wrist", "far_wrist"),
        "holds": ("near_hold", "far_hold"),
        "crosses": ("near_cross", "far_cross"),
    }

    @classmethod
    def names(cls) -> set[str]:
        return set(cls.__dataclass_fields__) | set(cls.PAIRS)

    def changed(self, values: dict) -> Pose:
        """This pose with the given joints changed; `hips = x` sets both hips, and so on.
        Raises ValueError for a name that is not a joint."""
        changes = {}
        for name, value in values.items():
            if name not in self.names():
                raise ValueError(f"unknown joint {name!r}")
            for target in self.PAIRS.get(name, (name,)):
                if target in self.TRIPLES:
                    changes[target] = triple(value)
                elif target == "shoulder_girdle":
                    changes[target] = (float(value[0]), float(value[1]))
                else:
                    changes[target] = float(value)
        return replace(self, **changes)

    def blend(self, other: Pose, fraction: float) -> Pose:
        """Every angle moved `fraction` of the way to other's."""

        def mix(a, b):
            if isinstance(a, tuple):
                return tuple(x + (y - x) * fraction for x, y in zip(a, b, strict=True))
            return a + (b - a) * fraction

        return replace(
            self,
            **{name: mix(getattr(self, name), getattr(other, name)) for name in self.__dataclass_fields__},
        )

    def largest_change(self, other: Pose) -> float:
        """The largest difference in any one angle, in degrees."""
        largest = 0.0
        for name in self.__dataclass_fields__:
            a, b = getattr(self, name), getattr(other, name)
            pairs = zip(a, b, strict=True) if isinstance(a, tuple) else [(a, b)]
            largest = max([largest] + [abs(x - y) for x, y in pairs])
        return largest


# --------------------------------------------------------------------------- the body


@dataclass
class Body:
    """A posed body: named points (world coordinates) and the frames the drawing needs."""

    points: dict[str, Vector] = field(default_factory=dict)
    frames: dict[str, Frame] = field(default_factory=dict)
    pose: Pose = field(default_factory=Pose)

    def moved(self, offset: Vector) -> Body:
        return Body({k: add(v, offset) for k, v in self.points.items()}, self.frames, self.pose)


def pelvis_frame(pose: Pose) -> Frame:
    """The pelvis's frame: `pelvis` turns it in the side view, `roll` about its long axis and
    `turn` about the vertical."""
    a = math.radians(pose.pelvis)
    up = (math.cos(a), math.sin(a), 0.0)
    fwd = (math.sin(a), -math.cos(a), 0.0)  # the up direction turned a quarter clockwise
    frame = Frame(fwd, up, (0.0, 0.0, 1.0)).turned("up", -pose.roll)
    if pose.turn:
        c, s = math.cos(math.radians(pose.turn)), math.sin(math.radians(pose.turn))

        def yaw(v: Vector) -> Vector:
            return (v[0] * c + v[2] * s, v[1], -v[0] * s + v[2] * c)

        frame = Frame(yaw(frame.fwd), yaw(frame.up), yaw(frame.right))
    return frame


def spine_frame(parent: Frame, angles, rest: float, share: float = 1.0) -> Frame:
    flexion, side, rotation = angles
    return (
        parent.turned("right", -(flexion * share + rest))
        .turned("fwd", side * share)
        .turned("up", -rotation * share)
    )


def limb_frame(parent: Frame, angles, sign: float) -> Frame:
    """A thigh's or upper arm's frame: its `up` points back along the limb to the joint."""
    flexion, abduction, rotation = angles
    return parent.turned("right", flexion).turned("fwd", -sign * abduction).turned("up", -sign * rotation)


def build(pose: Pose, origin: Vector = (0.0, 0.0, 0.0)) -> Body:
    """The body in this pose with the hip joints' centre at origin."""
    points: dict[str, Vector] = {}
    frames: dict[str, Frame] = {}
    pelvis = pelvis_frame(pose)
    frames["pelvis"] = pelvis
    hip = origin
    points["hip"] = hip
    points["sacrum"] = pelvis.at(hip, forward=-4, up=PELVIS)
    lumbar = spine_frame(pelvis, pose.lumbar, LUMBAR_REST)
    frames["lumbar"] = lumbar
    points["waist"] = lumbar.at(points["sacrum"], up=LUMBAR)
    thorax = spine_frame(lumbar, pose.thorax, THORAX_REST)
    frames["thorax"] = thorax
    points["neck"] = thorax.at(points["waist"], up=THORAX)
    neck = spine_frame(thorax, pose.head, NECK_REST, 0.5)
    head = spine_frame(neck, pose.head, 0.0, 0.5)
    frames["neck"], frames["head"] = neck, head
    points["skull"] = neck.at(points["neck"], forward=1.5, up=NECK)
    points["head"] = head.at(points["skull"], forward=2.0, up=7.0)
    elevation, retraction = pose.shoulder_girdle
    for side, sign in (("near", 1.0), ("far", -1.0)):
        hip_joint = pelvis.at(hip, right=sign * HIP_HALF_WIDTH)
        thigh = limb_frame(pelvis, getattr(pose, f"{side}_hip"), sign)
        knee = thigh.at(hip_joint, up=-THIGH)
        shin = thigh.turned("right", -getattr(pose, f"{side}_knee"))
        ankle = shin.at(knee, up=-SHIN)
        foot = shin.turned("right", getattr(pose, f"{side}_ankle"))
        points[f"{side}_hip"], points[f"{side}_knee"], points[f"{side}_ankle"] = hip_joint, knee, ankle
        points[f"{side}_heel"] = foot.at(ankle, forward=-HEEL, up=-ANKLE_HEIGHT)
        points[f"{side}_toes"] = foot.at(ankle, forward=FOOT, up=-ANKLE_HEIGHT)
        frames[f"{side}_thigh"], frames[f"{side}_shin"], frames[f"{side}_foot"] = thigh, shin, foot

        shoulder = thorax.at(
            points["neck"], forward=1 - retraction, up=-4 + elevation, right=sign * SHOULDER_HALF_WIDTH
        )
        arm = limb_frame(thorax, getattr(pose, f"{side}_shoulder"), sign)
        elbow = arm.at(shoulder, up=-UPPER_ARM)
        forearm = arm.turned("right", getattr(pose, f"{side}_elbow"))
        wrist = forearm.at(elbow, up=-FOREARM)
        hand = forearm.turned("right", -getattr(pose, f"{side}_wrist"))
        points[f"{side}_shoulder"], points[f"{side}_elbow"], points[f"{side}_wrist"] = shoulder, elbow, wrist
        points[f"{side}_hand"] = hand.at(wrist, up=-HAND * (1 - 0.7 * pose.fist))
        frames[f"{side}_arm"], frames[f"{side}_forearm"], frames[f"{side}_hand"] = arm, forearm, hand
    return Body(points, frames, pose)


# --------------------------------------------------------------------------- reaching


# The joints a planted point's limb may bend to stay where it is.
PLANTS = {
    "near_ankle": ("near_hip", "near_knee"),
    "far_ankle": ("far_hip", "far_knee"),
    "near_heel": ("near_hip", "near_knee"),
    "far_heel": ("far_hip", "far_knee"),
    "near_wrist": ("near_shoulder", "near_elbow"),
    "far_wrist": ("far_shoulder", "far_elbow"),
}


def reach(pose: Pose, origin: Vector, point: str, target: Vector) -> Pose:
    """The pose with the flexion of `point`'s limb (hip and knee, or shoulder and elbow)
    changed so that `point` lands as near to target as the limb allows (Gauss-Newton on the
    two angles). When bending alone cannot get there (the trunk has turned, say), the limb's
    abduction is freed too, so that a planted hand stays planted."""
    root, middle = PLANTS[point]

    def error(p: Pose) -> Vector:
        return sub(build(p, origin).points[point], target)

    def get(p: Pose) -> list[float]:
        first = getattr(p, root)
        return [first[0], getattr(p, middle), first[1]]

    def put(p: Pose, a: list[float]) -> Pose:
        first = getattr(p, root)
        return replace(p, **{root: (a[0], a[2], first[2]), middle: a[1]})

    current = gauss_newton(pose, error, get, put, 2)
    if length(error(current)) > 0.5:
        current = gauss_newton(current, error, get, put, 3)
    if getattr(current, middle) < 0:
        # A target a little nearer than the straight limb reaches is reached with the elbow or
        # knee bent either way, and near straight the solver can settle on the bend backwards.
        # Bend it the right way by as much as the target's distance asks, then turn the limb
        # at its root (flexion and abduction) to point there.
        def reaching(bend: float) -> float:
            points = build(replace(pose, **{middle: bend}), origin).points
            return length(sub(points[point], points[root])) - length(sub(target, points[root]))

        bend = 0.0 if reaching(0.0) <= 0 else solve_angle(reaching, 0.0, 170.0)

        def get_root(p: Pose) -> list[float]:
            return list(getattr(p, root)[:2])

        def put_root(p: Pose, a: list[float]) -> Pose:
            return replace(p, **{root: (a[0], a[1], getattr(p, root)[2])})

        current = gauss_newton(replace(current, **{middle: bend}), error, get_root, put_root, 2)
    return current


def gauss_newton(pose: Pose, error, get, put, unknowns: int) -> Pose:
    """Change the first `unknowns` of get(pose)'s angles (Gauss-Newton, at most 20 degrees a
    step) until error(pose), a sequence of numbers, is under 0.05 units or 30 steps have run."""

    def norm(v) -> float:
        return math.sqrt(sum(x * x for x in v))

    def inner(a, b) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    current = pose
    for _ in range(30):
        e = list(error(current))
        if norm(e) < 0.05:
            break
        a = get(current)
        columns = []
        for i in range(unknowns):
            nudged = list(a)
            nudged[i] += 0.5
            columns.append([(x - y) / 0.5 for x, y in zip(error(put(current, nudged)), e, strict=True)])
        # The normal equations J^T J d = -J^T e.
        n = unknowns
        rhs = [-inner(columns[i], e) for i in range(n)]
        if n == 2:
            j00, j01, j11 = (
                inner(columns[0], columns[0]),
                inner(columns[0], columns[1]),
                inner(columns[1], columns[1]),
            )
            det = j00 * j11 - j01 * j01 + 1e-6
            step = [(j11 * rhs[0] - j01 * rhs[1]) / det, (j00 * rhs[1] - j01 * rhs[0]) / det]
        else:
            matrix = [
                [inner(columns[i], columns[j]) + (1e-3 if i == j else 0.0) for j in range(n)]
                for i in range(n)
            ]
            step = solve_linear(matrix, rhs)
        biggest = max(abs(s) for s in step)
        if biggest > 20:
            step = [s * 20 / biggest for s in step]
        current = put(current, [a[i] + (step[i] if i < n else 0.0) for i in range(len(a))])
    return current


def rest_elbow(
    pose: Pose, origin: Vector, side: str, target: Vector, elbow_height: float, elbow_x: float | None = None
) -> Pose:
    """The pose with `side`'s arm reaching target with its wrist while the elbow rests as near
    elbow_height (the floor beside the body) as it can, and near elbow_x along the floor when
    given: a hand laid on the tummy or chest with the elbow down and the forearm across the
    body, not propped up in the air. The shoulder's three angles and the elbow change."""
    shoulder, elbow = f"{side}_shoulder", f"{side}_elbow"

    # The elbow lies beside the trunk, not under it.
    beside = (1.0 if side == "near" else -1.0) * 18.0

    def error(p: Pose) -> list[float]:
        points = build(p, origin).points
        elbow_at = points[f"{side}_elbow"]
        # The hand reaching the body matters more than where the elbow lies: the elbow stays
        # as low as the hand allows.
        low = elbow_at[1] - elbow_height
        e = [*sub(points[f"{side}_wrist"], target), (0.3 if low > 0 else 3.0) * low]
        e.append(0.3 * (elbow_at[2] - origin[2] - beside))
        return e + ([0.6 * (elbow_at[0] - elbow_x)] if elbow_x is not None else [])

    def get(p: Pose) -> list[float]:
        return [*getattr(p, shoulder), getattr(p, elbow)]

    def put(p: Pose, a: list[float]) -> Pose:
        return replace(p, **{shoulder: (a[0], a[1], a[2]), elbow: a[3]})

    return gauss_newton(pose, error, get, put, 4)


def solve_linear(matrix: list[list[float]], rhs: list[float]) -> list[float]:
    """x with matrix · x = rhs (a small, well-conditioned system), by Gaussian elimination."""
    n = len(rhs)
    rows = [list(matrix[i]) + [rhs[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, n):
            k = rows[r][col] / rows[col][col]
            rows[r] = [a - k * b for a, b in zip(rows[r], rows[col], strict=True)]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (rows[r][n] - sum(rows[r][c] * x[c] for c in range(r + 1, n))) / rows[r][r]
    return x


def solve_angle(tilt, low: float, high: float) -> float:
    """The angle in [low, high] where tilt(angle) (smooth, one zero there) is nearest zero,
    by the secant method from the ends, with a few refinements."""
    a, b = low, high
    fa, fb = tilt(a), tilt(b)
    best = min((abs(fa), a), (abs(fb), b))
    for _ in range(8):
        if fb == fa:
            break
        c = max(low, min(high, b - fb * (b - a) / (fb - fa)))
        fc = tilt(c)
        best = min(best, (abs(fc), c))
        a, fa, b, fb = b, fb, c, fc
        if abs(fc) < 0.05:
            break
    return round(best[1], 1)


def level_foot(pose: Pose, origin: Vector, side: str) -> Pose:
    """The pose with `side`'s ankle turned (within -60 to 60 degrees) so that the sole lies
    flat."""

    def tilt(ankle: float) -> float:
        b = build(pose.changed({f"{side}_ankle": ankle}), origin)
        return b.points[f"{side}_toes"][1] - b.points[f"{side}_heel"][1]

    return pose.changed({f"{side}_ankle": solve_angle(tilt, -60, 60)})


def level_hand(pose: Pose, origin: Vector, side: str, fingers: str = "head") -> Pose:
    """The pose with `side`'s wrist bent so that the hand lies flat (level), its fingers
    pointing towards the head's end of the body, or (fingers="feet") towards the feet, as a
    hand resting on the tummy continues its forearm."""
    toward_head = build(pose, origin).frames["pelvis"].up
    if fingers == "feet":
        toward_head = scale(toward_head, -1)

    def tilt(wrist: float) -> float:
        b = build(pose.changed({f"{side}_wrist": wrist}), origin)
        return b.points[f"{side}_hand"][1] - b.points[f"{side}_wrist"][1]

    choices = []
    for low, high in ((-130, 0), (0, 130)):
        wrist = solve_angle(tilt, low, high)
        b = build(pose.changed({f"{side}_wrist": wrist}), origin)
        forwards = dot(sub(b.points[f"{side}_hand"], b.points[f"{side}_wrist"]), toward_head) > 0
        choices.append((not forwards, abs(tilt(wrist)), wrist))
    return pose.changed({f"{side}_wrist": min(choices)[2]})


def levelled(pose: Pose, segment: str, angle: float) -> Pose:
    """The pose with the pelvis turned (in the side view) so that `segment`'s frame points at
    `angle` degrees: lying on the back, the upper back stays flat on the floor (thorax, 180)
    however the pelvis tilts and the low back bends."""
    up = build(pose).frames[segment].up
    current = math.degrees(math.atan2(up[1], up[0]))
    turn = (angle - current + 180) % 360 - 180
    return replace(pose, pelvis=pose.pelvis + turn)
