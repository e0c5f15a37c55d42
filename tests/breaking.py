"""Helpers for the tests that try to break netfreedom (``test_cases.py``, ``test_fuzz.py``):
running the command line in a child process under a memory ceiling, and building hostile
inputs (deeply nested text, damaged or inflating workbooks) without writing them in full.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

CASES = Path(__file__).resolve().parents[1].parent / "shared" / "cases"
"""The shared cases folder (``../shared/cases``): inputs that broke the product."""

MEMORY_CEILING_MB = 1536
"""Address-space ceiling of a child process run by :func:`run_cli`, in MiB: enough for
netfreedom with its libraries, far less than the gigabytes a runaway input would take."""


@dataclass(frozen=True)
class CliRun:
    """What one command-line run printed and returned."""

    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        """The non-empty lines of standard error."""
        return [line for line in self.stderr.splitlines() if line.strip()]


def _ceiling(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_cli(*args: str | Path, cwd: Path, memory_mb: int | None = MEMORY_CEILING_MB, timeout: float = 300) -> CliRun:
    """Run ``python -m netfreedom ARGS`` in ``cwd`` with an address-space ceiling of
    ``memory_mb`` MiB (``None``: none); a run that needs more fails with a MemoryError
    instead of taking the machine. Wide terminal so that tables do not wrap."""
    env = {**os.environ, "COLUMNS": "200", "NETFREEDOM_DEBUG": ""}
    env.pop("NETFREEDOM_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "netfreedom", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
        preexec_fn=(lambda: _ceiling(memory_mb)) if memory_mb else None,
    )  # fmt: skip
    return CliRun(done.returncode, done.stdout, done.stderr)


# -- workbooks --------------------------------------------------------------------------------


def small_workbook(rows: Sequence[Sequence[object]]) -> bytes:
    """An ordinary XLSX workbook (one sheet) holding ``rows``, as bytes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


SCORE_ROWS: list[list[object]] = [
    ["Country", "ISO3", "Edition", "Status", "Total", "Scale"],
    ["Kazakhstan", "KAZ", 2022, "Not Free", 32, "higher_is_freer"],
    ["Exampleland", "XEX", 2023, "Partly Free", 55, "higher_is_freer"],
]
"""A tiny score table of our own: two rows."""

_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Country</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>Edition</t></is></c><c r="C1" t="inlineStr"><is><t>Total</t></is></c></row>'
)
_SHEET_END = b"</sheetData></worksheet>"


def _deflate_repeated(start: bytes, chunk: bytes, times: int, end: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of ``start + chunk * times + end`` without compressing ``chunk`` more than
    once: after a full flush the compressor starts afresh, so the same chunk always gives the
    same bytes. Returns the compressed bytes, the CRC-32 and the inflated size."""
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = head.compress(start) + head.flush(zlib.Z_FULL_FLUSH)
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = body.compress(chunk) + body.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = tail.compress(end) + tail.flush(zlib.Z_FINISH)
    crc = zlib.crc32(start)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(end, crc)
    return first + block * times + last, crc, len(start) + len(chunk) * times + len(end)


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive of already deflated members ``(name, deflated, crc, size, declared)``;
    ``declared`` is the inflated size written in the headers (it may lie)."""
    out = io.BytesIO()
    central = []
    for name, deflated, crc, _size, declared in members:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(deflated), declared, len(raw), 0))
        out.write(raw + deflated)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(deflated),
                                   declared, len(raw), 0, 0, 0, 0, 0, offset) + raw)  # fmt: skip
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


_PARTS = {
    "[Content_Types].xml": (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        b"</Types>"
    ),
    "_rels/.rels": (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        b"</Relationships>"
    ),
    "xl/workbook.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="scores" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        b"</Relationships>"
    ),
}  # fmt: skip


def inflating_workbook(chunk: bytes, times: int, *, between: bytes = b"", after: bytes = b"",
                       declared: int | None = None) -> bytes:  # fmt: skip
    """A small XLSX whose sheet XML is the header row, ``between``, ``chunk`` repeated
    ``times`` times, ``after`` and the closing tags: ``chunk=b"<row/>"`` and a large ``times``
    give millions of rows; ``between=b'<row><c t="inlineStr"><is><t>'``, ``chunk=b"A" * 2**20``
    and ``after=b"</t></is></c></row>"`` one huge cell. ``declared`` overrides the inflated
    size the zip headers state (a lie a reader must not trust)."""
    members = []
    for name, data in _PARTS.items():
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        members.append((name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data), len(data)))
    deflated, crc, size = _deflate_repeated(_SHEET_START + between, chunk, times, after + _SHEET_END)
    members.append(("xl/worksheets/sheet1.xml", deflated, crc, size, size if declared is None else declared))
    return _zip(members)


def _with_method(archive: bytes, method: int) -> bytes:
    """``archive`` with every member's compression method set to ``method`` (99: AES, which
    the zip reader lacks), in the local and the central headers."""
    data = bytearray(archive)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = data.find(signature)
        while start != -1:
            data[start + offset : start + offset + 2] = method.to_bytes(2, "little")
            start = data.find(signature, start + 4)
    return bytes(data)


def damaged_workbooks(tmp_path: Path) -> list[Path]:
    """The shared damaged workbooks, and more of their kind made from a good workbook:
    truncated, a flipped byte in a compressed member, a member compressed with a method the
    zip reader lacks, a stray header."""
    paths = [CASES / name for name in ("zlib.xlsx", "zipver.xlsx") if (CASES / name).exists()]
    good = small_workbook(SCORE_ROWS)
    made = {
        "truncated.xlsx": good[: len(good) // 2],
        "flipped.xlsx": good[:600] + bytes([good[600] ^ 0xFF]) + good[601:],
        "method.xlsx": _with_method(good, 99),
        "only-header.xlsx": b"PK\x03\x04" + b"\x00" * 40,
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    return paths


def inflating_workbooks() -> dict[str, bytes]:
    """Workbooks of a few MB whose sheet inflates past 1 GB (told honestly, or with a lying
    size in the zip headers), one huge cell, and millions of rows within the size limit."""
    gigabyte = 1 << 30
    rows = b"<row/>" * 1000
    cell = {"between": b'<row><c t="inlineStr"><is><t>', "after": b"</t></is></c></row>"}
    row = b"<row><c><v>1</v></c><c><v>2022</v></c><c><v>32</v></c></row>"
    return {
        "rows.xlsx": inflating_workbook(rows, gigabyte // len(rows) + 1),
        "rows-lying.xlsx": inflating_workbook(rows, gigabyte // len(rows) + 1, declared=40_000),
        "cell.xlsx": inflating_workbook(b"A" * (1 << 20), 1100, **cell),
        "cell-lying.xlsx": inflating_workbook(b"A" * (1 << 20), 1100, declared=40_000, **cell),
        "many-rows.xlsx": inflating_workbook(b"<row/>" * 1000, 3000),
        "many-cells.xlsx": inflating_workbook(row * 100, 3000),
    }


# -- nesting ------------------------------------------------------------------------------------


def nested_inputs(depth: int = 5000) -> dict[str, bytes]:
    """Inputs nested ``depth`` deep in every format we read: brackets as text and JSON, JSON
    objects, HTML elements, and a PDF whose array nests ``depth`` deep."""
    pdf_array = b"[" * depth + b"]" * depth
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Deep " + pdf_array + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    return {
        "deep-brackets.txt": b"[" * depth,
        "deep-array.json": b"[" * depth + b"]" * depth,
        "deep-object.json": b'{"a":' * depth + b"1" + b"}" * depth,
        "deep-lines.jsonl": b'{"a":' * depth + b"1" + b"}" * depth + b"\n{}\n",
        "deep.html": b"<html><body>" + b"<div>" * depth + b"text" + b"</div>" * depth + b"</body></html>",
        "deep.pdf": pdf,
    }
