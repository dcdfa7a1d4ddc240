"""Models of the curation app."""
