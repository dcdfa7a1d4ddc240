"""Public pages, one small module per kind of page."""
