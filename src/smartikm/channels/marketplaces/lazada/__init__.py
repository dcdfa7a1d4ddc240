"""lazada marketplace: client, adapter, mapping, fake."""
