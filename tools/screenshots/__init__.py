"""``make screenshots``: every screen rendered to PNG, with scenes that write demo data of their own."""
