"""Offline-first sync with the hub: protocol schemas, HTTP client, push/pull engine, background worker.

Nothing here imports Qt. The hub imports only ``desktop.sync.protocol``.
"""
