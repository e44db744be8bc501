"""Hostile inputs for the corpus tests, generated on demand (no binary file is committed)."""
