"""Editor-uploaded illustrations: validated and re-encoded by Pillow, with phone-sized renditions.

Nothing from the upload is kept but its pixels and colours: they are decoded, turned upright,
converted to 8-bit sRGB with the colour profile they came with, and written out again with
nothing else (no EXIF and GPS, XMP, comments, text chunks or anything hidden after the data).

Everything that can fail on an editor's file happens in `prepare()`, before anything is written,
so a bad file is a form error and the live page keeps its current picture. `store()` then writes
the new files under new names; the previous ones are removed only after the database commit.
"""

import contextlib
import functools
import io
import secrets
import struct
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ExifTags, Image, ImageCms, ImageOps

from . import colour_profiles

try:  # iPhones save photos as HEIC; pillow-heif is the maintained libheif binding for Pillow.
    import pillow_heif
except ImportError:  # pragma: no cover - it is in requirements.txt
    pillow_heif = None
else:
    pillow_heif.register_heif_opener()

# Pillow format name -> (what editors call it, MIME types browsers may send or accept).
# The form's help text and its `accept` attribute are both built from this table.
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", ("image/jpeg",)),
    "PNG": ("PNG", ("image/png",)),
    "WEBP": ("WebP", ("image/webp",)),
    "HEIF": ("HEIC (iPhone photos)", ("image/heic", "image/heif", ".heic", ".heif")),
    "AVIF": ("AVIF", ("image/avif",)),
    "GIF": ("GIF (not animated)", ("image/gif",)),
}
if pillow_heif is None:  # pragma: no cover
    del ACCEPTED_FORMATS["HEIF"]

RENDITION_WIDTHS = (360, 720, 1080)
LARGEST_RENDITION = 1600
# The stored master is what <img src> falls back to: big enough for any screen, not a 40 MP photo.
MASTER_LONGEST_SIDE = 2560
# Pages show illustrations in a 16:10 frame; smaller than this they look blurred on any phone.
MIN_SIDE = 200
# Much longer than wide (a phone's long screenshot) shows as a thin strip in that frame.
MAX_ASPECT_RATIO = 3
# WebP cannot store a side longer than this.
WEBP_MAX_SIDE = 16383

# What refused files usually are, told from their first bytes, so the message can say so.
_KNOWN_OTHERS = [
    (b"%PDF", "a PDF document"),
    (b"II*\x00", "a TIFF image (or a camera RAW/DNG file)"),
    (b"MM\x00*", "a TIFF image (or a camera RAW/DNG file)"),
    (b"8BPS", "a Photoshop (PSD) file"),
    (b"BM", "a BMP image"),
    (b"\xff\x0a", "a JPEG XL image"),
    (b"\x00\x00\x00\x0cJXL ", "a JPEG XL image"),
]


def accepted_labels() -> str:
    """'JPEG, PNG, … or GIF (not animated)': the formats editors may upload, in words."""
    labels = [label for label, _ in ACCEPTED_FORMATS.values()]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def accept_attribute() -> str:
    """The file input's `accept` list, e.g. 'image/jpeg,image/png,…'."""
    return ",".join(t for _, types in ACCEPTED_FORMATS.values() for t in types)


def help_text() -> str:
    limit = settings.MAX_UPLOAD_IMAGE_BYTES // (1024 * 1024)
    return (
        f"Replaces the line drawing. {accepted_labels()}, under {limit} MB, at least "
        f"{MIN_SIDE} × {MIN_SIDE} pixels and no more than {MAX_ASPECT_RATIO} times as long as wide. "
        "Only the picture is kept: location, camera details and comments are removed."
    )


@dataclass
class PreparedImage:
    """An upload decoded and encoded in memory: a JPEG master plus WebP and JPEG renditions
    as (width in pixels, bytes), ready to be written by `store()`."""

    width: int
    height: int
    master: bytes
    renditions: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict)


def _looks_like(head: bytes) -> str | None:
    """The accepted format a file claims to be by its first bytes, even if it is damaged."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIF"
    return None


def _damaged(fmt: str) -> ValidationError:
    name = ACCEPTED_FORMATS[fmt][0].split(" (")[0]
    return ValidationError(
        f"That {name} file is damaged or incomplete (it may have been cut off while copying "
        "or uploading). Export or copy it again and upload the new file."
    )


def _refused_format_message(head: bytes) -> str:
    formats = accepted_labels()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"<?xml", b"<svg", b"<!DOCTYPE svg")) or b"<svg" in head:
        return (
            "That is an SVG drawing, not a photo or screenshot. Uploads become JPEG and WebP, "
            "which would spoil a drawing: add it under static/exercises/figures/ and name it "
            "in “Figure” instead."
        )
    for magic, what in _KNOWN_OTHERS:
        if head.startswith(magic):
            return f"That file is {what}, which pages can't show. Save or export it as a JPEG or PNG and upload that."
    return f"That file is not an image we can read. Upload a photo or screenshot: {formats}."


def open_upload(upload) -> Image.Image:
    """Decode an uploaded file into an upright 8-bit sRGB image ('RGB', or 'RGBA' when it has
    transparency), or raise ValidationError with a message an editor can act on."""
    if upload.size > settings.MAX_UPLOAD_IMAGE_BYTES:
        limit = settings.MAX_UPLOAD_IMAGE_BYTES // (1024 * 1024)
        raise ValidationError(f"That file is too big. Upload an image under {limit} MB.")
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the accepted formats' decoders ever see the bytes.
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_many_pixels()) from None
    except Exception:
        # Pillow raises many types for broken or foreign files; tell the editor which it is.
        claimed = _looks_like(data[:32])
        if claimed in ACCEPTED_FORMATS:
            raise _damaged(claimed) from None
        raise ValidationError(_refused_format_message(data[:1024])) from None

    # Phones' JPEGs often carry a second picture (a depth map or HDR gain map), which Pillow
    # reports as MPO; the first picture is the photo.
    fmt = "JPEG" if image.format == "MPO" else image.format
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(_refused_format_message(data[:1024]))
    name = ACCEPTED_FORMATS[fmt][0].split(" (")[0]
    width, height = image.size
    if width * height > settings.MAX_UPLOAD_IMAGE_PIXELS:
        raise ValidationError(_too_many_pixels())
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            f"That image is only {width} × {height} pixels, too small to show clearly. "
            f"Upload one at least {MIN_SIDE} pixels on each side."
        )
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        longer, shorter = ("tall", "wide") if height > width else ("wide", "tall")
        raise ValidationError(
            f"That image is {width} × {height} pixels, more than {MAX_ASPECT_RATIO} times as "
            f"{longer} as it is {shorter} (a long screenshot?), so the page would show it as a "
            "thin strip. Crop it to the part that shows the exercise and upload that."
        )
    # HEIF's and MPO's extra images are alternatives (bursts, depth), not frames; the primary
    # one is used.
    try:
        animated = image.format not in ("HEIF", "MPO") and getattr(image, "is_animated", False)
    except Exception:
        raise _damaged(fmt) from None
    if animated:
        raise ValidationError(
            f"That {name} is animated. Pages show one still picture: upload a single frame as a JPEG or PNG."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except Exception:
        raise _damaged(fmt) from None
    implied = None if image.info.get("icc_profile") else implied_profile(image)
    # Unreadable EXIF: keep the pixels as stored rather than refuse the photo.
    with contextlib.suppress(Exception):
        image = ImageOps.exif_transpose(image)
    if implied:
        image.info["icc_profile"] = implied
    try:
        converted = to_srgb(image)
    except Exception:
        raise ValidationError(
            f"That {name} file uses a kind of pixel data we can't convert. "
            "Export it again as an ordinary JPEG or PNG and upload that."
        ) from None
    # Encoders copy some of what the decoder read (a JPEG or GIF comment, XMP) into every file
    # they write: only the pixels, now plain sRGB, go on.
    converted.info = {}
    return converted


def _too_many_pixels() -> str:
    megapixels = settings.MAX_UPLOAD_IMAGE_PIXELS // 1_000_000
    return (
        "That image has too many pixels to handle safely. "
        f"Upload one under {megapixels} megapixels (for example 6000 × 4000)."
    )


# nclx transfer characteristics (ITU-T H.273) that are ordinary SDR curves close to sRGB's;
# PQ and HLG (HDR) are left to the decoder.
_SDR_TRANSFERS = {1, 2, 6, 13, 14, 15}


def implied_profile(image: Image.Image) -> bytes | None:
    """An ICC profile for an image that names its colour space without embedding one: EXIF
    "uncalibrated" + interoperability index "R03" (a camera set to Adobe RGB), or a HEIC/AVIF
    nclx box with primaries other than sRGB's. None when the image is plain sRGB."""
    nclx = image.info.get("nclx_profile")
    if nclx and nclx.get("color_primaries") not in (None, 1, 2):
        if nclx.get("transfer_characteristics", 2) in _SDR_TRANSFERS:
            try:
                primaries = tuple(
                    (nclx[f"color_primary_{c}_x"], nclx[f"color_primary_{c}_y"])
                    for c in ("red", "green", "blue")
                )
                white = (nclx["color_primary_white_x"], nclx["color_primary_white_y"])
                return colour_profiles.icc_profile(("nclx", primaries, white, "srgb"))
            except (KeyError, TypeError, ArithmeticError, struct.error):
                return None  # nonsense primaries: show the numbers as sRGB rather than refuse
        return None
    try:
        exif = image.getexif()
        uncalibrated = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.ColorSpace) == 0xFFFF
        adobe = str(exif.get_ifd(ExifTags.IFD.Interop).get(1, "")).strip("\0 ") == "R03"
    except Exception:
        return None
    return colour_profiles.icc_profile(colour_profiles.ADOBE_RGB) if uncalibrated and adobe else None


def to_srgb(image: Image.Image) -> Image.Image:
    """Any decoded mode -> 8-bit 'RGB' or 'RGBA' in sRGB, keeping transparency and colours.

    16-bit greyscale is scaled to 8 bits (a plain conversion clips it to white); an embedded
    ICC profile (Adobe RGB, Display P3, ProPhoto, a CMYK press profile, a grey profile) is
    used to convert to sRGB, the colour space browsers assume for untagged images. A profile
    that is broken or doesn't fit the pixels is ignored rather than refusing the photo.
    """
    icc = image.info.get("icc_profile")
    if image.mode in ("La", "RGBa"):  # premultiplied alpha: Pillow converts only the plain kind
        image = image.convert(image.mode.upper())
    has_alpha = image.has_transparency_data
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    elif image.mode == "F":
        image = image.point(lambda v: v * 255).convert("L")
    alpha = None
    if has_alpha:
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        image = rgba.convert("RGB") if image.mode not in ("L", "LA", "La") else image.convert("L")
    elif image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    if icc:
        image = _apply_profile(image, icc)
    if image.mode != "RGB":
        image = image.convert("RGB")
    if alpha is not None:
        image.putalpha(alpha)
    return image


def _apply_profile(image: Image.Image, icc: bytes) -> Image.Image:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            image, source, _srgb_profile(), renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _fit(image: Image.Image, width: int) -> Image.Image:
    height = max(1, round(image.height * width / image.width))
    if height > WEBP_MAX_SIDE:
        width, height = max(1, round(width * WEBP_MAX_SIDE / height)), WEBP_MAX_SIDE
    if (width, height) == image.size:
        return image
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode == "RGBA":
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image, mask=image.getchannel("A"))
            image = background
        image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    else:
        image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def prepare(upload) -> PreparedImage:
    """Check, decode and encode an upload in memory. Raises ValidationError for any file an
    editor could send; writes nothing."""
    image = open_upload(upload)
    try:
        if max(image.size) > MASTER_LONGEST_SIDE:
            master = image.copy()
            master.thumbnail((MASTER_LONGEST_SIDE, MASTER_LONGEST_SIDE), Image.Resampling.LANCZOS)
        else:
            master = image
        prepared = PreparedImage(
            master.width, master.height, _encode(master, "JPEG"), {"webp": [], "jpeg": []}
        )
        widths = [w for w in RENDITION_WIDTHS if w < master.width] + [min(master.width, LARGEST_RENDITION)]
        for width in sorted(set(widths)):
            resized = _fit(master, width)
            for fmt in ("webp", "jpeg"):
                prepared.renditions[fmt].append((resized.width, _encode(resized, fmt.upper())))
    except (OSError, ValueError, MemoryError):
        raise ValidationError(
            "We couldn't make phone-sized copies of that image. Export it again as an ordinary "
            "JPEG or PNG and upload that."
        ) from None
    return prepared


def files_of(exercise) -> list[str]:
    """Storage paths of an exercise's uploaded master and renditions (empty for a drawing)."""
    paths = [exercise.image.name] if exercise.image else []
    for fmt_paths in (exercise.image_renditions or {}).values():
        paths.extend(path for _, path in fmt_paths)
    return paths


def store(exercise, prepared: PreparedImage) -> list[str]:
    """Write a prepared image under new names and point the exercise at it (not yet saved).
    Returns the new paths; on a storage error the ones already written are removed again."""
    storage = exercise.image.storage
    stem = f"{exercise.slug}-{secrets.token_hex(4)}"
    written = []
    try:
        exercise.image.save(f"{stem}.jpg", ContentFile(prepared.master), save=False)
        written.append(exercise.image.name)
        renditions = {}
        for fmt, items in prepared.renditions.items():
            ext = "jpg" if fmt == "jpeg" else fmt
            renditions[fmt] = []
            for width, data in items:
                name = storage.save(f"exercises/{stem}-{width}.{ext}", ContentFile(data))
                written.append(name)
                renditions[fmt].append([width, name])
    except BaseException:
        remove_files(storage, written)
        raise
    exercise.image_renditions = renditions
    return written


def remove_files(storage, paths) -> None:
    for path in paths:
        # Already gone, or the disk refuses: a stray file is harmless, a crash isn't.
        with contextlib.suppress(OSError):
            storage.delete(path)


def remove_after_commit(storage, paths) -> None:
    """Delete files once the current transaction commits; never if it rolls back, so the live
    page keeps its pictures when a change fails."""
    paths = [p for p in paths if p]
    if paths:
        transaction.on_commit(lambda: remove_files(storage, paths))
