"""Accepting uploaded photos safely: real JPEG/PNG/WebP only, metadata removed, resized variants.

Used for product images and meant to be reused for UPT (prison) product photos, where removing
metadata is a privacy requirement (a phone photo's EXIF carries GPS position, device serial, owner
name). The steps, in order:

1. refuse files above ``settings.MAX_UPLOAD_BYTES`` *before* decoding anything;
2. identify the format by decoding with Pillow (never trusting the file name or content type),
   restricted to the JPEG, PNG and WebP decoders, and refuse images above ``MAX_PIXELS`` using the
   header only (decompression-bomb guard, independent of Pillow's global ``MAX_IMAGE_PIXELS``);
3. check the whole file's structure (``verify()``: every chunk present and its checksum right), then
   decode the first frame, apply the EXIF orientation, convert colours to sRGB when an ICC profile
   is embedded, then copy the *pixels only* into a fresh image: EXIF (incl. GPS), XMP, IPTC, ICC
   profile, PNG text chunks and comments are all left behind;
4. encode the original (long side at most 2000 px) and the variants as WebP under a random token.

``clean_image()`` does 1–4 in memory and returns a ``CleanImage``; ``save_renditions()`` writes it
to model file fields; ``delete_files()`` removes stored files (call it from ``transaction.on_commit``
or on failure). Errors are ``ValidationError`` with Indonesian messages.
"""

from __future__ import annotations

import contextlib
import io
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # colour management is optional in Pillow builds; without it the profile is simply dropped
    from PIL import ImageCms
except ImportError:  # pragma: no cover
    ImageCms = None  # type: ignore[assignment]

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000  # 40 megapixels: above any phone camera, far below a decompression bomb
ORIGINAL = "original"
# Variant name -> longest side in pixels. The original is also downscaled to keep storage bounded.
DEFAULT_SIZES: dict[str, int] = {ORIGINAL: 2000, "medium": 800, "thumbnail": 240}
OUTPUT_FORMAT = "WEBP"
OUTPUT_EXTENSION = "webp"
OUTPUT_CONTENT_TYPE = "image/webp"
QUALITY = {ORIGINAL: 85, "medium": 80, "thumbnail": 75}

NOT_AN_IMAGE = _("Berkas bukan gambar JPEG, PNG, atau WebP.")
TOO_MANY_PIXELS = _("Gambar terlalu besar: paling banyak %(limit)s megapiksel.")
EMPTY_FILE = _("Berkas kosong.")
INCOMPLETE_IMAGE = _("Berkas gambar tidak utuh (terpotong atau rusak). Unggah ulang berkas aslinya.")


def too_large_message() -> str:
    return _("Ukuran berkas melebihi %(size)s MB.") % {"size": _format_mb(settings.MAX_UPLOAD_BYTES)}


def _format_mb(n: int) -> str:
    mb = n / (1024 * 1024)
    return str(int(mb)) if mb == int(mb) else f"{mb:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Rendition:
    """One encoded image: bytes ready to store, with its pixel size."""

    data: bytes
    width: int
    height: int
    extension: str = OUTPUT_EXTENSION
    content_type: str = OUTPUT_CONTENT_TYPE

    def as_file(self) -> ContentFile:
        return ContentFile(self.data)


@dataclass(frozen=True)
class CleanImage:
    """A decoded, metadata-free upload with its renditions, named by a random token."""

    token: str
    source_format: str
    renditions: dict[str, Rendition] = field(default_factory=dict)

    @property
    def original(self) -> Rendition:
        return self.renditions[ORIGINAL]

    def filename(self, variant: str) -> str:
        """`ab/<token>.webp` for the original, `ab/<token>-medium.webp` for a variant.

        Only the random token is used, never the uploader's file name (which can carry personal
        data); the two-character folder keeps directories small at national scale.
        """
        suffix = "" if variant == ORIGINAL else f"-{variant}"
        return f"{self.token[:2]}/{self.token}{suffix}.{self.renditions[variant].extension}"


@dataclass(frozen=True)
class ImageInfo:
    """What the header says: format and pixel size (nothing decoded yet)."""

    format: str
    width: int
    height: int


def new_token() -> str:
    return secrets.token_hex(16)  # 32 hex characters, fits ProductImage.token


def _size_of(upload) -> int | None:
    size = getattr(upload, "size", None)
    if size is not None:
        return int(size)
    try:
        pos = upload.tell()
        upload.seek(0, io.SEEK_END)
        end = upload.tell()
        upload.seek(pos)
        return end
    except (AttributeError, OSError):
        return None


def check_size(upload, *, max_bytes: int | None = None) -> None:
    """Refuse an upload above the limit, using its declared size, before reading or decoding it."""
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    size = _size_of(upload)
    if size is not None and size > limit:
        raise ValidationError(too_large_message(), code="file_too_large")
    if size == 0:
        raise ValidationError(EMPTY_FILE, code="empty")


def _read_bytes(upload, *, max_bytes: int | None = None) -> bytes:
    """The upload's bytes, reading at most limit + 1 so a lying `size` cannot exhaust memory."""
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    check_size(upload, max_bytes=limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if hasattr(upload, "chunks"):
        buf = bytearray()
        for chunk in upload.chunks():
            buf += chunk
            if len(buf) > limit:
                raise ValidationError(too_large_message(), code="file_too_large")
        data = bytes(buf)
    else:
        data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(too_large_message(), code="file_too_large")
    if not data:
        raise ValidationError(EMPTY_FILE, code="empty")
    return data


def _open(data: bytes, *, max_pixels: int) -> Image.Image:
    """Open lazily (header only) with the accepted decoders, refusing too many pixels."""
    try:
        img = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            TOO_MANY_PIXELS % {"limit": max_pixels // 1_000_000}, code="too_many_pixels"
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    if img.format not in ACCEPTED_FORMATS:  # pragma: no cover - `formats=` already restricts this
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    width, height = img.size
    if width < 1 or height < 1:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    if width * height > max_pixels:
        raise ValidationError(TOO_MANY_PIXELS % {"limit": max_pixels // 1_000_000}, code="too_many_pixels")
    return img


def _verify_complete(data: bytes) -> None:
    """Refuse a file whose structure is incomplete even when its pixels decode: a PNG cut after its
    last image chunk (no IEND) or with a bad chunk checksum decodes without complaint, but it is
    not the file the user meant to send. `verify()` walks the whole file on a separate handle (it
    leaves the image it checks unusable, so it never touches the one that is decoded)."""
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            probe.verify()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise ValidationError(INCOMPLETE_IMAGE, code="incomplete_image") from exc


def inspect_upload(upload, *, max_bytes: int | None = None, max_pixels: int = MAX_PIXELS) -> ImageInfo:
    """Cheap check for forms: size limit, accepted format and pixel count from the header.

    A file that passes can still fail in `clean_image()` (e.g. truncated pixel data).
    """
    data = _read_bytes(upload, max_bytes=max_bytes)
    img = _open(data, max_pixels=max_pixels)
    info = ImageInfo(format=img.format or "", width=img.size[0], height=img.size[1])
    img.close()
    if hasattr(upload, "seek"):
        upload.seek(0)
    return info


def _to_srgb(img: Image.Image) -> Image.Image:
    """Convert embedded-profile colours (e.g. Display P3 phone photos) to sRGB before dropping it."""
    icc = img.info.get("icc_profile")
    if not icc or ImageCms is None or img.mode not in ("RGB", "RGBA"):
        return img
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        dst = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(img, src, dst, outputMode=img.mode) or img
    except (ImageCms.PyCMSError, OSError, ValueError):
        return img  # a broken profile is ignored; the pixels are still usable


def _decode(img: Image.Image, *, longest: int) -> Image.Image:
    """Decode the first frame, upright, in sRGB, as a fresh image that carries no metadata."""
    try:
        if img.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that is still larger than needed.
            img.draft("RGB", (longest, longest))
        img.seek(0)
        img.load()
        upright = ImageOps.exif_transpose(img) or img
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError) as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    if upright.mode == "RGB":
        converted = upright
    elif upright.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit PNG greyscale
        converted = upright.point(lambda v: v / 257).convert("RGB")
    else:
        converted = upright.convert("RGBA" if has_alpha else "RGB")
    converted.info = dict(upright.info)  # keep the ICC profile for the sRGB conversion only
    srgb = _to_srgb(converted)
    # Pixels only: a new image built from raw bytes has an empty `info` (no EXIF, XMP, ICC, text).
    return Image.frombytes(srgb.mode, srgb.size, srgb.tobytes())


def _encode(img: Image.Image, *, longest: int, quality: int) -> Rendition:
    copy = img.copy()
    copy.info = {}
    if max(copy.size) > longest:
        copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, icc_profile= or xmp= arguments: nothing but pixels is written.
    copy.save(out, format=OUTPUT_FORMAT, quality=quality, method=4)
    return Rendition(data=out.getvalue(), width=copy.width, height=copy.height)


def clean_image(
    upload,
    *,
    sizes: Mapping[str, int] | None = None,
    max_bytes: int | None = None,
    max_pixels: int = MAX_PIXELS,
) -> CleanImage:
    """Validate and re-encode an uploaded image; returns the renditions in memory (nothing stored).

    `sizes` maps variant names to their longest side; it must contain "original".
    """
    sizes = dict(DEFAULT_SIZES if sizes is None else sizes)
    if ORIGINAL not in sizes:
        raise ValueError("sizes must contain the 'original' variant")
    data = _read_bytes(upload, max_bytes=max_bytes)
    with _open(data, max_pixels=max_pixels) as img:
        _verify_complete(data)
        source_format = img.format or ""
        pixels = _decode(img, longest=max(sizes.values()))
    renditions = {
        name: _encode(pixels, longest=longest, quality=QUALITY.get(name, 80))
        for name, longest in sizes.items()
    }
    return CleanImage(token=new_token(), source_format=source_format, renditions=renditions)


def save_renditions(instance: models.Model, cleaned: CleanImage, fields: Mapping[str, str]) -> list[str]:
    """Write renditions into the instance's file fields (`{"original": "image", "medium": "medium"}`).

    The instance itself is not saved. Returns the stored names; if writing fails half-way, the files
    already written are deleted before the error propagates.
    """
    written: list[tuple[Storage, str]] = []
    try:
        for variant, field_name in fields.items():
            file_field = getattr(instance, field_name)
            file_field.save(cleaned.filename(variant), cleaned.renditions[variant].as_file(), save=False)
            written.append((file_field.storage, file_field.name))
    except BaseException:
        for storage, name in written:
            _delete_quietly(storage, name)
        raise
    return [name for _storage, name in written]


def stored_names(instance: models.Model, fields: Iterable[str]) -> list[str]:
    """The names currently stored in the given file fields (empty ones skipped)."""
    return [getattr(instance, f).name for f in fields if getattr(instance, f)]


def _delete_quietly(storage: Storage, name: str) -> None:
    with contextlib.suppress(OSError):  # a missing file is already the wanted outcome
        storage.delete(name)


def delete_files(names: Iterable[str], *, storage: Storage | None = None) -> None:
    """Delete stored files; missing files are ignored. Use from `transaction.on_commit` or on failure."""
    storage = storage or default_storage
    for name in names:
        if name:
            _delete_quietly(storage, name)
