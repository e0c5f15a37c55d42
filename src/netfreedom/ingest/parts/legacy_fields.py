"""Label/value fields of legacy Freedom on the Net score blocks (editions 2011-2018).

Legacy pages print their scores as labels and values instead of the current layout
(shared/reference/layouts.md, families 4-8). :func:`scan_fields` recognises:

* a label with a colon and its value after it, with or without a space, or after a pipe
  (``Total Score: 28``, ``Total Score:28``, ``| Total Score: | 19/100 (0 = Best, 100 = Worst) |``);
* a label, with or without a colon, whose value stands on a following line, possibly after
  one or two scale notes (``Status:`` / ``Free``; ``Freedom on the Net Total`` /
  ``(0 = Best, 100 = Worst)`` / ``(0 = best, 100 = worst)`` / ``28``);
* a label with its value at the end of the line, possibly a bullet for last year's value
  (``• 2013 Freedom On the Net Total (0 = Best, 100 = Worst) 27``);
* an archive prefix naming the category letter (``A Subtotal: Obstacles to Access: 9``).

Category labels come from the methodology (``categories[].label.en``); the other words
(``Status``, ``Total Score``, ``Quick Facts`` labels) are those of the legacy layout itself.
Values are kept as printed; :func:`field_number`, :func:`field_status` and
:func:`field_flag` read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from netfreedom.ingest.parts.labels import normalize_space, parse_status
from netfreedom.methodology import Methodology, Status
from netfreedom.model.assessment import OtherIndexScore, Sidebar


class FieldKind(StrEnum):
    """What a legacy label reports."""

    STATUS = "status"
    TOTAL = "total"
    CATEGORY = "category"
    CONTROL = "control"
    PRESS_FREEDOM = "press_freedom"
    FREEDOM_IN_THE_WORLD = "freedom_in_the_world"
    POPULATION = "population"
    PENETRATION = "penetration"
    COUNTRY = "country"
    YEAR = "year"


@dataclass(frozen=True)
class Field:
    """One label and its value as printed.

    ``label`` is the label without colon, pipes, bullet, scale notes or archive prefix;
    ``value`` the printed value (``None`` when the copy shows the label only); ``year`` a
    year printed in the label (``2013 Freedom On the Net Total``); ``category`` the category
    id for :attr:`FieldKind.CATEGORY`; ``maximum`` the top of a scale note or range printed
    with it (``(0 = Best, 25 = Worst)``, ``(0-25)``, ``19/100``); ``bullet`` True when the line
    is a bullet; ``line`` the index of the label line (for facts taken from a flattened PDF
    chapter, the character offset of the label).
    """

    kind: FieldKind
    label: str
    value: str | None
    line: int
    year: int | None = None
    category: str | None = None
    maximum: int | None = None
    bullet: bool = False


_BULLET = re.compile(r"^[•·▪●◦*]\s*|^[-–]\s+")
_SUBTOTAL = re.compile(r"^[A-Z]\s+subtotal\s*:\s*", re.IGNORECASE)
_NOTE = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_NOTE_MAX = re.compile(
    r"^\s*0\s*(?:=|-|–|—|to|\()\D{0,30}?(\d{2,3})\s*(?:=\s*[a-z]+(?:\s+[a-z]+)?\s*)?\)?\s*$", re.IGNORECASE
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_TRAILING_VALUE = re.compile(r"^(.*?[^\d\s/])\s+(\d{1,3}(?:\s*/\s*\d{2,3})?)$")
_NUMBER = re.compile(r"^\s*(\d{1,3})(?!\d)(?:\s*/\s*(\d{2,3}))?")
_COLON_LABEL = re.compile(r"^[^:]{1,60}:\s*$")
_SPACE = re.compile(r"\s+")

_STATUS_LABELS = frozenset({"status", "freedom on the net status", "internet freedom status", "fotn status"})
_TOTAL_LABELS = frozenset(
    {"total score", "total", "freedom on the net total", "internet freedom total", "fotn total", "total score*"}
)
_OTHER_LABELS = {
    "press freedom status": FieldKind.PRESS_FREEDOM,
    "press freedom": FieldKind.PRESS_FREEDOM,
    "freedom in the world status": FieldKind.FREEDOM_IN_THE_WORLD,
    "population": FieldKind.POPULATION,
    "internet penetration": FieldKind.PENETRATION,
    "country": FieldKind.COUNTRY,
    "year": FieldKind.YEAR,
}
_CONTROL_ENDINGS = ("blocked", "arrested", "restricted", "attacked", "detained", "killed", "commentators")
_YES = {"yes"}
_NO = {"no"}


def note_maximum(text: str) -> int | None:
    """The top of the first scale note or range in ``text`` (``(0 = Best, 25 = Worst)`` → 25)."""
    for note in _NOTE.findall(text):
        match = _NOTE_MAX.match(note)
        if match:
            return int(match.group(1))
    return None


def strip_notes(text: str) -> str:
    """``text`` without parenthesised notes, pipes and surrounding space."""
    return normalize_space(_NOTE.sub(" ", text).replace("|", " "))


def _label_key(label: str) -> tuple[str, int | None]:
    years = _YEAR.findall(label)
    key = _YEAR.sub(" ", strip_notes(label)).replace("*", " ")
    key = _SPACE.sub(" ", key).strip(" :").casefold()
    return key, int(years[0]) if years else None


def classify_label(label: str, methodology: Methodology) -> tuple[FieldKind, str | None, int | None] | None:
    """Kind, category id and printed year of a legacy label, or ``None`` for other text."""
    key, year = _label_key(label)
    if not key or len(key) > 60:
        return None
    if key in _STATUS_LABELS:
        return FieldKind.STATUS, None, year
    if key in _TOTAL_LABELS:
        return FieldKind.TOTAL, None, year
    for category in methodology.categories:
        if key == category.label["en"].casefold():
            return FieldKind.CATEGORY, category.id, year
    if key in _OTHER_LABELS:
        return _OTHER_LABELS[key], None, year
    if methodology.key_control_for_label(key) is not None or key.endswith(_CONTROL_ENDINGS):
        return FieldKind.CONTROL, None, year
    return None


@dataclass(frozen=True)
class _LabelLine:
    kind: FieldKind
    category: str | None
    year: int | None
    label: str
    inline: str
    maximum: int | None
    bullet: bool


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|") if cell.strip()]


def _label_line(line: str, methodology: Methodology) -> _LabelLine | None:
    cells = _cells(line)
    if not cells:
        return None
    first = cells[0]
    bullet = bool(_BULLET.match(first))
    first = _SUBTOTAL.sub("", _BULLET.sub("", first))
    if ":" in first:
        label, _, inline = first.partition(":")
    else:
        label, inline = first, ""
        bare = strip_notes(first)
        match = _TRAILING_VALUE.match(bare)
        if match and classify_label(match.group(1), methodology) is not None:
            label, inline = match.group(1), match.group(2)
    found = classify_label(label, methodology)
    if found is None:
        return None
    kind, category, year = found
    rest = " ".join([inline.strip(), *cells[1:]]).strip()
    maximum = note_maximum(line)
    return _LabelLine(kind, category, year, strip_notes(label), rest, maximum, bullet)


def _is_note_line(line: str) -> bool:
    bare = line.strip(" |")
    return bool(bare) and bare.startswith("(") and not strip_notes(bare)


def _value_below(lines: list[str], index: int, methodology: Methodology) -> tuple[str | None, int | None]:
    maximum: int | None = None
    seen = 0
    for position in range(index + 1, min(len(lines), index + 8)):
        line = lines[position].strip(" |")
        if not line:
            continue
        if _is_note_line(line):
            maximum = maximum or note_maximum(line)
            continue
        seen += 1
        if seen > 1 or _label_line(line, methodology) is not None or _COLON_LABEL.match(line):
            return None, maximum
        value = " ".join(_cells(line))
        maximum = maximum or note_maximum(line)
        for after in lines[position + 1 : position + 3]:
            if after.strip(" |"):
                if _is_note_line(after):
                    maximum = maximum or note_maximum(after)
                break
        return value, maximum
    return None, maximum


def scan_fields(lines: list[str], methodology: Methodology) -> list[Field]:
    """Every legacy label in ``lines`` with its value, in reading order.

    ``lines`` should already be space-normalised. A label whose value is missing (copies
    that kept the labels only) gives a field whose ``value`` is ``None``.
    """
    fields: list[Field] = []
    for index, line in enumerate(lines):
        parsed = _label_line(line, methodology)
        if parsed is None:
            continue
        value: str | None = parsed.inline or None
        maximum = parsed.maximum
        if value is None:
            value, below = _value_below(lines, index, methodology)
            maximum = maximum or below
        if value is not None:
            number = _NUMBER.match(strip_notes(value))
            if number and number.group(2) and parsed.kind in {FieldKind.TOTAL, FieldKind.CATEGORY}:
                maximum = maximum or int(number.group(2))
        fields.append(
            Field(
                kind=parsed.kind,
                label=parsed.label,
                value=value,
                line=index,
                year=parsed.year,
                category=parsed.category,
                maximum=maximum,
                bullet=parsed.bullet,
            )
        )
    return fields


def field_number(field: Field) -> int | None:
    """The score a field prints (``28``, ``19/100``, ``9 (0 = Best, 25 = Worst)``), or ``None``."""
    if field.value is None:
        return None
    match = _NUMBER.match(strip_notes(field.value))
    if match is None:
        return None
    rest = strip_notes(field.value)[match.end() :].strip()
    if rest and not rest.startswith(("(", "/", "*")) and rest[0].isalnum():
        return None  # "43 percent", "4.5 million": not a score
    return int(match.group(1))


def field_status(field: Field) -> Status | None:
    """The status a field prints (``Partly Free``, ``NOT FREE``), or ``None``."""
    if field.value is None:
        return None
    return parse_status(strip_notes(field.value).strip(" .*"))


def field_flag(field: Field) -> bool | None:
    """``True``/``False`` for a printed Yes/No, ``None`` otherwise."""
    if field.value is None:
        return None
    word = strip_notes(field.value).strip(" .*").casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def sidebar_from_fields(fields: list[Field], methodology: Methodology) -> Sidebar:
    """The Quick Facts of a legacy page as a :class:`~netfreedom.model.assessment.Sidebar`.

    Yes/No controls map to the methodology's key internet controls through
    ``sidebar_labels`` (unknown labels are kept in ``unmapped_controls`` as printed); "Press
    Freedom … Status" becomes an ``other_indices`` entry with its status; "Freedom in the
    World Status" fills ``freedom_in_the_world_status``. Population and penetration have no
    place in the model and are left out. The first value of each label wins.
    """
    sidebar = Sidebar()
    for field in fields:
        if field.kind is FieldKind.CONTROL:
            flag = field_flag(field)
            if flag is None:
                continue
            control = methodology.key_control_for_label(field.label)
            if control is not None:
                sidebar.key_internet_controls.setdefault(control.id, flag)
            else:
                sidebar.unmapped_controls.setdefault(field.label, flag)
        elif field.kind is FieldKind.PRESS_FREEDOM:
            status = field_status(field)
            if status is not None and not any(o.name == field.label for o in sidebar.other_indices):
                sidebar.other_indices.append(OtherIndexScore(name=field.label, status=status))
        elif field.kind is FieldKind.FREEDOM_IN_THE_WORLD and sidebar.freedom_in_the_world_status is None:
            sidebar.freedom_in_the_world_status = field_status(field)
    return sidebar
