"""Marketplace protocol layer: one folder per marketplace with the same files.

`client.py` signs and sends (through core.http), `adapter.py` implements `base.MarketplaceAdapter`,
`mapping.py` turns our listing spec into the channel's payload and its answers into neutral types,
`fake.py` is a protocol-faithful fake server for tests and benchmarks. See ADR 0007.
"""
