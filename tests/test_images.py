"""Editors replace a drawing by uploading a photo in the admin; Pillow checks and cleans it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import ExifTags, Image

from exercises.models import Exercise

from .factories import spoken_form

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


def upload(client, exercise, name, data, content_type):
    form = {
        "name": exercise.name, "slug": exercise.slug, "purpose": exercise.purpose,
        "kind": exercise.kind, "is_published": "on", "instructions": exercise.instructions,
        "breathing": exercise.breathing, "cautions": exercise.cautions,
        "hold_seconds": exercise.hold_seconds or "", "reps": exercise.reps or "",
        "rep_seconds": exercise.rep_seconds, "position": exercise.position,
        "difficulty": exercise.difficulty, "equipment": exercise.equipment,
        "body_areas": [a.pk for a in exercise.body_areas.all()],
        "figure": exercise.figure,
        **spoken_form(exercise),
        "image": SimpleUploadedFile(name, data, content_type=content_type),
    }
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
