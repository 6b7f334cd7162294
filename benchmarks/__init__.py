"""Benchmarks: every performance figure, measured beside its floor or peer in the same run."""
