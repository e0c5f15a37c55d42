"""Exit codes and the one place where errors become one line on stderr.

Exit codes (part of the interface; the rule and why: ``docs/cli.md``): 0 success; 1 the
command ran and its answer is "not there" or "problems found" (a name the store does not hold:
account, draft, edition, thread, translation, stored report; an error-level finding, a report
deliberately not stored, conflicts listed); 2 the command cannot be done as written (a usage
error, a value outside netfreedom's own vocabularies such as a name no country has, unreadable
input, a store that cannot be opened, a change the rules refuse); 130 interrupted.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from netfreedom.errors import NetfreedomError, NotFoundError, NotStoredError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130

_FINDINGS_ERRORS: tuple[type[NetfreedomError], ...] = (NotStoredError, NotFoundError)
"""Errors that are an answer about the data rather than a mistake in the command: exit 1.
``NotFoundError`` covers every name the store may or may not hold (accounts through
``UnknownAccountError``, drafts, editions, threads, translations, stored reports)."""


def exit_code_for(error: NetfreedomError) -> int:
    """The exit code of a library error: 1 for :data:`_FINDINGS_ERRORS`, else 2 (``docs/cli.md``)."""
    return EXIT_FINDINGS if isinstance(error, _FINDINGS_ERRORS) else EXIT_USAGE


def display(text: str) -> str:
    """``text`` fit for one line of a terminal: control characters (a newline in a file
    name) shown as escapes, undecodable bytes of a file name as replacement characters."""
    cleaned = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in cleaned)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``Error: message`` as one line on stderr and exit with ``code``."""
    click.echo(f"Error: {display(message)}", err=True)
    sys.exit(code)


def _quiet_closed_pipe() -> NoReturn:
    """The reader of our output went away (``| head``): a normal end. Point stdout at
    /dev/null so the interpreter's final flush does not complain, and exit 0."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_OK)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def guard(function: F) -> F:
    """Run a command so that every error is one line on stderr with its exit code: library
    errors as :func:`exit_code_for` says, a closed pipe as a normal end, anything unexpected
    as ``internal error`` with exit 2 (the traceback with NETFREEDOM_DEBUG=1); a number too
    large for the database (an id in a file) is a usage error, exit 2, as on the web."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (SystemExit, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except NetfreedomError as exc:
            fail(str(exc), exit_code_for(exc))
        except BrokenPipeError:
            _quiet_closed_pipe()
        except Exception as exc:  # last resort: never show a traceback to a user
            if isinstance(exc, OSError) and exc.strerror:
                fail(f"cannot write output: {exc.strerror}")
            if isinstance(exc, MemoryError):
                fail("out of memory")
            if isinstance(exc, OverflowError):  # as the web answers it (web/errors.py): the user's mistake
                fail(f"a number in the command or its input is out of range ({_first_line(exc)})")
            if os.environ.get("NETFREEDOM_DEBUG"):
                raise
            fail(f"internal error: {exc.__class__.__name__}: {exc} (set NETFREEDOM_DEBUG=1 for details)")

    return wrapper  # type: ignore[return-value]
