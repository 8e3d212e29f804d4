"""Ingest and entity extraction for the Tibet county news digest.

The package is pure Python over plain data; the Pelican layer lives in plugins/.
"""
