"""Settings from the environment: a bad value stops the start with the variable's name; the
production profile never starts without its secrets; the embedded set-up keeps the keys it made."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from smartikm.core import checks
from smartikm.env import env_bool, env_int, kept_secret

SMARTIKM = Path(sys.executable).parent / "smartikm"


def test_a_number_that_is_not_one_names_the_variable(monkeypatch):
    monkeypatch.setenv("SMARTIKM_WEB_THREADS", "empat")
    with pytest.raises(ImproperlyConfigured, match="SMARTIKM_WEB_THREADS='empat'"):
        env_int("SMARTIKM_WEB_THREADS", 4)
    monkeypatch.setenv("SMARTIKM_WEB_THREADS", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("SMARTIKM_WEB_THREADS", 4, minimum=1)


def test_a_switch_that_is_neither_on_nor_off_names_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", "mungkin")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_SSL_REDIRECT"):
        env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", "off")
    assert env_bool("DJANGO_SECURE_SSL_REDIRECT", True) is False


def test_a_kept_secret_is_made_once_and_then_read_back(tmp_path):
    made = []
    first = kept_secret(tmp_path / "var" / "secret_key", lambda: made.append(1) or "rahasia-1")
    second = kept_secret(tmp_path / "var" / "secret_key", lambda: made.append(1) or "rahasia-2")
    assert first == second == "rahasia-1" and made == [1]
    assert oct((tmp_path / "var" / "secret_key").stat().st_mode & 0o777) == "0o600"


def ids(messages) -> set[str]:
    return {m.id for m in messages}


def test_missing_or_malformed_secrets_are_refused(settings):
    settings.SECRET_KEY = "dev-only-missing-DJANGO_SECRET_KEY"
    settings.FIELD_ENCRYPTION_KEYS = ["bukan-kunci-fernet"]
    settings.PRODUCTION = True
    settings.ALLOWED_HOSTS = []
    assert {"smartikm.E001", "smartikm.E003", "smartikm.E004"} <= ids(checks.check_production_secrets(None))
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.DEBUG = False
    assert "smartikm.E002" in ids(checks.check_production_secrets(None))


def test_private_files_inside_the_public_media_folder_are_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "media" / "private"
    assert "smartikm.E005" in ids(checks.check_file_locations(None))
    settings.PRIVATE_ROOT = tmp_path / "private"
    assert checks.check_file_locations(None) == []


def test_the_production_profile_does_not_start_without_its_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMARTIKM_", "DATABASE_URL"))}
    env.update(SMARTIKM_PROFILE="production", SMARTIKM_VAR_DIR=str(tmp_path))
    done = subprocess.run(  # noqa: S603
        [str(SMARTIKM), "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    for variable in ("DJANGO_SECRET_KEY", "SMARTIKM_FIELD_KEYS", "DJANGO_ALLOWED_HOSTS"):
        assert variable in done.stderr
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "field_keys").exists()
