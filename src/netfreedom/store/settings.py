"""Where the store lives: the database URL and how it is chosen.

The URL is an SQLAlchemy URL (``sqlite:///path/to/file.db``,
``postgresql+psycopg://user@host/dbname``). It comes from the argument given to
:class:`~netfreedom.store.Store`, else from the environment variable
``NETFREEDOM_DATABASE_URL``, else ``sqlite:///./netfreedom.db`` (a file in the current
directory). Where a person names a database (``--database``, the environment variable) the
same forms are accepted: :func:`database_url` turns a plain file path into the URL of an
SQLite file there. ``Store(url)`` itself takes URLs only (a caller converts a path first).
"""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_URL_ENV = "NETFREEDOM_DATABASE_URL"
"""Name of the environment variable that holds the default database URL."""

FALLBACK_DATABASE_URL = "sqlite:///./netfreedom.db"
"""URL used when neither an argument nor the environment names a database."""


def database_url(value: str) -> str:
    """The database URL for ``value`` as a user names a database: a URL (anything with ``://``)
    is returned as written; any other text is a path to an SQLite file (``~`` expanded, made
    absolute against the current directory) and becomes ``sqlite:////abs/path``.

    Nothing is checked or opened here (opening a :class:`~netfreedom.store.Store` does that).
    """
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def default_database_url() -> str:
    """The database URL to use when none is given.

    ``$NETFREEDOM_DATABASE_URL`` when set and not blank (a URL or a file path, read by
    :func:`database_url`), else ``sqlite:///./netfreedom.db``. It is not checked here (opening a
    :class:`~netfreedom.store.Store` does that).
    """
    value = os.environ.get(DATABASE_URL_ENV, "").strip()
    return database_url(value) if value else FALLBACK_DATABASE_URL
