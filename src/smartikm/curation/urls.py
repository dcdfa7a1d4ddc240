from django.urls import path

from smartikm.curation import views

# Public pages, named in the project's "web" namespace (see smartikm/urls.py).
public_urlpatterns = [
    path("kurasi/hasil/", views.curation_results, name="curation-results"),
]
