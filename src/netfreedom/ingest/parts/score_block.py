"""The score block at the head of a current-era page, in every way it is printed.

One tolerant parser serves the current-era families of shared/reference/layouts.md; the
readers differ in which *style* of category line they expect, which :func:`block_features`
counts for their ``confidence``:

* ``plain`` — ``A Obstacles to Access 15 25`` (FH pages, family 1 and 11);
* ``slash`` — ``Obstacles to Access 12 / 25``, letter optional (ecoi.net, family 2);
* ``pipe`` — ``| A Obstacles to Access | 8 25 |`` and the like (table extracts, family 3);
* ``pdf`` — ``A. Obstacles to Access 5`` then ``/25``, or glued ``Violations of User
  Rights 540`` (5 of 40), told apart with the methodology's maximum (family 10).

A category line counts only when its label is one of the methodology's category labels and
it carries numbers: section headings, tables of contents and a Freedom in the World block
(``PR Political Rights 22 40``) are not category lines. Status and total are taken from the
lines just before the first category line — after any earlier block such as Freedom in the
World — so an earlier block cannot shadow the internet-freedom one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from netfreedom.ingest.parts.cleanup import clean_lines, count_furniture
from netfreedom.ingest.parts.labels import (
    STATUS_PATTERN,
    detect_scale,
    normalize_space,
    parse_status,
)
from netfreedom.methodology import (
    Methodology,
    Status,
    available_methodologies,
    load_methodology,
)
from netfreedom.model.assessment import Country, PreviousEdition
from netfreedom.model.countries import UnknownCountryError, resolve_country
from netfreedom.text.references import fold_lookalikes

STYLES = ("plain", "slash", "pipe", "pdf")
"""The styles of category line, see the module docstring."""

LAST_YEAR = re.compile(r"^last year.s score\s*(?:&|and)\s*status$", re.IGNORECASE)
"""The "Last Year's Score & Status" line (any case)."""
SCORE_OF_100 = re.compile(rf"^(\d{{1,3}})\s*/?\s*100\s*({STATUS_PATTERN})$", re.IGNORECASE)
"""A score out of 100 with its status: ``33 100 Not Free``, ``30 / 100 Not Free``."""
_ROW = re.compile(r"^(?:(?P<letter>[A-CАВС])(?P<period>\.)?\s+)?(?P<label>[^\d/|:()]+?)\s*(?P<numbers>\d[\d\s/]*)?$")
_MAX_LINE = re.compile(r"^/\s*(\d{1,2})$")
_TOTAL = re.compile(r"^(\d{1,3})(?:\.0+)?(?:\s*/\s*100)?$")
_HUNDRED = re.compile(r"^/?\s*100$")
_OTHER_BLOCK = re.compile(r"^(?:PR|CL)\s+\D+\s+-?\d|freedom in the world|global freedom", re.IGNORECASE)
_FIW_ROW = re.compile(r"^(?:PR\s+political rights|CL\s+civil liberties)\s+-?\d", re.IGNORECASE)


_USERS = re.compile(r"\busers['’]?(?=\s|$)")


def fold_label(label: str) -> str:
    """A category label as compared: white space collapsed, case folded, and the plural or
    possessive "Users'" / "Users" that some copies print folded to "user"."""
    return _USERS.sub("user", normalize_space(label).casefold())


@cache
def _category_labels() -> dict[str, tuple[str, int]]:
    """Folded category label (any methodology, any language) -> (category id, maximum)."""
    labels: dict[str, tuple[str, int]] = {}
    for methodology_id in available_methodologies():
        for category in load_methodology(methodology_id).categories:
            for label in category.label.values():
                labels.setdefault(fold_label(label), (category.id, category.max))
    return labels


@cache
def _shortest_label() -> int:
    """The length of the shortest folded category label: a text under a third of it never
    folds to a label (case folding makes at most three characters of one)."""
    return min(map(len, _category_labels()))


@cache
def _category_maxima() -> frozenset[int]:
    return frozenset(maximum for _, maximum in _category_labels().values())


_LONGEST_LABEL_LINE = 120
"""Longer lines are never a category label line (the longest label has under 40 characters)."""


def category_of_label(text: str) -> tuple[str, int] | None:
    """(category id, maximum) when ``text`` is a category label such as "Limits on Content"
    (any case, optionally after its letter: "A Obstacles to Access", "B. Limits on Content")."""
    if len(text) > _LONGEST_LABEL_LINE or 3 * len(text) < _shortest_label():
        return None  # a paragraph (spares the row pattern's backtracking over long lines), or a score
    match = _ROW.match(normalize_space(text.replace("|", " ")))
    if match is None or match.group("numbers"):
        return None
    return _category_labels().get(fold_label(match.group("label")))


@dataclass(frozen=True)
class CategoryRow:
    """One category line: where it stands, what it says and how it was printed."""

    index: int
    category: str
    score: int
    maximum: int
    style: str


def split_glued(digits: str, maximum: int) -> int | None:
    """The score in a score glued to its maximum (``"540"``, 40 -> 5); ``None`` when the
    digits do not end with the maximum or nothing is left before it."""
    tail = str(maximum)
    if len(digits) <= len(tail) or not digits.endswith(tail):
        return None
    score = int(digits[: -len(tail)])
    return score if score <= maximum else None


def parse_category_row(line: str, next_line: str = "", index: int = 0) -> CategoryRow | None:
    """A :class:`CategoryRow` when ``line`` is a category line with its numbers, else ``None``.

    ``next_line`` is the following non-empty line, where a printed copy may put the
    maximum (``/25``).
    """
    if len(line) > _LONGEST_LABEL_LINE:
        return None
    piped = "|" in line
    text = normalize_space(line.replace("|", " "))
    match = _ROW.match(text)
    if match is None or not match.group("numbers"):
        return None
    known = _category_labels().get(fold_label(match.group("label")))
    if known is None:
        return None
    category, spec_max = known
    numbers = match.group("numbers").strip()
    period = bool(match.group("period"))
    style = "pipe" if piped else "pdf" if period else "plain"
    pair = re.fullmatch(r"(\d{1,3})(?:\s*(/)\s*|\s+)(\d{1,3})", numbers)
    single = re.fullmatch(r"\d{1,4}", numbers)
    if pair:
        score, maximum = int(pair.group(1)), int(pair.group(3))
        if pair.group(2) and style == "plain":
            style = "slash"
    elif single and _MAX_LINE.match(next_line):
        score, maximum = int(numbers), int(_MAX_LINE.match(next_line).group(1))  # type: ignore[union-attr]
        style = "pipe" if piped else "pdf"
    elif single and (glued := split_glued(numbers, spec_max)) is not None:
        score, maximum = glued, spec_max
        style = "pipe" if piped else "pdf"
    else:
        return None
    if maximum not in _category_maxima() or not 0 <= score <= 100:
        return None
    return CategoryRow(index, category, score, maximum, style)


def find_category_rows(lines: list[str]) -> list[CategoryRow]:
    """Every category line among ``lines`` (indices refer to ``lines``)."""
    rows: list[CategoryRow] = []
    for index, line in enumerate(lines):
        if not line or not any(ch.isdigit() for ch in line):
            continue
        following = next((other for other in lines[index + 1 : index + 4] if other), "")
        row = parse_category_row(line, following, index)
        if row is not None:
            rows.append(row)
    return rows


@dataclass
class ScoreBlock:
    """What the head of the page says, each field ``None`` when not printed."""

    country: Country | None = None
    status: Status | None = None
    total: int | None = None
    categories: dict[str, tuple[int, int]] = field(default_factory=dict)
    previous: PreviousEdition = field(default_factory=PreviousEdition)
    methodology: Methodology | None = None
    rows: list[CategoryRow] = field(default_factory=list)
    other_index_only: bool = False

    @property
    def found(self) -> bool:
        """True when the block printed at least one internet-freedom category score."""
        return bool(self.categories)


def _country_in(lines: list[str]) -> Country | None:
    for line in [line for line in lines if line][:3]:
        try:
            return resolve_country(line)
        except UnknownCountryError:
            continue
    return None


def _status_and_total(window: list[str]) -> tuple[Status | None, int | None]:
    status_at = None
    for index, line in enumerate(window):
        if parse_status(line) is not None:
            status_at = index
    if status_at is None:
        return None, None
    status = parse_status(window[status_at])
    for index in range(status_at + 1, len(window)):
        match = _TOTAL.match(window[index])
        if match:
            after = window[index + 1] if index + 1 < len(window) else ""
            if _HUNDRED.match(window[index]) and not _HUNDRED.match(after):
                return status, None  # only the "100" below a missing or garbled total
            return status, int(match.group(1))
    for index in range(status_at - 1, -1, -1):  # a total printed before the status
        match = _TOTAL.match(window[index])
        after = window[index + 1] if index + 1 < len(window) else ""
        if match and ("/" in window[index] or _HUNDRED.match(after)):
            return status, int(match.group(1))
    return status, None


def _previous(lines: list[str], start: int) -> PreviousEdition:
    for index in range(start, len(lines)):
        if LAST_YEAR.match(lines[index].replace("’", "'")):
            joined = " ".join(lines[index + 1 : index + 4])
            match = re.match(rf"^(\d{{1,3}})\s*/?\s*100\s*({STATUS_PATTERN})", joined, re.IGNORECASE)
            if match:
                return PreviousEdition(total=int(match.group(1)), status=parse_status(match.group(2)))
            return PreviousEdition()
    return PreviousEdition()


def read_score_block(lines: list[str]) -> ScoreBlock:
    """Parse the head of a page (the lines before the body starts).

    Lines may be raw or cleaned; blank lines are ignored. The block is empty (``found`` is
    False) when no category line is printed.
    """
    content = [normalize_space(line.replace("|", " ")) for line in lines if line and line.strip(" |")]
    raw = [line for line in lines if line and line.strip(" |")]
    rows = find_category_rows(raw)
    block = ScoreBlock(methodology=detect_scale("\n".join(content)), rows=rows)
    if not rows:
        block.other_index_only = any(_FIW_ROW.match(line) for line in content)
        block.country = _country_in(content)
        return block
    for row in rows:
        block.categories.setdefault(fold_lookalikes(row.category), (row.score, row.maximum))
    first = rows[0].index
    start = 0
    for index in range(first):
        if (
            LAST_YEAR.match(content[index].replace("’", "'"))
            or SCORE_OF_100.match(content[index])
            or _OTHER_BLOCK.search(content[index])
        ):
            start = index + 1
    window = content[start:first]
    block.status, block.total = _status_and_total(window)
    block.country = _country_in(window) or _country_in(content)
    block.previous = _previous(content, rows[-1].index + 1)
    return block


@dataclass(frozen=True)
class BlockFeatures:
    """Counts the readers' ``confidence`` functions weigh."""

    styles: dict[str, int]
    last_year: bool
    last_year_upper: bool
    current_scale: bool
    furniture: int
    other_index_only: bool

    def count(self, style: str) -> int:
        """Category lines printed in ``style``."""
        return self.styles.get(style, 0)

    @property
    def rows(self) -> int:
        """Category lines in any style."""
        return sum(self.styles.values())


@lru_cache(maxsize=8)
def block_features(text: str, head_lines: int = 250) -> BlockFeatures:
    """The :class:`BlockFeatures` of the first ``head_lines`` lines of ``text``."""
    lines = [line for line in clean_lines("\n".join(text.split("\n", head_lines)[:head_lines])) if line]
    rows = find_category_rows(lines)
    styles: dict[str, int] = {}
    for row in rows:
        styles[row.style] = styles.get(row.style, 0) + 1
    last_year_lines = [line for line in lines if LAST_YEAR.match(line.replace("’", "'").replace("|", " ").strip())]
    methodology = detect_scale("\n".join(lines))
    return BlockFeatures(
        styles=styles,
        last_year=bool(last_year_lines),
        last_year_upper=any(line.isupper() for line in last_year_lines),
        current_scale=methodology is not None and methodology.scale.direction.value == "higher_is_freer",
        furniture=count_furniture(text),
        other_index_only=not rows and any(_FIW_ROW.match(line) for line in lines),
    )
