"""The public product page: gallery, producer, certifications and schema.org Product JSON-LD."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from smartikm.corrections.provenance import provenance
from smartikm.web import queries


def _localized(product, field: str) -> str:
    if (get_language() or "id").startswith("en") and getattr(product, f"{field}_en"):
        return getattr(product, f"{field}_en")
    return getattr(product, f"{field}_id")


def _manufacturer(request, product) -> dict:
    """The producing IKM, or the UPT Pemasyarakatan by name only (never the people who made it)."""
    if product.producer.is_upt:
        upt = product.upt
        org = {"@type": "Organization", "name": upt.name}
        if upt.province_id:
            org["address"] = {
                "@type": "PostalAddress",
                "addressRegion": upt.province.name,
                "addressCountry": "ID",
            }
        return org
    ikm = product.ikm
    return {
        "@type": "Organization",
        "name": ikm.name,
        "url": request.build_absolute_uri(reverse("web:ikm", args=[ikm.pk])),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": ikm.regency.name,
            "addressRegion": ikm.province.name,
            "addressCountry": "ID",
        },
    }


def product_json_ld(request, product) -> dict:
    """schema.org Product with an Offer in IDR; only public fields of the producing IKM."""
    url = request.build_absolute_uri(reverse("web:product", args=[product.pk]))
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": _localized(product, "name"),
        "description": _localized(product, "description"),
        "sku": str(product.pk),
        "url": url,
        "category": _localized(product.category, "name"),
        "image": [request.build_absolute_uri(img.image.url) for img in product.images.all() if img.image],
        "manufacturer": _manufacturer(request, product),
        "offers": {
            "@type": "Offer",
            "price": str(product.price),
            "priceCurrency": "IDR",
            "availability": "https://schema.org/" + ("InStock" if product.stock > 0 else "OutOfStock"),
            "url": url,
            "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": product.moq},
        },
    }
    if product.hs_code_id:
        data["additionalProperty"] = [
            {"@type": "PropertyValue", "name": "HS code (BTKI 2022)", "value": product.hs_code.dotted}
        ]
    return data


def product(request, pk: int):
    found = list(queries.product_detail(pk))
    if not found:
        raise Http404
    item = found[0]
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": item,
            "ikm": item.ikm,
            "provenance": provenance(item),
            "json_ld": product_json_ld(request, item),
        },
    )
