"""The REST API under /api/: one NinjaAPI, one router per domain app. OpenAPI at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="e-Smart IKM API",
    version="1",
    description=(
        "Registri IKM, sentra, produk, dan data referensi. / Registry of IKM, sentra, products and reference data."
    ),
    urls_namespace="api",
)
