"""Benchmarks run by `make bench`; see public_pages.py."""
