"""The Today page: what is on, at a glance."""
