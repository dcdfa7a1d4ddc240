"""`smartikm permissions_doc`: write the role × capability matrix into docs/permissions.md."""

from django.core.management.base import BaseCommand

from smartikm.accounts.matrix_doc import DOC_PATH, render


class Command(BaseCommand):
    help = "Tulis matriks peran × kemampuan ke docs/permissions.md."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(DOC_PATH), help="Berkas tujuan (bawaan: docs/permissions.md)."
        )

    def handle(self, output, **options):
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(render())
        self.stdout.write(output)
