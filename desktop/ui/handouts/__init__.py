"""Handouts: choose, preview and print."""
