"""The one exception the store raises for its own failures."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked.

    Raised for a bad or unreachable database URL, a schema this version of netfreedom does
    not know, a database error during a read or write, or an assessment that cannot be stored
    (edition unknown). The message is one line, fit to print after ``error:``; the database
    error that caused it, if any, is chained as ``__cause__``.
    """
