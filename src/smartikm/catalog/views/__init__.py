"""Catalog pages by audience: `public` (product page, search) and `owner` (add and manage products)."""
