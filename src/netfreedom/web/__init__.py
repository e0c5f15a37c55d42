"""The web site and JSON API over the store: ``create_app(database_url)``."""

from .app import create_app

__all__ = ["create_app"]
