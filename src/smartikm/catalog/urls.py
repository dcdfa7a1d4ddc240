from django.urls import path

from smartikm.catalog.views import owner, public

app_name = "catalog"
urlpatterns = [
    path("ikm-saya/<int:ikm_pk>/produk/baru/", owner.new, name="new"),
    path("produk-saya/<int:pk>/", owner.manage, name="manage"),
    path("produk-saya/<int:pk>/foto/", owner.add_image, name="add_image"),
    path("produk-saya/<int:pk>/foto/<int:image_pk>/hapus/", owner.remove_image, name="remove_image"),
    path("produk-saya/<int:pk>/status/", owner.change_status, name="status"),
]

# Public pages, named in the project's "web" namespace (see smartikm/urls.py).
public_urlpatterns = [
    path("cari/", public.search, name="search"),
    path("produk/<int:pk>/", public.product, name="product"),
]
