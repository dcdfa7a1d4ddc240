"""Deterministic demo and benchmark data: IKM, sentra, products and certifications that look like the
real registry (real villages, KBLI and BTKI codes, valid NPWP), generated from a seed.

Not a Django app: the generator is run by `smartikm demo` (core/management/commands/demo.py).
"""
