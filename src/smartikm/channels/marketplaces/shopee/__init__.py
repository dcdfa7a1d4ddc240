"""shopee marketplace: client, adapter, mapping, fake."""
