"""Web pages: the text a reader sees in the browser, line by line, as a saved-as-text copy.

The page is parsed with lxml's HTML parser (libxml2; tolerant of broken markup). What is
not the report is dropped first: ``<head>``, scripts, styles, ``<noscript>``, templates,
navigation, forms and their controls, embedded frames and media, the page-level
``<header>``/``<footer>`` (banner and content info; a header *inside* an article or section
is kept), elements with an ARIA role of navigation, banner, content info or search, hidden
elements (``hidden``, ``aria-hidden="true"``, ``display: none``) and screen-reader-only
helpers such as skip links. The rest is laid out as a browser's ``innerText`` does: every
block element (``div``, ``li``, ``h2``, ...) on its own line, a blank line around paragraphs
and headings, ``<br>`` a line break, table cells separated by tabs, white space collapsed;
list items of ``<ul>`` get a ``•`` as saved-as-text copies have. Footnote links such as
``<sup><a>3</a></sup>`` stay glued to the word before them, as in the text copy.

The ``<title>``, ``og:url`` and canonical link are kept as :class:`~.Hints`.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml import html as lxml_html

from netfreedom.errors import NoReportFoundError, UnreadableInputError
from netfreedom.ingest.formats import Format, SourceText, hints_from
from netfreedom.ingest.formats.decode import decode_report

__all__ = ["decode_html", "html_to_text", "page_lines"]

_DROP_TAGS = frozenset({
    "head", "script", "style", "noscript", "template", "nav", "form", "button", "input", "select",
    "option", "textarea", "label", "iframe", "frame", "frameset", "object", "embed", "svg", "math",
    "canvas", "audio", "video", "picture", "img", "map", "dialog", "menu",
})  # fmt: skip
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menubar", "menu", "dialog"})
_HIDDEN_CLASSES = frozenset({
    "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text", "element-invisible",
    "skip-link", "skip-links", "skiplink", "hidden", "d-none",
})  # fmt: skip
_SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "hr", "html", "legend",
    "li", "main", "ol", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})  # fmt: skip
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"})
_CELL = frozenset({"td", "th"})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_LINE_SPACES = re.compile(r" {2,}")


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and the name of its encoding.

    A byte-order mark wins, then a ``<meta charset>`` (or ``http-equiv`` content type) the
    bytes really decode with (``iso-8859-1`` and ``ascii`` are read as ``cp1252``, as browsers
    do), then what :func:`~netfreedom.ingest.formats.decode.decode_report` finds (UTF-8, UTF-16,
    CP1251). Raises :class:`UnreadableInputError` for empty or binary input.
    """
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    declared = None if has_bom else _META_CHARSET.search(data[:4096])
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            name = None
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"
        if name and not name.startswith("utf-16"):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                pass
            else:
                if not text.strip():
                    raise UnreadableInputError("the file is empty")
                return text.replace("\r\n", "\n").replace("\r", "\n"), name
    decoded = decode_report(data)
    name = codecs.lookup(decoded.encoding).name
    return decoded.text, "utf-8" if name == "utf-8-sig" else name


def _hidden(element: etree._Element) -> bool:
    tag = element.tag
    if tag in _DROP_TAGS:
        return True
    get = element.get
    if (get("role") or "").strip().lower() in _DROP_ROLES:
        return True
    if get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = get("style")
    if style and _DISPLAY_NONE.search(style):
        return True
    classes = get("class")
    if classes and not _HIDDEN_CLASSES.isdisjoint(classes.lower().split()):
        return True
    if tag in ("header", "footer"):
        # Only the page's banner and content info: a header inside an article is content.
        return not any(a.tag in _SECTIONING for a in element.iterancestors())
    return False


def _prune(root: etree._Element) -> None:
    """Drop what is not the report (see the module docstring), keeping the text after each
    dropped element."""
    doomed = [e for e in root.iter() if not isinstance(e.tag, str) or _hidden(e)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _lay_out(root: etree._Element) -> list[str | int]:
    """The text of ``root`` as ``innerText`` gives it (see the module docstring): pieces of
    text and, as integers, the line breaks a block needs before or after it (1, or 2 for a
    blank line)."""
    out: list[str | int] = []
    pre_depth = 0
    bullet = False  # a "• " waits for the first text of a <ul> list item

    def text(value: str | None) -> None:
        nonlocal bullet
        if not value:
            return
        value = value if pre_depth else _SPACES.sub(" ", value)
        if bullet and value.strip():
            value, bullet = "• " + value.lstrip(), False
        out.append(value)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if tag in _PARAGRAPH:
            out.append(2)
        elif tag in _BLOCK:
            out.append(1)
        if event == "start":
            if tag == "pre":
                pre_depth += 1
            if tag == "li":
                bullet = getattr(element.getparent(), "tag", None) == "ul"
            elif tag == "br":
                out.append("\n")
            elif tag in _CELL and element.getprevious() is not None:
                out.append("\t")
            text(element.text)
        else:
            if tag == "pre":
                pre_depth -= 1
            if element is not root:
                text(element.tail)
    return out


def page_lines(pieces: list[str | int]) -> list[str]:
    """Lines of laid-out pieces (see :func:`_lay_out`): neighbouring line-break requirements
    merged (the largest wins, as in a browser; white space between blocks collapses away),
    spaces collapsed and trimmed on every line, no blank lines at either end."""
    text: list[str] = []
    pending = 0  # required line breaks not yet written
    for piece in pieces:
        if isinstance(piece, int):
            pending = max(pending, piece)
        elif not piece.strip(" \t"):
            if text and not pending:
                text.append(piece)  # a space between inline elements; at a break it collapses
        else:
            if text and pending:
                text.append("\n" * pending)
            text.append(piece)
            pending = 0
    lines = [_LINE_SPACES.sub(" ", line).strip(" \t") for line in "".join(text).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _one_line(exc: BaseException) -> str:
    first = str(exc).strip().splitlines()
    return first[0] if first else type(exc).__name__


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html_to_text(data: bytes) -> SourceText:
    """The report text of a web page, its encoding label (``html/<encoding>``) and the hints
    of its title and address.

    Raises :class:`UnreadableInputError` for empty, binary or unparsable input and
    :class:`NoReportFoundError` when nothing but navigation, scripts, styles and forms is on
    the page; both have one-line messages.
    """
    source, encoding = decode_html(data)
    source = _XML_DECLARATION.sub("", source, count=1)
    source = _CONTROL.sub("", source)  # libxml2 refuses text with NUL or other C0 control characters
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml_html.document_fromstring(source, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableInputError(f"the HTML page cannot be parsed ({_one_line(exc)})") from None
    title = root.findtext(".//title")
    urls = tuple(root.xpath("//meta[@property='og:url']/@content"))
    urls += tuple(link.get("href") for link in root.iter("link") if "canonical" in (link.get("rel") or "").lower())
    hints = hints_from(" ".join(title.split()) if title else None, urls)
    _prune(root)
    lines = page_lines(_lay_out(root))
    if not any(line.strip() for line in lines):
        raise NoReportFoundError("the HTML page has no text besides navigation, scripts, styles and forms")
    return SourceText("\n".join(lines) + "\n", f"html/{encoding}", Format.HTML, hints)
