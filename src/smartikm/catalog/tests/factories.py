"""Test helpers: an IKM created directly with the ORM (registry actions are not needed) and images."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartikm.reference.models import Kbli, Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm

VILLAGE = "33.20.06.2012"  # Mulyoharjo, Kabupaten Jepara, Jawa Tengah


def make_ikm(owner=None, *, name="Batik Tulis Sekar Jagad", status=VerificationStatus.VERIFIED) -> Ikm:
    village = Region.objects.filter(code=VILLAGE).first()
    if village is None:
        village = Region.objects.filter(level=4, code__startswith="33.").order_by("pk")[0]
    return Ikm.objects.create(
        name=name,
        owner=owner,
        kbli=Kbli.objects.get(code="13134"),
        workers=8,
        investment=150_000_000,
        scale="kecil",
        village=village,
        province_id=village.code[:2],
        regency_id=village.code[:5],
        address="Jl. Pemuda No. 12",
        owner_name="Siti Aminah",
        status=status,
    )


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), **save_kwargs) -> bytes:
    mode = "RGBA" if fmt == "PNG" and save_kwargs.pop("alpha", False) else "RGB"
    img = Image.new(mode, size, color if mode == "RGB" else (*color, 128))
    buf = io.BytesIO()
    img.save(buf, format=fmt, **save_kwargs)
    return buf.getvalue()


def upload(data: bytes, name="foto.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
