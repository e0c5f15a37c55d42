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


@cache
def _label() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_category_alternation()})\b", re.IGNORECASE)


@cache
def _label_words() -> tuple[frozenset[str], frozenset[str]]:
    """(the words, case-folded, after which a category label goes on: ``obstacles``, ``to``,
    ``user``; every word of a category label) from the methodologies' labels."""
    going_on: set[str] = set()
    every: set[str] = set()
    for methodology_id in available_methodologies():
        for category in load_methodology(methodology_id).categories:
            for label in category.label.values():
                words = label.casefold().split()
                going_on.update(words[:-1])
                every.update(words)
    going_on.update(word + "s" for word in list(going_on))  # "Users Rights"
    return frozenset(going_on), frozenset(every)


_WORD_AFTER_BREAK = re.compile(r"[ \t]*([^\W\d_]+)")


def _last_word(line: str) -> tuple[str, bool] | None:
    """(the last word of ``line``, whether a hyphen follows it) when the line ends with a word
    or a word and a hyphen; ``None`` otherwise (most lines: a sentence's end, a number)."""
    tail = line.rstrip(" \t")
    hyphen = tail.endswith("-")
    if hyphen:
        tail = tail[:-1]
    if not tail or not tail[-1].isalpha():
        return None
    word = tail[-24:].split()[-1].lstrip("([{\"'“‘«")
    return (word, hyphen) if word.isalpha() else None


def rejoin_wrapped_labels(text: str) -> str:
    """``text`` with each category label in its first :data:`HEAD_LINES` lines that runs over
    a line break put back on one line: a table cell too narrow for the label, as a PDF's or a
    text browser's copy keeps it (``Violations of User`` / ``Rights 8 40``, ``Obsta-`` /
    ``cles to Access``). A break between words becomes a space, a word's hyphen break is
    joined; only where the label is whole once joined. A line is looked at only when it ends
    with a word a label goes on after, or with part of a label's word and a hyphen."""
    head_end = -1
    for _ in range(HEAD_LINES):
        head_end = text.find("\n", head_end + 1)
        if head_end < 0:
            head_end = len(text)
            break
    lines = text[:head_end].split("\n")  # the rest is not copied unless a label was joined
    going_on, every = _label_words()
    changed = False
    index = 0
    while index < len(lines) - 1:
        line = lines[index]
        last = _last_word(line) if line and (line[-1].isalpha() or line[-1] in "- \t") else None
        if last is None:
            index += 1
            continue
        word, hyphen = last
        after = _WORD_AFTER_BREAK.match(lines[index + 1])
        folded = word.casefold()
        if after is None or (folded + after.group(1).casefold() not in every if hyphen else folded not in going_on):
            index += 1
            continue
        cut = line.rstrip(" \t").rfind(word) + len(word)
        joined = line[:cut] + ("" if hyphen else " ") + lines[index + 1].lstrip(" \t")
        if any(m.start() < cut < m.end() for m in _label().finditer(joined, max(0, cut - 40), cut + 40)):
            lines[index : index + 2] = [joined]
            changed = True
            continue  # the joined line may break again
        index += 1
    return "\n".join(lines) + text[head_end:] if changed else text


def unflatten(text: str) -> str:
    """``text`` with every flattened score-block line in its first :data:`HEAD_LINES` lines
    broken into the block's parts (module docstring), after :func:`rejoin_wrapped_labels`;
    other text is returned unchanged."""
    text = rejoin_wrapped_labels(text)
    lines = text.split("\n", HEAD_LINES)
    changed = False
    for index, line in enumerate(lines[:HEAD_LINES]):
        if len(line) < 40 or not _hinted(line) or len(_part().findall(line)) < MIN_PARTS:
            continue
        lines[index] = "\n".join(_split(line))
        changed = True
    return "\n".join(lines) if changed else text
