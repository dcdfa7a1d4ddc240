"""Uploaded photos: only real images, size and pixel limits, metadata removed, random names."""

import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, PngImagePlugin

from smartikm.catalog import images
from smartikm.catalog.tests.factories import image_bytes, upload

MB = 1024 * 1024

XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Budi Rahasia"/></rdf:RDF></x:xmpmeta>'
    b'<?xpacket end="w"?>'
)


def jpeg_with_metadata(size=(64, 48), orientation=1) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Budi Rahasia"
    exif[ExifTags.Base.Make] = "KameraMerkX"
    exif[ExifTags.Base.Model] = "SeriRahasia 9000"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (6.0, 35.0, 12.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (110.0, 40.0, 1.0),
    }
    img = Image.new("RGB", size, (10, 120, 200))
    img.putpixel((0, 0), (255, 0, 0))  # a marker to check the rotation
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif.tobytes(), xmp=XMP, comment=b"dibuat oleh Budi Rahasia")
    data = buf.getvalue()
    reread = Image.open(io.BytesIO(data))
    assert reread.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test image must really carry GPS data"
    assert b"Budi Rahasia" in data
    return data


def assert_no_metadata(data: bytes) -> None:
    for needle in (b"Budi", b"KameraMerkX", b"SeriRahasia", b"Exif", b"EXIF", b"XMP", b"xmpmeta", b"ICCP"):
        assert needle not in data, needle
    img = Image.open(io.BytesIO(data))
    assert not img.getexif()
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "comment"} & set(img.info)


def test_text_file_renamed_to_jpg_is_refused():
    with pytest.raises(ValidationError) as exc:
        images.clean_image(upload(b"bukan gambar, hanya teks\n" * 20, name="foto.jpg"))
    assert exc.value.messages == ["Berkas bukan gambar JPEG, PNG, atau WebP."]


def test_pdf_is_refused_even_with_an_image_content_type():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with pytest.raises(ValidationError) as exc:
        images.clean_image(upload(pdf, name="katalog.png", content_type="image/png"))
    assert exc.value.messages == ["Berkas bukan gambar JPEG, PNG, atau WebP."]


def test_gif_is_refused_because_only_jpeg_png_webp_are_accepted():
    with pytest.raises(ValidationError):
        images.clean_image(upload(image_bytes("GIF"), name="animasi.jpg"))


def test_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", size=(400, 300))
    with pytest.raises(ValidationError):
        images.clean_image(upload(data[: len(data) // 2]))


def test_upload_over_10_mb_is_refused_without_decoding_it():
    big = upload(b"\xff\xd8\xff" + b"\0" * (10 * MB), name="besar.jpg")
    with (
        mock.patch.object(images.Image, "open", side_effect=AssertionError("must not decode")),
        pytest.raises(ValidationError) as exc,
    ):
        images.clean_image(big)
    assert exc.value.messages == ["Ukuran berkas melebihi 10 MB."]


def test_image_with_too_many_pixels_is_refused_from_its_header():
    buf = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buf, format="PNG")  # 48 megapixels, a few kilobytes
    with (
        mock.patch.object(images, "_decode", side_effect=AssertionError("must not decode")),
        pytest.raises(ValidationError) as exc,
    ):
        images.clean_image(upload(buf.getvalue(), name="bom.png"))
    assert "megapiksel" in exc.value.messages[0]


def test_exif_gps_artist_xmp_and_comment_are_removed_from_every_rendition():
    cleaned = images.clean_image(upload(jpeg_with_metadata()))
    assert set(cleaned.renditions) == {"original", "medium", "thumbnail"}
    for rendition in cleaned.renditions.values():
        assert_no_metadata(rendition.data)


def test_exif_orientation_is_applied_before_the_metadata_is_dropped():
    cleaned = images.clean_image(upload(jpeg_with_metadata(size=(64, 48), orientation=6)))
    assert (cleaned.original.width, cleaned.original.height) == (48, 64)


def test_png_text_chunks_are_removed():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Budi Rahasia")
    info.add_text("Comment", "lokasi: Lapas Kelas I Semarang", zip=True)
    info.add_itxt("Description", "Budi Rahasia di bengkel kerja", lang="id")
    data = image_bytes("PNG", pnginfo=info, alpha=True)
    assert b"Budi Rahasia" in data
    cleaned = images.clean_image(upload(data, name="foto.png", content_type="image/png"))
    assert_no_metadata(cleaned.original.data)
    assert b"Lapas" not in cleaned.original.data
    assert Image.open(io.BytesIO(cleaned.original.data)).mode == "RGBA"  # transparency kept


def test_icc_profile_is_not_copied():
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = image_bytes("JPEG", icc_profile=srgb)
    assert Image.open(io.BytesIO(data)).info.get("icc_profile")
    cleaned = images.clean_image(upload(data))
    assert "icc_profile" not in Image.open(io.BytesIO(cleaned.original.data)).info


def test_webp_upload_is_accepted():
    cleaned = images.clean_image(upload(image_bytes("WEBP"), name="foto.webp", content_type="image/webp"))
    assert cleaned.source_format == "WEBP"


def test_variants_are_produced_with_the_expected_longest_sides():
    cleaned = images.clean_image(upload(image_bytes("JPEG", size=(3000, 1500))))
    sizes = {name: (r.width, r.height) for name, r in cleaned.renditions.items()}
    assert sizes == {"original": (2000, 1000), "medium": (800, 400), "thumbnail": (240, 120)}
    for name, rendition in cleaned.renditions.items():
        img = Image.open(io.BytesIO(rendition.data))
        assert img.format == "WEBP"
        assert img.size == sizes[name]


def test_small_images_are_not_enlarged():
    cleaned = images.clean_image(upload(image_bytes("PNG", size=(100, 50)), name="kecil.png"))
    assert {(r.width, r.height) for r in cleaned.renditions.values()} == {(100, 50)}


def test_file_names_come_from_a_random_token_not_the_uploaded_name():
    a = images.clean_image(upload(image_bytes(), name="rumah-budi-jepara.jpg"))
    b = images.clean_image(upload(image_bytes(), name="rumah-budi-jepara.jpg"))
    assert a.token != b.token and len(a.token) == 32
    for variant in a.renditions:
        name = a.filename(variant)
        assert "budi" not in name and "jepara" not in name
        assert name.startswith(f"{a.token[:2]}/{a.token}") and name.endswith(".webp")


def test_inspect_upload_reads_the_header_and_rewinds():
    f = upload(image_bytes("PNG", size=(30, 20)), name="x.png")
    info = images.inspect_upload(f)
    assert (info.format, info.width, info.height) == ("PNG", 30, 20)
    assert f.tell() == 0


def test_other_apps_can_ask_for_their_own_variant_sizes():
    cleaned = images.clean_image(upload(image_bytes(size=(1000, 500))), sizes={"original": 600, "kartu": 100})
    assert {n: (r.width, r.height) for n, r in cleaned.renditions.items()} == {
        "original": (600, 300),
        "kartu": (100, 50),
    }


def test_palette_png_keeps_its_transparency():
    rgba = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    rgba.paste((255, 0, 0, 255), (0, 0, 25, 40))
    buf = io.BytesIO()
    rgba.quantize(4).save(buf, format="PNG")
    cleaned = images.clean_image(upload(buf.getvalue(), name="logo.png"))
    out = Image.open(io.BytesIO(cleaned.original.data))
    assert out.mode == "RGBA" and out.getpixel((49, 0))[3] == 0


def test_product_image_form_refuses_a_non_image_and_accepts_a_png():
    from smartikm.catalog.forms import ProductImageForm

    bad = ProductImageForm(data={}, files={"image": upload(b"hello", name="a.jpg")})
    assert bad.errors["image"] == ["Berkas bukan gambar JPEG, PNG, atau WebP."]
    png = upload(image_bytes("PNG"), name="a.png")
    good = ProductImageForm(data={"alt_text": "Kain"}, files={"image": png})
    assert good.is_valid(), good.errors
