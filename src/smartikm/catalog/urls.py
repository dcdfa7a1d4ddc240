from django.urls import path

from smartikm.catalog import views

app_name = "catalog"
urlpatterns = [
    path("ikm-saya/<int:ikm_pk>/produk/baru/", views.new, name="new"),
    path("produk-saya/<int:pk>/", views.manage, name="manage"),
    path("produk-saya/<int:pk>/foto/", views.add_image, name="add_image"),
    path("produk-saya/<int:pk>/foto/<int:image_pk>/hapus/", views.remove_image, name="remove_image"),
    path("produk-saya/<int:pk>/status/", views.change_status, name="status"),
]
