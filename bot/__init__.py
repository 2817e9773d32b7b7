"""Bimeh Desk: the chat side (transports, handlers, conversations, the command line)."""

__version__ = "0.1.0"  # the one place the version is written (pyproject reads it; CHANGELOG.md names it)
