"""Editor-uploaded illustrations: validated and re-encoded by Pillow, with phone-sized renditions.

Nothing from the upload is kept as sent: the pixels are decoded, turned upright, and written out
again, which drops EXIF (including GPS) and anything hidden after the image data.
"""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

RENDITION_WIDTHS = (360, 720, 1080)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def open_upload(upload) -> Image.Image:
    """Decode an uploaded file, or raise ValidationError with a message an editor can act on."""
    if upload.size > settings.MAX_UPLOAD_IMAGE_BYTES:
        limit = settings.MAX_UPLOAD_IMAGE_BYTES // (1024 * 1024)
        raise ValidationError(f"That file is too big. Upload an image under {limit} MB.")
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG or WebP image.")
            if image.width * image.height > settings.MAX_UPLOAD_IMAGE_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "That image has too many pixels to handle safely. "
            "Upload one under 40 megapixels (for example 6000 × 4000)."
        ) from None
    except ValidationError:
        raise
    except Exception:
        # Pillow raises many types for broken or foreign files; all mean the same to an editor.
        raise ValidationError(
            "That file is not an image we can read. Upload a JPEG, PNG or WebP image."
        ) from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image


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


def save_image(exercise, image: Image.Image) -> None:
    """Store a clean master plus WebP and JPEG renditions, and remember their paths."""
    storage = exercise.image.storage
    for fmt_paths in exercise.image_renditions.values():
        for _, path in fmt_paths:
            storage.delete(path)
    stem = f"exercises/{exercise.slug}"
    exercise.image.save(f"{exercise.slug}.jpg", ContentFile(_encode(image, "JPEG")), save=False)
    renditions = {"webp": [], "jpeg": []}
    widths = [w for w in RENDITION_WIDTHS if w < image.width] + [min(image.width, 1600)]
    for width in sorted(set(widths)):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for fmt, ext in (("webp", "webp"), ("jpeg", "jpg")):
            name = storage.save(
                str(PurePosixPath(f"{stem}-{width}.{ext}")),
                ContentFile(_encode(resized, fmt.upper())),
            )
            renditions[fmt].append([width, name])
    exercise.image_renditions = renditions
