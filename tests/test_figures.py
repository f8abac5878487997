"""The exercise drawings: made from exercises/content/poses.toml by the generator in tests/figures/
(`make figures`), one per exercise, each moving, small, readable in light and dark, in safe ranges."""

import gzip
import re
from xml.etree import ElementTree

import pytest
from django.utils.html import escape

from exercises.content import read
from exercises.drawings import drawing_key
from tests.figures import drawing, poses, skeleton
from tests.figures.build import FIGURE_DIR, write_figures

from .conftest import pass_safety_check

SVG = "{http://www.w3.org/2000/svg}"
SHIPPED = sorted(FIGURE_DIR.glob("*.svg"))
FIGURES = poses.figures()
CSS = (FIGURE_DIR.parent.parent / "css" / "app.css").read_text(encoding="utf-8")


def content_slugs() -> set[str]:
    return {item["slug"] for item in read("exercises.toml")["exercise"]}


def test_regenerating_the_drawings_reproduces_every_shipped_file(tmp_path):
    written = write_figures(tmp_path)
    assert sorted(path.name for path in written) == [path.name for path in SHIPPED]
    for path in written:
        shipped = FIGURE_DIR / path.name
        assert path.read_bytes() == shipped.read_bytes(), (
            f"{path.name} differs from its poses: run `make figures`"
        )


def test_every_exercise_has_its_poses_and_a_drawing_and_no_drawing_is_orphaned():
    slugs = content_slugs()
    assert set(FIGURES) == slugs
    assert {path.stem for path in SHIPPED} == slugs


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_every_key_pose_renders_and_rests_on_the_floor(slug):
    figure = FIGURES[slug]
    assert len(figure.poses) >= 2 or slug == "light-walking"
    drawing.svg_document(figure)  # raises if the poses' shapes do not match
    for pose, parts in drawing.contacts(figure).items():
        assert not [p for p in parts if "under" in p], f"{slug} {pose}: {parts} go through the floor"
        assert parts, f"{slug} {pose}: nothing touches the floor"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_drawing_moves_in_a_loop_and_holds_still_for_reduced_motion(path):
    text = path.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    groups = {group.get("class"): group for group in root.iter(f"{SVG}g")}
    moving, still = groups["moving"], groups["still"]
    animations = list(moving.iter(f"{SVG}animate"))
    assert any(a.get("attributeName") == "d" for a in animations), "nothing moves"
    for animation in animations:
        assert animation.get("repeatCount") == "indefinite"
        values = animation.get("values").split(";")
        assert len(set(values)) > 1, "an animation that never changes"
        assert values[0] == values[-1], "the loop jumps where it starts again"
        seconds = float(animation.get("dur").rstrip("s"))
        assert 2 <= seconds <= 20, "too quick or too slow to follow"
    # Under reduced motion the moving drawing is hidden and the still one, with nothing
    # animated inside it, is shown instead.
    assert not list(still.iter(f"{SVG}animate"))
    assert list(still.iter(f"{SVG}path"))
    style = root.find(f"{SVG}style").text
    assert ".still{display:none}" in style
    assert "@media(prefers-reduced-motion:reduce){.moving{display:none}.still{display:inline}}" in style


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_colour_changes_in_dark_mode(path):
    style = re.search(r"<style>(.*)</style>", path.read_text(encoding="utf-8")).group(1)
    light, dark = style.split("@media(prefers-color-scheme:dark)")
    light_colours = set(re.findall(r"#[0-9a-f]{3}(?:[0-9a-f]{3})?\b", light))
    dark_colours = set(re.findall(r"#[0-9a-f]{3}(?:[0-9a-f]{3})?\b", dark))
    assert light_colours and dark_colours
    assert not light_colours & dark_colours, "a colour that stays the same on a dark page"


def test_the_gap_around_a_near_limb_is_the_colour_of_the_frame_behind_the_drawing():
    # The pages show each drawing on --surface-2 (static/css/app.css); the gap drawn round a
    # near limb must be that colour, light and dark, or it shows as an outline. (The print
    # colours come after the screen's two.)
    light, dark = re.findall(r"--surface-2: (#[0-9a-f]{6});", CSS)[:2]
    assert drawing.LIGHT["halo"] == light
    assert drawing.DARK["halo"] == dark


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_drawing_is_small_and_fills_a_sixteen_by_ten_frame(path):
    data = path.read_bytes()
    assert len(gzip.compress(data, 9)) <= 2048, f"{path.stem} is over 2 KB compressed"
    _, _, width, height = map(float, re.search(rb'viewBox="([^"]+)"', data).group(1).split())
    assert width / height == pytest.approx(1.6, abs=0.01)


def test_the_drawings_a_routine_loads_fit_the_players_first_load_budget():
    # The player's first load (page, styles, scripts and drawings) must stay under 60 KB
    # compressed; the drawings get at most 10 KB of it, whichever routine is played.
    for routine in read("routines.toml")["routine"]:
        slugs = {step["exercise"] for step in routine["steps"]}
        compressed = sum(len(gzip.compress((FIGURE_DIR / f"{slug}.svg").read_bytes(), 9)) for slug in slugs)
        assert compressed < 10_000, f"{routine['slug']}: {compressed} bytes of drawings"


def test_related_exercises_have_different_drawings():
    pairs = [
        ("knees-to-chest", "single-knee-to-chest"),
        ("glute-bridge", "single-leg-bridge"),
        ("cat-cow", "seated-cat-cow"),
        ("prone-on-elbows", "prone-press-up"),
        ("belly-breathing", "tummy-draw-in"),
        ("belly-breathing", "pelvic-tilt"),
        ("tummy-draw-in", "pelvic-tilt"),
        ("bird-dog", "bird-dog-arm-reach"),
        ("hamstring-stretch-towel", "seated-hamstring-stretch"),
        ("seated-hamstring-stretch", "standing-hamstring-stretch"),
        ("piriformis-stretch", "seated-piriformis-stretch"),
        ("childs-pose", "bottom-to-heels"),
        ("clamshell", "side-lying-rest"),
    ]
    for first, second in pairs:
        still = [
            (FIGURE_DIR / f"{slug}.svg").read_text().split('<g class="still">')[1] for slug in (first, second)
        ]
        assert still[0] != still[1], f"{first} and {second} look the same"


def body_in(slug: str, pose: str) -> skeleton.Body:
    figure = FIGURES[slug]
    return drawing.Placer(figure).place(figure.poses[pose])


def angle_of(vector) -> float:
    import math

    return math.degrees(math.atan2(vector[1], abs(vector[0])))


def test_the_end_ranges_stay_within_what_the_steps_ask():
    # "Go only as high as feels comfortable": the press-up's upper body rises well short of
    # upright, from hips that stay on the mat.
    up = body_in("prone-press-up", "up")
    assert angle_of(skeleton.sub(up.points["neck"], up.points["hip"])) < 40
    assert up.points["hip"][1] < 16
    # Propped on the elbows the chest lifts only a little.
    assert angle_of(skeleton.sub(body_in("prone-on-elbows", "up").points["neck"], up.points["hip"])) < 30
    # "Bend your knees only a little" and "knees above your ankles": a shallow wall sit.
    sit = body_in("wall-sit", "sit")
    assert FIGURES["wall-sit"].poses["sit"].near_knee <= 60
    assert abs(sit.points["near_knee"][0] - sit.points["near_ankle"][0]) < 8
    # The standing back bend is small, and from the low back rather than the upper back.
    back = FIGURES["standing-back-bend"].poses["back"]
    assert -25 <= back.lumbar[0] < back.thorax[0] <= 0
    # "Bottom to heels" moves the bottom a good way back, short of sitting on the heels.
    start, back = body_in("bottom-to-heels", "start"), body_in("bottom-to-heels", "back")
    travel = start.points["hip"][0] - back.points["hip"][0]
    assert 15 < travel < 40
    # The twist turns the upper body no more than is easy, the hips staying square.
    turned = FIGURES["seated-twist"].poses["turned"]
    assert turned.lumbar[2] + turned.thorax[2] <= 60
    assert turned.pelvis == FIGURES["seated-twist"].poses["front"].pelvis
    # The standing hip flexor stretch tucks the pelvis under (a posterior tilt), not a plain lunge.
    stride, tuck = (
        FIGURES["standing-hip-flexor-stretch"].poses["stride"],
        FIGURES["standing-hip-flexor-stretch"].poses["tuck"],
    )
    assert tuck.pelvis - stride.pelvis >= 8


def test_a_pose_that_names_an_unknown_joint_or_pose_is_refused(tmp_path):
    path = tmp_path / "poses.toml"
    path.write_text(
        '[[figure]]\nexercise = "x"\nloop = [{ pose = "a" }]\n[figure.poses.a]\nhipz = 30\n', encoding="utf-8"
    )
    with pytest.raises(poses.PoseError, match="unknown joint 'hipz'"):
        poses.figures(path)
    path.write_text(
        '[[figure]]\nexercise = "x"\nloop = [{ pose = "b" }]\n[figure.poses.a]\nhips = 30\n', encoding="utf-8"
    )
    with pytest.raises(poses.PoseError, match="pose 'b'"):
        poses.figures(path)


def test_poses_whose_shapes_do_not_match_are_refused():
    with pytest.raises(ValueError, match="poses do not match"):
        drawing.check_same_commands(["M0 0L1 1", "M0 0L1 1 2 2"])


def test_each_drawing_has_a_description_for_people_who_cannot_see_it():
    for slug in content_slugs():
        key = drawing_key(f"exercises/figures/{slug}.svg")
        assert key.description.startswith("Seen from "), slug
        assert len(key.description) < 300, slug
    assert drawing_key("exercises/figures/knee-rolls.svg").seen_from == "beside the feet and above"
    assert drawing_key("exercises/figures/glute-bridge.svg").seen_from == ""
    assert drawing_key("exercises/figures/nope.svg") is None


@pytest.mark.django_db
def test_the_exercise_page_describes_its_drawing_and_explains_how_to_read_it(client):
    page = client.get("/exercises/knee-rolls/").content.decode()
    key = drawing_key("exercises/figures/knee-rolls.svg")
    assert f'alt="{key.description}"' in page
    assert "How to read the drawing" in page
    assert "This drawing is seen from beside the feet and above." in page
    assert "The arm and leg nearer to you are dark" in page
    assert "A small blue triangle points at a part that stays where it is." in page
    assert "Three short blue lines at the mouth mean: breathe out." in page
    side = client.get("/exercises/light-walking/").content.decode()
    assert "This drawing is seen from" not in side
    assert "Three short blue lines" not in side


@pytest.mark.django_db
def test_the_player_describes_each_drawing_as_the_exercise_page_does(client):
    pass_safety_check(client)
    page = client.get("/routines/spasm-relief/play/").content.decode()
    for slug in ("constructive-rest", "pelvic-tilt", "side-lying-rest"):
        assert f'alt="{escape(drawing_key(f"exercises/figures/{slug}.svg").description)}"' in page, slug
    # The easier version the player can switch to is described too (heel slides: tummy draw-in).
    core = client.get("/routines/gentle-core/play/").content.decode()
    assert f'alt="{escape(drawing_key("exercises/figures/tummy-draw-in.svg").description)}"' in core
    assert "Line drawing" not in page + core
