"""tiktok marketplace: client, adapter, mapping, fake."""
