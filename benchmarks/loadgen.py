"""A lean HTTP/1.1 load generator for the benchmarks: keep-alive connections, raw sockets.

Why not httpx: on the 2-core benchmark machine the client shares the cores with the servers
it measures, and httpx's own work per request (about 5 ms of CPU for a 57 KB gzip page,
decompression included) capped every server at ~210 req/s in one measured run, a trivial
ASGI app returning fixed bytes included. This client writes a GET, reads the status line,
headers and the body (``Content-Length`` or chunked) without decoding it, and times each
request from the write to the last body byte. It runs on uvloop when installed.

    from loadgen import run_load
    figures = run_load("http://127.0.0.1:8000/country/KAZ/2022", requests=2000, concurrency=32)
    # {"rps": ..., "p50_ms": ..., "p95_ms": ..., "p99_ms": ..., "bytes": ...}

``run_load`` also takes a list of URLs (of one server): the requests go through it in turn.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

HEADERS = {
    "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate",  # what a browser sends: the server compresses as for readers
    "User-Agent": "netfreedom-loadgen",
}


class LoadError(RuntimeError):
    """A request that did not answer 200, or a connection that broke mid-answer."""


def _request_bytes(url: str, headers: dict[str, str] | None = None) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 80
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in {**HEADERS, **(headers or {})}.items()]
    return host, port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Read one answer; returns (status, body bytes, whether the server keeps the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, _, rest = head.partition(b"\r\n")
    status = int(status_line.split(b" ", 2)[1])
    length = -1
    chunked = False
    keep = True
    for line in rest.split(b"\r\n"):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            keep = False
    if chunked:
        size = 0
        while True:
            line = await reader.readuntil(b"\r\n")
            chunk = int(line.split(b";", 1)[0], 16)
            await reader.readexactly(chunk + 2)  # the chunk and its CRLF
            size += chunk
            if chunk == 0:
                return status, size, keep
    if length < 0:  # no length: the body runs to the end of the connection
        body = await reader.read()
        return status, len(body), False
    await reader.readexactly(length)
    return status, length, keep


async def _load(urls: Sequence[str], requests: int, concurrency: int) -> tuple[float, list[float], int]:
    prepared = [_request_bytes(url) for url in urls]
    host, port, _ = prepared[0]
    turns = itertools.cycle([(url, request) for url, (_, _, request) in zip(urls, prepared, strict=True)])
    latencies: list[float] = []
    remaining = [requests]
    received = [0]

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while remaining[0] > 0:
                remaining[0] -= 1
                url, request = next(turns)
                start = time.perf_counter()
                writer.write(request)
                status, size, keep = await _read_answer(reader)
                latencies.append(time.perf_counter() - start)
                received[0] += size
                if status != 200:
                    raise LoadError(f"{url} answered {status}")
                if not keep:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return time.perf_counter() - start, latencies, received[0]


def _runner() -> asyncio.Runner:
    try:
        import uvloop

        return asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:
        return asyncio.Runner()


def run_load(url: str | Sequence[str], requests: int, concurrency: int, warmup: int = 50) -> dict[str, float]:
    """Send ``requests`` GETs of ``url`` (or of a list of URLs of one server, in turn) over
    ``concurrency`` keep-alive connections (after ``warmup`` GETs over 2 connections).
    Returns ``rps`` (requests per wall-clock second), ``p50_ms``/``p95_ms``/``p99_ms``
    (latency from writing a request to its last body byte) and ``bytes`` (mean body size as
    sent, compressed when the server compressed it). Raises :class:`LoadError` when an
    answer is not 200."""
    urls = [url] if isinstance(url, str) else list(url)
    with _runner() as runner:
        runner.run(_load(urls, min(warmup, requests), 2))
        wall, latencies, received = runner.run(_load(urls, requests, concurrency))
    ordered = sorted(latencies)
    return {
        "rps": requests / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "bytes": received / requests,
    }
