"""The lesson commons: licences, the local catalogue, lineage and updates. No Qt."""
