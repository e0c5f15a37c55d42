"""Input formats: tell plain text, HTML, PDF and exported JSON apart by content, and turn
the first three into the text the layout readers read.

:func:`detect_format` looks at the bytes (a ``%PDF-`` header, an HTML document start, a
JSON array or object), the file name's extension only breaking ties. :func:`extract_text`
gives a :class:`SourceText`: the report text with LF line endings, an encoding label for
``Provenance.encoding`` (``utf-8`` for plain text as before, ``html/utf-8``, ``pdf``) and
:class:`Hints` (country and edition from an HTML ``<title>``, ``og:url`` or canonical link, or
a PDF's title) that :func:`apply_hints` uses where the reader found none. JSON (exports and
JSON Lines of assessments) is not text for a reader: :mod:`.json_import` reads it.

Every failure is a :class:`~netfreedom.errors.ReadError` with a one-line message.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

from netfreedom.errors import ReadError
from netfreedom.ingest.formats.decode import decode_report
from netfreedom.ingest.parts.cleanup import find_title
from netfreedom.model.assessment import Assessment
from netfreedom.model.countries import UnknownCountryError, resolve_country

__all__ = [
    "Format",
    "Hints",
    "SourceText",
    "apply_hints",
    "detect_format",
    "extract_text",
    "hints_from",
]

SNIFF_BYTES = 4096
"""How much of the start of a file :func:`detect_format` looks at (JSON aside)."""


class Format(StrEnum):
    """The kind of input a file holds."""

    TEXT = "text"
    HTML = "html"
    PDF = "pdf"
    JSON = "json"


@dataclass(frozen=True)
class Hints:
    """Country and edition as a page's title or address gives them (either may be ``None``);
    ``country`` as written, not yet resolved."""

    country: str | None = None
    edition: int | None = None


@dataclass(frozen=True)
class SourceText:
    """Report text ready for the layout readers, with where it came from.

    ``encoding`` is the label kept in ``Provenance.encoding``: the text encoding for plain
    text (``utf-8``, ``cp1251``, ...), ``html/<encoding>`` for a web page, ``pdf`` for a PDF.
    """

    text: str
    encoding: str
    format: Format
    hints: Hints = field(default_factory=Hints)


_PDF_MAGIC = b"%PDF-"
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(r"<(?:html|body|p|div|article|main)\b[^>]*>", re.IGNORECASE)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
_URL_HINT = re.compile(r"/country/([a-z0-9-]+)/freedom-(?:on-the-)?net/((?:19|20)\d\d)\b", re.IGNORECASE)


def _ascii_head(data: bytes) -> str:
    """The start of ``data`` as Latin-1, with BOMs and the NULs of UTF-16 taken out: enough
    to see ASCII markup whatever the encoding."""
    head = data[:SNIFF_BYTES]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.replace(b"\x00", b"").decode("latin-1")


def _parses_as_json(data: bytes) -> bool:
    """True when the whole of ``data``, or its first non-empty line, is a JSON array or object."""
    try:
        text = decode_report(data).text
    except ReadError:
        return False
    try:
        json.loads(text)
        return True
    except (ValueError, RecursionError):  # nested deeper than the parser goes: not ours to read
        pass
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def detect_format(data: bytes, file_name: str | None = None) -> Format:
    """The format of ``data``, judged by content; the extension of ``file_name`` only decides
    between text and HTML or JSON when the content alone does not tell.

    PDF: ``%PDF-`` in the first 1024 bytes. HTML: the document starts (after an XML
    declaration and comments) with a doctype, ``<html>``, ``<head>``, ``<body>``, ``<meta>`` or
    ``<title>``, or the file is named ``*.html``/``*.htm`` and has such tags. JSON: it starts
    with ``[`` or ``{`` and is named ``*.json``/``*.jsonl``, or it parses as JSON (or its first
    line as a JSON object). Anything else is plain text. Never raises.
    """
    if _PDF_MAGIC in data[:1024]:
        return Format.PDF
    suffix = PurePath(file_name).suffix.lower() if file_name else ""
    head = _ascii_head(data)
    if _HTML_START.match(head) or (suffix in _HTML_SUFFIXES and _HTML_ANYWHERE.search(head)):
        return Format.HTML
    start = head.lstrip()[:1]
    if suffix in _JSON_SUFFIXES or (start in ("[", "{") and _parses_as_json(data)):
        return Format.JSON
    return Format.TEXT


_HTTP_HEADER = re.compile(
    rb"\A(?:\xef\xbb\xbf)?[ \t\r\n]*HTTP/\d(?:\.\d)?[ \t]+\d{3}\b[^\n]*\n(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\n]*\n)*\r?\n"
)
"""An HTTP response's status line and header fields up to the blank line that ends them
(RFC 9112, section 2.1; field names are RFC 9110 tokens), as a proxy or crawler saves them
above the page."""


def without_http_header(data: bytes) -> bytes:
    """``data`` without the HTTP response header a proxy or crawler saved above the page
    (``HTTP/1.1 200 OK``, ``Date: …``, … and a blank line): its dates and names are the
    copy's, not the report's. Other input is returned unchanged."""
    if b"HTTP/" not in data[:64]:
        return data
    match = _HTTP_HEADER.match(data)
    return data[match.end() :] if match else data


def extract_text(data: bytes, file_name: str | None = None, fmt: Format | None = None) -> SourceText:
    """The report text in ``data`` (of format ``fmt``, detected when ``None``).

    Raises :class:`~netfreedom.errors.UnreadableInputError` for empty, binary,
    undecodable or damaged input, :class:`~netfreedom.errors.NoReportFoundError` for a
    web page without text, and :class:`ReadError` for JSON (assessments, not a report: see
    :func:`netfreedom.ingest.read_assessments_json`).
    """
    data = without_http_header(data)
    fmt = fmt or detect_format(data, file_name)
    if fmt is Format.PDF:
        from netfreedom.ingest.formats.pdf import pdf_to_text

        return pdf_to_text(data)
    if fmt is Format.HTML:
        from netfreedom.ingest.formats.html import html_to_text

        return html_to_text(data)
    if fmt is Format.JSON:
        raise ReadError("the file holds JSON assessments, not a report; `netfreedom ingest` imports them")
    decoded = decode_report(data)
    return SourceText(decoded.text, decoded.encoding, Format.TEXT)


def hints_from(title: str | None = None, urls: tuple[str | None, ...] = ()) -> Hints:
    """Country and edition from a page title (``Exampleland: Freedom on the Net 2023 Country
    Report | Freedom House``, ``Freedom on the Net 2023 - Exampleland``) and page addresses
    (``.../country/exampleland/freedom-net/2023``); the title wins where both say something."""
    found = find_title([title]) if title else None
    country = found.country if found else None
    edition = found.edition if found else None
    for url in urls:
        match = _URL_HINT.search(url or "")
        if match:
            country = country or match.group(1).replace("-", " ")
            edition = edition or int(match.group(2))
    return Hints(country=country, edition=edition)


def apply_hints(assessment: Assessment, inferred: list[str], hints: Hints) -> tuple[Assessment, list[str]]:
    """``assessment`` with the country and edition that ``hints`` give where the reader found
    none (an unknown country is ``None``), and ``inferred`` with ``country``/``edition`` added
    for what was filled in. What the report itself says always wins."""
    update: dict[str, object] = {}
    names = list(inferred)
    if assessment.country is None and hints.country:
        try:
            update["country"] = resolve_country(hints.country)
        except UnknownCountryError:
            pass
        else:
            names.append("country")
    if assessment.edition is None and hints.edition is not None:
        update["edition"] = hints.edition
        names.append("edition")
    if not update:
        return assessment, names
    return assessment.model_copy(update=update), list(dict.fromkeys(names))
