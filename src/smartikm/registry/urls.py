from django.urls import path

from smartikm.registry import views

app_name = "registry"
urlpatterns = [
    path("ikm-saya/", views.dashboard, name="dashboard"),
    path("ikm-saya/daftar/<slug:step>/", views.wizard_new, name="new"),
    path("ikm-saya/<int:pk>/", views.detail, name="detail"),
    path("ikm-saya/<int:pk>/ubah/<slug:step>/", views.wizard_edit, name="edit"),
    path("ikm-saya/<int:pk>/ajukan/", views.submit, name="submit"),
    path(
        "ikm-saya/<int:pk>/sertifikat/<int:cert_pk>/hapus/",
        views.remove_certificate,
        name="remove_certificate",
    ),
    path("wilayah/desa/", views.village_search, name="village_search"),
    path("petugas/antrean/", views.queue, name="queue"),
    path("petugas/ikm/<int:pk>/", views.review, name="review"),
    path("petugas/ikm/<int:pk>/setujui/", views.approve, name="approve"),
    path("petugas/ikm/<int:pk>/tolak/", views.reject, name="reject"),
]
