"""Where the store lives: the database URL and how it is chosen.

The URL is an SQLAlchemy URL (``sqlite:///path/to/file.db``,
``postgresql+psycopg://user@host/dbname``). It comes from the argument given to
:class:`~netfreedom.store.Store`, else from the environment variable
``NETFREEDOM_DATABASE_URL``, else ``sqlite:///./netfreedom.db`` (a file in the current
directory).
"""

from __future__ import annotations

import os

DATABASE_URL_ENV = "NETFREEDOM_DATABASE_URL"
"""Name of the environment variable that holds the default database URL."""

FALLBACK_DATABASE_URL = "sqlite:///./netfreedom.db"
"""URL used when neither an argument nor the environment names a database."""


def default_database_url() -> str:
    """The database URL to use when none is given.

    ``$NETFREEDOM_DATABASE_URL`` when set and not blank, else ``sqlite:///./netfreedom.db``.
    The URL is returned as written; it is not checked here (opening a
    :class:`~netfreedom.store.Store` does that).
    """
    value = os.environ.get(DATABASE_URL_ENV, "").strip()
    return value or FALLBACK_DATABASE_URL
