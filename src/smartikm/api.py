"""The REST API under /api/: one NinjaAPI, one router per domain app. OpenAPI at /api/docs.

Authentication is a bearer token (`Authorization: Bearer <token>`, see accounts.ApiToken); reads are
public (public fields only without a token), writes need a token. Every error has the same JSON
shape, described in `smartikm.core.api_support`.
"""

from smartikm.catalog.api import router as catalog_router
from smartikm.core.api_support import ContractApi, SafeParser, install_error_handlers
from smartikm.corrections.api import router as corrections_router
from smartikm.curation.api import router as curation_router
from smartikm.reference.api import router as reference_router
from smartikm.registry.api import router as registry_router

api = ContractApi(
    title="e-Smart IKM API",
    version="1",
    description=(
        "Registri IKM, sentra, produk, dan data referensi. / Registry of IKM, sentra, products and "
        "reference data.\n\n"
        "Autentikasi: `Authorization: Bearer <token>`. Tanpa token hanya data publik yang tampil.\n\n"
        "POST yang membuat data menerima header `Idempotency-Key`: kirim ulang dengan kunci dan isi "
        "yang sama untuk mendapat jawaban pertama lagi (berlaku 24 jam).\n\n"
        'Bentuk galat: `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.'
    ),
    urls_namespace="api",
    parser=SafeParser(),
)
install_error_handlers(api)

api.add_router("/reference", reference_router)
api.add_router("/registry", registry_router)
api.add_router("/catalog", catalog_router)
api.add_router("/curation", curation_router)
api.add_router("/corrections", corrections_router)
