"""The lesson library: browse, preview, edit, import, history."""
