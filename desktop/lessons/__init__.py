"""The lesson library: Carpentries-compatible Markdown lessons. No Qt."""
