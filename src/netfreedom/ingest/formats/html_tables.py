"""Tables of an HTML page as grids of cells: score tables that web sites export as ``.xls``.

Many sites' "download as Excel" buttons send an HTML page holding a ``<table>`` under an
``.xls`` name; spreadsheet programs open it as a workbook. :func:`html_table_grids` gives
every table of such a page as a :class:`~netfreedom.ingest.formats.workbook.Grid`, so that
the score-table reader reads it like a sheet. The page is decoded as web pages are
(:func:`~netfreedom.ingest.formats.html.decode_html`) and parsed with lxml's tolerant HTML
parser; a cell spanning several columns (``colspan``) fills the columns after it with empty
cells, as a merged spreadsheet cell does. A table holding another table is skipped (the
inner one is read). Scripts, styles and hidden elements play no part: only cell text is read.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from netfreedom.errors import UnreadableInputError
from netfreedom.ingest.formats.html import decode_html
from netfreedom.ingest.formats.workbook import MAX_CELLS, Grid, WorkbookTooLargeError

__all__ = ["MAX_SPAN", "html_table_grids", "looks_like_html_table"]

MAX_SPAN = 1000
"""Most columns one cell's ``colspan`` may fill (a forged ``colspan`` costs no more)."""

_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype|html|head|body|table|meta|\?xml|!--)", re.IGNORECASE)
_TABLE = re.compile(rb"<table\b", re.IGNORECASE)


def looks_like_html_table(data: bytes) -> bool:
    """True when ``data`` starts as an HTML page (or fragment) and holds a ``<table>``."""
    return _HTML_START.match(data[:1024]) is not None and _TABLE.search(data) is not None


def _span(cell: etree._Element) -> int:
    try:
        return min(max(int((cell.get("colspan") or "1").strip()), 1), MAX_SPAN)
    except ValueError:
        return 1


def html_table_grids(data: bytes, name: str) -> list[Grid]:
    """Every innermost ``<table>`` of the page ``data`` as a grid named ``table 1``,
    ``table 2`` ... in page order; cell text with white space collapsed. Raises
    :class:`~netfreedom.errors.UnreadableInputError` (one line naming ``name``) for an empty
    or undecodable page or one without a table, and
    :class:`~netfreedom.ingest.formats.workbook.WorkbookTooLargeError` past
    :data:`~netfreedom.ingest.formats.workbook.MAX_CELLS` cells (spans counted as the cells
    they fill), the limit of workbooks."""
    try:
        text, _ = decode_html(data)
        root = lxml_html.document_fromstring(text)
    except (UnreadableInputError, etree.ParserError, ValueError) as exc:
        raise UnreadableInputError(f"{name}: not a readable HTML table ({exc})") from None
    grids: list[Grid] = []
    budget = 0  # cells made, spans included: a page of wide colspans must not fill memory
    for table in root.iter("table"):
        if any(True for _ in table.iterdescendants("table")):
            continue
        rows: list[list[object]] = []
        for tr in table.iter("tr"):
            if next(tr.iterancestors("table")) is not table:
                continue
            cells: list[object] = []
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                value = " ".join(cell.text_content().split())
                cells.append(value or None)
                cells.extend([None] * (_span(cell) - 1))
            budget += len(cells)
            if budget > MAX_CELLS:
                raise WorkbookTooLargeError(f"{name}: the tables have more than {MAX_CELLS:,} cells; refused")
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        grids.append(Grid(f"table {len(grids) + 1}", rows))
    if not grids:
        raise UnreadableInputError(f"{name}: the HTML page holds no table")
    return grids
