"""Backup and restore of the whole site: the database and the uploaded files, in one archive.

The archive is a gzip'ed tar with
  manifest.json         format, versions, applied migrations, row counts per table, file counts,
                        checksum of the dump, fingerprints (not the keys) of the field keys;
  database.sqlite3      SQLite: a copy made with SQLite's online backup API (consistent while the
                        site runs), or
  database.pgdump       PostgreSQL: `pg_dump --format=custom` (a consistent snapshot);
  media/, private/      the public and the private uploads.
The keys (DJANGO_SECRET_KEY, SMARTIKM_FIELD_KEYS or var/field_keys) are never in it: keep them apart,
a restore needs the same field keys to read the encrypted columns.

Only Django's model registry is used (no import of the apps above core), so every table of every
installed app is counted, whatever the apps are.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from smartikm.core.crypto import EncryptedTextField

FORMAT = 1
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENCRYPTED_SAMPLE = 50  # values per encrypted column decrypted after a restore


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (in Indonesian)."""


@dataclass
class RestoreReport:
    manifest: dict
    rows_checked: int = 0
    mismatches: dict = field(default_factory=dict)
    encrypted_checked: int = 0


def key_fingerprints() -> list[str]:
    return [hashlib.sha256(k.encode()).hexdigest()[:12] for k in settings.FIELD_ENCRYPTION_KEYS]


def _tables() -> dict[str, type[models.Model]]:
    existing = set(connection.introspection.table_names())
    tables: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table in existing:
            tables.setdefault(meta.db_table, model)
    return dict(sorted(tables.items()))


def row_counts() -> dict[str, int]:
    return {table: model._base_manager.count() for table, model in _tables().items()}


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _files(root: Path) -> tuple[int, int]:
    count = size = 0
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file():
                count += 1
                size += path.stat().st_size
    return count, size


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore: the password never appears on a command line."""
    s = connection.settings_dict
    env = {**os.environ}
    for var, value in (
        ("PGHOST", s.get("HOST")),
        ("PGPORT", str(s.get("PORT") or "")),
        ("PGUSER", s.get("USER")),
        ("PGPASSWORD", s.get("PASSWORD")),
        ("PGDATABASE", s.get("NAME")),
        ("PGSSLMODE", s.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[var] = value
    return env


def _run(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} tidak ditemukan; pasang klien PostgreSQL (paket postgresql-client).")
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} gagal (kode {done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def _dump_database(target: Path) -> tuple[str, str]:
    """Write the database to `target`; (database version, tool)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        out = sqlite3.connect(target)
        try:
            connection.connection.backup(out)
        finally:
            out.close()
        return sqlite3.sqlite_version, "sqlite3 online backup"
    if connection.vendor == "postgresql":
        tool = _run(["pg_dump", "--version"]).strip()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
        connection.ensure_connection()
        return str(getattr(connection, "pg_version", "")), tool
    raise BackupError(f"Basis data {connection.vendor} tidak didukung (hanya SQLite dan PostgreSQL).")


def create_backup(output: Path) -> dict:
    """Write one archive to `output` (made through a temporary file, so a failed backup leaves none)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root, private_root = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)
    with tempfile.TemporaryDirectory(prefix="smartikm-backup-", dir=output.parent) as work:
        dump = Path(work) / DUMP_NAMES.get(connection.vendor, "database")
        # Rows are counted right before the dump; a site that keeps running may change a few in
        # between, which only shows as a difference between manifest and restore on a live copy.
        rows = row_counts()
        database_version, tool = _dump_database(dump)
        media_files, media_bytes = _files(media_root)
        private_files, private_bytes = _files(private_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "versions": {
                "smartikm": _version("smartikm"),
                "django": _version("django"),
                "python": sys.version.split()[0],
                "database": database_version,
                "dump_tool": tool,
            },
            "engine": connection.vendor,
            "database_file": dump.name,
            "database_sha256": _sha256(dump),
            "migrations": _applied_migrations(),
            "rows": rows,
            "media": {"files": media_files, "bytes": media_bytes},
            "private": {"files": private_files, "bytes": private_bytes},
            "field_key_fingerprints": key_fingerprints(),
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for arcname, root in (("media", media_root), ("private", private_root)):
                if root.is_dir():
                    tar.add(root, arcname=arcname)
        os.chmod(partial, 0o600)  # personal data inside, even if encrypted in part
        os.replace(partial, output)
    return manifest


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:*") as tar:
            member = tar.extractfile("manifest.json")
            manifest = json.loads(member.read()) if member else None
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive}: bukan arsip cadangan e-Smart IKM ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: format manifest tidak dikenal (diharapkan {FORMAT}).")
    return manifest


def check_restorable(manifest: dict, *, ignore_keys: bool = False) -> None:
    """Refuse before anything is touched: other engine, newer code, or field keys that cannot read it."""
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"Cadangan ini dari {manifest['engine']}; basis data sekarang {connection.vendor}. "
            "Pulihkan ke mesin basis data yang sama."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            "Cadangan dibuat oleh versi aplikasi yang lebih baru (migrasi tidak dikenal: "
            f"{', '.join(unknown[:5])}). Pasang versi itu dahulu."
        )
    if (
        not ignore_keys
        and manifest["field_key_fingerprints"]
        and not set(manifest["field_key_fingerprints"]) & set(key_fingerprints())
    ):
        raise BackupError(
            "Kunci enkripsi kolom (SMARTIKM_FIELD_KEYS atau var/field_keys) berbeda dari kunci saat "
            "cadangan dibuat: NIK pemilik dan token toko tidak akan terbaca. Pasang kunci yang sama, "
            "atau ulangi dengan --ignore-keys bila memang disengaja."
        )


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(dump)
        try:
            connection.close()
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    if getattr(connection, "pool", None):
        connection.close_pool()  # type: ignore[attr-defined]  # PostgreSQL backend only, checked above
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def _replace_folder(extracted: Path, target: Path) -> None:
    """Put `extracted` where `target` is, keeping the old folder only until the swap is done."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.before-restore")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    if extracted.exists():
        shutil.move(extracted, target)
    else:
        target.mkdir(parents=True)
    if old.exists():
        shutil.rmtree(old)


def check_encrypted_fields() -> int:
    """Decrypt a sample of every encrypted column; a value the keys cannot read raises BackupError."""
    checked = 0
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField):
                try:
                    values = list(
                        model._base_manager.exclude(**{f.name: ""})
                        .exclude(**{f"{f.name}__isnull": True})
                        .values_list(f.name, flat=True)[:ENCRYPTED_SAMPLE]
                    )
                except ValueError as exc:
                    raise BackupError(
                        f"{model._meta.label}.{f.name} tidak dapat dibaca dengan kunci sekarang."
                    ) from exc
                checked += len(values)
    return checked


def restore_backup(archive: Path, *, ignore_keys: bool = False) -> RestoreReport:
    """Replace the database and the uploads with the archive's, then check counts and encrypted fields.

    Stop the web server and the workers first: the database is overwritten as a whole."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    check_restorable(manifest, ignore_keys=ignore_keys)
    media_root, private_root = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smartikm-restore-", dir=media_root.parent) as work_dir:
        work = Path(work_dir)
        with tarfile.open(archive, "r:*") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
            tar.extractall(work, filter="data")
        dump = work / manifest["database_file"]
        if not dump.is_file() or _sha256(dump) != manifest["database_sha256"]:
            raise BackupError(f"{archive}: salinan basis data rusak (checksum tidak cocok).")
        _restore_database(dump)
        _replace_folder(work / "media", media_root)
        _replace_folder(work / "private", private_root)
    report = RestoreReport(manifest=manifest)
    now = row_counts()
    for table, expected in manifest["rows"].items():
        report.rows_checked += 1
        if now.get(table) != expected:
            report.mismatches[table] = (expected, now.get(table))
    if report.mismatches:
        raise BackupError(f"Jumlah baris berbeda setelah pemulihan: {report.mismatches}")
    report.encrypted_checked = check_encrypted_fields()
    return report
