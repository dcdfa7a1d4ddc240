"""Models of the corrections app."""
