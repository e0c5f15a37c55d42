"""What went wrong reading a CSV file, said in one line that names the line.

Python's :mod:`csv` module words its errors for programmers ("field larger than field limit
(131072)") and names no line; every CSV reader of netfreedom (score tables, evidence lists)
turns them into one line through :func:`csv_problem`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, Protocol

__all__ = ["csv_problem", "csv_rows"]


def csv_problem(exc: csv.Error, line: int) -> str:
    """One line for ``exc``, raised while reading line ``line`` (1-based, as
    ``csv.reader(...).line_num`` counts them), e.g. ``line 2: a cell is longer than 131,072
    characters, more than a CSV cell may hold``. The caller puts the file's name in front.

    A cell over :func:`csv.field_size_limit` (131,072 characters unless changed) is said in
    those words; any other :class:`csv.Error` keeps the module's wording after the line.
    """
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    where = f"line {line}" if line > 0 else "the first line"
    if "field larger than field limit" in text:
        return f"{where}: a cell is longer than {csv.field_size_limit():,} characters, more than a CSV cell may hold"
    return f"{where}: {text}"


class _Counted(Protocol):
    line_num: int

    def __iter__(self) -> Iterator[Any]: ...


def csv_rows(reader: _Counted) -> Iterator[Any]:
    """The rows of a :func:`csv.reader` or :class:`csv.DictReader`, in order; a
    :class:`csv.Error` on the way is raised as :class:`ValueError` worded by
    :func:`csv_problem` (the line it was raised on)."""
    # A DictReader updates its own line_num only after a row is read; its csv.reader's is current.
    counter = reader.reader if isinstance(reader, csv.DictReader) else reader
    try:
        yield from reader
    except csv.Error as exc:
        raise ValueError(csv_problem(exc, counter.line_num)) from None
