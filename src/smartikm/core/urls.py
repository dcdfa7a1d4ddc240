"""Uploaded files: public media and permission-checked private files (see core.files)."""

from django.urls import path

from smartikm.core import files

urlpatterns = [
    path("media/<path:path>", files.media, name="media"),
    path("berkas/<path:name>", files.private_file, name="private-file"),
]
