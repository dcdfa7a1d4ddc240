"""`smartikm issue_token USERNAME NAME`: create an API token and print it once."""

from django.core.management.base import BaseCommand, CommandError

from smartikm.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Buat token API untuk pengguna; token hanya ditampilkan sekali."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="Nama token, mis. 'sistem dinas provinsi'.")

    def handle(self, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna aktif '{username}' tidak ditemukan.")
        _token, raw = ApiToken.issue(user, name[:100])
        self.stdout.write(raw)
