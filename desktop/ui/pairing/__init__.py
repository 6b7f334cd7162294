"""Pairing screens beyond the main page: the projector view."""
