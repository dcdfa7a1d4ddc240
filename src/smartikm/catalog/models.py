"""Products of IKM, their categories and images."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.catalog import permissions
from smartikm.catalog.choices import ProductStatus, Unit
from smartikm.core.models import TimeStamped


class Category(models.Model):
    """A product category: the nine priority commodities of e-Smart IKM and their sub-categories."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["position", "name_id"]

    def __str__(self) -> str:
        return self.name_id


class ProductQuerySet(models.QuerySet):
    def public(self):
        """Active products of verified IKM and of active UPT: what anonymous visitors and partners see."""
        return self.filter(permissions.PUBLIC_PRODUCT)

    def visible_to(self, user):
        condition = permissions.visible_product_condition(user)
        return self if condition is None else self.filter(condition)


class Product(TimeStamped):
    """A product made (or sold) by a producer — an IKM or a UPT Pemasyarakatan (prison producer
    unit) — with bilingual text, tariff code, price in rupiah and stock.

    UPT products are ordinary catalogue products; the people who made them are never linked from
    here (see the corrections app)."""

    objects = ProductQuerySet.as_manager()

    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("produsen"),
        on_delete=models.CASCADE,
        related_name="products",
    )
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    description_id = models.TextField(_("deskripsi (Indonesia)"))
    description_en = models.TextField(_("deskripsi (Inggris)"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="products"
    )
    kbli = models.ForeignKey(
        "reference.Kbli",
        verbose_name=_("KBLI"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "kelompok"},
    )
    hs_code = models.ForeignKey(
        "reference.HsCode",
        verbose_name=_("kode HS (BTKI 2022)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 8},
    )
    price = models.BigIntegerField(_("harga (Rp)"))
    moq = models.PositiveIntegerField(_("minimum pemesanan"), default=1)
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    monthly_capacity = models.PositiveIntegerField(_("kapasitas per bulan"), null=True, blank=True)
    weight_g = models.PositiveIntegerField(_("berat (gram)"), null=True, blank=True)
    length_cm = models.PositiveIntegerField(_("panjang kemasan (cm)"), null=True, blank=True)
    width_cm = models.PositiveIntegerField(_("lebar kemasan (cm)"), null=True, blank=True)
    height_cm = models.PositiveIntegerField(_("tinggi kemasan (cm)"), null=True, blank=True)
    stock = models.PositiveIntegerField(_("stok"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True
    )
    certifications = models.ManyToManyField(
        "registry.Certification", verbose_name=_("sertifikasi"), blank=True, related_name="products"
    )

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        ordering = ["name_id", "id"]
        # Lists walk an index in their own order and stop after one page, instead of sorting the
        # whole table per request: the newest public products (home page) and the product list
        # (API) by name, for the public (status fixed) and for staff and owners (any status).
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["status", "-created_at", "-id"], name="catalog_product_latest"),
            models.Index(fields=["status", "name_id", "id"], name="catalog_product_status_name"),
            models.Index(fields=["name_id", "id"], name="catalog_product_name"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="product_price_not_negative"),
            models.CheckConstraint(condition=models.Q(moq__gte=1), name="product_moq_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.name_id

    @property
    def ikm(self):
        """The IKM that makes this product, or None for a UPT product."""
        return self.producer.ikm

    @property
    def upt(self):
        """The UPT organisation that makes this product, or None for an IKM product."""
        return self.producer.organisation


class ProductImage(TimeStamped):
    """A product photo, re-encoded on upload (metadata removed) with resized variants."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    token = models.CharField(max_length=32, unique=True, editable=False)
    image = models.ImageField(_("gambar"), upload_to="products/")
    medium = models.ImageField(_("ukuran sedang"), upload_to="products/", blank=True)
    thumbnail = models.ImageField(_("miniatur"), upload_to="products/", blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("teks alternatif"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("gambar produk")
        verbose_name_plural = _("gambar produk")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.token}"


class ProductKey(models.OneToOneField):
    """A one-to-one key to Product stored as SQLite's `integer` type.

    On SQLite only a column declared exactly `integer primary key` becomes the table's rowid; Django
    declares foreign keys to a BigAutoField as `bigint`, which would add a second B-tree and a lookup
    per matched row when the FTS5 index (keyed by rowid) is joined to the search entries.
    """

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class SearchEntry(models.Model):
    """One public product, denormalised for search: its facet values and ranking inputs.

    Written only by `catalog.search.index_products()`/`reindex_all()`; only public products (active,
    producer verified or an active UPT) have a row, so search never filters on visibility. The stemmed
    text lives beside it in the engine's own structure: an FTS5 table on SQLite, a `document tsvector`
    column (added by the migration) on PostgreSQL. Facets are GROUP BY queries on this one table.
    """

    product = ProductKey(Product, primary_key=True, on_delete=models.CASCADE, related_name="search_entry")
    province = models.CharField(max_length=13, blank=True)  # Region codes, not keys: no joins when counting
    regency = models.CharField(max_length=13, blank=True)
    category = models.IntegerField()  # leaf Category id
    top_category = models.IntegerField()
    kbli = models.CharField(max_length=5, blank=True)
    # Product certification kind codes as " HALAL PIRT ": several per product, counted with LIKE so the
    # certification facet stays on this table.
    certifications = models.CharField(max_length=300, blank=True)
    scale = models.CharField(max_length=10, blank=True)
    export = models.BooleanField(default=False)
    warga_binaan = models.BooleanField(default=False)
    quality = models.SmallIntegerField(default=0)  # tie-breaker among equal text matches
    price = models.BigIntegerField(default=0)
    # Id of this row's facet values (province … warga_binaan) in catalog_searchcombo, a raw table kept
    # by the indexer: facets group the matches by this one integer, then roll up per facet over the
    # few combinations found (ADR 0004).
    combo = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("entri pencarian")
        verbose_name_plural = _("entri pencarian")
        indexes = [
            models.Index(fields=["province"], name="catalog_search_province"),
            models.Index(fields=["regency"], name="catalog_search_regency"),
            models.Index(fields=["top_category", "category"], name="catalog_search_category"),
            models.Index(fields=["-quality", "-product"], name="catalog_search_quality"),
        ]

    def __str__(self) -> str:
        return f"search:{self.product_id}"


class SearchTerm(models.Model):
    """A word seen in the indexed text (unstemmed, normalised), for "did you mean" suggestions."""

    word = models.CharField(max_length=40, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)
    documents = models.PositiveIntegerField(default=1)  # products using it (exact after reindex_all)

    class Meta:
        verbose_name = _("kata indeks")
        verbose_name_plural = _("kata indeks")

    def __str__(self) -> str:
        return self.word
