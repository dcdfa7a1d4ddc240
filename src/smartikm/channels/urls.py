from django.urls import path

from smartikm.channels import views

app_name = "channels"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sambung/<slug:code>/", views.connect_start, name="connect"),
    path("sambung/<slug:code>/kembali/", views.connect_callback, name="callback"),
    path("produk/<int:pk>/", views.product_channels, name="product"),
    path("umpan/<slug:code>.csv", views.feed_csv, name="feed"),
    path("umpan/<slug:code>.xlsx", views.feed_xlsx, name="feed-xlsx"),
    path("kesehatan/", views.health, name="health"),
]
