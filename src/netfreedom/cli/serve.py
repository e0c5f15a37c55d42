"""``serve``: the web site and the JSON API over the store."""

from __future__ import annotations

import click

from netfreedom.cli.errors import guard
from netfreedom.cli.support import database_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--no-cache", is_flag=True, help="Render every request afresh (no in-memory page cache).")
@database_option
@guard
def serve(host: str, port: int, no_cache: bool, database_url: str | None) -> None:
    """Serve the web site and the JSON API over the store (read-only).

    Pages at /, /country/KAZ, /compare, /search, /methodology; API under /api/v1.

    \b
    Example:
      netfreedom serve --port 8000
    """
    import uvicorn

    from netfreedom.web import create_app

    app = create_app(database_url, page_cache=not no_cache)
    click.echo(f"netfreedom is serving {app.state.store.url} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
