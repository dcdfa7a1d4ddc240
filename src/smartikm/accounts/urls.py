from django.urls import path

from smartikm.accounts import views

app_name = "accounts"
urlpatterns = [
    path("daftar/", views.signup, name="signup"),
    path("konfirmasi/kirim-ulang/", views.resend_confirmation, name="resend_confirmation"),
    path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("kata-sandi/selesai/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("token/", views.tokens, name="tokens"),
    path("token/semua/", views.all_tokens, name="all_tokens"),
    path("token/<int:pk>/cabut/", views.revoke_token, name="revoke_token"),
    path("peran/", views.roles, name="roles"),
    path("peran/<int:pk>/cabut/", views.revoke, name="revoke"),
]
