"""Score blocks flattened onto one line, put back on lines of their own.

Text pulled out of PDFs and document hosts often runs a whole score block into one line
(shared/reference/layouts.md, families 4, 9 and 10): ``Exampleland Not Free 28 100 A
Obstacles to Access 325 B Limits on Content 12 35 … Last Year's Score & Status 17 100 Not
Free Overview …`` or ``Country: Exampleland Year: 2016 Status: Not Free Total Score: 66 (0 =
Best, 100 = Worst) Obstacles to Access: 10 …``. The readers expect the block's parts on
lines of their own, as the page shows them. :func:`unflatten` breaks such a line before
each part the block is made of — a category label followed by its score, a legacy label
with its colon, "Last Year's Score & Status", a status followed by ``<total> 100``, the
Quick Facts labels, the headings after the block — and leaves every other line alone.

Only lines in the first :data:`HEAD_LINES` lines that hold at least two such parts are
touched, so prose mentioning a category ("see Obstacles to Access") is never split.
"""

from __future__ import annotations

import re
from functools import cache

from netfreedom.methodology import available_methodologies, load_methodology

HEAD_LINES = 60
"""Lines at the top of the text that may hold a flattened score block."""
MIN_PARTS = 2
"""Parts of a score block a line must hold to be split."""


@cache
def _category_alternation() -> str:
    labels: set[str] = set()
    for methodology_id in available_methodologies():
        for category in load_methodology(methodology_id).categories:
            labels.update(category.label.values())
    words = sorted(labels, key=len, reverse=True)
    # "Violations of User Rights" is also printed "Violations of Users Rights" / "Users' Rights".
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("User", "Users?['’]?") for w in words)


_LEGACY_LABELS = (
    r"Freedom\s+on\s+the\s+Net\s+(?:Status|Total)|Country|Year|Status|Total\s+Score|Population|Internet\s+Penetration(?:\s+\d{4})?|Press\s+Freedom(?:\s+\d{4})?\s+Status"
    r"|Freedom\s+in\s+the\s+World\s+Status|Social\s+Media/ICT\s+Apps\s+Blocked|Political/Social\s+Content\s+Blocked"
    r"|Bloggers/ICT\s+Users\s+Arrested|Key\s+Developments"
)
_STATUS = r"(?:Partly\s+Free|Not\s+Free|Free)"
_SCALE_NOTE = r"(?:\(\s*0\s*(?:=|[-–])[^)\d]*\d{1,3}[^)]*\)\s*)"
"""A category's scale note or range printed between its label and its score: ``(0 = best, 25 =
worst)``, ``(0-25 points)``."""


@cache
def _part() -> re.Pattern[str]:
    categories = _category_alternation()
    return re.compile(
        rf"(?:\b[A-CАВС]\.?\s+(?:Subtotal\s*:\s*)?)?(?:{categories})"  # a category and its score, after
        rf"\s*(?=(?:[:|]\s*)*{_SCALE_NOTE}?\d|:?\s*{_SCALE_NOTE})"  # a colon, cell borders or a scale note
        # (a page printing the labels and scale notes without their numbers has its labels split too)
        rf"|\b(?:{_LEGACY_LABELS})\s*:"  # a legacy label with its colon
        rf"|\bTotal\s*\*?\s*(?={_SCALE_NOTE})"  # a table's total row with its range
        r"|\bLast\s+Year['’]?s\s+Score\s*(?:&|and)\s*Status\b"
        rf"|\b{_STATUS}\s+(?=\d{{1,3}}\s*/?\s*100\b)",  # a status before "<total> 100"
        re.IGNORECASE,
    )


_AFTER_BLOCK = re.compile(
    r"\s(?=(?:Overview|Key\s+Developments|Quick\s+Facts|Introduction)\b)|(?<=\bOverview)\s+(?=[A-Z])|(?<=\b100)\s+(?=\d{1,3}\s)"
    rf"|(?<=Status|STATUS)\s+(?=\d{{1,3}}\s*/?\s*100\s+{_STATUS})|(?<=\d)\s+(?=100\s*$)",
)
_HINT = re.compile(r"obstacles|limits|violations|score|status\s*:|year\s*:", re.IGNORECASE)
"""A quick test a line must pass before the full search for parts."""
_FOLDED_HINT = re.compile(r"obstacles|limits|violations|score|status\s*:|year\s*:")
""":data:`_HINT` for a case-folded line: several times faster than a case-blind search."""


_HINT_CHARS = "sS:ßſẞﬅﬆ"
"""What every match of :data:`_HINT` holds one of: each of its words but ``year:`` has an ``s``,
and only these characters fold to one or match it case-blind; ``year:`` has a colon."""


def _hinted(line: str) -> bool:
    """:data:`_HINT` found in ``line``: searched in the case-folded line, and case-blind only
    when the line holds a dotless ``ı`` (which a case-blind ``i`` matches and folding keeps);
    a line without any of :data:`_HINT_CHARS` (most lines of a Cyrillic text) is not folded."""
    if not any(char in line for char in _HINT_CHARS):
        return False
    if _FOLDED_HINT.search(line.casefold()):
        return True
    return "ı" in line and bool(_HINT.search(line))


_STATUS_TOTAL = re.compile(rf"^({_STATUS})\s+(\d{{1,3}})\s*(/?\s*100)$", re.IGNORECASE)


def _split(line: str) -> list[str]:
    cuts = sorted({m.start() for m in _part().finditer(line)} | {m.end() for m in _AFTER_BLOCK.finditer(line)})
    pieces = []
    last = 0
    for cut in cuts:
        if cut > last:
            pieces.append(line[last:cut].strip())
            last = cut
    pieces.append(line[last:].strip())
    out: list[str] = []
    for piece in pieces:
        match = _STATUS_TOTAL.match(piece)
        out.extend(match.groups() if match else [piece])
    return [piece for piece in out if piece]


def unflatten(text: str) -> str:
    """``text`` with every flattened score-block line in its first :data:`HEAD_LINES` lines
    broken into the block's parts (module docstring); other text is returned unchanged."""
    lines = text.split("\n", HEAD_LINES)
    changed = False
    for index, line in enumerate(lines[:HEAD_LINES]):
        if len(line) < 40 or not _hinted(line) or len(_part().findall(line)) < MIN_PARTS:
            continue
        lines[index] = "\n".join(_split(line))
        changed = True
    return "\n".join(lines) if changed else text
