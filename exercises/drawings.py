"""What each shipped exercise drawing shows, for the pages: a description (the drawing's alt text)
and which of the drawings' marks it uses (for the key under it on the exercise page).

Read from content/poses.toml, the file the drawings themselves are made from by the generator in
tests/figures/ (`make figures`), so a description changes with its drawing. Each other language's
descriptions are in an overlay beside it (poses.nl.toml: `[[figure]]` with `exercise` and `alt`
only); a drawing it leaves out is described in English, and says so (DrawingKey.language).
"""

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

POSES = Path(__file__).resolve().parent / "content" / "poses.toml"


def read_poses(language: str | None = None) -> dict:
    """poses.toml, or with a language ("nl") its overlay of descriptions ({} when there is none)."""
    path = POSES if language is None else POSES.with_name(f"poses.{language}.toml")
    if not path.exists():
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class DrawingKey:
    """description: what the drawing shows, in words; seen_from: the view when it is not the
    usual side view ("" otherwise); the rest say whether the drawing has the pale start pose, a
    movement arrow, an orange area where the exercise is felt, a triangle on what stays still,
    the breath-out and breath-in marks, the breath-in mark also over a part the breath goes into
    (breath_into: crocodile breathing's back), small arrowheads pointing in at a part that
    tightens, a dashed line joining the hand and foot that move together (linked), a dotted arrow
    along the body: the order to go through its parts, from the feet up (route), and a close-up
    in a circle from another side with a ring where one part rests on another
    (close_up), or one from the same side, magnifying a small movement (close_up_same_side, with
    close_up), a band across the hips tipping with the pelvis, a pale one where it started
    (belt: the scene's belt), a green band looped round a foot, an end in each hand (towel:
    the scene's towel), a cushion or folded towel to put where it is drawn (cushion: the scene's
    pillow or cushion between the knees), and a small stopwatch filling up while a position is
    held (hold).
    language: the language `description` and `seen_from` are written in (English where a
    language's overlay has no description for the drawing yet)."""

    description: str
    seen_from: str
    start_shown: bool
    arrows: bool
    felt: bool
    stays: bool
    breath_out: bool
    squeeze: bool = False
    breath_in: bool = False
    breath_into: bool = False
    linked: bool = False
    route: bool = False
    close_up: bool = False
    close_up_same_side: bool = False
    belt: bool = False
    towel: bool = False
    cushion: bool = False
    hold: bool = False
    language: str = "en"


# How each language's descriptions begin when the drawing is not the usual side view, before the
# colon: "Seen from beside the feet and above: …". The key under the drawing names the view.
SEEN_FROM = {"en": "Seen from ", "nl": "Gezien vanaf ", "es": "Visto desde "}


def digest(description: str) -> str:
    """The first 8 hex digits of the SHA-256 of an English description: an overlay's `translates`,
    so a test notices when the English changes and the translations have not followed."""
    return hashlib.sha256(description.encode()).hexdigest()[:8]


@cache
def drawing_keys(language: str = "en") -> dict[str, DrawingKey]:
    """Every shipped drawing's key, by its static path ("exercises/figures/<slug>.svg"), with its
    words in `language` where that language's overlay has them."""
    overlay = {} if language == settings.LANGUAGE_CODE else read_poses(language)
    translated = {f["exercise"]: f["alt"] for f in overlay.get("figure", []) if f.get("alt")}
    out = {}
    for figure in read_poses().get("figure", []):
        words = language if figure["exercise"] in translated else settings.LANGUAGE_CODE
        description = translated.get(figure["exercise"], figure.get("alt", ""))
        seen, _, _ = description.partition(":")
        props = {item.get("kind") for item in figure.get("scene", []) if isinstance(item, dict)}
        # A mark drawn only on the close-up needs its line too (round 37: the pelvic tilt's
        # tighten arrowheads, in its circle alone, were "not explained in this drawing's key").
        # The close-up's own start shape counts too (the tummy draw-in's tummy seen sinking away
        # from where it was).
        marks = {
            k
            for k in ("ghost", "arrows", "highlight", "stays", "squeeze")
            if figure.get(k) or figure.get("inset", {}).get(k)
        }
        out[f"exercises/figures/{figure['exercise']}.svg"] = DrawingKey(
            language=words,
            description=description,
            seen_from=""
            if figure.get("view", "side") == "side"
            else seen.removeprefix(SEEN_FROM.get(words, "")).strip(),
            start_shown="ghost" in marks,
            arrows="arrows" in marks,
            felt="highlight" in marks,
            stays="stays" in marks,
            breath_out=figure.get("breath_mark", True)
            and any(s.get("breath") == "out" for s in figure["loop"]),
            squeeze="squeeze" in marks,
            breath_in=figure.get("breath_mark", True)
            and any(s.get("breath") == "in" for s in figure["loop"]),
            # The key line says "over the back": the only part a breath is drawn going into.
            breath_into=figure.get("breath_into") in ("low back", "back"),
            linked=bool(figure.get("links")),
            route=bool(figure.get("route")),
            close_up=bool(figure.get("inset")),
            close_up_same_side=list(figure.get("inset", {}).get("view", [])) == [0, 0],
            belt="belt" in props,
            towel="towel" in props,
            cushion=bool(props & {"pillow", "between"}),
            hold=bool(figure.get("hold")),
        )
    return out


def drawing_key(figure_path: str, language: str | None = None) -> DrawingKey | None:
    """The key of a shipped drawing in `language` (the active one when None), or None for a path
    that is not one."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return drawing_keys(language).get(figure_path)
