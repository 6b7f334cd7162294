"""The data behind the web side's pages: small modules with no web imports, each read through a Scope."""
