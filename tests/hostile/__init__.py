"""Hostile input, curation safety and safe publishing (issue 7)."""
