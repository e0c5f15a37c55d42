"""The ways a real copy of a report page is damaged or varied, applied to the text of one real
excerpt (tests/excerpt_variations.py measures what the readers make of them): other line ends,
a byte-order mark, no-break spaces or tabs, blank lines doubled or dropped, words hyphen-split
over lines, curly quotes, the score block reflowed into one line or a two-column table, site
furniture after the page, a proxy's header, a site menu or a mirror's banner above it, the page
saved as HTML, a PDF's page breaks (footer, page number and running header) among its lines and
inside the score block, category labels wrapped over two lines or hyphenated; and, losing text,
the page starting a few lines lower or cut short.
Each variation gives the same text for the same excerpt on every run (:func:`vary`)."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

_LABEL = re.compile(r"obstacles to access|limits on content|violations of user rights", re.IGNORECASE)
_SHORT_SCORE_LINE = re.compile(
    r"^\s*(?:(?:partly |not )?free|\d{1,3}(?:\s*(?:/|of)?\s*\d{1,3})?|total.*|last year.*|\d{1,3}\s+100\s+\w.*|\(0\s*=.*\)|/\s*\d{1,3}|\d{1,3}\s*/\s*100\b.*|[A-Z ]+/100)\s*$",
    re.IGNORECASE,
)


def score_block(lines: list[str]) -> tuple[int, int] | None:
    """(first, last) line index of the score block: the first run of category-label lines
    (``Obstacles to Access`` ... within six lines of each other; a line over 100 characters
    is prose unless it prints a range such as ``(0-25 points)``, or the page has no other),
    widened by up to six short lines around it (blank lines not counted) that print the
    status, the total, a scale note or last year's score; ``None`` without one."""
    hits = [i for i, line in enumerate(lines) if _LABEL.search(line)]
    hits = [i for i in hits if len(lines[i]) <= 100 or "(0" in lines[i]] or hits[:1]
    if not hits:
        return None
    first = last = hits[0]
    for i in hits[1:]:
        if i - last > 6:
            break
        last = i
    first, last = _widen(lines, first, -1), _widen(lines, last, 1)
    return first, last


def _widen(lines: list[str], edge: int, step: int) -> int:
    taken = 0
    i = edge + step
    while 0 <= i < len(lines) and taken < 6:
        if lines[i].strip():
            if not _SHORT_SCORE_LINE.match(lines[i]):
                break
            taken += 1
            edge = i
        i += step
    return edge


# ---- variations that keep every value -------------------------------------------------------


def _crlf(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\r\n")


def _cr(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\r")


def _bom(text: str, rng: random.Random) -> str:
    return "\ufeff" + text


def _nbsp(text: str, rng: random.Random) -> str:
    """Every other space a no-break space (a copy from a web page)."""
    return "".join("\u00a0" if c == " " and rng.random() < 0.5 else c for c in text)


def _nbsp_all(text: str, rng: random.Random) -> str:
    return text.replace(" ", "\u00a0")


def _tabs(text: str, rng: random.Random) -> str:
    """Spaces turned into tabs here and there (a copy of a table or a PDF's text)."""
    return "".join("\t" if c == " " and rng.random() < 0.3 else c for c in text)


def _blank_doubled(text: str, rng: random.Random) -> str:
    return re.sub(r"\n", "\n\n", text)


def _blank_dropped(text: str, rng: random.Random) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def _trailing_spaces(text: str, rng: random.Random) -> str:
    return "\n".join(line + " " * rng.randrange(1, 4) for line in text.split("\n"))


_LONG_WORD = re.compile(r"\b([^\W\d_]{4,})([^\W\d_]{4,})\b")


def _hyphen_split(text: str, rng: random.Random) -> str:
    """Long words of long lines (narrative) split over two lines with a hyphen, as a PDF's
    text keeps them ('Le-' / 'gal')."""
    out = []
    for line in text.split("\n"):
        if len(line) > 70 and not _LABEL.search(line):
            words = list(_LONG_WORD.finditer(line))
            if words:
                word = words[rng.randrange(len(words))]
                line = line[: word.start(2)] + "-\n" + line[word.start(2) :]
        out.append(line)
    return "\n".join(out)


def _smart_quotes(text: str, rng: random.Random) -> str:
    text = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", text)
    text = re.sub(r"'(\w)", "\u2018\\1", text)
    text = text.replace("'", "\u2019")
    text = re.sub(r'"(\w)', "\u201c\\1", text)
    return text.replace('"', "\u201d")


def _straight_quotes(text: str, rng: random.Random) -> str:
    return text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))


def _block_one_line(text: str, rng: random.Random) -> str:
    """The score block's lines reflowed into one line (a page's text taken without its line
    breaks)."""
    lines = text.split("\n")
    block = score_block(lines)
    if block is None:
        return text
    first, last = block
    joined = " ".join(line.strip() for line in lines[first : last + 1] if line.strip())
    return "\n".join([*lines[:first], joined, *lines[last + 1 :]])


_LABEL_AND_NUMBERS = re.compile(
    r"^(?P<label>\s*(?:[ABC][.:]?\s+)?[^\d|]*?[^\W\d](?:[^\d|]*?\))?)[\s:|]*(?P<numbers>\d[^A-Za-z]*)$"
)


def _table_cells(text: str, sep: str, ends: bool) -> str:
    lines = text.split("\n")
    block = score_block(lines)
    if block is None:
        return text
    first, last = block
    for i in range(first, last + 1):
        match = _LABEL_AND_NUMBERS.match(lines[i])
        if match and match["label"].strip():
            cells = [match["label"].strip(), match["numbers"].strip().rstrip("|").strip()]
            row = sep.join(cells)
            lines[i] = f"| {row} |" if ends else row
    return "\n".join(lines)


def _block_pipe_table(text: str, rng: random.Random) -> str:
    """Each score line a two-column row ``| label | numbers |`` (a page converted to
    Markdown)."""
    return _table_cells(text, " | ", ends=True)


def _block_tab_table(text: str, rng: random.Random) -> str:
    """Each score line label, tab, numbers (a table copied from a browser)."""
    return _table_cells(text, "\t", ends=False)


_FURNITURE = (
    "\n\nHome\nAbout us\nOur work\nContact\nDonate\n\n"
    "This site stores small files on your device to remember your choices. Accept all  Reject all  Settings\n"
    "Subscribe to our newsletter\nEmail address\nSign up\n"
    "\u00a9 2026 A web archive. All rights reserved. Privacy policy | Terms of use\n"
)


def _trailing_furniture(text: str, rng: random.Random) -> str:
    return text.rstrip("\n") + _FURNITURE


_PROXY_HEADER = (
    "HTTP/1.1 200 OK\n"
    "Date: Sun, 06 Dec 2026 17:00:00 GMT\n"
    "Content-Type: text/html; charset=utf-8\n"
    "Via: 1.1 cache-proxy.example.net\n"
    "X-Cache: HIT from cache-proxy.example.net\n"
    "\n"
)


def _proxy_header(text: str, rng: random.Random) -> str:
    return _PROXY_HEADER + text


def _banner_above(text: str, rng: random.Random) -> str:
    """A mirror's banner line and a menu above the page."""
    return "You are viewing an archived copy of this page, saved for reference.\nMenu  Search  Sign in\n\n" + text


_SITE_MENU = (
    "Skip to main content\nA Rights Watch Site\nMenu\nSearch\nOur Work\nCountries\nReports\nTopics\n"
    "Explore the Map\nPolicy Recommendations\nAbout Us\nDonate\nSubscribe\nHome \u203a Countries \u203a Reports\n\n"
)


def _web_menu_above(text: str, rng: random.Random) -> str:
    """A site's menu above the page, one item a line, as a browser's select-all copy keeps it
    (more lines than a title is looked for in)."""
    return _SITE_MENU + text


def _html_saved(text: str, rng: random.Random) -> str:
    """The page saved as HTML: paragraphs in ``<p>``, line breaks as ``<br>``, the text's
    characters escaped, a navigation bar and a footer around it."""
    paragraphs = (html.escape(part).replace("\n", "<br>\n") for part in re.split(r"\n\s*\n", text))
    body = "\n".join(f"<p>{part}</p>" for part in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Saved page</title></head>\n<body>\n'
        '<nav><a href="/">Home</a> <a href="/about">About</a></nav>\n<main>\n'
        f"{body}\n</main>\n<footer>A web archive</footer></body></html>\n"
    )


def _page_break(page: int) -> list[str]:
    return ["", "www.example-reports.org", str(page), "", "FREEDOM ON THE NET", ""]


def _pdf_page_breaks(text: str, rng: random.Random) -> str:
    """A PDF's text: after every 20 non-blank lines a page break (the footer's web address, the
    page number, the book's running header)."""
    out, count, page = [], 0, rng.randrange(2, 40)
    for line in text.split("\n"):
        out.append(line)
        if line.strip():
            count += 1
            if count % 20 == 0:
                page += 1
                out += _page_break(page)
    return "\n".join(out)


def _pdf_break_in_block(text: str, rng: random.Random) -> str:
    """A PDF's page break in the middle of the score block (a table running over two pages)."""
    lines = text.split("\n")
    block = score_block(lines)
    if block is None:
        return text
    middle = (block[0] + block[1] + 1) // 2
    return "\n".join([*lines[:middle], *_page_break(rng.randrange(2, 40)), *lines[middle:]])


def _label_breaks(text: str, hyphen: bool) -> str:
    lines = text.split("\n")
    block = score_block(lines)
    if block is None:
        return text
    for i in range(block[0], block[1] + 1):
        match = _LABEL.search(lines[i])
        if match is None:
            continue
        if hyphen:  # inside the label's first long word, as a hyphenating PDF breaks it
            word = re.search(r"[^\W\d_]{8,}", lines[i][match.start() : match.end()])
            cut = None if word is None else match.start() + word.start() + 4
            glue = "-\n"
        else:  # at the label's last space, the numbers going with its last word
            space = lines[i].rfind(" ", match.start(), match.end())
            cut, glue = (space, "\n") if space > 0 else (None, "")
        if cut is not None:
            lines[i] = lines[i][:cut] + glue + lines[i][cut + (0 if hyphen else 1) :]
    return "\n".join(lines)


def _labels_wrapped(text: str, rng: random.Random) -> str:
    """Each category label of the score block wrapped over two lines (a table cell too narrow
    for it in a PDF or a text browser): ``Violations of User`` / ``Rights 8 40``."""
    return _label_breaks(text, hyphen=False)


def _labels_hyphenated(text: str, rng: random.Random) -> str:
    """Each category label of the score block broken inside a word with a hyphen, as a
    hyphenating PDF does: ``Obsta-`` / ``cles to Access``."""
    return _label_breaks(text, hyphen=True)


def _combined(text: str, rng: random.Random) -> str:
    """A copy that went through several hands: a banner above, curly quotes, some no-break
    spaces and tabs, blank lines dropped, furniture after, CRLF line ends and a BOM."""
    for step in (_banner_above, _smart_quotes, _nbsp, _tabs, _blank_dropped, _trailing_furniture, _crlf, _bom):
        text = step(text, rng)
    return text


# ---- variations that may lose values ---------------------------------------------------------


def _drop_lines(count: int) -> Callable[[str, random.Random], str]:
    def drop(text: str, rng: random.Random) -> str:
        lines = text.split("\n")
        kept = 0
        for i, line in enumerate(lines):
            if line.strip():
                kept += 1
                if kept > count:
                    return "\n".join(lines[i:])
        return ""

    drop.__doc__ = f"The page starting {count} non-blank line(s) lower (the title may be lost)."
    return drop


def _cut_after_scores(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    block = score_block(lines)
    return text if block is None else "\n".join(lines[: block[1] + 1])


def _cut_mid_block(text: str, rng: random.Random) -> str:
    """Cut inside the score block: after the label of its middle labelled line (its numbers
    lost)."""
    lines = text.split("\n")
    block = score_block(lines)
    if block is None:
        return text
    labelled = [i for i in range(block[0], block[1] + 1) if _LABEL.search(lines[i])]
    i = labelled[len(labelled) // 2]
    match = _LABEL.search(lines[i])
    assert match is not None
    return "\n".join([*lines[:i], lines[i][: match.end()]])


_ROW_LABEL = re.compile(r"obstacles to access|limits on content|violations of user rights|\btotal\b", re.IGNORECASE)
_NUMBER_OUTSIDE_NOTES = re.compile(r"\([^)]*\)|(\d+)")


def _cut_in_last_row(text: str, rng: random.Random) -> str:
    """Cut just after the first number of the score block's last labelled row when the row
    prints more (``TOTAL (0-100) 80 82`` cut after ``80``, ``C ... 25 40`` after ``25``)."""
    lines = text.split("\n")
    block = score_block(lines)
    if block is None:
        return text
    rows = [i for i in range(block[0], block[1] + 1) if _ROW_LABEL.search(lines[i])]
    start = len("\n".join(lines[: rows[-1]])) + 1 if rows[-1] else 0
    end = len("\n".join(lines[: block[1] + 1]))
    label = _ROW_LABEL.search(text, start)
    assert label is not None
    numbers = [m for m in _NUMBER_OUTSIDE_NOTES.finditer(text, label.end(), end) if m.group(1)]
    return text[: numbers[0].end()] if len(numbers) >= 2 else text


def _cut_at(share: float) -> Callable[[str, random.Random], str]:
    def cut(text: str, rng: random.Random) -> str:
        at = int(len(text) * share)
        space = text.rfind(" ", 0, at)
        return text[: space if space > 0 else at]

    cut.__doc__ = f"Cut at a word boundary {share:.0%} into the text."
    return cut


def _cut_mid_narrative(text: str, rng: random.Random) -> str:
    """Cut half-way through what follows the score block, at a word boundary."""
    lines = text.split("\n")
    block = score_block(lines)
    start = 0 if block is None else len("\n".join(lines[: block[1] + 1]))
    at = start + (len(text) - start) // 2
    space = text.rfind(" ", start, at)
    return text[: space if space > start else at]


@dataclass(frozen=True)
class Variation:
    """One way of varying an excerpt; ``lossy`` when it may remove printed values."""

    name: str
    apply: Callable[[str, random.Random], str]
    lossy: bool = False


VARIATIONS: tuple[Variation, ...] = (
    Variation("crlf", _crlf),
    Variation("cr", _cr),
    Variation("bom", _bom),
    Variation("nbsp_some", _nbsp),
    Variation("nbsp_all", _nbsp_all),
    Variation("tabs", _tabs),
    Variation("trailing_spaces", _trailing_spaces),
    Variation("blank_doubled", _blank_doubled),
    Variation("blank_dropped", _blank_dropped),
    Variation("hyphen_split", _hyphen_split),
    Variation("smart_quotes", _smart_quotes),
    Variation("straight_quotes", _straight_quotes),
    Variation("block_one_line", _block_one_line),
    Variation("block_pipe_table", _block_pipe_table),
    Variation("block_tab_table", _block_tab_table),
    Variation("trailing_furniture", _trailing_furniture),
    Variation("proxy_header", _proxy_header),
    Variation("banner_above", _banner_above),
    Variation("combined", _combined),
    Variation("web_menu_above", _web_menu_above),
    Variation("html_saved", _html_saved),
    Variation("pdf_page_breaks", _pdf_page_breaks),
    Variation("pdf_break_in_block", _pdf_break_in_block),
    Variation("labels_wrapped", _labels_wrapped),
    Variation("labels_hyphenated", _labels_hyphenated),
    Variation("start_1_lower", _drop_lines(1), lossy=True),
    Variation("start_2_lower", _drop_lines(2), lossy=True),
    Variation("start_3_lower", _drop_lines(3), lossy=True),
    Variation("cut_after_scores", _cut_after_scores, lossy=True),
    Variation("cut_mid_block", _cut_mid_block, lossy=True),
    Variation("cut_in_last_row", _cut_in_last_row, lossy=True),
    Variation("cut_mid_narrative", _cut_mid_narrative, lossy=True),
    Variation("cut_at_60", _cut_at(0.6), lossy=True),
    Variation("cut_at_30", _cut_at(0.3), lossy=True),
)
"""Every variation measured, in the order printed."""


def vary(variation: Variation, name: str, text: str) -> str:
    """``text`` (one excerpt's, named ``name``) varied by ``variation``, the same on every run."""
    return variation.apply(text, random.Random(f"{variation.name}:{name}"))
