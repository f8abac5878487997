"""Editors replace a drawing by uploading a photo in the admin; Pillow checks and cleans it."""

import html
import io
import re
import struct

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from exercises import images
from exercises.colour_profiles import ADOBE_RGB, DISPLAY_P3, PROPHOTO_RGB, icc_profile
from exercises.drawings import drawing_key
from exercises.models import Exercise, RoutineStep

from .factories import exercise_admin_form, spoken_form, with_languages

# What the shipped drawing's alt text says (exercises/content/poses.toml).
GLUTE_BRIDGE_DRAWING = drawing_key("exercises/figures/glute-bridge.svg").description

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (1600, 1000), (180, 120, 90))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: must come out upright
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 40.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bytes(size=(800, 500), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (40, 110, 100, 200) if mode == "RGBA" else 0).save(out, "PNG")
    return out.getvalue()


def upload(client, exercise, name, data, content_type, **fields):
    form = exercise_admin_form(
        exercise, image=SimpleUploadedFile(name, data, content_type=content_type), **fields
    )
    return client.post(reverse("admin:exercises_exercise_change", args=[exercise.pk]), form)


def test_jpeg_upload_loses_its_location_data_and_gets_phone_renditions(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="cat-cow")
    response = upload(client, exercise, "holiday.jpg", jpeg_with_location(), "image/jpeg")
    assert response.status_code == 302, response.content.decode()[:2000]

    exercise.refresh_from_db()
    with exercise.image.open() as f:
        stored = Image.open(f)
        stored.load()
    assert not stored.getexif(), "EXIF (including GPS) must be stripped"
    assert "exif" not in stored.info
    assert stored.size == (1000, 1600), "the sideways photo is turned upright"
    assert b"PhoneMaker" not in exercise.image.open().read()

    widths = [w for w, _ in exercise.image_renditions["webp"]]
    assert widths == [360, 720, 1000]
    for fmt in ("webp", "jpeg"):
        for width, path in exercise.image_renditions[fmt]:
            with exercise.image.storage.open(path) as f:
                rendition = Image.open(f)
                assert rendition.format == fmt.upper()
                assert rendition.width == width
                assert not rendition.getexif()

    html = client.get("/exercises/cat-cow/").content.decode()
    assert '<source type="image/webp" srcset="' in html
    assert "-360.webp 360w" in html and "-720.jpg 720w" in html


def test_png_with_transparency_is_accepted(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(client, exercise, "drawing.png", png_bytes(), "image/png")
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.image_width == 800
    assert [w for w, _ in exercise.image_renditions["jpeg"]] == [360, 720, 800]


def test_a_file_that_is_not_an_image_is_refused_clearly(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(client, exercise, "notes.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    assert response.status_code == 400
    assert "not an image we can read" in response.content.decode()
    exercise.refresh_from_db()
    assert not exercise.image
    # Everything else the editor typed is still in the form.
    assert exercise.purpose in response.content.decode()


def test_a_decompression_bomb_is_refused(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="glute-bridge")
    bomb = png_bytes(size=(12000, 12000), mode="1")
    assert len(bomb) < 100_000  # tiny on disk, 144 megapixels in memory
    response = upload(client, exercise, "bomb.png", bomb, "image/png")
    assert response.status_code == 400
    assert "too many pixels" in response.content.decode()
    exercise.refresh_from_db()
    assert not exercise.image


@override_settings(MAX_UPLOAD_IMAGE_BYTES=50_000)
def test_a_file_over_the_size_limit_is_refused(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(client, exercise, "huge.jpg", jpeg_with_location() + b"\0" * 60_000, "image/jpeg")
    assert response.status_code == 400
    assert "too big" in response.content.decode()


def test_uploaded_files_are_served_as_images_never_as_pages(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="cat-cow")
    upload(client, exercise, "page.html", jpeg_with_location(), "text/html")
    exercise.refresh_from_db()
    assert exercise.image.name.endswith(".jpg")  # whatever the name sent, it is re-encoded as JPEG
    response = client.get(exercise.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


# ---- Helpers for the kinds of files editors really send ----


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def post_change_form(client, exercise, **fields):
    form = exercise_admin_form(exercise, **fields)
    return client.post(reverse("admin:exercises_exercise_change", args=[exercise.pk]), form)


def rendition(exercise, fmt="jpeg", index=0) -> Image.Image:
    _, path = exercise.image_renditions[fmt][index]
    with exercise.image.storage.open(path) as f:
        image = Image.open(f)
        image.load()
    return image


def pixel_at(image: Image.Image, fx: float, fy: float):
    return image.getpixel((int(image.width * fx), int(image.height * fy)))


def close_to(actual, expected, tolerance=8) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=False))


def files_on_disk(media_root) -> set[str]:
    return {str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()}


def page_figure(client, slug) -> str:
    """The <picture> or drawing <img> on the exercise page, as served."""
    page = client.get(f"/exercises/{slug}/").content.decode()
    return re.search(r'<div class="figure-frame">(.*?)</div>', page, re.DOTALL).group(1)


def errors_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def signed_in_editor(client, editor):
    client.force_login(editor)
    return client


# ---- Extreme sizes: a clear form error or a sensible rendition, never a 500 ----


@pytest.mark.parametrize(
    "size, words",
    [
        ((1080, 17000), "more than 3 times as tall as it is wide"),  # a phone's long screenshot
        ((17000, 1080), "more than 3 times as wide as it is tall"),  # a panorama
        ((200, 16384), "more than 3 times as tall"),  # past WebP's 16383 px limit
    ],
)
def test_very_long_images_get_a_form_error_saying_to_crop(signed_in_editor, size, words):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data = encode(Image.new("RGB", size, (90, 140, 120)), "PNG")
    response = upload(signed_in_editor, exercise, "screenshot.png", data, "image/png")
    assert response.status_code == 400
    assert words in errors_of(response)
    assert "Crop it to the part that shows the exercise" in errors_of(response)
    exercise.refresh_from_db()
    assert not exercise.image


@pytest.mark.parametrize(
    "size, fmt",
    [((1, 1), "PNG"), ((1, 1), "GIF"), ((1, 1), "JPEG"), ((199, 600), "PNG"), ((640, 120), "WEBP")],
)
def test_tiny_images_are_refused(signed_in_editor, size, fmt):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data = encode(Image.new("RGB", size, (90, 140, 120)), fmt)
    response = upload(signed_in_editor, exercise, f"tiny.{fmt.lower()}", data, f"image/{fmt.lower()}")
    assert response.status_code == 400
    assert f"only {size[0]} × {size[1]} pixels, too small" in errors_of(response)


def test_the_tallest_shape_allowed_gets_renditions_within_webp_limits(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data = encode(Image.new("RGB", (1080, 3240), (90, 140, 120)), "PNG")
    response = upload(signed_in_editor, exercise, "portrait.png", data, "image/png")
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert (exercise.image_width, exercise.image_height) == (853, 2560)
    assert [w for w, _ in exercise.image_renditions["webp"]] == [360, 720, 853]
    assert rendition(exercise, "webp", -1).size == (853, 2560)


def test_a_big_camera_photo_is_stored_at_a_sensible_size(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data = encode(Image.new("RGB", (5120, 3000), (90, 140, 120)), "JPEG")  # 15 megapixels
    response = upload(signed_in_editor, exercise, "camera.jpg", data, "image/jpeg")
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert (exercise.image_width, exercise.image_height) == (2560, 1500)
    assert [w for w, _ in exercise.image_renditions["webp"]] == [360, 720, 1080, 1600]
    assert rendition(exercise, "jpeg", -1).size == (1600, 938)


def patched_jpeg_size(width, height) -> bytes:
    data = bytearray(encode(Image.new("RGB", (300, 300)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def patched_gif_size(width, height) -> bytes:
    data = bytearray(encode(Image.new("P", (300, 300)), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)  # logical screen
    descriptor = data.index(b"\x2c")
    data[descriptor + 5 : descriptor + 9] = struct.pack("<HH", width, height)
    return bytes(data)


@pytest.mark.parametrize(
    "data, content_type",
    [
        (patched_jpeg_size(30000, 30000), "image/jpeg"),  # 900 megapixels claimed in 1 kB
        (patched_gif_size(20000, 20000), "image/gif"),
        (patched_jpeg_size(9000, 5000), "image/jpeg"),  # 45 megapixels, just over the limit
    ],
)
def test_decompression_bombs_in_other_formats_are_refused(signed_in_editor, data, content_type):
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(signed_in_editor, exercise, "bomb", data, content_type)
    assert response.status_code == 400
    assert "too many pixels" in errors_of(response)
    assert "under 40 megapixels" in errors_of(response)


# ---- Pixel modes and colour: what the editor sees is what the page shows ----


@pytest.mark.parametrize("level16, level8", [(32896, 128), (8224, 32), (65535, 255), (0, 0)])
def test_16_bit_greyscale_keeps_its_brightness(signed_in_editor, level16, level8):
    exercise = Exercise.objects.get(slug="glute-bridge")
    grey = Image.new("I;16", (640, 400), level16)
    data = encode(grey, "PNG")
    assert Image.open(io.BytesIO(data)).mode == "I;16"
    response = upload(signed_in_editor, exercise, "scan.png", data, "image/png")
    assert response.status_code == 302
    exercise.refresh_from_db()
    for fmt in ("jpeg", "webp"):
        value = pixel_at(rendition(exercise, fmt).convert("RGB"), 0.5, 0.5)
        assert close_to(value, (level8,) * 3, 2), (fmt, value)


def half_transparent(mode: str) -> tuple[bytes, str]:
    """Left half fully transparent, right half an opaque dark green; in each way a PNG, GIF or
    WebP can say 'transparent'."""
    if mode == "LA":
        image = Image.new("LA", (640, 400), (0, 0))
        image.paste((60, 255), (320, 0, 640, 400))
        return encode(image, "PNG"), "image/png"
    if mode == "I;16+tRNS":
        image = Image.new("I;16", (640, 400), 0)
        image.paste(Image.new("I;16", (320, 400), 60 * 257), (320, 0))
        return encode(image, "PNG", transparency=0), "image/png"
    if mode == "L+tRNS":
        image = Image.new("L", (640, 400), 0)
        image.paste(60, (320, 0, 640, 400))
        return encode(image, "PNG", transparency=0), "image/png"
    if mode == "RGB+tRNS":
        image = Image.new("RGB", (640, 400), (0, 0, 0))
        image.paste((20, 90, 40), (320, 0, 640, 400))
        return encode(image, "PNG", transparency=(0, 0, 0)), "image/png"
    image = Image.new("RGBA", (640, 400), (0, 0, 0, 0))
    image.paste((20, 90, 40, 255), (320, 0, 640, 400))
    if mode == "P+tRNS":
        palette = image.convert("RGB").quantize(4)
        index = palette.getpixel((0, 0))
        return encode(palette, "PNG", transparency=index), "image/png"
    if mode == "GIF":
        palette = image.convert("RGB").quantize(4)
        return encode(palette, "GIF", transparency=palette.getpixel((0, 0))), "image/gif"
    return encode(image, "WEBP", lossless=True), "image/webp"


@pytest.mark.parametrize("mode", ["LA", "L+tRNS", "I;16+tRNS", "RGB+tRNS", "P+tRNS", "GIF", "RGBA WebP"])
def test_transparent_areas_stay_transparent_or_turn_white_never_black(signed_in_editor, mode):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data, content_type = half_transparent(mode)
    response = upload(signed_in_editor, exercise, "cut-out", data, content_type)
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    jpeg = rendition(exercise, "jpeg")
    assert close_to(pixel_at(jpeg, 0.25, 0.5), (255, 255, 255), 3), "JPEG has no transparency: white"
    assert max(pixel_at(jpeg, 0.75, 0.5)) < 100, "the opaque half keeps its dark colour"
    webp = rendition(exercise, "webp")
    assert webp.mode == "RGBA"
    assert pixel_at(webp, 0.25, 0.5)[3] == 0
    assert pixel_at(webp, 0.75, 0.5)[3] == 255


@pytest.mark.parametrize(
    "mode", ["1", "L", "LA", "La", "P", "PA", "RGBa", "CMYK", "I", "I;16", "I;16B", "F", "YCbCr", "HSV"]
)
def test_every_pixel_mode_becomes_8_bit_rgb(mode):
    image = images.to_srgb(Image.new(mode, (4, 4)))
    assert image.mode in ("RGB", "RGBA")
    assert image.mode == "RGBA" or mode not in ("LA", "La", "PA", "RGBa")


def test_a_cmyk_jpeg_keeps_its_colours(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    image = Image.new("CMYK", (640, 400), (0, 255, 255, 0))  # red ink
    image.paste((255, 0, 0, 0), (320, 0, 640, 400))  # cyan ink
    data = encode(image, "JPEG", quality=95)
    response = upload(signed_in_editor, exercise, "print.jpg", data, "image/jpeg")
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert close_to(pixel_at(rendition(exercise), 0.25, 0.5), (255, 0, 0), 12)
    assert close_to(pixel_at(rendition(exercise), 0.75, 0.5), (0, 255, 255), 12)


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def in_space(spec, colour):
    """The numbers that mean sRGB `colour` in the wide-gamut space `spec`."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile(spec)))
    image = Image.new("RGB", (1, 1), colour)
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    return ImageCms.profileToProfile(image, SRGB, profile, renderingIntent=intent).getpixel((0, 0))


@pytest.mark.parametrize(
    "spec, red, green",
    [
        (ADOBE_RGB, (219, 0, 0), (144, 255, 60)),
        (DISPLAY_P3, (234, 51, 35), (117, 251, 76)),
        (PROPHOTO_RGB, (179, 70, 26), (138, 237, 78)),
    ],
)
def test_the_test_profiles_agree_with_published_conversions(spec, red, green):
    assert close_to(in_space(spec, (255, 0, 0)), red, 2)
    assert close_to(in_space(spec, (0, 255, 0)), green, 2)


def wide_gamut_photo(spec, fmt) -> bytes:
    """Two patches, sRGB red and a brick red, written in `spec`'s numbers with its profile."""
    image = Image.new("RGB", (640, 400), in_space(spec, (255, 0, 0)))
    image.paste(in_space(spec, (200, 60, 40)), (320, 0, 640, 400))
    options = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
    if fmt == "HEIF":
        options = {"quality": -1}  # lossless, so only the colour conversion is measured
    return encode(image, fmt, icc_profile=icc_profile(spec), **options)


@pytest.mark.parametrize(
    "spec, fmt",
    [
        (ADOBE_RGB, "JPEG"),  # a camera set to Adobe RGB
        (PROPHOTO_RGB, "JPEG"),  # an export from a photo editor
        (PROPHOTO_RGB, "PNG"),
        (DISPLAY_P3, "JPEG"),  # iPhone photos and screenshots
        (DISPLAY_P3, "PNG"),
        (DISPLAY_P3, "WEBP"),
        (DISPLAY_P3, "HEIF"),
        (DISPLAY_P3, "AVIF"),
    ],
)
def test_wide_gamut_photos_keep_their_colours(signed_in_editor, spec, fmt):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data = wide_gamut_photo(spec, fmt)
    raw = Image.open(io.BytesIO(data)).convert("RGB")
    assert not close_to(pixel_at(raw, 0.25, 0.5), (255, 0, 0), 15), "the numbers alone look wrong"
    response = upload(signed_in_editor, exercise, "photo", data, "application/octet-stream")
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    for fmt_out in ("jpeg", "webp"):
        image = rendition(exercise, fmt_out)
        assert close_to(pixel_at(image, 0.25, 0.5), (255, 0, 0), 10), (fmt_out, pixel_at(image, 0.25, 0.5))
        assert close_to(pixel_at(image, 0.75, 0.5), (200, 60, 40), 10), (fmt_out, pixel_at(image, 0.75, 0.5))
        assert "icc_profile" not in image.info or not image.info["icc_profile"]


@pytest.mark.parametrize(
    "mode, profile",
    [("RGB", b"not a profile at all"), ("L", icc_profile(ADOBE_RGB)), ("RGB", icc_profile(ADOBE_RGB)[:200])],
)
def test_a_broken_or_mismatched_profile_does_not_refuse_the_photo(signed_in_editor, mode, profile):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data = encode(
        Image.new(mode, (640, 400), 128 if mode == "L" else (128, 128, 128)), "JPEG", icc_profile=profile
    )
    response = upload(signed_in_editor, exercise, "photo.jpg", data, "image/jpeg")
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    assert close_to(pixel_at(rendition(exercise), 0.5, 0.5), (128, 128, 128), 3)


@pytest.mark.parametrize(
    "fmt, orientation", [("JPEG", n) for n in range(1, 9)] + [("PNG", 6), ("WEBP", 8), ("PNG", 3)]
)
def test_photos_come_out_upright_whatever_their_exif_orientation(signed_in_editor, fmt, orientation):
    exercise = Exercise.objects.get(slug="glute-bridge")
    image = Image.new("RGB", (600, 400), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 150, 100))  # a mark in the sensor's top-left corner
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    response = upload(signed_in_editor, exercise, "p", encode(image, fmt, exif=exif), "image/jpeg")
    assert response.status_code == 302
    exercise.refresh_from_db()
    upright = rendition(exercise, "jpeg", -1)
    assert upright.size == ((400, 600) if orientation >= 5 else (600, 400))
    # Where the mark must end up once the camera's turn or flip is undone.
    corner = {1: (0, 0), 2: (1, 0), 3: (1, 1), 4: (0, 1), 5: (0, 0), 6: (1, 0), 7: (1, 1), 8: (0, 1)}[
        orientation
    ]
    x, y = (0.05 if corner[0] == 0 else 0.95), (0.05 if corner[1] == 0 else 0.95)
    assert max(pixel_at(upright.convert("RGB"), x, y)) < 60


# ---- Formats: the help text, the file picker and what is accepted agree ----

STILL = Image.new("RGB", (640, 400), (30, 120, 90))


@pytest.mark.parametrize("fmt", list(images.ACCEPTED_FORMATS))
def test_every_format_the_help_text_names_is_accepted(signed_in_editor, fmt):
    exercise = Exercise.objects.get(slug="glute-bridge")
    form = signed_in_editor.get(
        reverse("admin:exercises_exercise_change", args=[exercise.pk])
    ).content.decode()
    label, mime_types = images.ACCEPTED_FORMATS[fmt]
    assert label.split(" (")[0] in html.unescape(form)
    accept = re.search(r'<input type="file" name="image"[^>]*accept="([^"]+)"', form).group(1)
    assert set(mime_types) <= set(accept.split(","))

    response = upload(signed_in_editor, exercise, "picture", encode(STILL, fmt), "application/octet-stream")
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    assert close_to(pixel_at(rendition(exercise), 0.5, 0.5), (30, 120, 90), 10)


def test_the_help_text_names_exactly_the_accepted_formats(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    form = errors_of(signed_in_editor.get(reverse("admin:exercises_exercise_change", args=[exercise.pk])))
    assert "JPEG, PNG, WebP, HEIC (iPhone photos), AVIF or GIF (not animated), under 8 MB" in form


def svg_drawing() -> bytes:
    return b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><path d="M0 0L9 9"/></svg>'


@pytest.mark.parametrize(
    "data, words",
    [
        (svg_drawing(), "That is an SVG drawing"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "That is an SVG drawing"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "That file is a PDF document"),
        (encode(STILL, "TIFF"), "That file is a TIFF image"),
        (encode(STILL, "BMP"), "That file is a BMP image"),
        (b"8BPS\x00\x01" + b"\x00" * 40, "That file is a Photoshop (PSD) file"),
        (encode(STILL, "ICO"), "That file is not an image we can read"),
    ],
)
def test_other_kinds_of_file_are_named_with_how_to_send_a_jpeg(signed_in_editor, data, words):
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(signed_in_editor, exercise, "picture.jpg", data, "image/jpeg")
    assert response.status_code == 400
    text = errors_of(response)
    assert words in text
    assert "JPEG" in text
    exercise.refresh_from_db()
    assert not exercise.image


def test_an_svg_upload_points_to_where_drawings_live(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(signed_in_editor, exercise, "drawing.svg", svg_drawing(), "image/svg+xml")
    assert "add it under static/exercises/figures/ and name it in “Figure”" in errors_of(response)


def animated(fmt) -> bytes:
    frames = [Image.new("RGB", (400, 300), c) for c in ((200, 40, 40), (40, 40, 200))]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=200)


@pytest.mark.parametrize("fmt, name", [("GIF", "GIF"), ("PNG", "PNG"), ("WEBP", "WebP"), ("AVIF", "AVIF")])
def test_animated_images_are_refused_with_what_to_send(signed_in_editor, fmt, name):
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(signed_in_editor, exercise, "moving", animated(fmt), "image/gif")
    assert response.status_code == 400
    assert f"That {name} is animated. Pages show one still picture" in errors_of(response)


def test_an_iphone_heic_photo_is_accepted_and_cleaned(signed_in_editor):
    exercise = Exercise.objects.get(slug="cat-cow")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.0)
    data = encode(
        Image.new("RGB", (1200, 900), (180, 120, 90)), "HEIF", exif=exif, icc_profile=icc_profile(DISPLAY_P3)
    )
    response = upload(signed_in_editor, exercise, "IMG_0001.HEIC", data, "image/heic")
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    assert exercise.image.name.endswith(".jpg")
    stored = exercise.image.open().read()
    assert b"Apple" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_an_empty_file_is_refused(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    response = upload(signed_in_editor, exercise, "photo.jpg", b"", "image/jpeg")
    assert response.status_code == 400
    assert "The submitted file is empty." in errors_of(response)


@pytest.mark.parametrize(
    "fmt, name, keep",
    [
        ("JPEG", "JPEG", 0.5),
        ("JPEG", "JPEG", 0.02),
        ("PNG", "PNG", 0.5),
        ("PNG", "PNG", 0.02),
        ("WEBP", "WebP", 0.5),
        ("GIF", "GIF", 0.5),
        ("HEIF", "HEIC", 0.5),
        ("AVIF", "AVIF", 0.5),
    ],
)
def test_a_cut_off_file_is_called_damaged_or_incomplete(signed_in_editor, fmt, name, keep):
    exercise = Exercise.objects.get(slug="glute-bridge")
    noisy = Image.effect_noise((640, 400), 60).convert("RGB")  # so the data is long enough to cut
    data = encode(noisy, fmt)
    response = upload(signed_in_editor, exercise, "photo", data[: int(len(data) * keep)], "image/jpeg")
    assert response.status_code == 400
    assert f"That {name} file is damaged or incomplete" in errors_of(response)
    exercise.refresh_from_db()
    assert not exercise.image


# ---- Replacing a picture: new files first, old ones removed only once the change is saved ----

RED = Image.new("RGB", (800, 500), (200, 40, 40))
BLUE = Image.new("RGB", (900, 600), (40, 40, 200))


def upload_saved(client, exercise, image, capture, **fields):
    with capture(execute=True):
        response = upload(client, exercise, "photo.png", encode(image, "PNG"), "image/png", **fields)
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    return exercise


def test_replacing_a_picture_removes_the_old_files_after_the_save(
    signed_in_editor, media_root, django_capture_on_commit_callbacks
):
    exercise = upload_saved(
        signed_in_editor, Exercise.objects.get(slug="glute-bridge"), RED, django_capture_on_commit_callbacks
    )
    old = set(images.files_of(exercise))
    assert len(old) == 7 and files_on_disk(media_root) == old

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(signed_in_editor, exercise, "new.png", encode(BLUE, "PNG"), "image/png")
    assert response.status_code == 302
    exercise.refresh_from_db()
    new = set(images.files_of(exercise))
    assert not old & new, "new files never overwrite the ones the live page uses"
    assert files_on_disk(media_root) == old | new, "until the database commit both sets exist"

    for callback in callbacks:
        callback()
    assert files_on_disk(media_root) == new, "the replaced original and its renditions are gone"
    figure = page_figure(signed_in_editor, "glute-bridge")
    assert 'width="900" height="600"' in figure
    assert all(path.rsplit("/", 1)[1] in figure for path in new if not path.endswith("1080.jpg"))
    assert close_to(pixel_at(rendition(exercise), 0.5, 0.5), (40, 40, 200), 10)


@pytest.mark.parametrize(
    "data",
    [
        encode(Image.new("RGB", (1080, 17000), (0, 0, 0)), "PNG"),
        encode(BLUE, "JPEG")[:3000],
        svg_drawing(),
        b"",
    ],
    ids=["long screenshot", "cut-off JPEG", "SVG", "empty"],
)
def test_a_refused_replacement_leaves_the_live_picture_alone(
    signed_in_editor, media_root, django_capture_on_commit_callbacks, data
):
    exercise = upload_saved(
        signed_in_editor, Exercise.objects.get(slug="glute-bridge"), RED, django_capture_on_commit_callbacks
    )
    files_before, figure_before = files_on_disk(media_root), page_figure(signed_in_editor, "glute-bridge")

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(signed_in_editor, exercise, "new.png", data, "image/png")
    assert response.status_code == 400
    assert files_on_disk(media_root) == files_before
    assert page_figure(signed_in_editor, "glute-bridge") == figure_before
    assert close_to(pixel_at(rendition(exercise), 0.5, 0.5), (200, 40, 40), 10)


class DiskFillsUpAtTheSecondRendition(FileSystemStorage):
    """Local storage that runs out of space part-way through writing a new picture."""

    def _save(self, name, content):
        if "-720." in name:
            raise OSError(28, "No space left on device")
        return super()._save(name, content)


def test_a_replacement_that_fails_part_way_leaves_the_live_picture_and_no_strays(
    signed_in_editor, media_root, settings, django_capture_on_commit_callbacks
):
    exercise = upload_saved(
        signed_in_editor, Exercise.objects.get(slug="glute-bridge"), RED, django_capture_on_commit_callbacks
    )
    files_before, figure_before = files_on_disk(media_root), page_figure(signed_in_editor, "glute-bridge")

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.DiskFillsUpAtTheSecondRendition"},
    }
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(OSError):
        upload(signed_in_editor, exercise, "new.png", encode(BLUE, "PNG"), "image/png")

    assert files_on_disk(media_root) == files_before, "the new files written so far are removed again"
    exercise.refresh_from_db()
    assert set(images.files_of(exercise)) == files_before
    assert page_figure(signed_in_editor, "glute-bridge") == figure_before


def legacy_picture(exercise):
    """A picture saved by an earlier version, under the names it used then."""
    storage = exercise.image.storage
    storage.save(f"exercises/{exercise.slug}.jpg", io.BytesIO(encode(RED, "JPEG")))
    renditions = {"webp": [], "jpeg": []}
    for width in (360, 720, 800):
        small = RED.resize((width, round(500 * width / 800)))
        for fmt, ext in (("webp", "webp"), ("jpeg", "jpg")):
            path = storage.save(
                f"exercises/{exercise.slug}-{width}.{ext}", io.BytesIO(encode(small, fmt.upper()))
            )
            renditions[fmt].append([width, path])
    exercise.image = f"exercises/{exercise.slug}.jpg"
    exercise.image_renditions = renditions
    exercise.save()
    return exercise


def test_pictures_saved_before_stay_where_they_are_until_replaced(
    signed_in_editor, media_root, django_capture_on_commit_callbacks
):
    exercise = legacy_picture(Exercise.objects.get(slug="glute-bridge"))
    legacy = files_on_disk(media_root)
    figure = page_figure(signed_in_editor, "glute-bridge")
    assert "glute-bridge-360.webp 360w" in figure and 'width="800" height="500"' in figure

    # An edit that doesn't touch the picture keeps every file where it is.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change_form(signed_in_editor, exercise, purpose="Lifts your hips gently.")
    assert response.status_code == 302
    assert files_on_disk(media_root) == legacy
    assert page_figure(signed_in_editor, "glute-bridge") == figure

    exercise.refresh_from_db()
    upload_saved(signed_in_editor, exercise, BLUE, django_capture_on_commit_callbacks)
    assert files_on_disk(media_root) == set(images.files_of(exercise))
    assert not legacy & files_on_disk(media_root)


def test_clearing_the_picture_brings_back_the_drawing_and_removes_the_files(
    signed_in_editor, media_root, django_capture_on_commit_callbacks
):
    exercise = upload_saved(
        signed_in_editor, Exercise.objects.get(slug="glute-bridge"), RED, django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change_form(signed_in_editor, exercise, **{"image-clear": "on"})
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert not exercise.image and exercise.image_renditions == {}
    assert files_on_disk(media_root) == set()
    figure = page_figure(signed_in_editor, "glute-bridge")
    assert "<picture>" not in figure and f'alt="{GLUTE_BRIDGE_DRAWING}"' in figure


@pytest.mark.parametrize("how", ["delete page", "delete action"])
def test_deleting_an_exercise_removes_its_pictures(
    signed_in_editor, media_root, django_capture_on_commit_callbacks, how
):
    exercise = Exercise.objects.exclude(pk__in=RoutineStep.objects.values("exercise")).first()
    upload_saved(signed_in_editor, exercise, RED, django_capture_on_commit_callbacks)
    assert files_on_disk(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        if how == "delete page":
            url = reverse("admin:exercises_exercise_delete", args=[exercise.pk])
            response = signed_in_editor.post(url, {"post": "yes"})
        else:
            url = reverse("admin:exercises_exercise_changelist")
            form = {"action": "delete_selected", "_selected_action": [exercise.pk], "post": "yes"}
            response = signed_in_editor.post(url, form)
    assert response.status_code == 302
    assert not Exercise.objects.filter(pk=exercise.pk).exists()
    assert files_on_disk(media_root) == set()


# ---- Alt text: says what the picture shows ----


def test_an_uploaded_photo_is_described_by_the_editor_not_as_a_line_drawing(
    signed_in_editor, django_capture_on_commit_callbacks
):
    description = "A person lying on their back with knees bent, lifting their hips off a mat"
    upload_saved(
        signed_in_editor,
        Exercise.objects.get(slug="glute-bridge"),
        RED,
        django_capture_on_commit_callbacks,
        image_alt=description,
    )
    figure = page_figure(signed_in_editor, "glute-bridge")
    assert f'alt="{description}"' in figure
    assert "Line drawing" not in figure


def test_without_a_description_a_photo_is_named_after_the_exercise(
    signed_in_editor, django_capture_on_commit_callbacks
):
    upload_saved(
        signed_in_editor, Exercise.objects.get(slug="glute-bridge"), RED, django_capture_on_commit_callbacks
    )
    figure = page_figure(signed_in_editor, "glute-bridge")
    assert 'alt="Glute bridge"' in figure
    assert "Line drawing" not in figure


def test_a_new_picture_does_not_keep_the_description_of_the_old_one(
    signed_in_editor, django_capture_on_commit_callbacks
):
    exercise = upload_saved(
        signed_in_editor,
        Exercise.objects.get(slug="glute-bridge"),
        RED,
        django_capture_on_commit_callbacks,
        image_alt="A red square",
    )
    assert exercise.image_alt == "A red square"
    upload_saved(
        signed_in_editor, exercise, BLUE, django_capture_on_commit_callbacks, image_alt="A red square"
    )
    assert exercise.image_alt == ""
    assert 'alt="Glute bridge"' in page_figure(signed_in_editor, "glute-bridge")

    upload_saved(
        signed_in_editor, exercise, RED, django_capture_on_commit_callbacks, image_alt="A red square again"
    )
    assert exercise.image_alt == "A red square again"


def test_the_drawing_is_described_in_words(client):
    figure = page_figure(client, "glute-bridge")
    assert f'alt="{GLUTE_BRIDGE_DRAWING}"' in figure


def adobe_rgb_camera_jpeg() -> bytes:
    """What a camera set to Adobe RGB writes: Adobe RGB numbers, no ICC profile, and EXIF
    ColorSpace 'uncalibrated' with interoperability index R03."""
    image = Image.new("RGB", (640, 400), in_space(ADOBE_RGB, (255, 0, 0)))
    image.paste(in_space(ADOBE_RGB, (200, 60, 40)), (320, 0, 640, 400))
    exif = Image.Exif()
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    exif_ifd[ExifTags.Base.ColorSpace] = 0xFFFF
    exif_ifd[ExifTags.IFD.Interop] = {1: "R03"}
    return encode(image, "JPEG", quality=95, exif=exif)


def display_p3_heic_without_icc() -> bytes:
    """A HEIC that states Display P3 only in its nclx box (primaries 12, sRGB transfer)."""
    image = Image.new("RGB", (640, 400), in_space(DISPLAY_P3, (255, 0, 0)))
    image.paste(in_space(DISPLAY_P3, (200, 60, 40)), (320, 0, 640, 400))
    nclx = {
        "color_primaries": 12,
        "transfer_characteristics": 13,
        "matrix_coefficients": 6,
        "full_range_flag": 1,
    }
    return encode(image, "HEIF", quality=-1, **nclx)


@pytest.mark.parametrize("make", [adobe_rgb_camera_jpeg, display_p3_heic_without_icc])
def test_photos_that_name_their_colour_space_without_a_profile_keep_their_colours(signed_in_editor, make):
    exercise = Exercise.objects.get(slug="glute-bridge")
    data = make()
    assert not Image.open(io.BytesIO(data)).info.get("icc_profile")
    response = upload(signed_in_editor, exercise, "photo", data, "image/jpeg")
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    image = rendition(exercise)
    assert close_to(pixel_at(image, 0.25, 0.5), (255, 0, 0), 10), pixel_at(image, 0.25, 0.5)
    assert close_to(pixel_at(image, 0.75, 0.5), (200, 60, 40), 10), pixel_at(image, 0.75, 0.5)


def test_an_srgb_heic_is_left_as_it_is(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    nclx = {
        "color_primaries": 1,
        "transfer_characteristics": 13,
        "matrix_coefficients": 6,
        "full_range_flag": 1,
    }
    data = encode(Image.new("RGB", (640, 400), (200, 60, 40)), "HEIF", quality=-1, **nclx)
    response = upload(signed_in_editor, exercise, "photo.heic", data, "image/heic")
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert close_to(pixel_at(rendition(exercise), 0.5, 0.5), (200, 60, 40), 8)


def test_nonsense_nclx_primaries_are_ignored_not_a_crash():
    image = Image.new("RGB", (4, 4), (200, 60, 40))
    image.info["nclx_profile"] = {
        "color_primaries": 12,
        "transfer_characteristics": 13,
        **{f"color_primary_{c}_{a}": 0.0 for c in ("red", "green", "blue", "white") for a in "xy"},
    }
    assert images.implied_profile(image) is None
    assert images.to_srgb(image).getpixel((0, 0)) == (200, 60, 40)


def test_a_new_exercise_can_be_added_with_a_photo(
    signed_in_editor, media_root, django_capture_on_commit_callbacks
):
    model = Exercise.objects.get(slug="glute-bridge")
    form = with_languages(
        Exercise,
        {
            "name": "Bridge with a ball",
            "slug": "bridge-with-a-ball",
            "purpose": model.purpose,
            "kind": model.kind,
            "instructions": model.instructions,
            "breathing": model.breathing,
            "cautions": model.cautions,
            "hold_seconds": model.hold_seconds or "",
            "reps": model.reps or "",
            "rep_seconds": model.rep_seconds,
            "position": model.position,
            "difficulty": model.difficulty,
            "equipment": model.equipment,
            "body_areas": [a.pk for a in model.body_areas.all()],
            "figure": "",
            "image_alt": "A person on their back squeezing a ball between their knees",
            "image": SimpleUploadedFile("ball.heic", encode(STILL, "HEIF"), content_type="image/heic"),
            **spoken_form(model),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_editor.post(reverse("admin:exercises_exercise_add"), form)
    assert response.status_code == 302, errors_of(response)[:800]
    exercise = Exercise.objects.get(slug="bridge-with-a-ball")
    assert files_on_disk(media_root) == set(images.files_of(exercise))
    listing = signed_in_editor.get(reverse("admin:exercises_exercise_changelist")).content.decode()
    assert exercise.image_renditions["jpeg"][0][1] in listing, "the list previews the smallest copy"


def test_a_phone_jpeg_with_a_depth_or_hdr_map_is_accepted_as_the_photo(signed_in_editor):
    exercise = Exercise.objects.get(slug="glute-bridge")
    photo = Image.new("RGB", (800, 600), (200, 60, 40))
    gain_map = Image.new("RGB", (400, 300), (20, 20, 20))
    data = encode(photo, "MPO", save_all=True, append_images=[gain_map])
    assert Image.open(io.BytesIO(data)).format == "MPO"
    response = upload(signed_in_editor, exercise, "PXL_0001.jpg", data, "image/jpeg")
    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    assert (exercise.image_width, exercise.image_height) == (800, 600)
    assert close_to(pixel_at(rendition(exercise), 0.5, 0.5), (200, 60, 40), 8)


def test_a_good_picture_in_a_form_with_another_mistake_writes_nothing(
    signed_in_editor, media_root, django_capture_on_commit_callbacks
):
    exercise = upload_saved(
        signed_in_editor, Exercise.objects.get(slug="glute-bridge"), RED, django_capture_on_commit_callbacks
    )
    files_before, figure_before = files_on_disk(media_root), page_figure(signed_in_editor, "glute-bridge")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            signed_in_editor,
            exercise,
            "new.png",
            encode(BLUE, "PNG"),
            "image/png",
            instructions="Only one step",
        )
    assert response.status_code == 400
    assert "Write 3 to 8 steps" in errors_of(response)
    assert files_on_disk(media_root) == files_before
    assert page_figure(signed_in_editor, "glute-bridge") == figure_before


# ---- Nothing but pixels and colour is kept ----

SECRET = b"MEET-ME-AT-51.5N-0.12W"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>'
    + SECRET
    + b"</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def photo_carrying_text(kind: str) -> tuple[bytes, str]:
    picture = Image.new("RGB", (800, 500), (120, 160, 200))
    if kind == "JPEG comment":
        return encode(picture, "JPEG", comment=SECRET), "image/jpeg"
    if kind == "JPEG XMP":
        return encode(picture, "JPEG", xmp=XMP), "image/jpeg"
    if kind == "GIF comment":
        return encode(picture.convert("P"), "GIF", comment=SECRET), "image/gif"
    if kind == "PNG text":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", SECRET.decode())
        info.add_itxt("Description", SECRET.decode())
        return encode(picture, "PNG", pnginfo=info), "image/png"
    if kind == "WebP XMP":
        return encode(picture, "WEBP", xmp=XMP), "image/webp"
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["JPEG comment", "JPEG XMP", "GIF comment", "PNG text", "WebP XMP"])
def test_text_hidden_in_an_upload_reaches_no_stored_file(signed_in_editor, kind):
    exercise = Exercise.objects.get(slug="cat-cow")
    data, content_type = photo_carrying_text(kind)
    assert SECRET in data

    response = upload(signed_in_editor, exercise, "photo", data, content_type)

    assert response.status_code == 302, errors_of(response)[:500]
    exercise.refresh_from_db()
    storage = exercise.image.storage
    for path in images.files_of(exercise):
        with storage.open(path) as f:
            stored = f.read()
        assert SECRET not in stored, path
        assert b"xmpmeta" not in stored and b"Comment" not in stored, path
