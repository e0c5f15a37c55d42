"""Reading an input file's bytes safely: regular files only, of a sane size.

A FIFO would block forever and ``/dev/zero`` never ends, so only regular files are read,
and at most :data:`MAX_INPUT_BYTES` of them (the largest published report is well under a
megabyte; PDFs of book chapters a few megabytes).
"""

from __future__ import annotations

import stat
from pathlib import Path

from netfreedom.errors import UnreadableInputError

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Largest input accepted, in bytes (64 MiB)."""


def safe_name(path: Path) -> str:
    """The file name as text that can be stored and printed: bytes of a name that are not
    UTF-8 become U+FFFD, control characters are dropped."""
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(ch for ch in name if ch.isprintable())


def read_input_bytes(path: Path, limit_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file at ``path``.

    Raises :class:`UnreadableInputError` (one line) when the path does not exist, is a
    folder, is not a regular file (FIFO, device, socket), cannot be read, or is larger than
    ``limit_bytes``.
    """
    shown = safe_name(path) if path.name else str(path)
    shown = str(path.parent / shown) if path.parent != Path(".") else shown
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableInputError(f"{shown} does not exist") from None
    except OSError as exc:
        raise UnreadableInputError(f"{shown} cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInputError(f"{shown} is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableInputError(f"{shown} is not a regular file (a pipe or a device)")
    if info.st_size > limit_bytes:
        raise UnreadableInputError(f"{shown} is larger than {limit_bytes // (1024 * 1024)} MiB: not a report")
    try:
        with path.open("rb") as stream:
            data = stream.read(limit_bytes + 1)
    except OSError as exc:
        raise UnreadableInputError(f"{shown} cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit_bytes:
        raise UnreadableInputError(f"{shown} is larger than {limit_bytes // (1024 * 1024)} MiB: not a report")
    return data
