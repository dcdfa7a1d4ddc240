"""Public-site test set-up: translations compiled, media in a temporary folder, and the public data
set (`public_data`, from catalog.tests.public_site)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from smartikm.catalog.tests.public_site import public_data  # noqa: F401 - fixture


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """`make test` compiles the catalogues; a bare `pytest` in a fresh clone gets them here."""
    from django.conf import settings
    from django.utils.translation import trans_real

    stale = False
    for po_file in (Path(settings.BASE_DIR) / "locale").glob("*/LC_MESSAGES/django.po"):
        mo_file = po_file.with_suffix(".mo")
        if (not mo_file.exists() or mo_file.stat().st_mtime < po_file.stat().st_mtime) and shutil.which(
            "msgfmt"
        ):
            subprocess.run(["msgfmt", "-o", str(mo_file), str(po_file)], check=True)  # noqa: S603, S607
            stale = True
    if stale:  # catalogues already loaded by earlier tests would not see the new files
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
