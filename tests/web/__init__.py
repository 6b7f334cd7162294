"""Tests of the hub's web pages in a real browser (Debian's Chromium, driven by Playwright)."""
