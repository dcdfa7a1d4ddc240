from django.urls import path

from smartikm.accounts import views

app_name = "accounts"
urlpatterns = [
    path("daftar/", views.signup, name="signup"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("peran/", views.roles, name="roles"),
    path("peran/<int:pk>/cabut/", views.revoke, name="revoke"),
]
