"""Printable handouts: lesson handouts (learner and host copies), paper sign-in sheets,
name badges, table tents, certificates and take-home sheets, each also in large print.

Pure Python over reportlab; no Qt. Data is gathered from the database by
``desktop.handouts.data`` into plain records, and each document module turns
those records into PDF bytes, so the UI can gather on its database thread and
draw on another.
"""
