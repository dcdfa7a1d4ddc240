"""`smartikm issue_token USERNAME NAME [--scope read|write] [--area catalog ...]`: create an API token
and print it once. Audited (accounts.actions.issue_token) as issued from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from smartikm.accounts import actions
from smartikm.accounts.choices import ApiArea, TokenScope
from smartikm.accounts.models import User


class Command(BaseCommand):
    help = "Buat token API untuk pengguna; token hanya ditampilkan sekali."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="Nama token, mis. 'sistem dinas provinsi'.")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ,
            help="read (bawaan): hanya membaca; write: membaca dan mengubah data.",
        )
        parser.add_argument(
            "--area",
            action="append",
            choices=ApiArea.values,
            default=[],
            help="Batasi ke bagian API ini (boleh diulang); tanpa --area: semua bagian.",
        )

    def handle(self, username, name, scope, area, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna aktif '{username}' tidak ditemukan.")
        try:
            _token, raw = actions.issue_token(user, name=name[:100], scope=scope, areas=area, actor=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(raw)
