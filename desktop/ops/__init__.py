"""The command layer: every change to data is an operation that returns what it changed.

An operation is a plain function ``op(session, ...) -> Done[T]`` in one of this package's
modules. It runs on the database thread inside one transaction (the UI's ``OpRunner`` sees to
that), does its work through the domain, and returns its result together with an
``OpChanges`` naming the kinds of records it touched and, when it is about one, the session.
Pages refresh from that value, never from strings chosen by hand (as Anki's ``OpChanges``).
"""

from desktop.ops.changes import Done, Kind, OpChanges

__all__ = ["Done", "Kind", "OpChanges"]
