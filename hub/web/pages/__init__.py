"""The routes of the web side's pages, one module per page or small group of pages."""
