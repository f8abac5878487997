"""The exercise drawings: made from exercises/content/poses.toml by the generator in tests/figures/
(`make figures`), one per exercise, each moving, small, readable in light and dark, in safe ranges."""

import gzip
import math
import re
from xml.etree import ElementTree

import pytest
from django.utils.html import escape

from exercises.content import read
from exercises.drawings import drawing_key
from tests.figures import drawing, poses, skeleton
from tests.figures.build import FIGURE_DIR, write_figures
from tests.figures.review import page_keys

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
    # The player's first load (page, styles, scripts and drawings) must stay under 62 KB
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
    return math.degrees(math.atan2(vector[1], abs(vector[0])))


def test_the_end_ranges_stay_within_what_the_steps_ask():
    # "Go only as high as feels comfortable": the press-up's upper body rises well short of
    # upright, from hips that stay on the mat.
    up = body_in("prone-press-up", "up")
    assert angle_of(skeleton.sub(up.points["neck"], up.points["hip"])) < 40
    assert up.points["hip"][1] < 16
    # The middle range. Round 25 saw "a big push to nearly straight arms" at the top ("your
    # elbows can stay bent"); side-by-side 110's modest press, the elbow near a right angle,
    # was read in blind rounds 29 and 30 as "the arms never straighten ... almost the same as
    # propped on elbows". So the arms visibly straighten part way: the chest higher than 110's
    # (about 28 degrees) and short of round 25's top, the elbow well open but not locked.
    assert 33 < angle_of(skeleton.sub(up.points["neck"], up.points["hip"])) < 39
    elbow = up.points["near_elbow"]
    upper, fore = (
        skeleton.sub(up.points["near_shoulder"], elbow),
        skeleton.sub(up.points["near_wrist"], elbow),
    )
    bend = math.degrees(math.atan2(upper[1], upper[0]) - math.atan2(fore[1], fore[0]))
    assert 120 < bend < 150
    # Propped on the elbows the chest lifts only a little.
    assert angle_of(skeleton.sub(body_in("prone-on-elbows", "up").points["neck"], up.points["hip"])) < 30
    # "Bend your knees only a little" and "knees above your ankles": a shallow wall sit.
    # Thighs 40 to 45 degrees below level read as more than "a little" to a reviewer.
    sit = body_in("wall-sit", "sit")
    assert FIGURES["wall-sit"].poses["sit"].near_knee <= 45
    assert angle_of(skeleton.sub(sit.points["near_hip"], sit.points["near_knee"])) >= 50
    assert abs(sit.points["near_knee"][0] - sit.points["near_ankle"][0]) < 8
    # "Straighten one leg in line with the other thigh": at the top of the single-leg bridge
    # the lifted leg stays in line (side-by-side 58 saw it 36 degrees higher than the thigh).
    # Rounds 31 and 32: "45 degrees up in frame 2, in line with the thigh in frame 3, so it is
    # unclear where it should be": the straight leg keeps one low slope, its foot a little off
    # the mat before the lift and in line with the other thigh at the top.
    # Round 38: the far (grey) leg straightens, the near (dark) foot stays planted in view.
    bridge, leg = body_in("single-leg-bridge", "up"), body_in("single-leg-bridge", "leg")
    near_thigh = angle_of(skeleton.sub(bridge.points["near_knee"], bridge.points["near_hip"]))
    far_leg = angle_of(skeleton.sub(bridge.points["far_ankle"], bridge.points["far_hip"]))
    assert abs(far_leg - near_thigh) < 6
    before = angle_of(skeleton.sub(leg.points["far_ankle"], leg.points["far_hip"]))
    assert abs(before - far_leg) < 12
    # Tense and let go lies with a pillow under the knees and the heels resting on the mat
    # (side-by-side 68 saw "the feet float slightly above the mat").
    assert body_in("body-scan-relax", "rest").points["near_heel"][1] < skeleton.ANKLE_HEIGHT + 1.5
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


def test_propped_on_elbows_and_the_press_up_are_told_apart_by_the_arms():
    # Round 17b's blind reviewer swapped these two. Propped on the elbows, the forearm lies flat
    # on the mat from elbow to wrist in both poses, the elbow under the shoulder when up; in the
    # press-up only the hand is down: the elbow is well off the mat and the forearm rises steeply
    # from the planted hand, so it reads as an arm pushing, not a forearm resting.
    for pose in ("flat", "up"):
        points = body_in("prone-on-elbows", pose).points
        assert points["near_elbow"][1] < 6 and points["near_wrist"][1] < 6, pose
    points = body_in("prone-on-elbows", "up").points
    assert abs(points["near_elbow"][0] - points["near_shoulder"][0]) < 8
    points = body_in("prone-press-up", "up").points
    assert points["near_elbow"][1] > 15
    assert angle_of(skeleton.sub(points["near_elbow"], points["near_wrist"])) > 40


def test_a_pose_that_names_an_unknown_joint_or_pose_or_starts_with_a_move_is_refused(tmp_path):
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
    path.write_text(
        '[[figure]]\nexercise = "x"\nloop = [{ pose = "a", move = 1, breath = "in" }]\n[figure.poses.a]\nhips = 30\n',
        encoding="utf-8",
    )
    with pytest.raises(poses.PoseError, match="first step can't have a move"):
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
    assert "closing in on the nose, the middle one an arrow, mean: breathe in." in page
    side = client.get("/exercises/light-walking/").content.decode()
    assert "This drawing is seen from" not in side
    assert "Three short blue lines" not in side
    assert "arrowheads pointing in" not in side
    scan = client.get("/exercises/body-scan-relax/").content.decode()
    assert (
        "Small blue arrowheads pointing in at a part mean: tighten it gently; pointing out: let it go."
        in scan
    )
    # The marks only two drawings use are explained where they are used, and only there.
    bird = client.get("/exercises/bird-dog/").content.decode()
    figure_4 = client.get("/exercises/piriformis-stretch/").content.decode()
    assert "A dashed blue line joins the hand and the foot that move together." in bird
    assert "A circle shows a close-up from another side; a blue ring marks where one part rests" in figure_4
    assert "dashed" not in page + figure_4 and "A circle shows" not in page + bird
    # The pelvic tilt's close-up is from the same side and has no ring: its key says so.
    tilt = client.get("/exercises/pelvic-tilt/").content.decode()
    assert "A circle shows part of the body close up and larger, from the same side." in tilt
    assert "from another side" not in tilt and "close up and larger" not in figure_4
    # The single-leg bridge has no dashed line across the hips (rounds 31 and 32: "looks like a
    # stick lying across the body"), so its key does not explain one.
    bridge = client.get("/exercises/single-leg-bridge/").content.decode()
    assert "across the hips" not in bridge + bird
    assert "joins the hand and the foot" not in bridge
    # Crocodile breathing's breath-in lines over the back are the breath going in, not a lift
    # (round 23: "the upward arrow with two side lines over the lower back is not explained").
    # Soft wavy lines, not the breath-in mark's arrow (round 32: it "looks like an upward arrow").
    crocodile = client.get("/exercises/crocodile-breathing/").content.decode()
    assert "Soft wavy lines over the back mean: let the breath go into your back" in crocodile
    assert "wavy lines" not in page + bridge
    # The body scan's dotted arrow along the body gives the order, feet up to the head.
    assert "A dotted blue arrow along the body shows the order" in scan
    assert "dotted blue arrow" not in page + bird + bridge
    # The hip flexor stretch's band across the hips (side-by-side 103 and rounds 25 and 26: "a
    # taupe bar ... no line in the key explains it", "could be taken for a stick or a belt").
    hip_flexor = client.get("/exercises/standing-hip-flexor-stretch/").content.decode()
    band = "A band across the hips shows how your pelvis tips; the pale band is where it started."
    assert band in hip_flexor
    # The pelvic tilt's band rocks with its pelvis too (round 31: "there is no pelvis band, so
    # the rocking of the pelvis isn't shown").
    assert band in tilt
    assert "band across the hips" not in page + bridge + scan
    # The towel hamstring stretch's green band (round 32: "the key does not say what the green line
    # is ... people may not realise they need a towel or belt, or how to hold it").
    towel = client.get("/exercises/hamstring-stretch-towel/").content.decode()
    held = "The green band is a towel or a belt looped round your foot; hold one end in each hand."
    assert held in towel
    assert "green band" not in page + hip_flexor + bridge + scan
    # The wall sit's stopwatch filling through the hold (rounds 28 to 36 read a slide up and down,
    # not a held sit).
    wall = client.get("/exercises/wall-sit/").content.decode()
    stopwatch = "A small blue stopwatch filling up means: hold this position still and keep breathing."
    assert stopwatch in wall
    assert "stopwatch" not in page + towel + bridge + scan
    # A cushion drawn in the scene (rounds 41 and 42: child's pose's "towel roll's purpose is
    # never explained (the key doesn't mention it)"; could be "a kneeling pad or a chest bolster").
    child = client.get("/exercises/childs-pose/").content.decode()
    cushion = "A pale rounded pad is a cushion or a folded towel; put one where it is drawn."
    for with_one in (child, scan, client.get("/exercises/side-lying-rest/").content.decode()):
        assert cushion in with_one
    assert "pale rounded pad" not in page + towel + bridge + wall


@pytest.mark.django_db
def test_a_mark_drawn_only_in_a_close_up_is_explained_on_the_page_too(client):
    # Round 37: the pelvic tilt's tighten arrowheads, drawn in its circle alone, were "not
    # explained in this drawing's key".
    page = " ".join(client.get("/exercises/pelvic-tilt/").content.decode().split())
    assert (
        escape(
            "Small blue arrowheads pointing in at a part mean: tighten it gently; pointing out: let it go."
        )
        in page
    )
    # The mark's field on the figure, its name in a close-up, and its line in the key.
    lines = {
        ("squeezes", "squeeze"): "Small blue arrowheads pointing in",
        ("stays", "stays"): "A small blue triangle points at a part",
        ("arrows", "arrows"): "Blue arrows show which way to move",
    }
    for slug, figure in FIGURES.items():
        drawn = {(main, close) for main, close in lines if getattr(figure, main) or figure.inset.get(close)}
        shown = " ".join(client.get(f"/exercises/{slug}/").content.decode().split())
        for mark in drawn:
            assert escape(lines[mark]) in shown, (slug, mark)


@pytest.mark.django_db
def test_a_blind_review_pack_gives_each_drawing_the_key_its_exercise_page_shows(client):
    # From round 11 the reviewer reads the key beside each image, as a person on the page can.
    keys = page_keys(["knee-rolls", "light-walking"])
    page = client.get("/exercises/knee-rolls/").content.decode()
    assert "This drawing is seen from beside the feet and above." in keys["knee-rolls"]
    assert "A small blue triangle points at a part that stays where it is." in keys["knee-rolls"]
    for line in keys["knee-rolls"]:
        assert escape(line) in " ".join(page.split()), line
    assert not any("seen from" in line or "triangle" in line for line in keys["light-walking"])


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


# ---- What the first blind review found, kept as kinds (tests/figures/review.py runs a round) ----


def loop_bodies(slug: str):
    """The figure, its placer and the placed body of every frame of its loop."""
    figure = FIGURES[slug]
    placer = drawing.Placer(figure)
    return figure, placer, [placer.place(frame.pose) for frame in drawing.frames_for(figure)]


def lowest_edge(shape) -> float:
    return min(point[1] - shape.width / 2 for point in drawing.extent_points(shape))


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_no_part_of_the_body_sinks_into_the_floor_at_any_moment(slug):
    # Propped on elbows once swept the arms through the mat on the way up; threading the
    # needle pushed the hand through it. The mat is 5 units thick: 2.5 is half of it.
    figure, _, bodies = loop_bodies(slug)
    for body in bodies:
        for part, shape in drawing.all_shapes(body, not figure.view.is_side).items():
            if not part.endswith("eye"):
                assert lowest_edge(shape) > -2.5, f"{slug}: {part} goes through the floor"


# A leg kneels when, in the loop's first pose, its knee rests on the mat below a hip held well
# above it. Bird dog's far leg reaches back off the mat on purpose.
LIFTED_LEGS = {"bird-dog": {"near"}}
KNEE_RESTING = 6.5  # a knee's centre, resting on the mat, is this far up (an ankle a little less)
KNEE_ON_MAT = KNEE_RESTING + 2.5  # the first pose's knee counts as kneeling below this


def kneeling_legs(slug: str) -> list[str]:
    figure = FIGURES[slug]
    body = drawing.Placer(figure).place(figure.poses[figure.loop[0].pose])
    return [
        side
        for side in ("near", "far")
        if body.points[f"{side}_knee"][1] < KNEE_ON_MAT
        and body.points["hip"][1] > body.points[f"{side}_knee"][1] + 20
        and side not in LIFTED_LEGS.get(slug, ())
    ]


KNEELING = sorted(slug for slug in FIGURES if kneeling_legs(slug))


def test_the_kneeling_drawings_are_the_ones_on_hands_and_knees():
    assert set(KNEELING) >= {
        "childs-pose",
        "cat-cow",
        "bird-dog",
        "bird-dog-arm-reach",
        "thread-the-needle",
        "bottom-to-heels",
    }


@pytest.mark.parametrize("slug", KNEELING)
def test_kneeling_knees_and_shins_lie_on_the_mat_at_every_moment(slug):
    # Child's pose's folded shins floated about 45 px above the mat in the held position
    # (first-look 10) and bottom to heels lifted its knees as it rocked back: a newcomer could
    # copy legs held up. Every frame is checked; the drawing blends points in straight lines
    # between frames, so the review's four moments (and every other) lie between two of them.
    _, _, bodies = loop_bodies(slug)
    for index, body in enumerate(bodies):
        for side in kneeling_legs(slug):
            for joint in ("knee", "ankle"):
                height = body.points[f"{side}_{joint}"][1]
                assert height < KNEE_RESTING + 1.5, f"{slug} frame {index}: {side} {joint} {height:.1f} up"


def lying_on_the_front() -> list[tuple[str, str]]:
    """(slug, pose) of every pose lying flat on the front: one that starts from the
    "lying-front" posture (itself, or through the poses before it) with the back not arched
    up off the mat (a press-up's or the elbows' raised pose is left out)."""
    out = []
    for table in poses.read()["figure"]:
        slug, start, previous = table["exercise"], {}, None
        for name, pose_table in table["poses"].items():
            base = pose_table.get("from", previous)
            start[name] = start.get(base, base)
            previous = name
            pose = FIGURES[slug].poses[name]
            if start[name] == "lying-front" and pose.lumbar[0] > -5 and pose.thorax[0] > -5:
                out.append((slug, name))
    return out


@pytest.mark.parametrize("slug, pose", lying_on_the_front(), ids=lambda value: value)
def test_lying_on_the_front_the_trunk_and_thighs_lie_on_the_mat(slug, pose):
    # Crocodile breathing's body once floated 6 to 10 units above the mat on the tip of a
    # forearm, which read as propping up on an elbow, against "the tummy presses into the
    # floor"; the elbows' and press-up's thighs sat 3 units up. Lying on the front, the chest,
    # the tummy, the front of the pelvis and the thighs touch the mat, within two units.
    body = body_in(slug, pose)
    outline = drawing.smooth_samples(drawing.torso_outline(body))
    for part, indexes in (("chest", (6, 7)), ("tummy", (8,)), ("front of the pelvis", (9,))):
        bottom = min(outline[4 * i + k][1] for i in indexes for k in range(4)) - 1.0
        assert -2.5 < bottom < 2, f"{slug} {pose}: the {part} is {bottom:.1f} above the mat"
    shapes = drawing.all_shapes(body)
    for side in ("near", "far"):
        bottom = lowest_edge(shapes[f"{side}.thigh"])
        assert -2.5 < bottom < 2, f"{slug} {pose}: the {side} thigh is {bottom:.1f} above the mat"
    assert len(lying_on_the_front()) >= 4  # crocodile's two, the elbows' and press-up's flat


def test_crocodile_breathing_rests_the_forehead_on_hands_and_forearms_lying_flat():
    # Not propped: the elbows are down on the mat, the hands lie stacked under the head (the far
    # one on the mat, the near one on it: one bent arm read as "cheek or chin on one forearm")
    # and the face is down, resting on them, not held up above them.
    for pose in ("out", "in"):
        body = body_in("crocodile-breathing", pose)
        points = body.points
        head = list(drawing.extent_points(drawing.all_shapes(body)["trunk.head"]))
        # The hands are stacked: the far one flat on the mat, the near one lying on it.
        assert points["far_wrist"][1] < 6 and points["near_wrist"][1] < 6 + drawing.WIDTHS["hand"], pose
        for side in ("near", "far"):
            assert points[f"{side}_elbow"][1] < 6, (pose, side)
            # The lower hand reaches a little past the forehead, so that it shows under the other.
            assert min(p[0] for p in head) < points[f"{side}_wrist"][0] < max(p[0] for p in head) + 3
            hand_top = points[f"{side}_wrist"][1] + drawing.WIDTHS["hand"] / 2
            assert min(p[1] for p in head) - 1 < hand_top, (pose, side)


@pytest.mark.parametrize(
    "slug", sorted(s for s, f in FIGURES.items() if any(i.get("kind") == "chair" for i in f.scene))
)
def test_what_rests_on_a_chair_touches_its_seat(slug):
    # The calves on the chair in the rest position floated above the seat (round 13b), so a
    # newcomer could read the legs as held up. The seat's top reaches what rests on it.
    figure, _, bodies = loop_bodies(slug)
    [chair] = [item for item in figure.scene if item["kind"] == "chair"]
    shapes = drawing.all_shapes(bodies[0], not figure.view.is_side)
    resting = min(lowest_edge(shapes[name]) for name in chair["on"])
    assert drawing.seat_top(bodies[0], chair) >= resting, slug


@pytest.mark.parametrize(
    "slug", sorted(s for s, f in FIGURES.items() if any(i.get("kind") == "rail" for i in f.scene))
)
def test_a_rail_held_for_balance_is_held_by_the_near_hand_at_every_moment(slug):
    # Round 36 on the standing hamstring stretch: the hand on the support was "the faint grey far
    # arm, easy to miss", a real balance risk on one leg. The dark near hand holds the rail, kept
    # where the first pose puts it, its middle on the bar at every moment.
    figure, _, bodies = loop_bodies(slug)
    [rail] = [item for item in figure.scene if item["kind"] == "rail"]
    assert rail["hand"].startswith("near_") and rail["hand"] in figure.held
    start = bodies[0].points[rail["hand"]]
    for body in bodies:
        assert math.dist(body.points[rail["hand"]], start) < 0.5


def test_the_side_plank_rests_on_a_forearm_lying_flat_across_the_picture():
    # The supporting forearm pointed at the viewer: drawn short and straight down from the elbow,
    # it read as a straight arm running below the mat. It lies on the mat at every moment, and
    # the drawing shows most of its length.
    figure, _, bodies = loop_bodies("side-plank-knees")
    for body in bodies:
        elbow, wrist = body.points["near_elbow"], body.points["near_wrist"]
        assert elbow[1] < 6 and wrist[1] < 6
        x0, x1 = figure.view.project(elbow)[0], figure.view.project(wrist)[0]
        assert abs(x1 - x0) > 0.7 * skeleton.FOREARM


def value_at(times: list[float], values: list[float], t: float) -> float:
    """A keyframed value (an opacity, say) at time t (seconds), linear between keyframes; 0 outside."""
    for t0, t1, v0, v1 in zip(times, times[1:], values, values[1:], strict=False):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0) if t1 > t0 else v1
    return 0.0


def pose_held_at(figure, fraction: float) -> str:
    """The key pose the loop holds still at this fraction of it, or "" if it is moving then."""
    frames = drawing.frames_for(figure)
    time = fraction * frames[-1].time
    for before, after in zip(frames, frames[1:], strict=False):
        if before.time <= time <= after.time:
            if before.pose != after.pose:
                return ""
            return next(name for name, pose in figure.poses.items() if pose == after.pose)
    return ""


def test_the_side_plank_shows_the_hips_down_then_up_at_the_reviews_moments_with_the_feet_on_the_mat():
    # Round 7: "the first frame already looks half-lifted", and seen from straight in front and
    # well above, the shins going back to the feet stood up like legs lifted off the mat. The
    # reviews' moments show down, up, up, down; the drawing is turned a little towards the feet,
    # so the shins run back across the mat, and every foot lies inside the mat's outline.
    figure, _, bodies = loop_bodies("side-plank-knees")
    moments = [pose_held_at(figure, fraction) for fraction in (1 / 8, 3 / 8, 5 / 8, 7 / 8)]
    assert moments == ["down", "up", "up", "down"]
    scenery, corners = drawing.scenery_for(figure, bodies[0], bodies)
    mat = corners[:4]
    assert 'class="mq"' in scenery[0]

    def inside(point) -> bool:
        signs = set()
        for (x0, y0), (x1, y1) in zip(mat, mat[1:] + mat[:1], strict=True):
            signs.add((x1 - x0) * (point[1] - y0) - (y1 - y0) * (point[0] - x0) > 0)
        return len(signs) == 1

    for body in bodies:
        for side in ("near", "far"):
            ankle, knee = body.points[f"{side}_ankle"], body.points[f"{side}_knee"]
            assert ankle[2] < knee[2] - 30  # the feet behind the knees
            # The bottom foot lies on the mat. Seen from in front and low (side-lying rest's view,
            # rounds 31 and 32: from above it read as lying on the back), the mat is nearly edge-on,
            # so the top foot, resting on the bottom one, stands above the mat's back edge.
            for part in ("heel", "toes"):
                point = figure.view.project(body.points[f"{side}_{part}"])[:2]
                if side == "near":
                    assert inside(point), side
                else:
                    below = figure.view.project(body.points[f"near_{part}"])[:2]
                    assert abs(point[0] - below[0]) < 12 and below[1] - 20 < point[1] < below[1], side
            # Behind the knee in the picture too: the shin runs sideways, not straight up.
            (kx, ky), (ax, ay) = (figure.view.project(p)[:2] for p in (knee, ankle))
            assert abs(ax - kx) > abs(ky - ay)
    # Round 11 and side-by-side 16: the lift between the first two moments was too small to
    # see, and the held pose sagged. The hips start resting on the mat and lift well clear of it
    # (main's drawing lifted them 11 units) into one straight line from knee to shoulder.
    placer = drawing.Placer(figure)
    down, up = (placer.place(figure.poses[name]) for name in ("down", "up"))
    trunk = [shape for name, shape in drawing.all_shapes(down, True).items() if name.startswith("trunk")]
    assert min(lowest_edge(shape) for shape in trunk) < 2.5  # the hips rest on the mat
    assert up.points["hip"][1] - down.points["hip"][1] > 14
    knee, hip, shoulder = (up.points[n] for n in ("near_knee", "near_hip", "near_shoulder"))
    along = (hip[0] - knee[0]) / (shoulder[0] - knee[0])
    assert abs(knee[1] + along * (shoulder[1] - knee[1]) - hip[1]) < 3  # one straight line


def test_the_side_plank_keeps_the_elbow_under_the_shoulder():
    figure, _, bodies = loop_bodies("side-plank-knees")
    for body in bodies:
        shoulder, elbow = body.points["near_shoulder"], body.points["near_elbow"]
        assert math.dist((shoulder[0], shoulder[2]), (elbow[0], elbow[2])) < 4


def test_the_side_plank_marks_the_elbow_and_breathes_on_through_the_hold():
    # Round 20: "you can't tell where the elbow and forearm go from this view, and there are no
    # breathing marks". A triangle on the mat under the elbow says it stays there, and the
    # forearm lies the same way, forward from the elbow, at every moment (main's turned between
    # the poses). The steps say to keep breathing steadily: the held pose shows a breath out at
    # three eighths and a breath in at five, the marks clear of the head; the still one breathes out.
    # Side-by-side 113: the breath out "floats above the crown, not at the mouth" (the face turned
    # to you points its own way out of the picture): the marks sit beside the face, level with
    # its lower half, none of them above the head's middle.
    figure, placer, bodies = loop_bodies("side-plank-knees")
    frames = drawing.frames_for(figure)
    assert any(mark["point"] == "near_elbow" and "below" in mark for mark in figure.stays)
    directions = []
    for body in bodies:
        elbow, wrist = body.points["near_elbow"], body.points["near_wrist"]
        directions.append(math.degrees(math.atan2(wrist[0] - elbow[0], wrist[2] - elbow[2])))
        assert wrist[2] - elbow[2] > 0.8 * skeleton.FOREARM  # pointing forward, towards you
    assert max(directions) - min(directions) < 3
    duration = frames[-1].time
    for fraction, kind in ((3 / 8, "out"), (5 / 8, "in")):
        times, values = drawing.breath_timing(figure, kind)
        assert value_at(times, values, fraction * duration) == 1, kind
    assert figure.loop[next(i for i, s in enumerate(figure.loop) if s.pose == figure.still)].breath == "out"
    up = placer.place(figure.poses["up"])
    for body, shape in ((up, drawing.breath_shape), (up, drawing.breath_in_shape)):
        head = figure.view.project(body.points["head"])
        d = shape(body, figure.view, gap=figure.breath_gap, way=figure.breath_way)
        points = [tuple(map(float, p.split())) for p in re.findall(r"[ML]([-\d.]+ [-\d.]+)", d)]
        assert min(math.dist(head[:2], p) for p in points) > skeleton.HEAD_RADIUS + 4
        assert all(x < head[0] - skeleton.HEAD_RADIUS and head[1] - 1 < y < head[1] + 15 for x, y in points)


def test_the_side_plank_draws_in_the_tummy_at_the_waist_not_the_hip():
    # Side-by-side 113: the arrowheads in "sit at the hip crease, so they may be read as squeeze
    # your hip rather than draw in your tummy". They lie on the trunk, well up from the hip, where
    # the body is at each moment that shows them (so they move up with it), rimmed in the page's
    # tone so they show on the dark body.
    figure = FIGURES["side-plank-knees"]
    placer = drawing.Placer(figure)
    assert {figure.loop[m["steps"][0]].pose for m in figure.squeezes} == {"down", "up"}
    for mark in figure.squeezes:
        assert mark.get("halo") and not mark.get("out")
        body = placer.place(figure.poses[figure.loop[mark["steps"][0]].pose])
        d = drawing.squeeze_path(figure, placer, mark)
        points = [tuple(map(float, p.split())) for p in re.findall(r"([-\d.]+ [-\d.]+)", d)]
        centre = (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))
        hip = figure.view.project(body.points["hip"])[:2]
        neck = figure.view.project(body.points["neck"])[:2]
        assert math.dist(centre, hip) > 25
        assert math.dist(centre, hip) < math.dist(neck, hip)  # on the trunk, below the neck


@pytest.mark.parametrize("slug", ["side-lying-rest", "side-plank-knees"])
def test_lying_on_one_side_the_face_turned_to_you_shows_both_eyes(slug):
    # Round 7 read the side-lying rest as lying face down: one eye in a round head is a profile.
    # Two eyes one above the other are a face turned to you, the head on its side.
    figure, _, bodies = loop_bodies(slug)
    for body in bodies:
        eyes = drawing.visible_eyes(figure, body)
        assert eyes == ["near_eye", "far_eye"]
        upper, lower = (
            figure.view.project(drawing.trunk_shapes(body, False)[eye].points[0])[1] for eye in eyes
        )
        assert abs(upper - lower) > 5  # one above the other
    # Figures that do not ask for it keep one eye, in profile.
    upright = FIGURES["shoulder-rolls"]
    assert not upright.both_eyes
    assert drawing.visible_eyes(upright, body_in("shoulder-rolls", "rest")) == ["near_eye"]
    # Rounds 10-11 read the standing side stretch's profile face as a forward lean: seen from
    # the front, it looks at you with both eyes, standing tall and leaning.
    stretch = FIGURES["standing-side-stretch"]
    for pose in ("tall", "lean"):
        assert drawing.visible_eyes(stretch, body_in("standing-side-stretch", pose)) == [
            "near_eye",
            "far_eye",
        ]


def test_the_side_lying_rest_holds_a_pillow_touching_both_knees_with_the_top_leg_level():
    # Round 7: "the bent top leg draped over a round shape" read as lying face down over a
    # pillow. The pillow lies between the knees, touching both, and carries on past them so it
    # shows as a cushion of its own; the top thigh lies level on it, the top foot on the other.
    figure = FIGURES["side-lying-rest"]
    body = drawing.Placer(figure).place(figure.poses[figure.still])
    p = body.points
    _, outline, (end, back), _ = next(a for a in drawing.attached_shapes(figure, body) if a[0] == "p")
    radius = (outline - 3) / 2  # the outline is 3 wider than the pillow
    for side in ("near", "far"):
        knee = p[f"{side}_knee"]
        axis = skeleton.sub(back, end)
        u = skeleton.dot(skeleton.sub(knee, end), axis) / skeleton.dot(axis, axis)
        closest = skeleton.add(end, skeleton.scale(axis, u))
        assert math.dist(knee, closest) < radius + drawing.WIDTHS["thigh"] / 2, side
        assert u > 0.1, side  # the pillow reaches on past the knees
    assert p["far_knee"][1] - p["near_knee"][1] > 2 * radius - 4  # as far apart as it is thick
    assert abs(p["far_knee"][1] - p["far_hip"][1]) < 8
    assert p["far_ankle"][1] - p["near_ankle"][1] < drawing.WIDTHS["shin"] + 1


def test_childs_pose_stops_short_of_the_heels_with_the_forehead_on_a_cushion():
    # Round 35: "it shows the full depth: bottom on the heels, forehead on the floor ... stiff
    # older knees and hips would be pushed too far". The steps: "only as far as is comfortable",
    # "rest your forehead on the mat, or on a folded towel or cushion". The hips sit back past
    # the bottom-to-heels rock's, the thighs still well clear of the shins, the head lower than
    # the rock's and resting on a cushion that lies on the mat under it.
    figure = FIGURES["childs-pose"]
    rest, rock = body_in("childs-pose", "rest"), body_in("bottom-to-heels", "back")
    heel = rest.points["near_heel"][1]
    assert rest.points["hip"][1] - heel > 14
    assert figure.poses["rest"].near_knee <= 155
    assert rest.points["hip"][0] < rock.points["hip"][0]
    assert rest.points["head"][1] < rock.points["head"][1] - 15
    pillow = next(item for item in figure.scene if item["kind"] == "pillow")
    assert pillow["pose"] == figure.still == "rest"
    height = rest.points[pillow["under"]][1] - pillow["below"]
    top = height + pillow["edge"]
    forehead = min(drawing.head_outline(rest), key=lambda point: point[1])
    # Rounds 41 and 44: "the head ends just above it", "the head never touches it": level with
    # the outline, the gap drawn round the body read as air. The cushion rises into that gap.
    assert drawing.HALO / 2 <= top - forehead[1] <= drawing.HALO / 2 + 0.5
    centre = rest.points[pillow["under"]][0] + pillow.get("dx", 0)
    assert abs(forehead[0] - centre) < pillow["width"] / 2 - height / 2
    # Side-by-side 166: "the arms stay straight and propped ... the chest stays well above the
    # thighs; a newcomer would hold themselves up instead of resting". The chest lowers to the
    # hips' height and the arms lie long and low to the mat, the head drawn over the near arm.
    shoulder, wrist = rest.points["near_shoulder"], rest.points["near_wrist"]
    assert shoulder[1] < rest.points["hip"][1] + 3
    assert angle_of(skeleton.sub(shoulder, wrist)) < 30
    assert figure.order.index("trunk") > figure.order.index("near arm")


def test_the_piriformis_stretches_show_the_ankle_resting_on_the_other_knee_in_a_figure_4():
    # Lying, both read as knees to chest, seated as an ordinary leg cross: the crossed ankle rests
    # on the other thigh by its knee at every moment of the loop, and in the picture the crossed
    # knee stands well apart from that knee, so the legs make an open triangle rather than one line.
    # Lying, a hand that should hold behind the thigh lay out on the mat instead. Lying, the loop
    # now starts with both feet flat, as the steps do, so the ankle rests once it has crossed.
    for slug in ("piriformis-stretch", "seated-piriformis-stretch"):
        figure, _, bodies = loop_bodies(slug)
        still = drawing.Placer(figure).place(figure.poses[figure.still])
        crossed = min(
            ("near", "far"),
            key=lambda side: math.dist(
                still.points[f"{side}_ankle"], still.points[f"{'far' if side == 'near' else 'near'}_knee"]
            ),
        )
        other = "far" if crossed == "near" else "near"
        for body in [*bodies, still]:
            if getattr(body.pose, f"{crossed}_cross") < 1:
                continue  # both feet flat, before the ankle crosses onto the knee
            p = body.points
            hip, knee, ankle = p[f"{other}_hip"], p[f"{other}_knee"], p[f"{crossed}_ankle"]
            along = skeleton.sub(knee, hip)
            share = skeleton.dot(skeleton.sub(ankle, hip), along) / skeleton.dot(along, along)
            on_axis = skeleton.add(hip, skeleton.scale(along, share))
            assert 0.65 < share < 1.05, f"{slug}: the ankle is not by the other knee"
            # Resting on the thigh: shin and thigh touch, neither apart nor through each other.
            rest = (drawing.WIDTHS["thigh"] + drawing.WIDTHS["shin"]) / 2
            assert abs(math.dist(ankle, on_axis) - rest) < 2, f"{slug}: the ankle does not rest on the thigh"
        crossed_knee, other_knee = (
            figure.view.project(still.points[f"{side}_knee"])[:2] for side in (crossed, other)
        )
        assert math.dist(crossed_knee, other_knee) > 0.5 * skeleton.SHIN, slug
        # The hands hold the leg where the figure says, not short of it with the arm out.
        for grip in figure.grips:
            if grip["hand"].endswith("wrist"):
                reach = math.dist(still.points[grip["hand"]], drawing.grip_target(still, grip))
                assert reach < drawing.WIDTHS["hand"] / 2, f"{slug}: the {grip['hand']} is short of the leg"


def test_a_belt_is_a_gap_across_the_pelvis_unless_drawn_in_the_props_colour():
    # Round 17: the belt drawn as a gap, the colour of the white gaps round the near limbs, went
    # unnoticed, so the pelvis tilting it shows was missed. `css = "p"` draws it in the props'
    # colour (dark mode has its own), a belt of its own; without it the belt stays a gap.
    # Rounds 20 to 22 found the hip flexor stretch's tuck, shown only in its close-up, "too
    # abstract" on a phone: its belt is drawn on the main figure again (over the hanging arm) and
    # in the close-up, in the props' colour, each with a pale belt held at the start's tilt
    # (`tilt`, drawn in the ghost's colour) that the tipping belt is seen leaving.
    figure = FIGURES["standing-hip-flexor-stretch"]
    placer = drawing.Placer(figure)
    stride, tuck = (placer.place(figure.poses[name]) for name in ("stride", "tuck"))
    belts = [item for item in figure.scene if item["kind"] == "belt"]
    main = [b for b in belts if not b.get("inset")]
    close = [b for b in belts if b.get("inset")]
    assert [b.get("css") for b in main] == [b.get("css") for b in close] == ["g", "p"]
    assert all(b["tilt"] == figure.poses["stride"].pelvis for b in belts if b["css"] == "g")
    assert [a[0] for a in drawing.attached_shapes(figure, stride)] == ["g", "p"]

    def tilt(body, css):
        ((_, _, (back, front), _),) = [a for a in drawing.attached_shapes(figure, body) if a[0] == css]
        return math.degrees(math.atan2(front[1] - back[1], front[0] - back[0]))

    assert tilt(stride, "g") == pytest.approx(tilt(stride, "p"))
    assert tilt(tuck, "g") == pytest.approx(tilt(stride, "g"))  # the pale one stays
    assert abs(tilt(tuck, "p") - tilt(stride, "p")) > 20  # the belt tips
    shown = {"kind": "belt", "up": 12, "width": 4}
    coloured = poses.Figure(**{**figure.__dict__, "scene": [{**shown, "css": "p"}]})
    assert [a[0] for a in drawing.attached_shapes(coloured, stride)] == ["p"]
    gap = poses.Figure(**{**figure.__dict__, "scene": [shown]})
    assert [a[0] for a in drawing.attached_shapes(gap, stride)] == ["h"]
    svg = (FIGURE_DIR / "standing-hip-flexor-stretch.svg").read_text()
    main_view, close_up = svg.split('id="i"')[:2]
    for css in ("g", "p"):
        assert f'<path class="{css}" stroke-width="4"' in close_up
        assert f'<path class="{css}" stroke-width="4"' in main_view


def test_the_hip_flexor_stretch_tucks_the_pelvis_under_a_tall_trunk_before_the_hips_shift():
    # A looping arrow round the hip was all that showed the tuck, and the trunk tipped forward:
    # it read as a lunge. Then the tuck and the shift forward came as one, with a barely visible
    # tilt, and a reviewer expected a newcomer to lunge and arch the low back. Now the pelvis
    # tucks first (the belt across it tips down at the back, the low back's hollow flattens)
    # with the hips where they were, then the hips move a little forward, and only then is the
    # front of the back hip marked; the trunk stays about as upright as it stood.
    # A later reviewer saw the head tipped back (chin up) and the trunk leaning back, which a
    # newcomer copies as arching the low back and craning the neck (dizzying for an older
    # person), and the back heel high, balancing on the ball of the foot: the head stays level
    # and the trunk upright in every pose, and the back heel rests on the floor (a small stride).
    # Round 10 still saw the trunk leaning forward: measured from the hip joints, the trunk over
    # the tucked pelvis stood as upright as standing still, but the tuck takes the waist back, so
    # the trunk the eye sees (waist to neck, above the belt) leaned 11 degrees forward. It is
    # now measured from the waist and stands within a few degrees of vertical.
    figure = FIGURES["standing-hip-flexor-stretch"]
    placer = drawing.Placer(figure)
    stride, tuck, shift = (placer.place(figure.poses[name]) for name in ("stride", "tuck", "shift"))

    # The belt that tips with the pelvis (the main view's, in the props' colour).
    def belt_tilt(body):
        ((_, _, (back, front), _),) = [a for a in drawing.attached_shapes(figure, body) if a[0] == "p"]
        return math.degrees(math.atan2(front[1] - back[1], front[0] - back[0]))

    def trunk_lean(body):
        neck, waist = body.points["neck"], body.points["waist"]
        return math.degrees(math.atan2(neck[0] - waist[0], neck[1] - waist[1]))

    assert belt_tilt(tuck) - belt_tilt(stride) > 20
    assert figure.poses["tuck"].lumbar[0] - figure.poses["stride"].lumbar[0] > 20
    # Side-by-side 103: with the hips kept where they were, the tuck took the head and chest a
    # little back from the pale start ("hints at a backward lean"). The hips now come a little
    # forward as the pelvis tucks, so the neck stays over where it stood; the shift forward
    # after it bends the front knee only a little (its 22-degree bend read as a half-squat).
    assert 0 <= tuck.points["hip"][0] - stride.points["hip"][0] < 3.5
    assert abs(tuck.points["neck"][0] - stride.points["neck"][0]) < 1
    assert 2 < shift.points["hip"][0] - tuck.points["hip"][0] < 10
    assert shift.pose.far_knee - stride.pose.far_knee <= 10
    assert abs(belt_tilt(shift) - belt_tilt(tuck)) < 2
    for body in (tuck, shift):
        assert abs(trunk_lean(body) - trunk_lean(stride)) < 5
    for body in (stride, tuck, shift):
        face = body.frames["head"].fwd
        assert abs(math.degrees(math.atan2(face[1], face[0]))) < 3  # eyes ahead, chin level
        assert abs(trunk_lean(body)) < 4  # upright: leaning neither back nor forward
        assert body.points["near_heel"][1] < skeleton.ANKLE_HEIGHT + 1.5
    order = [step.pose for step in figure.loop]
    assert order.index("tuck") < order.index("shift")
    # Round 17 still saw only a small curved arrow for the tuck, easy to miss, and expected a
    # lunge with an arched back. The arrow now turns right round the belt (about the sacrum),
    # the stretch at the front of the back hip shows from the tuck itself (the tuck alone
    # stretches it, so no lunge is needed), the back heel is marked as staying, and the ease
    # forward afterwards is smaller.
    (hip,) = figure.highlights
    assert hip.region == "front of hip" and {order[i] for i in hip.steps} == {"tuck", "shift"}
    # Round 19 still rated it "partly": the curled arrow round a props-coloured belt beside the
    # counter's edge looked like part of the counter, and the body barely changed. The tuck is
    # shown in a close-up circle of the hips (its own arrow curling down behind the buttock,
    # ending clear of the back thigh: an arrow onto it read as "move the back leg"). Standing
    # beside the counter (not facing it): one hand, the far one, rests on its top by the side;
    # the near arm hangs. A fresh reviewer then saw "'shift weight forward' is only a front-knee
    # bend": the hips now go a little further forward (the back heel still down) under a short
    # arrow pointing forward in front of them, shown while they do.
    (arrow,) = figure.inset["arrows"]
    assert arrow.around == "sacrum" and 90 < arrow.angles[0] < arrow.angles[1] < 260
    assert {order[i] for i in arrow.steps} == {"stride", "tuck", "shift"}
    assert figure.inset["parts"] == ["trunk", "near leg", "far leg"]
    assert figure.held == ("near_ankle", "far_wrist")
    for body in (stride, tuck, shift):
        assert body.points["far_wrist"][0] - body.points["hip"][0] < 20  # by the side
        assert (
            body.points["near_wrist"][1] > body.points["far_wrist"][1] + 15
        )  # on the waist, not the counter
    # Blind round 28 (both "partly"): the tuck was "only in an abstract close-up, so people will
    # likely arch the low back instead". The main figure shows it too: the same curled arrow
    # behind its buttock while the pelvis tucks (ending behind the back thigh, not on it), the
    # near arm hanging a little forward with the elbow soft so the low back's outline is not
    # hidden (its hollow visibly fills as it flattens, the orange at the front of the hip still
    # clear), and while the hips shift forward a triangle beside the low back: it stays (flat).
    # Side-by-side 137: a curl that ended pointing down "could be copied as drop your bottom,
    # bending the knees or squatting": both curls run on under the buttock, their heads pointing
    # forward at the back of the thigh (curl under, not drop).
    curl, forward = figure.arrows
    assert curl.around == "hip" and 90 < curl.angles[0] < 235 < curl.angles[1] < 250
    assert arrow.angles[1] > 235
    assert {order[i] for i in curl.steps} == {"stride", "tuck"}
    # Side-by-side 103: it runs on from the front end of the belt, clear of the near hand (an
    # arrow on a hand reads as "move the hand").
    (tail, tip) = forward.through
    assert forward.at == "hip" and tip[0] > tail[0] and tip[1] == tail[1] < 0
    assert {order[i] for i in forward.steps} == {"shift"}
    # Side-by-side 70: that triangle "reads as this stays where it is while the hips are told to
    # move forward"; it is gone (the belt held level by the pale start belt shows the tuck kept).
    assert [mark["point"] for mark in figure.stays] == ["near_heel"]
    # Side-by-side 103: the hanging near arm half hid the orange at the front of the back hip
    # ("a quick look might put it at the wrist or hand"). The near hand rests on the front of
    # the waist, above the belt, the elbow out behind, above the curled arrow.
    (grip,) = figure.grips
    assert grip["hand"] == "near_wrist" and grip["on"] == "tummy"
    for body in (stride, tuck, shift):
        hip = body.points["hip"]
        wrist, hand = body.points["near_wrist"], body.points["near_hand"]
        assert min(wrist[1], hand[1]) > hip[1] + 12  # above the belt and the orange below it
        assert body.points["near_elbow"][1] > hip[1] + 24  # above the curled arrow's start
    assert 4 < shift.points["hip"][0] - stride.points["hip"][0] < 7


def test_thread_the_needle_shows_the_arrow_on_the_threading_arm_and_lowers_the_shoulder_and_head():
    # The arrow sat beside the planted near arm, with the threading far arm hidden under the
    # chest, so a newcomer could move the wrong arm; later, off to the side near the knees, it
    # read as "slide the hand back towards the knees" (round 20b). Before the move, an arrow
    # starts on the threading hand and passes UNDER the planted forearm (drawn beneath it) to
    # where the hand ends; while moving, one runs along the threading forearm, out from under
    # the planted arm, past the hand. The threading arm passes under the other arm between its
    # hand and the knees. The supporting elbow never bends backwards (it had, on all fours) and
    # is straight on all fours; with the arm through, it bends moderately (a deep bend could
    # over-load one arm, side-by-side 64) while the far shoulder and the side of the head come
    # down towards the mat, as step 3 says: with a straight supporting arm they stayed high
    # (side-by-side, "partly"). Rounds 31 and 32 still saw the bend of 43 degrees and the head
    # low by the mat put "all the weight through one shoulder and wrist": the arm stays fairly
    # straight, a bend of about 25, the trunk turning further for the same lowering. The hips
    # stay over the knees throughout (step 4).
    figure, placer, bodies = loop_bodies("thread-the-needle")
    rest = placer.place(figure.poses[figure.still])
    start = placer.place(figure.poses["start"])

    def distance_to(body, points, a, b):
        (ax, ay), (bx, by) = (figure.view.project(body.points[n])[:2] for n in (a, b))
        out = []
        for px, py in points:
            t = max(
                0.0,
                min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
            )
            out.append(math.dist((px, py), (ax + t * (bx - ax), ay + t * (by - ay))))
        return min(out)

    before, moving = figure.arrows[:2]
    assert before.steps == (0,) and 0 not in moving.steps
    _, path = drawing.arrow_path(figure, placer, before)
    # The arrow's curve, sampled: it starts on the far hand and crosses the near forearm.
    (x0, y0), (cx, cy), (x1, y1) = path
    curve = [
        (
            (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x1,
            (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y1,
        )
        for t in (i / 20 for i in range(21))
    ]
    assert math.dist(curve[0], figure.view.project(start.points["far_wrist"])[:2]) < 9
    assert distance_to(start, curve, "near_elbow", "near_wrist") < 1
    assert before.under == "near arm"
    assert math.dist(curve[-1], figure.view.project(rest.points["far_wrist"])[:2]) < 6

    def line(path):
        (x0, y0), (x1, y1) = path
        return [(x0 + (x1 - x0) * i / 20, y0 + (y1 - y0) * i / 20) for i in range(21)]

    _, path = drawing.arrow_path(figure, placer, moving)
    assert distance_to(rest, line(path), "far_elbow", "far_wrist") < 3
    assert moving.under == "near arm"  # out from under the planted arm, not starting on it
    for arrow in figure.arrows:
        # An arrow drawn over the planted arm would read as moving it.
        if not arrow.under:
            _, path = drawing.arrow_path(figure, placer, arrow)
            planted = min(
                distance_to(rest, line(path), a, b)
                for a, b in (("near_shoulder", "near_elbow"), ("near_elbow", "near_wrist"))
            )
            assert planted > 8
    assert rest.points["far_wrist"][0] < rest.points["near_wrist"][0] - 10
    assert rest.points["far_wrist"][2] > rest.points["near_wrist"][2] + 25
    for body in bodies:
        assert -3 < body.pose.near_elbow < 30
        assert abs(body.points["hip"][0] - body.points["near_knee"][0]) < 4
    assert start.pose.near_elbow < 12
    assert 15 < rest.pose.near_elbow < 30
    assert rest.points["head"][1] < start.points["head"][1] - 28
    assert rest.points["far_shoulder"][1] < start.points["far_shoulder"][1] - 25


@pytest.mark.parametrize("slug", sorted(s for s, f in FIGURES.items() if f.planted or f.held))
def test_a_planted_hand_or_foot_stays_where_it_is_at_every_moment(slug):
    # Cat-cow's hands slid forward and its elbows folded like a half push-up; the support hand
    # of thread the needle and the bird dog's hands hovered above the mat.
    _, placer, bodies = loop_bodies(slug)
    for body in bodies:
        for name, target in placer.targets.items():
            assert skeleton.length(skeleton.sub(body.points[name], target)) < 2.5, f"{slug}: {name} moves"


def elbow_bend(body: skeleton.Body, side: str) -> float:
    p = body.points
    upper = skeleton.sub(p[f"{side}_elbow"], p[f"{side}_shoulder"])
    lower = skeleton.sub(p[f"{side}_wrist"], p[f"{side}_elbow"])
    cos = skeleton.dot(upper, lower) / (skeleton.length(upper) * skeleton.length(lower))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def joint_bend(body: skeleton.Body, side: str, joint: str) -> float:
    """The signed bend of an elbow or knee, in degrees, measured from the drawn points: positive
    the way the joint bends (the forearm towards the front of the upper arm, the shin towards
    the back of the thigh), negative backwards. It turns about the joint's hinge, the right axis
    of the upper limb's frame, the same axis for both sides whichever way the body faces."""
    top, middle, end, limb, flexes = {
        "elbow": ("shoulder", "elbow", "wrist", "arm", 1.0),
        "knee": ("hip", "knee", "ankle", "thigh", -1.0),
    }[joint]
    p = body.points
    upper = skeleton.sub(p[f"{side}_{middle}"], p[f"{side}_{top}"])
    lower = skeleton.sub(p[f"{side}_{end}"], p[f"{side}_{middle}"])
    turn = (
        upper[1] * lower[2] - upper[2] * lower[1],
        upper[2] * lower[0] - upper[0] * lower[2],
        upper[0] * lower[1] - upper[1] * lower[0],
    )
    hinge = body.frames[f"{side}_{limb}"].right
    return flexes * math.degrees(math.atan2(skeleton.dot(turn, hinge), skeleton.dot(upper, lower)))


@pytest.mark.parametrize("side", ["near", "far"])
@pytest.mark.parametrize(
    "facing",
    [
        {"pelvis": 90},  # standing
        {"pelvis": 180},  # lying on the back, head on the left
        {"pelvis": 0},  # lying on the front or on all fours, head on the right
        {"pelvis": 180, "roll": 90},  # lying on a side
        {"pelvis": 0, "turn": 150},  # turned round to face the other way
        {"pelvis": 90, "near_shoulder": [60, 30, 40], "far_shoulder": [60, 30, 40], "hips": [50, 20, 30]},
    ],
)
def test_the_joint_bend_reads_a_bent_joint_as_bent_and_a_backwards_one_as_backwards(side, facing):
    # The measure the next test trusts: for either side and whichever way the body faces, an
    # elbow or knee bent 30 degrees reads +30 and one bent backwards 10 degrees reads -10.
    for angle in (30.0, -10.0):
        body = skeleton.build(skeleton.Pose().changed({**facing, "elbows": angle, "knees": angle}))
        assert joint_bend(body, side, "elbow") == pytest.approx(angle, abs=1e-6)
        assert joint_bend(body, side, "knee") == pytest.approx(angle, abs=1e-6)
    # And "bent" is the way a body bends: standing with the elbow and knee at a right angle,
    # the hand is in front of the elbow and the foot behind the knee.
    standing = skeleton.build(skeleton.Pose().changed({"elbows": 90, "knees": 90}))
    p = standing.points
    assert p[f"{side}_wrist"][0] > p[f"{side}_elbow"][0] + 20
    assert p[f"{side}_ankle"][0] < p[f"{side}_knee"][0] - 20
    assert joint_bend(standing, side, "elbow") == pytest.approx(90) == joint_bend(standing, side, "knee")


def fine_moments(figure):
    """(time, what the loop is doing, pose) at every moment of the loop, finely: between each
    pair of the loop's frames, poses no more than 3 degrees apart in any angle."""
    frames = drawing.frames_for(figure)
    loop = figure.loop

    moments = [(frames[0].time, loop[0].pose, frames[0].pose)]
    for before, after in zip(frames, frames[1:], strict=False):
        pieces = max(1, math.ceil(before.pose.largest_change(after.pose) / 3))
        for i in range(1, pieces + 1):
            pose = before.pose.blend(after.pose, i / pieces)
            time = before.time + (after.time - before.time) * i / pieces
            step = loop[after.step]
            moments.append(
                (time, step.pose if pose == figure.poses[step.pose] else f"moving to {step.pose}", pose)
            )
    return moments


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_no_elbow_or_knee_bends_backwards_at_any_moment(slug):
    # Cat-cow, the bird dogs, bottom to heels and the knees-to-chest stretches drew a supporting
    # or holding arm's elbow bent 17 to 19 degrees backwards at some moments: a newcomer would
    # copy a locked, hyperextended elbow. A joint drawn straight may read up to 3 degrees back.
    figure = FIGURES[slug]
    placer = drawing.Placer(figure)
    worst: dict[str, tuple[float, str]] = {}
    for time, doing, pose in fine_moments(figure):
        body = placer.place(pose)
        for side in ("near", "far"):
            for joint in ("elbow", "knee"):
                bend = joint_bend(body, side, joint)
                name = f"{side} {joint}"
                if bend < -3 and bend < worst.get(name, (0.0, ""))[0]:
                    worst[name] = (bend, f"at {time:.2f} s, {doing}")
    assert not worst, f"{slug} bends backwards: " + "; ".join(
        f"{name} {-bend:.0f} degrees {when}" for name, (bend, when) in worst.items()
    )


# Hands still short of what they hold, in drawings a side-by-side reviewer preferred as they are
# (the arms reach only if the knees come further in or the shoulders forward, which read worse):
# the next redraw of each removes it from here.
HANDS_STILL_SHORT = {"knees-to-chest", "single-knee-to-chest", "seated-cat-cow", "seated-piriformis-stretch"}


@pytest.mark.parametrize(
    "slug",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason="hands still short"))
        if s in HANDS_STILL_SHORT
        else s
        for s in sorted(s for s, f in FIGURES.items() if f.grips)
    ],
)
def test_a_hand_that_holds_reaches_what_it_holds_at_every_moment(slug):
    # Knees to chest, the figure-4 stretch, the seated breathing and the seated and standing
    # stretches drew a holding hand 3 to 36 units short of the thigh it held, at the end of a
    # straight arm stretched towards it: arms about 13% too short in the held moment. A hand
    # that has let go (a pose's `holds` below 1: resting on the mat, say) is free, and so is a foot
    # not yet crossed (`crosses` below 1).
    figure = FIGURES[slug]
    placer = drawing.Placer(figure)
    short: dict[str, tuple[float, str]] = {}
    for time, doing, pose in fine_moments(figure):
        body = placer.place(pose)
        for grip in figure.grips:
            if drawing.grip_hold(pose, grip) < 1:
                continue  # a hand not (yet) holding, a foot not yet crossed onto the other knee
            gap = skeleton.length(skeleton.sub(body.points[grip["hand"]], drawing.grip_target(body, grip)))
            name = f"{grip['hand']} on {grip['on']}"
            if gap > 1.5 and gap > short.get(name, (0.0, ""))[0]:
                short[name] = (gap, f"at {time:.2f} s, {doing}")
    assert not short, f"{slug}: " + "; ".join(
        f"{name} {gap:.1f} units short {when}" for name, (gap, when) in short.items()
    )


def test_cat_cow_keeps_its_arms_straight_while_the_back_moves():
    _, _, bodies = loop_bodies("cat-cow")
    assert max(elbow_bend(body, side) for body in bodies for side in ("near", "far")) < 20
    # The back rounds up clearly above where it starts and dips only a little below it: the
    # steps say "let your tummy sink a little towards the floor", "staying in a range that feels
    # easy", and a deep sag is the unsafe end for a back in spasm (side-by-side 38 saw "quite a
    # deep sag" in a dip of 26 units, pinned here before as at least 15).
    level, round_, dip = (body_in("cat-cow", pose) for pose in ("level", "round", "dip"))

    def top(body):
        return max(point[1] for point in drawing.smooth_samples(drawing.torso_outline(body)))

    assert top(round_) > top(level) + 8
    sink = drawing.torso_point(level, 2)[1] - drawing.torso_point(dip, 2)[1]
    assert 8 < sink < 15
    # "Lift your gaze slightly": the face comes up to look a little forward, the neck long, and
    # is not thrown back (it looked up at 45 degrees below level before).
    assert angle_of(dip.frames["head"].fwd) < -50


def test_a_heel_that_slides_stays_on_the_mat():
    # Heel slides: the moving heel hovered above the floor, reading as a straight-leg hover.
    _, _, bodies = loop_bodies("heel-slides")
    for body in bodies:
        foot = drawing.limb_shapes(body, "near")["foot"]
        assert abs(lowest_edge(foot)) < 0.5


def distance_to_segment(point, a, b) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    u = max(0.0, min(1.0, ((point[0] - a[0]) * ax + (point[1] - a[1]) * ay) / (ax * ax + ay * ay)))
    return math.hypot(point[0] - a[0] - u * ax, point[1] - a[1] - u * ay)


TUMMY_HANDS = sorted(s for s, f in FIGURES.items() if any(g["on"] == "tummy" for g in f.grips))


@pytest.mark.parametrize("slug", TUMMY_HANDS)
def test_a_hand_resting_on_the_tummy_lies_on_it_with_the_forearm_low_and_no_arrow_on_it(slug):
    # Belly breathing drew a forearm sticking up with the hand above the tummy; then a forearm
    # rising from an elbow up by the chest, an up-arrow on the hand: a newcomer would lift the
    # arm. Tummy draw-in's down-arrow on the hands read as "press down".
    figure = FIGURES[slug]
    grips = [g for g in figure.grips if g["on"] == "tummy"]
    for name in figure.poses:
        body = body_in(slug, name)
        for grip in grips:
            side = grip["hand"].split("_")[0]
            p = body.points
            assert skeleton.length(skeleton.sub(p[grip["hand"]], drawing.grip_target(body, grip))) < 1.5
            if figure.anchor.endswith("ankle"):
                continue  # standing, a hand on the front of the waist: the elbow out behind
            assert p[f"{side}_elbow"][1] < p[f"{side}_wrist"][1] - 8, f"{slug}: the elbow is not down"
            # The elbow lies beside the waist, the forearm across the body below the hand.
            assert abs(p[f"{side}_elbow"][0] - p[f"{side}_wrist"][0]) < 8, f"{slug}: the forearm slants up"
            hand = skeleton.sub(p[f"{side}_hand"], p[f"{side}_wrist"])
            assert abs(hand[1]) < 1.5, f"{slug}: the hand does not lie flat"
    placer = drawing.Placer(figure)
    still = body_in(slug, figure.still_pose)
    for arrow in figure.arrows:
        _, line = drawing.arrow_path(figure, placer, arrow)
        for grip in grips:
            side = grip["hand"].split("_")[0]
            for part in ("wrist", "hand"):
                at = figure.view.project(still.points[f"{side}_{part}"])[:2]
                assert distance_to_segment(at, line[0], line[-1]) > 8, f"{slug}: an arrow on the {side} hand"


def test_arrows_point_the_way_the_body_moves():
    # The seated twist's arrow pointed right while the face and hands turned left.
    figure = FIGURES["seated-twist"]
    placer = drawing.Placer(figure)
    _, arc = drawing.arrow_path(figure, placer, figure.arrows[0])
    face = [
        figure.view.project(body.frames["head"].at(body.points["head"], forward=12))[0]
        for body in (body_in("seated-twist", "front"), body_in("seated-twist", "turned"))
    ]
    assert (arc[-1][0] - arc[0][0]) * (face[1] - face[0]) > 0
    # The hip hinge's arrow points back, the way the buttocks go.
    hinge = FIGURES["hip-hinge"]
    _, line = drawing.arrow_path(hinge, drawing.Placer(hinge), hinge.arrows[0])
    assert body_in("hip-hinge", "hinge").points["hip"][0] < body_in("hip-hinge", "tall").points["hip"][0]
    assert line[-1][0] < line[0][0]


def reaching_arm_and_leg(slug, arm, leg):
    """Checks that from "start" to "reach" only the `arm` side's shoulder ("near" or "far") and
    the `leg` side's hip move, with the arrows to "reach" on that wrist and ankle; returns the
    figure and its body at "reach"."""
    figure = FIGURES[slug]
    start, reach = figure.poses["start"], figure.poses["reach"]
    other = {"near": "far", "far": "near"}
    for side, joint in ((arm, "shoulder"), (leg, "hip")):
        assert getattr(reach, f"{side}_{joint}") != getattr(start, f"{side}_{joint}"), (slug, side, joint)
        assert getattr(reach, f"{other[side]}_{joint}") == getattr(start, f"{other[side]}_{joint}")
    assert [arrow.point for arrow in figure.arrows if arrow.end == "reach"] == [
        f"{arm}_wrist",
        f"{leg}_ankle",
    ]
    return figure, body_in(slug, "reach")


def test_the_limb_that_moves_is_not_hidden_behind_one_that_stays():
    # Opposite arm and leg. Rounds 35 and 36 missed the bird dog's moving far (grey) leg, half
    # hidden behind the body, and would lift the near one: now the near (dark) leg reaches back,
    # in front of everything, clear of the far leg that stays, and the far arm reaches forward,
    # seen a little from in front, clear beyond the head where nothing covers it.
    figure, body = reaching_arm_and_leg("bird-dog", arm="far", leg="near")
    far_foot, near_foot = (figure.view.project(body.points[p])[:2] for p in ("far_ankle", "near_ankle"))
    assert math.dist(far_foot, near_foot) > 3 * drawing.WIDTHS["shin"]
    far_hand, head = (figure.view.project(body.points[p])[:2] for p in ("far_wrist", "head"))
    assert far_hand[0] > head[0] + drawing.WIDTHS["arm"]
    # Rounds 21 and 22 found the dead bug's moving leg, the far grey one, "overlapped" behind the
    # still one: there the near (dark) leg reaches, in front of everything, and the far arm goes
    # overhead, clear beyond the head, where nothing covers it.
    figure, body = reaching_arm_and_leg("dead-bug", arm="far", leg="near")
    far_hand, head = (figure.view.project(body.points[p])[:2] for p in ("far_wrist", "head"))
    assert far_hand[0] < head[0] - drawing.WIDTHS["arm"]
    # The dead bug's leg straightens only part way (about 45 degrees), the heel well off the floor
    # for a beginner (round 22: "nearly to horizontal ... may arch the back").
    assert body.points["near_ankle"][1] > 30


LIMBS = {
    "leg": (("hip", "knee"), ("knee", "ankle"), ("ankle", "heel"), ("heel", "toes")),
    "arm": (("shoulder", "elbow"), ("elbow", "wrist"), ("wrist", "hand")),
}


def limb_of(joint: str) -> str:
    return "leg" if joint in ("hip", "knee", "ankle", "heel", "toes") else "arm"


def arrows_on_a_limb_whose_pair_stays(figure):
    """(arrow, side that moves, other side, limb) for each arrow on a limb that moves while the
    same limb on the other side stays where it is."""
    placer = drawing.Placer(figure)
    for arrow in figure.arrows:
        if not arrow.point.startswith(("near_", "far_")):
            continue
        side, joint = arrow.point.split("_", 1)
        other, limb = ("far" if side == "near" else "near"), limb_of(joint)
        start, end = placer.place(figure.poses[arrow.start]), placer.place(figure.poses[arrow.end])
        joints = {f"{other}_{j}" for pair in LIMBS[limb] for j in pair}
        if all(math.dist(start.points[j], end.points[j]) < 2 for j in joints):
            yield arrow, side, other, limb


def arrow_clearance(figure, arrow, other: str, limb: str) -> float:
    """How near the arrow comes to the other side's limb, which stays, on the drawing."""
    _, line = drawing.arrow_path(figure, drawing.Placer(figure), arrow)
    body = body_in(figure.slug, arrow.start)
    at = {name: figure.view.project(point)[:2] for name, point in body.points.items()}
    return min(
        distance_to_segment(point, at[f"{other}_{a}"], at[f"{other}_{b}"])
        for point in line
        for a, b in LIMBS[limb]
    )


FAR_LIMB_ARROWS = sorted(
    slug
    for slug, figure in FIGURES.items()
    if any(side == "far" for _, side, _, _ in arrows_on_a_limb_whose_pair_stays(figure))
)


@pytest.mark.parametrize("slug", FAR_LIMB_ARROWS)
def test_an_arrow_on_a_far_limb_that_moves_keeps_clear_of_the_near_one_that_stays(slug):
    # Round 14: the dead bug's leg arrow started where the still near foot covered the far one
    # and curved over it, so it read as the near leg's arrow. Seen a little from the foot end,
    # the far foot shows beyond the near one and its arrow leads away from the near leg.
    figure = FIGURES[slug]
    assert {"dead-bug", "bird-dog"} <= set(FAR_LIMB_ARROWS)
    for arrow, side, other, limb in arrows_on_a_limb_whose_pair_stays(figure):
        if side == "far":
            width = drawing.WIDTHS["shin" if limb == "leg" else "arm"]
            assert arrow_clearance(figure, arrow, other, limb) > width / 2 + drawing.HALO / 2, arrow.point


@pytest.mark.parametrize("slug", ["bird-dog", "dead-bug"])
def test_opposite_arm_and_leg_arrows_keep_clear_of_the_limbs_that_stay(slug):
    # The dead bug's arm arrow started on the grey arm, which stays up, when seen from the head end.
    figure = FIGURES[slug]
    found = [found for found in arrows_on_a_limb_whose_pair_stays(figure) if found[0].end == "reach"]
    assert len(found) == 2
    for arrow, _, other, limb in found:
        width = drawing.WIDTHS["shin" if limb == "leg" else "arm"]
        assert arrow_clearance(figure, arrow, other, limb) > width / 2 + drawing.HALO, arrow.point


BUTTOCK = sorted(slug for slug, f in FIGURES.items() if any(h.region == "buttock" for h in f.highlights))


@pytest.mark.parametrize("slug", BUTTOCK)
def test_the_buttock_highlight_stays_on_the_seat_by_the_hip_joint_in_every_pose(slug):
    # Round 14 read the glute bridges' orange, which ran from the hip up the trunk, as the low
    # back: people with back pain may think they should feel it there. Every point of it stays
    # nearer the hip joint than the low back, behind the hip joint, at every key pose.
    figure = FIGURES[slug]
    assert len(BUTTOCK) >= 9
    for pose in figure.poses:
        body = body_in(slug, pose)
        hip, low_back = body.points["hip"], drawing.point_of(body, "low back")
        for stroke in drawing.region_shapes(body, "buttock", "near"):
            for point in stroke:
                assert math.dist(point, hip) < 0.9 * math.dist(point, low_back), (slug, pose)
                assert math.dist(point, hip) < 11, (slug, pose)


@pytest.mark.parametrize("slug", ["bird-dog", "dead-bug"])
def test_a_near_arm_held_out_leaves_the_face_showing(slug):
    # Round 13b read an arm drawn across the eye as an arm "through the face". The reach is the
    # pose held for a breath and the still shown under reduced motion: the eye shows beside the
    # arm there, so the head reads as looking down at the mat (bird dog) or resting (dead bug).
    figure = FIGURES[slug]
    assert figure.still == "reach"
    body = body_in(slug, "reach")
    shoulder, elbow, wrist = (
        figure.view.project(body.points[f"near_{j}"])[:2] for j in ("shoulder", "elbow", "wrist")
    )
    eye = figure.view.project(drawing.eye(body, 5)[0])[:2]
    clearance = min(distance_to_segment(eye, shoulder, elbow), distance_to_segment(eye, elbow, wrist))
    assert clearance > drawing.WIDTHS["arm"] / 2 + 2


def test_related_drawings_that_looked_alike_now_differ_in_what_a_newcomer_sees():
    # Pelvic tilt and tummy draw-in looked the same: the tilt closes a gap under the low back
    # (the tummy's arrow is gone), the draw-in has the hands on a tummy that sinks.
    arched, flat = body_in("pelvic-tilt", "start"), body_in("pelvic-tilt", "flat")
    assert drawing.torso_point(arched, 2)[1] > drawing.torso_point(flat, 2)[1] + 3
    assert all(arrow.at != "tummy" for arrow in FIGURES["pelvic-tilt"].arrows)
    assert FIGURES["tummy-draw-in"].poses["in"].belly < 0
    assert {g["on"] for g in FIGURES["tummy-draw-in"].grips} == {"tummy"}
    # The hip hinge sends the buttocks back behind the heels on soft knees.
    hinge = body_in("hip-hinge", "hinge")
    assert drawing.torso_point(hinge, 1)[0] < hinge.points["near_heel"][0] - 5
    assert FIGURES["hip-hinge"].poses["hinge"].near_knee >= 15
    # ...a hinge, not a squat and lean: knees only soft, the back long (the upper back not
    # rounding), the arms straight on the counter rather than folding at the elbows.
    hinge_pose = FIGURES["hip-hinge"].poses["hinge"]
    assert hinge_pose.near_knee <= 20 and hinge_pose.thorax[0] <= 0 and hinge_pose.lumbar[0] <= 0
    assert max(elbow_bend(hinge, side) for side in ("near", "far")) < 20
    # Slow-exhale breathing breathes in without a shrug, and without the belly bulge that made
    # rounds 28, 31 and 32 read it as belly breathing: a little chest, settling on the long
    # breath out, which is drawn long (breath_long).
    breath_in = FIGURES["slow-exhale-breathing"].poses["in"]
    assert breath_in.shoulder_girdle == (0.0, 0.0) and breath_in.belly <= 0 < breath_in.chest
    assert FIGURES["slow-exhale-breathing"].breath_long and not FIGURES["belly-breathing"].breath_long


def test_the_pelvic_tilt_flattens_the_low_back_with_the_bottom_and_head_down_at_every_moment():
    # The tilt once turned the whole pelvis up off the mat: a newcomer would lift the buttocks.
    _, _, bodies = loop_bodies("pelvic-tilt")
    for body in bodies:
        assert min(drawing.torso_point(body, i)[1] for i in (0, 1)) < 3, "the bottom lifts"
        assert body.points["head"][1] < 12, "the head lifts"
    start, flat = body_in("pelvic-tilt", "start"), body_in("pelvic-tilt", "flat")
    # The start is the back's natural curve, a small hollow to close. Main's first start, a
    # 25-unit gap under the waist (about as high as the tummy), read to a side-by-side reviewer
    # as "an exaggerated arch instead of a natural curve", which a patient with back spasm would
    # copy; its low back was arched 23 degrees.
    hollow = drawing.torso_point(start, 2)[1]
    assert hollow > 5, "no gap under the low back to close"
    assert hollow < 0.4 * drawing.torso_point(start, 8)[1], "an arch, not the back's natural curve"
    assert FIGURES["pelvic-tilt"].poses["start"].lumbar[0] >= -5, "the low back arched"
    assert drawing.torso_point(flat, 2)[1] < 3, "the low back does not reach the mat"
    # One arrow, straight down at the waist from above it, as the close-up's presses the low
    # back down: never under the buttock. (Round 5's arrows turning about the hip pointed up
    # under the buttock and read as lifting the bottom; rounds 35 and 36: the arc round the
    # pelvis, running up over the belly, "could be read as curl up or lift the hips".)
    figure = FIGURES["pelvic-tilt"]
    (arrow,) = figure.arrows
    assert not arrow.around and arrow.at == "low back" and arrow.direction == 270
    _, path = drawing.arrow_path(figure, drawing.Placer(figure), arrow)
    (x0, y0), (x1, y1) = path[-2], path[-1]
    assert y1 - y0 > 3 * abs(x1 - x0), "the arrow does not point down at the mat"
    # It runs down through the waist, its tip in the gap under the low back at the start (rounds
    # 41 and 42: drawn above the belly, with the orange on it, it read as "push your tummy down"
    # or "suck in"), and well clear of the buttock along the body.
    hip_x, hip_y = figure.view.project(start.points["hip"])[:2]
    assert all(abs(x - hip_x) > 10 for x, _ in path), "the arrow dips to the buttock"
    gap_y = figure.view.project(drawing.torso_point(start, 2))[1]
    assert path[-1][1] > gap_y, "the arrow does not reach into the gap under the low back"
    assert arrow.halo, "the arrow is lost on the dark body"
    # Side-by-side 192: the orange back on the tummy ("your tummy does the work"), a stopwatch for the hold.
    assert any(h.region == "tummy" for h in figure.highlights), "orange not on the tummy"
    assert figure.hold["steps"], "no stopwatch for the short hold"
    # The close-up's arrow presses the small of the back down into the gap closing under it.
    (pressed,) = figure.inset["arrows"]
    assert pressed.at == "low back" and pressed.direction == 270
    # Side-by-side 130: "the arrow starts on the thigh" (knee to chest?), "repeat the triangle
    # inside the close-up", "gently tighten your tummy does not come across": the arrow starts
    # above the front of the hip, the close-up keeps the bottom down from the mat and shows the
    # orange and the arrowheads in on its belly side.
    knee_x = figure.view.project(start.points["near_knee"])[0]
    hip_x = figure.view.project(start.points["hip"])[0]
    assert path[0][0] < hip_x + 0.2 * (knee_x - hip_x), "the arrow starts out on the thigh"
    assert [m["point"] for m in figure.inset["stays"]] == ["buttock"] and "below" in figure.inset["stays"][0]
    assert figure.inset["highlight"] and [m["at"] for m in figure.inset["squeeze"]] == ["tummy"]
    assert not any(m.get("out") for m in figure.inset["squeeze"])
    # The arms rest on the mat, clear of the gap: the hands end before the small of the back.
    for side in ("near", "far"):
        assert start.points[f"{side}_wrist"][1] < 6, f"the {side} arm is held up"
        assert start.points[f"{side}_hand"][0] < start.points["waist"][0], f"the {side} hand hides the gap"


def test_tense_and_let_go_shows_four_parts_in_turn_each_let_go_as_the_next_tightens():
    # Rounds 31 and 32 ("partly"): with only the feet and the hand tightening, "people will do
    # feet and hands and stop". Now each of the review's four moments shows a different part
    # tightening, up the body (orange, arrowheads pointing in, a breath in), and from the second
    # on the part before it let go (arrowheads pointing out, its orange gone): moments showing
    # only tightening "never show letting go" (side-by-sides 36 and 55).
    figure = FIGURES["body-scan-relax"]
    frames = drawing.frames_for(figure)
    duration = frames[-1].time
    marks: dict[int, list[dict]] = {}
    for mark in figure.squeezes:
        for step in mark["steps"]:
            marks.setdefault(step, []).append(mark)
    tightening = lambda step: {m["at"] for m in marks[step] if not m.get("out")}  # noqa: E731
    letting_go = lambda step: {m["at"] for m in marks[step] if m.get("out")}  # noqa: E731
    orange = lambda step: [h.region for h in figure.highlights if step in h.steps]  # noqa: E731
    steps = steps_at_the_reviews_moments(figure)
    # The first three moments each show a part tightening (orange, arrowheads in, a breath in),
    # and the part before it let go; the last shows the shoulders let go on the slow breath out,
    # their orange gone: rounds 41 to 44, "breathe in in all four frames ... never out".
    tense, last_moment = steps[:3], steps[3]
    assert [orange(step) for step in tense] == [["foot"], ["thigh", "buttock"], ["hand"]]
    assert [tightening(step) for step in tense] == [{"near_ankle"}, {"near_hip"}, {"near_wrist"}]
    for before, step in zip(tense, tense[1:], strict=False):
        assert letting_go(step) == tightening(before), step
        let_go = step - 1  # the breath out between them: the part back at rest, its orange gone
        assert figure.loop[let_go].pose == "rest" and figure.loop[let_go].breath == "out"
        assert not orange(let_go) and letting_go(let_go) == tightening(before)
    for step in tense:
        assert figure.loop[step].breath == "in"  # "Breathe in as you gently tense"
    shrug = last_moment - 1
    assert figure.loop[shrug].pose == "shoulders" and figure.loop[shrug].breath == "in"
    assert orange(shrug) == ["shoulder"] and tightening(shrug) == {"near_shoulder"}
    assert letting_go(shrug) == tightening(tense[-1])
    last = figure.loop[last_moment]
    assert last.pose == "rest" and last.breath == "out" and not orange(last_moment)
    assert letting_go(last_moment) == {"near_shoulder"} and not tightening(last_moment)
    # The hand closes into a soft fist where it lies, and the shoulders tighten where they are: a
    # shrug slid the whole arm towards the head (round 19: "some may slide their arm along the
    # body"). Only the part is orange (round 28: orange on the forearm read as "clench your arm").
    rest, hands = body_in("body-scan-relax", "rest"), body_in("body-scan-relax", "hands")
    shoulders = body_in("body-scan-relax", "shoulders")
    for joint in ("near_shoulder", "near_elbow", "near_wrist"):
        assert math.dist(rest.points[joint], hands.points[joint]) < 0.01, joint
        assert math.dist(rest.points[joint], shoulders.points[joint]) < 0.01, joint
    # A dotted arrow runs along the body from the feet to the head, shown throughout and in the
    # still drawing, with a large dot ON each part in the steps' order (feet, legs, buttocks,
    # hands, shoulders): round 31, "the dots float above the body and don't line up with named
    # parts".
    route = [m["point"] for m in figure.route]
    assert route[0] == "near_ankle" and route[-1] == "head"
    stops = [m for m in figure.route if m.get("stop")]
    assert [m["point"] for m in stops] == ["near_ankle", "near_hip", "near_wrist", "near_shoulder"]
    # Each dot on its part, not at a joint beside it (round 41: "the dots sit at the knee and hip,
    # but the thigh and buttock light up together"): on the foot, the middle of the thigh, the
    # hand, the shoulder, within a limb's half width and the dot's own of its centre line.
    still = body_in("body-scan-relax", figure.still)
    project = lambda name: figure.view.project(drawing.point_of(still, name))[:2]  # noqa: E731
    parts = [
        ("near_ankle", "near_toes"),
        ("near_hip", "near_knee"),
        ("near_wrist", "near_hand"),
        ("near_shoulder", "near_elbow"),
    ]
    for mark, (a, b) in zip(stops, parts, strict=True):
        x, y = project(mark["point"])
        dot = (x + mark.get("dx", 0), y - mark["above"])
        (ax, ay), (bx, by) = project(a), project(b)
        along = ((dot[0] - ax) * (bx - ax) + (dot[1] - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)
        near = (ax + along * (bx - ax), ay + along * (by - ay))
        assert -0.2 <= along <= 1.2 and math.dist(dot, near) <= 10, (mark, along, math.dist(dot, near))
        if a == "near_hip":
            assert 0.35 < along < 0.65, "the thigh's dot on the middle of the thigh"
    _, _, dots = drawing.route_path(figure, body_in("body-scan-relax", figure.still))
    assert dots.count("h0") == len(stops) and f'stroke-width="6" d="{dots}"' in drawing.svg_document(figure)
    assert all(m["steps"] for m in figure.squeezes)
    # At the review's moments the breath-in marks and the arrowheads (in and out) are at full
    # strength: main's breath out once fell in its fade and read as pale.
    times = [f.time for f in frames]

    def at(t, xs, ys):
        i = next(i for i in range(1, len(xs)) if xs[i] >= t)
        return ys[i - 1] + (ys[i] - ys[i - 1]) * (t - xs[i - 1]) / ((xs[i] - xs[i - 1]) or 1)

    for fraction, step in zip((1 / 8, 3 / 8, 5 / 8, 7 / 8), steps, strict=True):
        t = fraction * duration
        assert at(t, *drawing.breath_timing(figure, figure.loop[step].breath)) == 1, fraction
        for mark in marks[step]:
            assert at(t, times, drawing.shown_during(frames, mark["steps"])) == 1, fraction
            assert mark.get("size", 5) >= 10, "rounds 17 and 32: the arrowheads were small"
    # The feet tighten by drawing the toes gently up (a change of shape to see, round 21b:
    # "nothing visibly tenses"), the heel staying where it lies, and drop back as they let go,
    # their held shape drawn pale meanwhile (the ghost) so the drop shows in a still moment.
    feet = body_in("body-scan-relax", "feet")
    assert math.dist(rest.points["near_heel"], feet.points["near_heel"]) < 3
    lift = lambda body: body.points["near_toes"][1] - body.points["near_heel"][1]  # noqa: E731
    assert 4 < lift(feet) - lift(rest) < 10, "toes up gently, not a hard toe-point"
    assert figure.ghost_steps == (steps[0] + 1, steps[1]) and figure.ghost_parts == ("near leg",)
    assert figure.poses[figure.ghost] == figure.poses["feet"]
    # The hand closes into a fist, visibly shorter, and opens again.
    length = lambda body: math.dist(body.points["near_wrist"], body.points["near_hand"])  # noqa: E731
    assert length(hands) < 0.5 * length(rest)


def test_every_mark_of_the_body_scan_is_inside_its_drawing():
    # Round 19: "the lower arrowhead under the foot is cut off by the frame edge".
    svg = drawing.svg_document(FIGURES["body-scan-relax"])
    x0, y0, width, height = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg)[1].split())
    marks = re.findall(r'class="c[^"]*"[^>]*? d="([^"]+)"', svg)
    assert len(marks) >= 8  # arrowheads, the route and the breath marks: the check has something to check
    for d in marks:
        for x, y in drawing.numbers_in(d):
            assert x0 + 1 < x < x0 + width - 1 and y0 + 1 < y < y0 + height - 1, (x, y)


def steps_at_the_reviews_moments(figure: drawing.Figure) -> list[int]:
    """The loop step playing at each of the blind review's four moments."""
    frames = drawing.frames_for(figure)
    duration = frames[-1].time
    return [
        next(f.step for f in frames if f.time >= fraction * duration)
        for fraction in (1 / 8, 3 / 8, 5 / 8, 7 / 8)
    ]


def test_the_wall_sit_stands_slides_down_holds_and_slides_up_at_the_reviews_moments():
    # Round 7's loop went down and straight back up, so a reviewer saw repeated shallow slides,
    # not a sit that is held; round 9's still showed the down arrow through the hold. At the
    # review's moments the back slides down the wall, holds the sit twice with no arrow (breathing
    # on, as the breathing cue asks), then is on its way back up.
    figure = FIGURES["wall-sit"]
    loop = figure.loop
    going, held, still_held, rising = (loop[i] for i in steps_at_the_reviews_moments(figure))
    assert going.pose == "sit" and going.move
    assert all(s.pose == "sit" and not s.move and s.breath for s in (held, still_held))
    assert rising.pose == "tall" and rising.move
    # The bottom, the back and the head rest on the wall both standing and sitting (the start
    # was a stiff lean with the bottom off the wall, and the head left it in the sit), the feet
    # about a step from it, and the hips drop far enough to see, no deeper than a shallow sit.
    placer = drawing.Placer(figure)
    up, sit = (placer.place(figure.poses[name]) for name in ("tall", "sit"))
    wall = min(drawing.shapes_x(body, ["trunk.torso", "trunk.head"], min) for body in (up, sit))
    for body in (up, sit):
        bottom, upper_back = (drawing.torso_point(body, i)[0] for i in (1, 3))
        head = min(x for x, _, _ in drawing.head_outline(body))
        for part, x in (("bottom", bottom), ("upper back", upper_back), ("head", head)):
            assert x - wall < 1.5, f"the {part} leaves the wall"
    assert 30 < sit.points["near_heel"][0] - wall < 55
    assert 4 < up.points["hip"][1] - sit.points["hip"][1] < 10
    # The arrow points down while going down, none while holding, and up on the way back up (a
    # down arrow while rising read as "keep going down", and while holding as "slide on down").
    moments = steps_at_the_reviews_moments(figure)
    shown = [[a.direction for a in figure.arrows if step in a.steps] for step in moments]
    assert shown == [[270], [], [], [90]]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rgb or #rrggbb colours."""

    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_towel_stands_out_and_runs_from_both_hands_round_the_foot():
    # Round 7: "a hair-thin tan line the same colour as the furniture", easily missed, so a
    # newcomer would hold the leg up with the muscles or grab the calf. The towel is a band of a
    # colour of its own, clear of the frame in both schemes, from each fist to the sole it loops
    # under.
    for scheme in (drawing.LIGHT, drawing.DARK):
        assert contrast(scheme["towel"], scheme["halo"]) >= 3
        others = ("prop", "mat", "hot", "cue", "far")
        assert scheme["towel"] not in [scheme[name] for name in others]
    assert 'class="t"' in (FIGURE_DIR / "hamstring-stretch-towel.svg").read_text()
    figure = FIGURES["hamstring-stretch-towel"]
    for pose in ("start", "up"):
        body = body_in("hamstring-stretch-towel", pose)
        strands = [points for css, _, points, _ in drawing.attached_shapes(figure, body) if css == "t"]
        assert len(strands) == 2
        sole = body.frames["near_foot"].at(body.points["near_toes"], up=-drawing.WIDTHS["foot"] / 2)
        for side, strand in zip(("far", "near"), strands, strict=True):
            fist = skeleton.scale(
                skeleton.add(body.points[f"{side}_wrist"], body.points[f"{side}_hand"]), 0.5
            )
            assert min(math.dist(fist, point) for point in strand) < 1, f"{pose}: the {side} hand lets go"
            assert math.dist(strand[-2], sole) < 6, f"{pose}: the towel misses the foot"
        # Long enough to see between the hands and the foot.
        assert math.dist(strands[1][1], strands[1][2]) > 30


def segment_lengths(d: str) -> list[float]:
    """The lengths of a mark's straight lines (its M...L... pairs)."""
    return [
        math.dist((float(a), float(b)), (float(c), float(e)))
        for a, b, c, e in re.findall(r"M(-?[\d.]+)[ ,](-?[\d.]+)L(-?[\d.]+)[ ,](-?[\d.]+)", d)
    ]


def test_the_slow_breath_out_is_longer_than_the_breath_in_and_shows_at_three_of_the_reviews_moments():
    # Two moments breathing in and two out, with an arrow at the tummy, read as belly breathing.
    figure = FIGURES["slow-exhale-breathing"]
    breath_in = next(step for step in figure.loop if step.pose == "in")
    breath_out = next(step for step in figure.loop if step.breath == "out")
    assert breath_out.move >= 1.5 * breath_in.move
    assert not figure.arrows
    times, opacity = drawing.breath_timing(figure)
    duration = times[-1]

    def shown(t: float) -> float:
        return value_at(times, opacity, t)

    assert [shown(f * duration) > 0.4 for f in (1 / 8, 3 / 8, 5 / 8, 7 / 8)] == [False, True, True, True]
    # Round 11 still saw in and out "roughly the same length", the first breath-out moment only
    # just begun and faint: all three show it fully, short, longer, longest.
    assert all(shown(f * duration) > 0.9 for f in (3 / 8, 5 / 8, 7 / 8))
    reach = drawing.breath_reach(figure, [f * duration for f in (3 / 8, 5 / 8, 7 / 8)])
    assert reach[0] >= 0.45 and reach[1] >= reach[0] + 0.5 and reach[2] >= reach[1] + 0.5
    # Rounds 31 and 32: "nothing in the still frames says make the out-breath longer than the
    # in-breath", "the breath marks in frame 2 are tiny": at every moment, and in the still
    # drawing, the breath out's lines are half as long again as the breath in's, or more.
    still = body_in("slow-exhale-breathing", figure.still)
    in_length = max(segment_lengths(drawing.breath_in_shape(still, figure.view)))
    out_reaches = reach + [drawing.LONG_REACH[1]]
    for r in out_reaches:
        out = drawing.breath_shape(still, figure.view, r, long=figure.breath_long)
        assert min(segment_lengths(out)) >= 1.5 * in_length, r
    still_svg = (FIGURE_DIR / "slow-exhale-breathing.svg").read_text().split('<g class="still">')[1]
    still_out = drawing.breath_shape(still, figure.view, drawing.LONG_REACH[1], long=True)
    assert still_out in still_svg
    # The breath in has its own mark (lines closing in on the nose), so in and out look different.
    assert breath_in.breath == "in"
    times, opacity = drawing.breath_timing(figure, "in")
    assert [shown(f * duration) > 0.4 for f in (1 / 8, 3 / 8, 5 / 8, 7 / 8)] == [True, False, False, False]


# Drawings whose breath in is a hold, not a movement the loop can mark (child's pose, the side
# stretch).
BREATH_IN_NOT_MARKED = {"childs-pose", "standing-side-stretch"}


def test_a_drawing_marks_the_breath_in_where_its_breathing_cue_says_when_to_breathe_in():
    # Breath is drawn one way everywhere: the breath out fans out from the mouth, the breath in
    # closes in on the nose. Drawings used to show only the breath out, so in and out looked
    # alike (slow-exhale breathing) or the breath in was nothing at all.
    cues = {item["slug"]: item["breathing"].lower() for item in read("exercises.toml")["exercise"]}
    for slug, figure in FIGURES.items():
        says = "breathe in" in cues[slug] or "breath in" in cues[slug]
        if says and slug not in BREATH_IN_NOT_MARKED:
            assert any(step.breath == "in" for step in figure.loop), slug
    svg = (FIGURE_DIR / "hip-hinge.svg").read_text()
    # ...and where the head travels during it, the mark goes with the nose.
    assert re.search(
        r'<path class="c" stroke-width="2.6"[^>]*opacity="0"><animate attributeName="opacity"[^>]*/><animate attributeName="d"',
        svg,
    )


def test_a_slow_breath_out_grows_as_it_goes_on():
    svg = (FIGURE_DIR / "slow-exhale-breathing.svg").read_text()
    assert re.search(
        r'<path class="c"[^>]*opacity="0"><animate attributeName="opacity"[^>]*/><animate attributeName="d"',
        svg,
    )


# Drawings whose loop goes out to a pose and comes back, with the pose it goes out to.
GOES_OUT_AND_BACK = {
    "belly-breathing": "in",
    "crocodile-breathing": "in",
    "pelvic-tilt": "flat",
    "single-knee-to-chest": "hug",
    "knees-to-chest": "hug",
    "hamstring-stretch-towel": "up",
    "heel-slides": "out",
    "dead-bug": "reach",
    "glute-bridge": "up",
    "single-leg-bridge": "up",
    "clamshell": "open",
    "side-plank-knees": "up",
    "prone-on-elbows": "up",
    "prone-press-up": "up",
    "childs-pose": "rest",
    "bottom-to-heels": "back",
    "bird-dog-arm-reach": "reach",
    "bird-dog": "reach",
    "thread-the-needle": "rest",
    "seated-piriformis-stretch": "lean",
    "seated-hamstring-stretch": "lean",
    "seated-twist": "turned",
    "sit-to-stand": "stand",
    "standing-back-bend": "back",
    "standing-side-stretch": "lean",
    "standing-hip-flexor-stretch": "shift",
    "standing-hamstring-stretch": "lean",
    "hip-hinge": "hinge",
    "piriformis-stretch": "drawn",
}


def arrow_opacity(figure, arrow):
    """An arrow's keyframed opacity over the loop, as (seconds, opacity): always 1 without steps."""
    frames = drawing.frames_for(figure)
    times = [frame.time for frame in frames]
    if not arrow.steps:
        return times, [1.0] * len(times)
    return times, drawing.shown_during(frames, arrow.steps)


@pytest.mark.parametrize("slug", sorted(GOES_OUT_AND_BACK))
def test_no_arrow_pointing_the_way_out_shows_while_the_body_comes_back(slug):
    # Round 15: "Movement arrows stay the same during the return, so a patient may read them as
    # 'keep going'"; side-by-side 38 on belly breathing: the blue up arrow on the tummy stayed
    # through the breath out, although the app says "feel your tummy fall". An arrow shown on the
    # way out (up to the first time the loop reaches the pose it goes out to) is off all through
    # every move after the last time the loop is there; a return arrow may show then.
    figure = FIGURES[slug]
    far = GOES_OUT_AND_BACK[slug]
    poses = [step.pose for step in figure.loop]
    first, last = poses.index(far), len(poses) - 1 - poses[::-1].index(far)
    starts, time = [], 0.0
    for step in figure.loop:
        starts.append(time)
        time += step.move + step.stay
    returns = [(starts[i], figure.loop[i].move) for i in range(last + 1, len(poses)) if figure.loop[i].move]
    assert returns, "the loop comes back"
    for arrow in figure.arrows:
        if arrow.both_ways:
            continue
        times, opacity = arrow_opacity(figure, arrow)
        outward = [
            value_at(times, opacity, starts[i] + 0.5 * (figure.loop[i].move + figure.loop[i].stay))
            for i in range(first + 1)
        ]
        if max(outward) < 0.05:
            continue  # a return arrow
        for start, move in returns:
            for k in range(1, 10):
                t = start + move * k / 10
                assert value_at(times, opacity, t) < 0.05, (
                    arrow.point or arrow.at or arrow.around,
                    round(t, 2),
                )


@pytest.mark.parametrize("slug", sorted(s for s, f in FIGURES.items() if f.links))
def test_a_link_joins_its_two_parts_and_shows_only_while_they_move(slug):
    # Round 17: the bird dog's and the dead bug's opposite arm and leg were told apart only by
    # dark and grey limbs. A dashed line joins the hand and foot that move together, drawn from
    # one to the other (carried `past` them when asked), with the body at every moment, and shown
    # only during its steps; the drawing shown when motion is reduced keeps it.
    figure, placer, bodies = loop_bodies(slug)
    for link in figure.links:
        for body in bodies:
            ends = drawing.numbers_in(drawing.link_path(figure, body, {**link, "past": 0}))
            assert len(ends) == 2
            for end, name in zip(ends, (link["a"], link["b"]), strict=True):
                assert math.dist(end, figure.view.project(drawing.point_of(body, name))[:2]) < 1
            longer = drawing.numbers_in(drawing.link_path(figure, body, {**link, "past": 5}))
            # (rounded ends: a short link, across the hips, can be 2 units out)
            assert math.dist(*longer) == pytest.approx(math.dist(*ends) + 10, abs=2)
    svg = drawing.svg_document(figure)
    moving, _, still = svg.partition('<g class="still">')
    assert moving.count('class="c l"') == len(figure.links)
    hidden_at_first = len(re.findall(r'<path class="c l"[^>]*opacity="0"', moving))
    assert hidden_at_first == sum(1 for k in figure.links if 0 not in k.get("steps", [0]))
    assert still.count('class="c l"') == len(figure.links)


@pytest.mark.parametrize("slug", ["piriformis-stretch", "seated-piriformis-stretch"])
def test_an_inset_shows_a_close_up_in_a_circle_during_its_steps_and_in_the_still_drawing(slug):
    # Both piriformis stretches show their figure 4 close up, seen from the feet: the seated one's
    # crossed ankle was hidden behind the arm and the other leg and read as a knee hug (round 18b).
    figure = FIGURES[slug]
    assert figure.inset, f"{slug} shows its figure 4 close up"
    root = ElementTree.fromstring(drawing.svg_document(figure))
    groups = {group.get("class"): group for group in root.iter(f"{SVG}g")}
    close_up = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "i")
    assert close_up in list(groups["moving"].iter(f"{SVG}g"))
    assert close_up.find(f"{SVG}clipPath") is not None and close_up.find(f"{SVG}g").get("clip-path")
    # It fades in and out with the loop, and the still drawing (reduced motion) shows it unmoving.
    assert any(a.get("attributeName") == "opacity" for a in groups["moving"].iter(f"{SVG}animate"))
    # (The lying one's still drawing is its pull, so it shows the pull's close-up, `then`.)
    shown = "#i2" if figure.inset.get("then") else "#i"
    assert [u.get("href") for u in groups["still"].iter(f"{SVG}use")] == [shown]
    assert not list(close_up.iter(f"{SVG}animate"))
    # The legs keep the main view's colours: the near (crossed) leg in the ink, the far one grey.
    classes = {p.get("class") for p in close_up.iter(f"{SVG}path")}
    assert {"k", "f"} <= classes


def test_the_lying_piriformis_pull_shows_the_hand_holding_the_far_thigh_close_up():
    # Rounds 31 to 37 and side-by-side 161: in the pull the main view is a knot of limbs, and
    # "you can't see where the hands go". The circle changes during the pull (`then`) to the
    # far leg seen from the side with the near hand's fingers curled round its thigh, and a
    # leader to where that hand is; the first close-up (the figure 4) is shown only around it.
    figure = FIGURES["piriformis-stretch"]
    then = figure.inset["then"]
    pull = [i for i, step in enumerate(figure.loop) if step.pose == "drawn"]
    assert then["pose"] == "drawn" and set(then["steps"]) == set(pull)
    assert not set(figure.inset["steps"]) & set(then["steps"])
    assert "near palm" in then["order"] and "near palm" not in figure.order
    assert then["parts"] == ["far leg", "near arm"] and then["leader"] == "near_wrist"
    root = ElementTree.fromstring(drawing.svg_document(figure))
    later = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "i2")
    assert later.find(f"{SVG}g").get("clip-path") == "url(#c2)"
    classes = [p.get("class") for p in later.iter(f"{SVG}path")]
    assert "f" in classes and "k" in classes
    # The crossing's long arrow is gone before the hold, so it is not read as the grey foot lifting;
    # a triangle keeps that foot down while the ankle rests on the knee.
    crossing = next(a for a in figure.arrows if a.point == "near_ankle" and a.end == "crossed")
    assert tuple(crossing.steps) == (1,)
    assert any(m["point"] == "far_heel" and m["steps"] == [2] for m in figure.stays)


def test_a_close_up_without_a_pose_moves_with_the_loop_and_stands_still_when_motion_is_reduced():
    # The pelvic tilt's movement is small, and blind reviewers saw no movement to copy (rounds
    # 12-17): a close-up from the same side magnifies the low back, bottom and mat, following
    # the loop, so the gap under the low back is seen to close; its own arrow presses the low
    # back down, its triangle keeps the bottom on the mat.
    figure = FIGURES["pelvic-tilt"]
    assert "pose" not in figure.inset and figure.inset["view"] == [0, 0]
    root = ElementTree.fromstring(drawing.svg_document(figure))
    groups = {group.get("class"): group for group in root.iter(f"{SVG}g")}
    close_up = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "i")
    assert any(a.get("attributeName") == "d" for a in close_up.iter(f"{SVG}animate"))
    # The still drawing draws the close-up of the still pose, unmoving, instead of a copy that moves.
    still = groups["still"]
    assert not list(still.iter(f"{SVG}use")) and not list(still.iter(f"{SVG}animate"))
    assert any(g.get("clip-path") == "url(#c)" for g in still.iter(f"{SVG}g"))
    # The arrow on the close-up shows while the back presses down, and in the still drawing
    # (with the main view's).
    timed = [
        p
        for p in groups["moving"].iter(f"{SVG}path")
        if p.get("class") == "c" and p.get("stroke-width") == "3"
    ]
    assert len(timed) >= 2 and all(p.find(f"{SVG}animate") is not None for p in timed)
    assert (
        sum(1 for p in still.iter(f"{SVG}path") if p.get("class") == "c" and p.get("stroke-width") == "3")
        >= 2  # the two arrows (and the stopwatch's ring)
    )


def test_the_hip_flexor_close_up_shows_throughout_right_beside_the_hips_with_its_belt_and_arrow():
    # A fresh reviewer preferred the hips tucking in a close-up, but it "isn't linked to the hip
    # and disappears in the end / reduce-motion frame". It now shows throughout the loop and in
    # the still drawing (the still pose in it), right beside the hips it magnifies, at their
    # height, clear of the counter; its belt and its arrow are drawn in it, not in the main view.
    figure = FIGURES["standing-hip-flexor-stretch"]
    assert "pose" not in figure.inset and "steps" not in figure.inset and figure.inset["view"] == [0, 0]
    placer = drawing.Placer(figure)
    ax, ay, _ = figure.view.project(placer.anchor)
    dx, dy = figure.inset["at"]
    radius = figure.inset["radius"]
    # Side-by-side 62 and blind round 28: the circle "isn't linked to the hip". It sits up
    # behind the low back, clear of the curled arrow behind the buttock, and a thin line in the
    # circle's colour runs from its edge to the low back it magnifies, stopping just short of it.
    assert figure.inset["leader"] == "low back"
    for name in ("stride", "tuck", "shift"):
        body = placer.place(figure.poses[name])
        lx, ly, _ = figure.view.project(drawing.point_of(body, "low back"))
        assert 8 < lx - (ax + dx + radius) < 35  # its edge a little behind the low back
        assert 0 < ly - (ay + dy) < radius  # a little above it
    root = ElementTree.fromstring(drawing.svg_document(figure))
    groups = {group.get("class"): group for group in root.iter(f"{SVG}g")}
    close_up = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "i")
    outer = next(g for g in groups["moving"].iter(f"{SVG}g") if close_up in list(g))
    assert outer.get("opacity") == "1" and not [a for a in outer if a.tag == f"{SVG}animate"]
    assert {p.get("class") for p in close_up.iter(f"{SVG}path")} >= {"k", "f", "h"}
    (arrow,) = [p for p in outer.iter(f"{SVG}path") if p.get("class") == "c"]  # drawn over it
    assert arrow.find(f"{SVG}animate") is not None  # off on the way back
    (leader,) = [p for p in outer if p.tag == f"{SVG}path" and p.get("class") == "p"]
    still = groups["still"]
    assert len([p for p in still if p.tag == f"{SVG}path" and p.get("d") == leader.get("d")]) == 1
    x0, y0, x1, y1 = map(
        float, re.fullmatch(r"M(-?[\d.]+) (-?[\d.]+)l(-?[\d.]+) (-?[\d.]+)", leader.get("d")).groups()
    )
    start, end = (x0, y0), (x0 + x1, y0 + y1)
    assert abs(math.dist(start, (ax + dx, ay + dy)) - radius) < 1  # from the circle's edge
    shift = placer.place(figure.poses["shift"])
    assert 2 < math.dist(end, figure.view.project(drawing.point_of(shift, "low back"))[:2]) < 6
    copy = [g for g in still.iter(f"{SVG}g") if g.get("clip-path") == "url(#c)"]
    assert len(copy) == 1 and not list(copy[0].iter(f"{SVG}animate"))
    assert {p.get("class") for p in copy[0].iter(f"{SVG}path")} >= {"k", "f", "h"}
    # The counter stops short behind the body, so the circle beside the hips is clear of it.
    counter = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "pq")
    left = float(re.match(r"M(-?[\d.]+)", counter.get("d")).group(1))
    assert left > ax + dx + radius


@pytest.mark.parametrize("slug", ["seated-piriformis-stretch", "pelvic-tilt", "standing-hip-flexor-stretch"])
def test_an_inset_covers_no_part_of_the_figure_at_the_reviews_moments(slug):
    # The close-up sits beside the body, never over it: at each of the review's four moments
    # when it shows, every joint (with half a limb's or the body's width round it) is outside
    # its circle. (The lying piriformis stretch's far toes graze its circle's edge at 5/8.)
    figure, placer, bodies = loop_bodies(slug)
    frames = drawing.frames_for(figure)
    shown = drawing.shown_during(frames, figure.inset.get("steps", range(len(figure.loop))))
    ax, ay, _ = figure.view.project(placer.anchor)
    dx, dy = figure.inset.get("at", (0.0, -60.0))
    centre, radius = (ax + dx, ay + dy), figure.inset.get("radius", 30.0)
    end = frames[-1].time
    for fraction in (1 / 8, 3 / 8, 5 / 8, 7 / 8):
        time = fraction * end
        i = next(i for i in range(len(frames) - 1) if frames[i].time <= time <= frames[i + 1].time)
        if not (shown[i] or shown[i + 1]):
            continue
        for body in (bodies[i], bodies[i + 1]):
            for name, point in body.points.items():
                # Half a thigh's width round a limb's joint, half the body's round the trunk's.
                limb = name.startswith(("near_", "far_"))
                clear = radius + drawing.WIDTHS["thigh" if limb else "body"] / 2
                where = figure.view.project(point)[:2]
                assert math.dist(where, centre) > clear, f"the inset covers {name} at {fraction}"


def test_a_triangle_beside_a_part_points_across_at_it_and_may_show_only_during_some_steps():
    # `beside` puts a "stays" triangle that far to a part's left (negative) or right, pointing
    # across at it (the hip flexor stretch's low back, kept from arching while the hips shift);
    # with `steps` it fades in and out with the loop, and the still drawing keeps it only when
    # the still pose's step is among them. Without either, a triangle is drawn as it always was.
    figure = FIGURES["standing-hip-flexor-stretch"]
    placer = drawing.Placer(figure)
    still = placer.place(figure.poses[figure.still_pose])
    x, y, _ = figure.view.project(drawing.point_of(still, "low back"))
    for side in (-1, 1):
        _, pts = drawing.stay_mark(figure, still, {"point": "low back", "beside": 6 * side})
        tip = min(pts, key=lambda p: abs(p[0] - x))
        assert abs(tip[1] - y) < 0.01 and all(abs(p[1] - y) <= 3.61 for p in pts)
        assert all((p[0] - x) * side > 0 for p in pts)  # on that side
        assert all(abs(p[0] - x) > abs(tip[0] - x) for p in pts if p != tip)  # pointing at it
    plain = {"point": "low back", "above": 16}
    assert drawing.stay_mark(figure, still, plain)[1][2] == pytest.approx((x, y - 16.8))  # pointing down
    mark = {"point": "low back", "beside": -6, "steps": [2]}
    figure = poses.Figure(**{**figure.__dict__, "stays": [*figure.stays, mark]})
    _, pts = drawing.stay_mark(figure, still, mark)
    d = f"{drawing.polyline(pts)}z"
    svg = drawing.svg_document(figure)
    moving, _, still_svg = svg.partition('<g class="still">')
    (timed,) = re.findall(rf'<path class="c" stroke-width="4" d="{re.escape(d)}"[^/]*?>(.*?)</path>', moving)
    assert 'attributeName="opacity"' in timed
    assert f'd="{d}"/>' in still_svg  # the still pose (the shift) is among its steps
    hidden = poses.Figure(**{**figure.__dict__, "stays": [{**mark, "steps": [0]}]})
    assert f'd="{d}"' not in drawing.svg_document(hidden).partition('<g class="still">')[2]


def test_a_ghost_of_some_limbs_shows_only_during_its_steps():
    # A whole ghost of the dead bug's start (knees up) crowded it, and over the reach the ghost's
    # pale arm beside the grey arm was "busy on a phone" (round 19). Rounds 25 and 26: the start
    # "appears with no way of getting there" (knees up one at a time): the loop first brings the
    # near knee up, its ghost the foot on the mat, shown only then. The pale knees-up near leg
    # shown over the reach sat beside the grey far leg, offset by the view, and read as "the far
    # leg's shin moves slightly off its starting position" (side-by-side 111): it is gone, so the
    # still drawing (the reach) has no ghost.
    figure = FIGURES["dead-bug"]
    assert figure.ghost == "down" and figure.ghost_parts == ("near leg",)
    assert figure.loop[0].pose == "down"
    reach = next(i for i, s in enumerate(figure.loop) if s.pose == "reach")
    assert 0 in figure.ghost_steps and reach not in figure.ghost_steps
    svg = drawing.svg_document(figure)
    moving, _, still = svg.partition('<g class="still">')
    ghost = re.search(r'<animate attributeName="opacity"[^>]*/><g id="g">(.*?)</g></g>', moving)
    assert ghost and 'class="gf"' not in ghost.group(1)  # no trunk
    assert ghost.group(1).count("<path") == 2  # the thigh and the shin (their widths)
    assert "#g" not in still
    frames = drawing.frames_for(figure)
    assert drawing.shown_during(frames, figure.ghost_steps)[0] == 1


def test_every_breath_mark_is_on_a_rim_and_never_half_faded_at_the_reviews_moments():
    # Rounds 27 and 28: the breath marks were "often too pale, or on the neck or a dark limb, so
    # invisible on a phone". Each is drawn on a rim of the frame's colour, and at the review's
    # four moments it is either fully there or not at all.
    for slug, figure in FIGURES.items():
        svg = (FIGURE_DIR / f"{slug}.svg").read_text()
        marks = svg.count(f'class="c" stroke-width="{drawing.BREATH_WIDTH:g}" d=')
        rims = svg.count(f'class="h" stroke-width="{drawing.BREATH_WIDTH + drawing.BREATH_RIM:g}" d=')
        assert rims >= marks > 0 or not any(step.breath for step in figure.loop), slug
        for kind in ("out", "in"):
            times, values = drawing.breath_timing(figure, kind)
            for fraction in (1 / 8, 3 / 8, 5 / 8, 7 / 8):
                assert value_at(times, values, fraction * times[-1]) in (0, 1), (slug, kind, fraction)


def test_the_wall_sits_stopwatch_fills_through_the_hold_and_only_then():
    # Rounds 28 to 36 read the wall sit as a slide up and down; side-by-side 131 lost without the
    # slow slide up. The ring is empty as the hold starts, full as it ends, hidden while sliding,
    # and the still drawing (the held pose) shows it part full.
    figure = FIGURES["wall-sit"]
    frames = drawing.frames_for(figure)
    svg = drawing.svg_document(figure)
    # The ring's dash offset at each frame: 1 is empty, 0 full.
    offsets = [
        float(v) for v in re.search(r'attributeName="stroke-dashoffset" values="([^"]+)"', svg)[1].split(";")
    ]
    held = [i for i, f in enumerate(frames) if f.step in figure.hold["steps"]]
    assert offsets[held[0]] == 1 and offsets[held[-1]] == 0
    assert any(0 < offsets[i] < 1 for i in held)  # filling evenly on through the hold
    assert {a.steps[0] for a in figure.arrows} == {0, 5}  # down, and slowly back up
    assert 'stroke-dashoffset="0.25"' in svg.partition('<g class="still">')[2]


def pose_at(figure, fraction: float):
    """The pose the loop shows at this fraction of it (between its eased frames)."""
    frames = drawing.frames_for(figure)
    time = fraction * frames[-1].time
    for before, after in zip(frames, frames[1:], strict=False):
        if before.time <= time <= after.time:
            share = (time - before.time) / (after.time - before.time) if after.time > before.time else 1
            return before.pose.blend(after.pose, share)
    return frames[-1].pose


def test_the_bird_dog_starts_still_on_all_fours_with_the_head_in_line_and_comes_back():
    # Side-by-side 162: its first moment was already mid-slide ("never shows the start clearly")
    # and "the head hangs a little below the line of the back". At the review's moments it holds
    # hands and knees, slides low, reaches, and is nearly back on hands and knees; the head
    # stays in line with the back (no more than 12 degrees below it) at every pose.
    figure = FIGURES["bird-dog"]
    assert [pose_held_at(figure, f) for f in (1 / 8, 3 / 8, 5 / 8)] == ["start", "slide", "reach"]
    placer = drawing.Placer(figure)
    start = placer.place(figure.poses["start"])
    back = placer.place(pose_at(figure, 7 / 8))
    for part in ("near_knee", "far_wrist"):
        assert math.dist(back.points[part], start.points[part]) < 8, part

    def rising(a, b) -> float:
        return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))

    for name, pose in figure.poses.items():
        p = placer.place(pose).points
        assert rising(p["hip"], p["neck"]) - rising(p["neck"], p["head"]) < 12, name
