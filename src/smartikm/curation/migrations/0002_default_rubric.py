# The default curation rubric, seeded as data so every installation (and every test database) has it.
# New rounds copy these criteria; editing the rubric later never changes a round already created.
# The data is written out here, not imported from app code, so this migration keeps working when the
# code moves on.

from django.db import migrations

RUBRIC_NAME = "Rubrik kurasi bawaan e-Smart IKM"
SOURCE = "e-Smart IKM, rubrik kurasi bawaan v1 (2026); bobot berjumlah 100"

# code, name, weight, description, levels 1..5
CRITERIA = [
    (
        "kualitas",
        "Kualitas produk",
        20,
        "Bahan, pengerjaan, ketahanan, dan kesesuaian dengan deskripsi.",
        [
            "Cacat terlihat; bahan atau pengerjaan tidak layak jual.",
            "Layak jual di pasar lokal, mutu belum konsisten.",
            "Mutu baik dan cukup konsisten; cacat kecil sesekali.",
            "Mutu tinggi dan konsisten; memenuhi harapan pembeli nasional.",
            "Mutu unggul setara produk ekspor; tanpa cacat pada contoh yang dinilai.",
        ],
    ),
    (
        "desain",
        "Desain",
        15,
        "Estetika, keunikan, fungsi, dan kesesuaian dengan selera pasar sasaran.",
        [
            "Desain meniru atau tidak menarik.",
            "Desain umum, sedikit pembeda.",
            "Desain menarik dengan beberapa ciri khas.",
            "Desain khas dan sesuai pasar sasaran.",
            "Desain orisinal, kuat, dan siap bersaing di pasar internasional.",
        ],
    ),
    (
        "kemasan",
        "Kemasan dan label",
        15,
        "Perlindungan produk, tampilan, dan kelengkapan label (nama, komposisi, berat, produsen, "
        "tanggal kedaluwarsa bila perlu).",
        [
            "Tanpa kemasan atau kemasan tidak melindungi produk.",
            "Kemasan seadanya; label tidak lengkap.",
            "Kemasan melindungi; label memuat informasi pokok.",
            "Kemasan menarik dan label lengkap sesuai ketentuan.",
            "Kemasan dan label siap ekspor (bilingual, ramah pengiriman, informasi lengkap).",
        ],
    ),
    (
        "legalitas",
        "Sertifikasi dan legalitas",
        15,
        "NIB, merek, serta sertifikat yang diwajibkan untuk jenis produknya (Halal, SNI, BPOM, PIRT, "
        "SVLK, dan lain-lain).",
        [
            "Belum memiliki izin usaha maupun sertifikat yang diwajibkan.",
            "Memiliki izin usaha; sertifikat wajib belum ada.",
            "Sertifikat wajib sedang diproses.",
            "Izin usaha dan sertifikat wajib lengkap dan berlaku.",
            "Lengkap dan berlaku, ditambah merek terdaftar atau sertifikat sukarela (mis. ISO, HACCP).",
        ],
    ),
    (
        "kapasitas",
        "Kapasitas dan konsistensi",
        15,
        "Kemampuan memenuhi pesanan berulang dalam jumlah dan mutu yang sama.",
        [
            "Produksi sesekali, tanpa jadwal.",
            "Produksi rutin dalam jumlah kecil; mutu antarbatch berbeda.",
            "Dapat memenuhi pesanan bulanan yang wajar.",
            "Kapasitas tercatat dan mutu antarbatch konsisten.",
            "Sanggup memenuhi pesanan besar dengan tenggat; ada pengendalian mutu tertulis.",
        ],
    ),
    (
        "harga",
        "Daya saing harga",
        10,
        "Harga dibanding produk sejenis dan nilai yang diterima pembeli.",
        [
            "Jauh di atas produk sejenis tanpa nilai tambah yang jelas.",
            "Di atas produk sejenis.",
            "Setara produk sejenis.",
            "Bersaing dengan nilai tambah yang jelas.",
            "Sangat bersaing; perhitungan biaya tertulis dan margin sehat.",
        ],
    ),
    (
        "cerita",
        "Cerita asal-usul",
        10,
        "Asal daerah, bahan lokal, proses, dan cerita pembuat yang dapat dipasarkan (tanpa menyebut "
        "identitas warga binaan).",
        [
            "Tidak ada cerita yang dapat disampaikan.",
            "Cerita ada tetapi umum.",
            "Cerita jelas tentang asal daerah atau bahan.",
            "Cerita kuat dan didukung foto atau dokumen.",
            "Cerita khas yang menjadi nilai jual utama dan siap dipakai dalam promosi.",
        ],
    ),
]


def seed(apps, schema_editor):
    Rubric = apps.get_model("curation", "Rubric")
    RubricCriterion = apps.get_model("curation", "RubricCriterion")
    rubric, _ = Rubric.objects.get_or_create(
        name=RUBRIC_NAME,
        defaults={
            "description": "Tujuh kriteria kurasi produk IKM dan warga binaan; nilai 1–5 per kriteria.",
            "source": SOURCE,
            "is_default": True,
        },
    )
    for position, (code, name, weight, description, levels) in enumerate(CRITERIA, start=1):
        RubricCriterion.objects.update_or_create(
            rubric=rubric,
            code=code,
            defaults={
                "name": name,
                "weight": weight,
                "description": description,
                "position": position,
                **{f"level_{n}": text for n, text in enumerate(levels, start=1)},
            },
        )


def unseed(apps, schema_editor):
    # Rounds keep their own copies of the criteria, so removing the rubric loses no round data.
    apps.get_model("curation", "Rubric").objects.filter(name=RUBRIC_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
