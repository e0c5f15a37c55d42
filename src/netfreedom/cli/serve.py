"""``serve``: the web site and the JSON API over the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from netfreedom.cli.errors import fail, guard
from netfreedom.cli.support import database_option

if TYPE_CHECKING:
    import socket


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--no-cache", is_flag=True, help="Render every request afresh (no in-memory page cache).")
@click.option(
    "--threads",
    type=click.IntRange(1, 40),
    help="Requests handled at once by this process [default: 4; more threads contend for Python's lock].",
)
@database_option
@guard
def serve(host: str, port: int, no_cache: bool, threads: int | None, database_url: str | None) -> None:
    """Serve the web site and the JSON API over the store.

    Pages at /, /country/KAZ, /compare, /search, /methodology, sign-in at /login; API under
    /api/v1 (scripts send `Authorization: Bearer TOKEN`, see `netfreedom users token`).

    The secret key comes from the environment variable NETFREEDOM_SECRET_KEY. Serving on any
    address but loopback (127.0.0.1, ::1, localhost) is REFUSED when it is absent, a known
    default or shorter than 32 characters. On loopback without it, a random key is made for
    this process.

    \b
    Example:
      netfreedom serve --port 8000
      NETFREEDOM_SECRET_KEY=$(cat /run/secrets/netfreedom) netfreedom serve --host 0.0.0.0
    """
    import uvicorn

    from netfreedom.web import create_app
    from netfreedom.web.auth import secret_key

    secret = secret_key(host)  # refuses a missing or weak key off loopback, before anything opens
    listening = _listen(host, port)  # before anything is printed: a busy port is one line, exit 2
    app = create_app(database_url, page_cache=not no_cache, secret_key=secret, worker_threads=threads)
    click.echo(f"netfreedom is serving {app.state.store.url} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    server.run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (IPv6 when ``host`` is an IPv6 address).
    Exits 2 with one line when the port is taken or the address cannot be used."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
        listening.listen(2048)
    except OSError as exc:
        listening.close()
        if exc.errno == errno.EADDRINUSE:
            fail(f"port {port} is in use on {host}: stop what listens there or pass --port")
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    listening.set_inheritable(True)
    return listening
