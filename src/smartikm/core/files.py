"""Uploaded files as the web serves them: public media with safe headers, private files only to the
users a rule allows.

Public media (product photos) live under MEDIA_ROOT and are served by `media`: images inline, every
other type as a download, never sniffed, and under a CSP that runs nothing, so an uploaded HTML or
SVG file cannot execute in the site's origin. Private files (certificate scans) live under
PRIVATE_ROOT, outside the public folder; their URL is /berkas/<name>, and `private_file` serves one
only when the app that holds it allows the user (the `private_file_reader` hook).
"""

import mimetypes
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from smartikm.core import hooks

# Shown in the browser; everything else is offered as a download. SVG is not here on purpose: it can
# carry script.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"}
# Nothing served from an upload may run script, load anything or be framed.
UPLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
MEDIA_MAX_AGE = 7 * 24 * 60 * 60


class PrivateFileSystemStorage(FileSystemStorage):
    """Files kept outside the public media folder; their URL is the permission-checked /berkas/ view.

    The folder is settings.PRIVATE_ROOT, read when used (as FileSystemStorage does for MEDIA_ROOT), so a
    test can point it elsewhere."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return reverse("private-file", kwargs={"name": name})


def private_storage():
    """The storage for private uploads (callable, so models and migrations do not pin a location)."""
    return storages["private"]


def _file_response(path: Path, *, name: str, inline_allowed: bool, cache_control: str) -> FileResponse:
    content_type, encoding = mimetypes.guess_type(name)
    content_type = content_type or "application/octet-stream"
    if encoding:  # a .gz stays a download of the compressed file, never decoded by the browser
        content_type = "application/octet-stream"
    inline = inline_allowed and content_type in INLINE_TYPES
    response = FileResponse(
        path.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=Path(name).name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = cache_control
    return response


def _existing_file(root: Path, name: str) -> Path:
    try:
        path = Path(safe_join(root, name))
    except Exception:  # noqa: BLE001 - a path outside the root (SuspiciousFileOperation) is simply not there
        raise Http404 from None
    if not path.is_file():
        raise Http404
    return path


@require_safe
def media(request, path: str):
    """A public upload under MEDIA_ROOT, with the headers above and conditional GET."""
    file_path = _existing_file(Path(settings.MEDIA_ROOT), path)
    stat = file_path.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    response = _file_response(
        file_path, name=path, inline_allowed=True, cache_control=f"public, max-age={MEDIA_MAX_AGE}"
    )
    response["Last-Modified"] = http_date(stat.st_mtime)
    return response


def may_read_private_file(user, name: str) -> bool:
    """Asks the apps that keep private files (the `private_file_reader` hook): each answers None when
    it does not hold `name`, else whether `user` may read it. Nobody holding it means no."""
    if not user.is_authenticated:
        return False
    answers = [answer for answer in hooks.fire("private_file_reader", user, name) if answer is not None]
    return bool(answers) and all(answers)


@require_safe
def private_file(request, name: str):
    """A private upload, to a user the holding app allows; anyone else gets the same 404 as for a
    file that does not exist."""
    if not may_read_private_file(request.user, name):
        raise Http404
    file_path = _existing_file(Path(settings.PRIVATE_ROOT), name)
    return _file_response(file_path, name=name, inline_allowed=False, cache_control="private, no-store")
