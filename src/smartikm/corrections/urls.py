"""Officer pages of the corrections app, mounted at /lapas/ (login required everywhere), and the
public graduation figures."""

from django.urls import path

from smartikm.corrections import public_views, views

app_name = "corrections"
urlpatterns = [
    path("", views.home, name="home"),
    path("rekap/", views.aggregates, name="aggregates"),
    path("<int:upt_id>/warga-binaan/", views.artisan_list, name="artisans"),
    path("<int:upt_id>/warga-binaan/baru/", views.artisan_new, name="artisan_new"),
    path("<int:upt_id>/warga-binaan/<int:pk>/", views.artisan_detail, name="artisan"),
    path("<int:upt_id>/warga-binaan/<int:pk>/status/", views.artisan_status, name="artisan_status"),
    path("<int:upt_id>/warga-binaan/<int:pk>/bebas/", views.artisan_release, name="artisan_release"),
    path("<int:upt_id>/kerja/", views.work_list, name="work"),
    path("<int:upt_id>/kerja/baru/", views.work_new, name="work_new"),
    path("<int:upt_id>/penjualan/", views.sale_list, name="sales"),
    path("<int:upt_id>/penjualan/baru/", views.sale_new, name="sale_new"),
    path("<int:upt_id>/penjualan/<int:pk>/batal/", views.sale_reverse, name="sale_reverse"),
    path("<int:upt_id>/premi/", views.ledger, name="ledger"),
    path("<int:upt_id>/premi/laporan/<int:year>/<int:month>/", views.ledger_report, name="report"),
    path("<int:upt_id>/graduasi/", views.graduation, name="graduation"),
    path("<int:upt_id>/graduasi/tindak-lanjut/<int:pk>/", views.follow_up, name="follow_up"),
]

# Public pages, named in the project's "web" namespace (see smartikm/urls.py).
public_urlpatterns = [
    path("program/graduasi/", public_views.graduation, name="graduation"),
]
