"""Developer tools that are not part of the app: screenshots, and what tests and benchmarks share."""
