"""Deterministic demo and benchmark data: IKM, sentra, products and certifications that look like the
real registry (real villages, KBLI and BTKI codes, valid NPWP), generated from a seed.

The top layer of the apps (it may import every other app); its commands are `smartikm demo` and
`smartikm stats` (demo/management/commands/).
"""
