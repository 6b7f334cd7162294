"""The window's side of sync: the background controller and an extra screenshot scene."""
