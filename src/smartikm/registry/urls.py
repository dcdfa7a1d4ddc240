from django.urls import path

from smartikm.registry.views import officer, owner, public

app_name = "registry"
urlpatterns = [
    path("ikm-saya/", owner.dashboard, name="dashboard"),
    path("ikm-saya/daftar/<slug:step>/", owner.wizard_new, name="new"),
    path("ikm-saya/<int:pk>/", owner.detail, name="detail"),
    path("ikm-saya/<int:pk>/ubah/<slug:step>/", owner.wizard_edit, name="edit"),
    path("ikm-saya/<int:pk>/ajukan/", owner.submit, name="submit"),
    path(
        "ikm-saya/<int:pk>/sertifikat/<int:cert_pk>/hapus/",
        owner.remove_certificate,
        name="remove_certificate",
    ),
    path("wilayah/desa/", owner.village_search, name="village_search"),
    path("petugas/antrean/", officer.queue, name="queue"),
    path("petugas/ikm/<int:pk>/", officer.review, name="review"),
    path("petugas/ikm/<int:pk>/setujui/", officer.approve, name="approve"),
    path("petugas/ikm/<int:pk>/tolak/", officer.reject, name="reject"),
]

# Public pages, named in the project's "web" namespace (see smartikm/urls.py).
public_urlpatterns = [
    path("ikm/<int:pk>/", public.ikm, name="ikm"),
    path("sentra/<int:pk>/", public.sentra, name="sentra"),
]
