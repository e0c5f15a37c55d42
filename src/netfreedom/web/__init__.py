"""The web site and JSON API over the store: ``create_app(database_url)``."""

from netfreedom.web.app import create_app

__all__ = ["create_app"]
