"""Read the drawings' poses from exercises/content/poses.toml (its format: SCHEMA.md there)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .drawing import HIGHLIGHT_WIDTH, Arrow, Figure, Highlight, Step, View
from .skeleton import Pose

ROOT = Path(__file__).resolve().parent.parent.parent
POSES = ROOT / "exercises" / "content" / "poses.toml"


class PoseError(ValueError):
    """A poses file that names an unknown joint, posture or pose."""


def read(path: Path = POSES) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def joints_of(table: dict) -> dict:
    return {k: v for k, v in table.items() if k != "from"}


def resolve(name: str, tables: dict, done: dict[str, Pose], where: str, fallback: Pose | None) -> Pose:
    if name in done:
        return done[name]
    if name not in tables:
        raise PoseError(f"{where}: no posture or pose called {name!r}")
    table = tables[name]
    base_name = table.get("from")
    if base_name:
        base = resolve(base_name, tables, done, where, None)
    else:
        base = fallback or Pose()
    try:
        done[name] = base.changed(joints_of(table))
    except ValueError as error:
        raise PoseError(f"{where}, {name}: {error}") from None
    return done[name]


def postures(data: dict) -> dict[str, Pose]:
    tables = data.get("posture", {})
    done: dict[str, Pose] = {}
    for name in tables:
        resolve(name, tables, done, "posture", None)
    return done


def figure_from(table: dict, shared: dict[str, Pose], shared_tables: dict) -> Figure:
    slug = table["exercise"]
    poses: dict[str, Pose] = {}
    previous: Pose | None = None
    for name, pose_table in table["poses"].items():
        base_name = pose_table.get("from")
        if base_name in poses:
            base = poses[base_name]
        elif base_name:
            base = resolve(base_name, shared_tables, dict(shared), slug, None)
        else:
            base = previous or Pose()
        try:
            poses[name] = base.changed(joints_of(pose_table))
        except ValueError as error:
            raise PoseError(f"{slug}, {name}: {error}") from None
        previous = poses[name]
    loop = [
        Step(s["pose"], s.get("move", 0.0), s.get("stay", 0.0), s.get("breath", "")) for s in table["loop"]
    ]
    for step in loop:
        if step.pose not in poses:
            raise PoseError(f"{slug}: the loop names a pose {step.pose!r} it does not have")
    if loop and loop[0].move:
        # The loop starts in its first pose: a move there would be dropped from the drawing but
        # still counted by the breath marks' timing, which then runs past the loop's end.
        raise PoseError(f"{slug}: the loop's first step can't have a move (the loop starts in its pose)")
    view = table.get("view", "side")
    highlights = []
    for h in table.get("highlight", []):
        h = {"region": h} if isinstance(h, str) else h
        highlights.append(
            Highlight(
                h["region"], h.get("side", "near"), tuple(h.get("steps", ())), h.get("width", HIGHLIGHT_WIDTH)
            )
        )
    return Figure(
        slug=slug,
        poses=poses,
        loop=loop,
        view=View() if view == "side" else View(*view),
        scene=[{"kind": s} if isinstance(s, str) else s for s in table.get("scene", [])],
        anchor=table.get("anchor", "hip"),
        planted=tuple(table.get("planted", ())),
        held=tuple(table.get("held", ())),
        slides=tuple(table.get("slides", ())),
        grips=list(table.get("grips", [])),
        level=tuple(table["level"]) if "level" in table else None,
        rests_on=tuple(table.get("rests_on", ())),
        flat_feet=tuple(table.get("flat_feet", ())),
        flat_hands=tuple(table.get("flat_hands", ())),
        **ghost_from(table.get("ghost", "")),
        still=table.get("still", ""),
        highlights=highlights,
        stays=list(table.get("stays", [])),
        squeezes=list(table.get("squeeze", [])),
        links=list(table.get("links", [])),
        route=list(table.get("route", [])),
        hold=dict(table.get("hold", {})),
        arrows=[arrow_from(a) for a in table.get("arrows", [])],
        order=tuple(table.get("order", ())),
        breath_mark=table.get("breath_mark", True),
        breath_gap=table.get("breath_gap", 0.0),
        breath_way=table.get("breath_way"),
        breath_long=table.get("breath_long", False),
        breath_into=table.get("breath_into", ""),
        both_eyes=table.get("both_eyes", False),
        no_halo=list(table.get("no_halo", [])),
        ghost_deep=table.get("ghost_deep", False),
        inset=inset_from(table.get("inset", {})),
        alt=table.get("alt", ""),
    )


def ghost_from(ghost: str | dict) -> dict:
    """A figure's ghost: a pose's name, or `{ pose, parts, steps }` (only those limbs, only
    during those loop steps)."""
    if isinstance(ghost, str):
        return {"ghost": ghost}
    return {
        "ghost": ghost["pose"],
        "ghost_parts": tuple(ghost.get("parts", ())),
        "ghost_steps": tuple(ghost.get("steps", ())),
    }


def inset_from(table: dict) -> dict:
    """A close-up's table, its `arrows` read as the figure's are."""
    inset = dict(table)
    if "arrows" in inset:
        inset["arrows"] = [arrow_from(a) for a in inset["arrows"]]
    return inset


def arrow_from(table: dict) -> Arrow:
    steps = tuple(table.get("steps", ()))
    if "at" in table:
        return Arrow(
            at=table["at"],
            direction=table.get("direction", 270.0),
            length=table.get("length", 16.0),
            gap=table.get("gap", 4.0),
            both_ways=table.get("both_ways", False),
            dx=table.get("dx", 0.0),
            halo=table.get("halo", False),
            steps=steps,
            under=table.get("under", ""),
            through=tuple(tuple(p) for p in table.get("through", ())),
            pose=table.get("pose", ""),
        )
    if "around" in table:
        return Arrow(
            around=table["around"],
            radius=table.get("radius", 20.0),
            angles=tuple(table["angles"]),
            squash=table.get("squash", 1.0),
            both_ways=table.get("both_ways", False),
            steps=steps,
        )
    return Arrow(
        table["point"],
        table["from"],
        table["to"],
        table.get("bend", 0.0),
        table.get("both_ways", False),
        table.get("trim", 0.12),
        steps=steps,
        via=table.get("via", ""),
        under=table.get("under", ""),
    )


def figures(path: Path = POSES) -> dict[str, Figure]:
    """Every figure in the poses file, by exercise slug. Raises PoseError for a pose that
    names an unknown joint, posture or pose."""
    data = read(path)
    shared = postures(data)
    return {t["exercise"]: figure_from(t, shared, data.get("posture", {})) for t in data.get("figure", [])}
