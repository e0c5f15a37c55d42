"""A report's page prepared once per stored revision and interface language, and the page
put together from those parts on each request.

What the country page shows of the report itself (key developments, overview, indicators with
their narrative, sidebar, sources list: ``country_body.html``) changes only when the report is
stored again, so it is drawn once, cut into pieces at the places where an indicator's evidence
goes (``slot``), and each piece is compressed once (raw deflate ending in a sync flush). The
scores, labels, stored findings and provenance the rest of the page shows are kept beside them
as JSON ``facts``. The store keeps the parts with the report's revision and this module's
:func:`build_format` (:meth:`netfreedom.store.Store.keep_page_parts`); parts of another
revision or format are drawn again on first read.

On each request the page draws only what changes with other data (editions and language
versions, score history, evidence, findings about other sources, the visitor's session) and
sends: the gzip header, that head compressed, the stored segments with the evidence drawn
between them, the tail, and the gzip trailer (CRC-32 and length of the whole). A gzip member
may be made of deflate blocks compressed separately as long as each but the last ends on a
byte boundary (RFC 1951 section 3.2.3; a sync flush ends there), so no stored byte is
compressed again.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any
from uuid import uuid4

from markupsafe import Markup

from netfreedom import __version__
from netfreedom.methodology import Scale
from netfreedom.model.assessment import Assessment, Finding
from netfreedom.store import PageParts
from netfreedom.text.narrative import Narrative
from netfreedom.web.views.narrative import build_report, footnote_items

__all__ = [
    "DRAWN_LEVEL",
    "PREPARED_FORMAT",
    "STORED_LEVEL",
    "build_format",
    "build_json_parts",
    "build_parts",
    "gzip_page",
    "json_bytes",
    "page_facts",
    "plain_page",
    "stored_findings",
]

PREPARED_FORMAT = 1
"""Raise when the way the parts are drawn changes in code (the templates, catalogues and
methodology files are part of :func:`build_format` already)."""

STORED_LEVEL = 9
"""zlib level of the stored pieces: compressed once, when drawn, so the smallest answer."""

DRAWN_LEVEL = 4
"""zlib level of the parts drawn on each request (head and tail, ~20 KB): as the site's
gzip middleware (``netfreedom.web.app.GZIP_LEVEL``)."""

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, unknown OS
_LAST_BLOCK = zlib.compressobj(STORED_LEVEL, zlib.DEFLATED, -15).flush()  # an empty final block


@cache
def build_format() -> str:
    """A key of everything that draws the parts: :data:`PREPARED_FORMAT`, the package version,
    the body template, the code of `web/views` and `text` (the narrative HTML), the interface
    catalogues and the methodology files (SHA-256, 40 hex
    digits after ``"p<format>-"``). Parts kept under another key are drawn again."""
    digest = hashlib.sha256(f"{PREPARED_FORMAT}\n{__version__}\n".encode())
    package = resources.files("netfreedom")
    drawing = (("web/templates", "country_body.html"), ("web/views", ".py"), ("text", ".py"), ("methodology", ".yaml"))
    for folder, suffix in drawing:
        for entry in sorted(package.joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(suffix):
                digest.update(entry.name.encode() + b"\n" + entry.read_bytes())
    locales = package.joinpath("web/locales")
    for language in sorted(locales.iterdir(), key=lambda e: e.name):
        messages = language.joinpath("LC_MESSAGES")
        if messages.is_dir():
            for entry in sorted(messages.iterdir(), key=lambda e: e.name):
                digest.update(entry.name.encode() + b"\n" + entry.read_bytes())
    return f"p{PREPARED_FORMAT}-{digest.hexdigest()[:40]}"


def _deflate(data: bytes, level: int) -> bytes:
    """``data`` as raw deflate blocks ending on a byte boundary (sync flush), not final."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def page_facts(assessment: Assessment, report: Any) -> dict[str, Any]:
    """What the page's head and editor panel show of ``assessment`` (``report``: its
    :class:`~netfreedom.web.views.narrative.ReportView` in the interface language), as JSON:
    country name, language, total, status and its label, last year's, scale, partial (and the missing values),
    coverage (formatted), categories, provenance, indicator ids and the stored findings."""
    provenance = assessment.provenance
    return {
        "country_name": assessment.country.name if assessment.country else "",
        "language": assessment.language,
        "total": assessment.total,
        "status": assessment.status.value if assessment.status else None,
        "status_label": report.status,
        "previous_total": assessment.previous.total,
        "previous_status": assessment.previous.status.value if assessment.previous.status else None,
        "previous_status_label": report.previous_status,
        "scale": assessment.scale.value,
        "partial": assessment.partial,
        "missing": assessment.missing_values(),
        "coverage": list(report.coverage) if report.coverage else None,
        "categories": [
            {"id": c.id, "label": c.label, "score": c.score, "max": c.max} for c in report.categories if c.id != "other"
        ],
        "provenance": None
        if provenance is None
        else {
            "file_name": provenance.file_name,
            "sha256": provenance.sha256,
            "reader": provenance.reader,
            "reader_version": provenance.reader_version,
            "credit": provenance.credit,
        },
        "indicators": [i.id for i in assessment.indicators],
        "findings": [f.model_dump(mode="json") for f in assessment.findings],
        "current_scale": assessment.scale is Scale.HIGHER_IS_FREER,
    }


def stored_findings(facts: Mapping[str, Any]) -> list[Finding]:
    """The stored findings kept in ``facts`` (:func:`page_facts`)."""
    return [Finding.model_validate(f) for f in facts["findings"]]


def build_parts(
    assessment: Assessment,
    narrative: Narrative,
    language: str,
    render: Callable[[str, dict[str, Any]], str],
    gettext: Callable[..., str],
) -> PageParts:
    """Draw the report body of ``assessment`` (with its prepared ``narrative``) in interface
    ``language`` with ``render(template name, values) -> str``, cut it at the evidence slots
    and compress each piece; with the page's facts. Raises
    :class:`~netfreedom.methodology.MethodologyError` for an unknown methodology."""
    report = build_report(assessment, language, narrative)
    slots: list[str] = []
    mark = f"\x00{uuid4().hex}\x00"  # cannot occur in drawn text

    def slot(indicator_id: str) -> Markup:
        slots.append(indicator_id)
        return Markup(mark)

    html = render(
        "country_body.html",
        {
            "lang": language,
            "_": gettext,
            "report": report,
            "a": assessment,
            "footnote_items": footnote_items,
            "slot": slot,
        },
    )
    texts = [text.encode() for text in html.split(mark)]
    if len(texts) != len(slots) + 1:
        raise ValueError("the report body's evidence slots were not drawn once each")
    return _compressed(texts, slots, page_facts(assessment, report))


def _compressed(texts: list[bytes], slots: list[str], facts: dict[str, Any]) -> PageParts:
    """Parts of ``texts`` (with ``slots`` between them): the whole and each piece compressed."""
    whole = b"".join(texts)
    segments = [_deflate(whole, STORED_LEVEL)] + [_deflate(text, STORED_LEVEL) for text in texts]
    return PageParts(
        facts=facts,
        pieces=[[len(whole), len(segments[0])]]
        + [[len(text), len(segment)] for text, segment in zip(texts, segments[1:], strict=True)],
        slots=slots,
        html=whole,
        deflate=b"".join(segments),
    )


def json_bytes(content: Any) -> bytes:
    """``content`` as the API writes JSON (as Starlette's ``JSONResponse``: UTF-8, no
    escapes of letters, no spaces)."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode()


_FINDINGS = "\x00findings\x00"


def build_json_parts(assessment: Assessment) -> PageParts:
    """The API's answer for ``assessment`` (``Assessment.model_dump(mode="json")`` as
    :func:`json_bytes`) cut around its ``findings``, which are worked out per request (those
    about other sources change with other data); ``facts``: the stored findings, the
    report's language and the file it was read from."""
    content = assessment.model_dump(mode="json")
    content["findings"] = _FINDINGS
    texts = json_bytes(content).split(json_bytes(_FINDINGS))
    if len(texts) != 2:
        raise ValueError("the assessment's findings were not written once")
    provenance = assessment.provenance
    facts = {
        "findings": [f.model_dump(mode="json") for f in assessment.findings],
        "language": assessment.language,
        "file_name": provenance.file_name if provenance else "",
    }
    return _compressed(texts, ["findings"], facts)


def _pieces(parts: PageParts) -> list[tuple[bytes, bytes]]:
    """``(html, deflate)`` of each stored piece, in order (without the whole body, the first)."""
    pieces = []
    html_at, deflate_at = 0, parts.pieces[0][1]
    for html_length, deflate_length in parts.pieces[1:]:
        pieces.append(
            (parts.html[html_at : html_at + html_length], parts.deflate[deflate_at : deflate_at + deflate_length])
        )
        html_at += html_length
        deflate_at += deflate_length
    return pieces


def _sequence(head: str, parts: PageParts, fills: Mapping[str, str], tail: str) -> list[tuple[bytes, bytes | None]]:
    """The page as ``(bytes, stored deflate or None)`` in order: head, the body (compressed
    whole when no slot is filled; else each piece followed by the evidence drawn for its
    slot), tail."""
    sequence: list[tuple[bytes, bytes | None]] = [(head.encode(), None)]
    filled = [fills.get(indicator_id) for indicator_id in parts.slots]
    if not any(filled):
        sequence.append((parts.html, parts.deflate[: parts.pieces[0][1]]))
    else:
        for index, (html, segment) in enumerate(_pieces(parts)):
            sequence.append((html, segment))
            fill = filled[index] if index < len(filled) else None
            if fill:
                sequence.append((fill.encode(), None))
    sequence.append((tail.encode(), None))
    return sequence


def gzip_page(head: str, parts: PageParts, fills: Mapping[str, str], tail: str, level: int) -> bytes:
    """The whole page (``head``, the stored pieces with ``fills`` by slot, ``tail``) as one
    gzip member: stored pieces as they are, the drawn parts compressed at ``level``."""
    crc, size, blocks = 0, 0, [_GZIP_HEADER]
    for html, segment in _sequence(head, parts, fills, tail):
        crc = zlib.crc32(html, crc)
        size += len(html)
        blocks.append(segment if segment is not None else _deflate(html, level))
    blocks.append(_LAST_BLOCK)
    blocks.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(blocks)


def plain_page(head: str, parts: PageParts, fills: Mapping[str, str], tail: str) -> bytes:
    """The whole page uncompressed (for a client that does not accept gzip)."""
    return b"".join(html for html, _ in _sequence(head, parts, fills, tail))
