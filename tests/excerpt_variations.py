"""Realistic damage and variation applied to the real excerpts, to stand in for unseen pages of
the same families (issue 9: "the held-out set is what counts").

Every excerpt in ``../shared/real/excerpts/`` (read at run time, nothing copied) is varied the
ways a real copy of such a page is: other line ends, a byte-order mark, non-breaking spaces or
tabs for spaces, blank lines doubled or dropped, words hyphen-split over lines, curly quotes,
the score lines reflowed into one line or into a two-column table, site furniture after the
page, a proxy's header lines above it; and, losing text, the page starting a few lines lower or
cut short at different points. The varied text is read through the public reading API
(:func:`netfreedom.ingest.read_report_bytes`) and each value the unvaried excerpt reads right
(``truth.csv``) is scored:

- *right*: the same value;
- *missing*: left empty; only allowed where the variation can remove the value (``lossy``),
  and then a finding must say it is missing (``missing-score`` for a score, status or the
  country);
- *wrong*: another value, or a value where truth.csv has none (a guess), or scores read from a
  negative (a page that is not a report).

    python -m tests.excerpt_variations [--misses] [--only NAME]

prints, per variation, the values right / missing / wrong (per field with ``--misses``, and
every wrong or unexpected missing value). Used by ``tests/test_excerpt_variations.py``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netfreedom.checks import run_checks
from netfreedom.ingest import ReadError, UnreadableInputError, read_report_bytes

try:
    from .real_excerpts import (
        EXCERPTS,
        FIELDS,
        compared_values,
        expected_value,
        is_negative,
        load_truth,
        read_excerpt,
    )
except ImportError:  # run as a script from the repository root
    from tests.real_excerpts import (
        EXCERPTS,
        FIELDS,
        compared_values,
        expected_value,
        is_negative,
        load_truth,
        read_excerpt,
    )

SCORE_FIELDS = ("status", "total", "A", "B", "C")
"""Fields whose absence the ``missing-score`` finding reports (with the country)."""

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


@dataclass
class Outcome:
    """One compared value of one varied excerpt: ``kind`` is right, missing or wrong."""

    file: str
    field: str
    kind: str
    expected: str
    got: str | None
    note: str = ""


@dataclass
class VariationResult:
    """Per-field counts of one variation over every excerpt."""

    variation: Variation
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    missing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    failures: list[Outcome] = field(default_factory=list)
    lost: list[Outcome] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return sum(self.right.values()) + sum(self.missing.values()) + sum(self.wrong.values())

    def line(self) -> str:
        right, missing, wrong = (sum(d.values()) for d in (self.right, self.missing, self.wrong))
        share = right / self.compared if self.compared else 1.0
        lossy = "lossy" if self.variation.lossy else ""
        return f"{self.variation.name:20} {lossy:5} {right:4d} / {self.compared:4d} {share:7.1%}   missing {missing:3d}   wrong {wrong:3d}   failures {len(self.failures):3d}"


def _values(data: bytes) -> tuple[dict[str, str | None], int, set[str], str | None]:
    """(values by field, scores read, finding rules, error) of one varied text."""
    try:
        assessment = read_report_bytes(data, file_name="varied.txt")
    except (ReadError, UnreadableInputError) as error:
        return dict.fromkeys(FIELDS), 0, set(), f"{type(error).__name__}: {error}"
    values, scores = compared_values(assessment)
    rules = {finding.rule for finding in run_checks(assessment)}
    return values, scores, rules, None


def measure_variation(variation: Variation, rows: list[dict[str, str]], folder: Path = EXCERPTS) -> VariationResult:
    """Read every excerpt of ``rows`` varied by ``variation`` and score each value the unvaried
    excerpt reads right (see the module docstring)."""
    result = VariationResult(variation)
    for row in rows:
        path = folder / row["file"]
        base = read_excerpt(path)
        text = path.read_bytes().decode("utf-8")
        values, scores, rules, error = _values(vary(variation, row["file"], text).encode("utf-8"))
        if is_negative(row):
            if scores:
                result.wrong["total"] += 1
                result.failures.append(Outcome(row["file"], "scores", "wrong", "0", str(scores), "negative"))
            continue
        for name in FIELDS:
            expected = expected_value(row, name)
            if base.values.get(name) != (expected or None):
                continue  # the unvaried excerpt misses it already: tests/real_excerpts.py counts that
            got = values.get(name)
            if got == (expected or None):
                result.right[name] += 1
            elif got is None and variation.lossy:
                said = error is not None or "missing-score" in rules or name not in (*SCORE_FIELDS, "country")
                result.missing[name] += 1
                if not said:
                    result.failures.append(Outcome(row["file"], name, "missing", expected, None, "no finding says so"))
                else:
                    result.lost.append(Outcome(row["file"], name, "missing", expected, None, error or ""))
            elif got is None:
                result.missing[name] += 1
                result.failures.append(Outcome(row["file"], name, "missing", expected, None, error or ""))
            else:
                result.wrong[name] += 1
                result.failures.append(Outcome(row["file"], name, "wrong", expected, got))
    return result


def measure_all(variations: tuple[Variation, ...] = VARIATIONS, folder: Path = EXCERPTS) -> list[VariationResult]:
    """:func:`measure_variation` for each variation over every excerpt of ``truth.csv``."""
    rows = load_truth(folder)
    return [measure_variation(variation, rows, folder) for variation in variations]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=EXCERPTS, help="folder holding truth.csv and the excerpts")
    parser.add_argument("--misses", action="store_true", help="list every wrong or unexpected missing value")
    parser.add_argument("--lost", action="store_true", help="also list the values a lossy variation left missing")
    parser.add_argument("--only", action="append", help="measure only this variation (repeatable)")
    args = parser.parse_args(argv)
    if not (args.folder / "truth.csv").exists():
        print(f"no truth.csv in {args.folder}", file=sys.stderr)
        return 2
    chosen = tuple(v for v in VARIATIONS if not args.only or v.name in args.only)
    results = measure_all(chosen, args.folder)
    print(f"{'variation':20} {'':5} {'values read right':>20}")
    for result in results:
        print(result.line())
        if args.misses:
            for outcome in result.failures:
                print(
                    f"    {outcome.file:28} {outcome.field:17} {outcome.kind:8} expected {outcome.expected!r:14} got {outcome.got!r} {outcome.note}"
                )
        if args.lost:
            for outcome in result.lost:
                print(
                    f"    {outcome.file:28} {outcome.field:17} lost     expected {outcome.expected!r:14} {outcome.note}"
                )
    right = sum(sum(r.right.values()) for r in results)
    compared = sum(r.compared for r in results)
    failures = sum(len(r.failures) for r in results)
    print(f"{'all':26} {right:4d} / {compared:4d} {right / compared if compared else 1:7.1%}   failures {failures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
