"""Server-rendered screens of the hub (Bahasa Indonesia): the owner's shops and listings, the
per-product channel page (readiness, attributes, publish), feeds, and channel health for staff.
Views call actions; they never repeat their logic."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartikm.catalog.models import Product
from smartikm.channels import actions, queries
from smartikm.channels.adapters import build_adapter
from smartikm.channels.choices import ChannelKind, ChannelState, ConnectionState
from smartikm.channels.feeds import feed_rows, feed_xlsx_bytes
from smartikm.channels.forms import AttributeForm, StoreLinkForm
from smartikm.channels.marketplaces.base import ChannelError
from smartikm.channels.models import CategoryMapping, Channel, Listing, ShopConnection
from smartikm.channels.permissions import can_see_channel_health
from smartikm.channels.readiness import missing_for
from smartikm.core.http import HttpClient
from smartikm.core.pages import paginate
from smartikm.producers.permissions import can_manage


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_GET
def dashboard(request):
    producers = queries.producers_of(request.user)
    page = paginate(request, queries.listings_of(producers), 50)
    return render(
        request,
        "channels/dashboard.html",
        {
            "producers": [(str(p.pk), p.public_name) for p in producers],
            "connections": list(queries.connections_of(producers)),
            "api_channels": list(Channel.objects.filter(kind=ChannelKind.API, state=ChannelState.ACTIVE)),
            "feed_channels": list(Channel.objects.filter(kind=ChannelKind.FEED, state=ChannelState.ACTIVE)),
            "page": page,
        },
    )


def _producer_from(request):
    producers = queries.producers_of(request.user)
    wanted = request.POST.get("produsen", "")
    for p in producers:
        if str(p.pk) == wanted or (not wanted and len(producers) == 1):
            return p
    raise PermissionDenied(_("Pilih IKM atau UPT yang Anda kelola."))


@login_required
@require_POST
def connect_start(request, code):
    channel = get_object_or_404(Channel, code=code)
    try:
        conn = actions.start_connection(channel, _producer_from(request), actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("channels:dashboard")
    callback = request.build_absolute_uri(reverse("channels:callback", args=[code]))
    with HttpClient() as http:
        return redirect(build_adapter(channel, http=http).authorization_url(callback, conn.oauth_state))


@login_required
@require_GET
def connect_callback(request, code):
    get_object_or_404(Channel, code=code)
    try:
        with HttpClient() as http:
            conn = actions.complete_connection(
                request.GET.get("state", ""),
                request.GET.get("code", ""),
                actor=request.user,
                http=http,
                shop_id=request.GET.get("shop_id") or None,
            )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except ChannelError as exc:
        messages.error(request, exc.user_message)
    else:
        messages.success(request, _("Toko %(shop)s tersambung.") % {"shop": conn.shop_name})
    return redirect("channels:dashboard")


def _product_rows(product, connections):
    """One row per shop (API channels) and per open feed/link channel, with what is missing."""
    mappings = {
        (m.channel_id, m.category_id): m for m in CategoryMapping.objects.filter(category=product.category)
    }
    listings = {(x.channel_id, x.connection_id): x for x in Listing.objects.filter(product=product)}
    image_count = product.images.count()
    rows = []
    for conn in connections:
        listing = listings.get((conn.channel_id, conn.pk))
        mapping = mappings.get((conn.channel_id, product.category_id))
        rows.append(
            {
                "channel": conn.channel,
                "connection": conn,
                "listing": listing,
                "missing": missing_for(
                    product, conn.channel, listing, mappings=mappings, image_count=image_count
                ),
                "form": AttributeForm(
                    mapping=mapping,
                    initial_values=listing.attributes if listing else {},
                    prefix=f"c{conn.pk}",
                )
                if mapping and mapping.required_attributes
                else None,
            }
        )
    for channel in Channel.objects.filter(kind=ChannelKind.LINK, state=ChannelState.ACTIVE):
        rows.append(
            {"channel": channel, "listing": listings.get((channel.pk, None)), "missing": [], "link": True}
        )
    return rows


@login_required
def product_channels(request, pk):
    product = get_object_or_404(
        Product.objects.select_related("category", "producer__ikm", "producer__organisation"), pk=pk
    )
    producer = product.producer
    if not can_manage(request.user, producer):
        raise PermissionDenied(_("Anda tidak berhak mengelola produk ini."))
    connections = list(
        ShopConnection.objects.filter(state=ConnectionState.CONNECTED, producer=product.producer_id)
        .select_related("channel")
        .order_by("channel__name")
    )
    if request.method == "POST":
        what = request.POST.get("aksi")
        try:
            if what in ("publish", "attributes"):
                conn = next(c for c in connections if str(c.pk) == request.POST.get("toko"))
                mapping = CategoryMapping.objects.filter(
                    channel=conn.channel, category=product.category
                ).first()
                if mapping and mapping.required_attributes:
                    form = AttributeForm(request.POST, mapping=mapping, prefix=f"c{conn.pk}")
                    if form.is_valid():
                        actions.set_listing_attributes(product, conn, form.values(), actor=request.user)
                if what == "publish":
                    actions.publish_product(product, conn, actor=request.user)
                    messages.success(
                        request, _("Produk masuk antrean kirim ke %(c)s.") % {"c": conn.channel.name}
                    )
            elif what == "link":
                channel = get_object_or_404(Channel, pk=request.POST.get("kanal"), kind=ChannelKind.LINK)
                form = StoreLinkForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors["url"])
                actions.add_store_link(product, channel, form.cleaned_data["url"], actor=request.user)
                messages.success(request, _("Tautan toko disimpan."))
        except StopIteration:
            messages.error(request, _("Toko tidak ditemukan."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("channels:product", pk=product.pk)
    return render(
        request,
        "channels/product.html",
        {"product": product, "rows": _product_rows(product, connections)},
    )


def _feed_channel(code) -> Channel:
    channel = get_object_or_404(Channel, code=code, kind=ChannelKind.FEED)
    if channel.state == ChannelState.RETIRED:
        raise PermissionDenied(_("Kanal ini sudah dihentikan."))
    return channel


@login_required
@require_GET
def feed_csv(request, code):
    """The feed channel's catalogue file (e.g. for an LKPP e-Katalog submission): the owner's active
    products, one column per entry of the channel's column mapping."""
    channel = _feed_channel(code)
    producers = queries.producers_of(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{channel.code}.csv"'
    writer = csv.writer(response)
    for row in feed_rows(channel, producers):
        writer.writerow(row)
    return response


@login_required
@require_GET
def feed_xlsx(request, code):
    """The same feed as a real XLSX workbook (write-only mode keeps memory flat for large catalogues)."""
    channel = _feed_channel(code)
    response = HttpResponse(
        feed_xlsx_bytes(channel, queries.producers_of(request.user)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{channel.code}.xlsx"'
    return response


@login_required
@require_GET
def health(request):
    if not can_see_channel_health(request.user):
        raise PermissionDenied(_("Halaman ini untuk staf kementerian."))
    return render(request, "channels/health.html", {"rows": queries.channel_health()})
