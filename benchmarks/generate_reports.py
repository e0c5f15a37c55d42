"""Generate a folder of report files of mixed layout families, for the folder benchmark.

Every file is one of the project's own layout fixtures (tests/fixtures/layouts/) or sample
reports (src/netfreedom/samples/) with its words kept and its particulars varied:

* the invented (or fixture) country becomes a real one from pycountry, in English in titles
  and headers and in the body's language elsewhere (Russian and Spanish names from
  pycountry's catalogues), the web-page slug and image labels to match; a few invented
  places become subdivisions of that country (pycountry.subdivisions);
* every year is shifted to the chosen edition, so the title, the coverage period and the
  dates in the narrative agree;
* the scores are replaced: each country has a timeline of the 21 indicator scores (current
  scale) over the editions 2011-2025; a file prints its edition's indicators (within their
  maxima), the category sums, the total (their sum) and the status of the band the total
  falls in, all in the scale the layout prints (legacy layouts: ``max - value``, bands of
  ``fotn-legacy``); last year's total/status/categories come from the previous edition of the
  same timeline, and each score-change note says how its indicator moved since last year
  (the wording is turned round when the move had to go the other way).

Layout families are spread evenly (file ``i`` is of family ``i mod F``, templates of a family
in turn); (country, edition) pairs are not repeated while the family's editions allow.
Deterministic for a given seed. No network.

    python benchmarks/generate_reports.py OUT_FOLDER [--count N] [--seed S] [--manifest FILE]
        [--traps FRACTION]

``--manifest`` writes one JSON object per file (name, template, expected reader, key and the
scores planned, on the printed scale); keep it outside the folder, which is meant to be
ingested whole. ``--traps`` adds that fraction of the fixtures that hold no report (landing
pages, table of contents, ...), countries and years varied likewise, as family ``no-report``.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from netfreedom.methodology import load_methodology
from netfreedom.model.countries import localized_name, resolve_country

ROOT = Path(__file__).resolve().parents[1]
CURRENT_DIR = ROOT / "tests" / "fixtures" / "layouts" / "current"
LEGACY_DIR = ROOT / "tests" / "fixtures" / "layouts" / "legacy"
SAMPLES_DIR = ROOT / "src" / "netfreedom" / "samples"

FIRST_EDITION, LAST_EDITION = 2011, 2025
NO_REPORT = "no-report"

CURRENT = load_methodology("fotn-2019")
LEGACY = load_methodology("fotn-legacy")
INDICATORS = [(spec.id, spec.max, CURRENT.category_of(spec.id).id) for spec in CURRENT.indicators]
CATEGORY_MAX = {c.id: c.max for c in CURRENT.categories}
CATEGORY_LABELS = {c.id: c.label["en"] for c in CURRENT.categories}
STATUS_EN = {"free": "Free", "partly_free": "Partly Free", "not_free": "Not Free"}


# -- values of one file ---------------------------------------------------------------------


@dataclass
class Values:
    """What one generated file says, on the scale its layout prints."""

    en: str  # country name in English
    local: str  # country name in the body's language
    slug: str  # for URLs: "united-states"
    places: list[str]  # replacements for the template's invented places, in order
    total: int
    status: str  # "free" | "partly_free" | "not_free"
    categories: dict[str, int]
    indicators: list[int]  # the 21 indicator scores, methodology order (current scale)
    previous_total: int
    previous_status: str
    previous_categories: dict[str, int]
    notes: list[tuple[int, int]]  # (from, to) for the template's score-change notes, in order


def status_text(status: str, like: str) -> str:
    """``status`` as a label, in the letter case of ``like`` ("NOT FREE", "free", "Free")."""
    text = STATUS_EN[status]
    if like.isupper():
        return text.upper()
    if like.islower():
        return text.lower()
    return text


# -- templates ------------------------------------------------------------------------------

Edit = tuple[int, int, Callable[[Values], str]]
"""(start, end, replacement) on the template's text."""


@dataclass
class Template:
    """One fixture or sample and how to vary it."""

    path: Path
    family: str  # the reader expected to read it
    language: str
    scale: str  # "current" | "legacy": the scale the scores are printed in
    edition: int  # the template's own edition
    editions: tuple[int, int]  # editions generated from it (inclusive)
    names: list[tuple[str, str]]  # (regex, what replaces it: a key of render's `choices`), in order
    places: list[str] = field(default_factory=list)  # invented/real place names to replace
    scores: Callable[[Template, str], list[Edit]] | None = None  # finds the score slots
    text: str = ""
    edits: list[Edit] = field(default_factory=list)
    indicator_count: int = 0  # indicators printed (always the first N of the methodology)
    note_slots: list[tuple[int, int]] = field(default_factory=list)  # (indicator index, sign)

    @property
    def name(self) -> str:
        return self.path.stem


def _sign(word: str) -> int:
    return -1 if word in ("declined", "bajó", "снизилась") else 1


_TURN = {
    "declined": "improved",
    "improved": "declined",
    "bajó": "subió",
    "subió": "bajó",
    "снизилась": "повысилась",
    "повысилась": "снизилась",
}
_NOTE = re.compile(
    r"(?:The score (declined|improved) from (\d+) to (\d+)"
    r"|La puntuación (bajó|subió) de (\d+) a (\d+)"
    r"|оценка (снизилась|повысилась) с (\d+) до (\d+))"
)


def _printed(t: Template, v: Values, key: str) -> int:
    """A score on the template's printed scale: ``total``, ``A``..``C``, ``prev``, ``prevA``..."""
    if key == "total":
        value, maximum = v.total, 100
    elif key == "prev":
        value, maximum = v.previous_total, 100
    elif key.startswith("prev"):
        value, maximum = v.previous_categories[key[4:]], CATEGORY_MAX[key[4:]]
    else:
        value, maximum = v.categories[key], CATEGORY_MAX[key]
    return maximum - value if t.scale == "legacy" else value


class Slots:
    """Collects the score slots of a template, checking that each pattern matches as often
    as expected (a fixture that changed shape fails loudly instead of silently)."""

    def __init__(self, template: Template, text: str) -> None:
        self.t, self.text = template, text
        self.edits: list[Edit] = []

    def add(self, pattern: str, group: int, make: Callable[[Values, re.Match[str]], str], count: int = 1) -> None:
        matches = list(re.finditer(pattern, self.text, re.MULTILINE))
        if len(matches) != count:
            raise ValueError(f"{self.t.name}: {pattern!r} matched {len(matches)} times, expected {count}")
        for m in matches:
            self.edits.append((m.start(group), m.end(group), functools.partial(_call, make, m)))

    def at(self, match: re.Match[str], group: int, make: Callable[[Values], str]) -> None:
        self.edits.append((match.start(group), match.end(group), make))

    def score(self, pattern: str, key: str, group: int = 1) -> None:
        self.add(pattern, group, lambda v, m: str(_printed(self.t, v, key)))

    def status(self, pattern: str, group: int = 1) -> None:
        self.add(pattern, group, lambda v, m: status_text(v.status, m.group(group)))


def _call(make: Callable[[Values, re.Match[str]], str], match: re.Match[str], v: Values) -> str:
    return make(v, match)


def _category_text(t: Template, cid: str, suffix: str, v: Values) -> str:
    return f"{_printed(t, v, cid)}{suffix}"


def _note_value(n: int, which: int, v: Values) -> str:
    return str(v.notes[n][which])


_STATUS = r"((?i:free|partly free|not free))"
_CAT_ROW = r"^\|?[ \t]*(?:[ABC]\.?[ \t]+)?{label}[ \t]*\|?[ \t]*(\d+)"


def _current_header(t: Template, text: str, anchor: str | None = None, glued: bool = False) -> list[Edit]:
    """Score block of a current-era page: status, total, category rows, last year's line."""
    s = Slots(t, text)

    def find(pattern: str, after: int) -> re.Match[str]:
        found = re.compile(pattern, re.MULTILINE).search(text, after)
        if found is None:
            raise ValueError(f"{t.name}: nothing matches {pattern!r} after offset {after}")
        return found

    status = find(rf"^{_STATUS}$", text.index(anchor) if anchor else 0)
    s.at(status, 1, lambda v: status_text(v.status, status.group(1)))
    total = find(r"^(\d{1,3})$", status.end())
    s.at(total, 1, lambda v: str(_printed(t, v, "total")))
    for cid, label in CATEGORY_LABELS.items():
        row = find(_CAT_ROW.format(label=re.escape(label)), total.end())
        digits, maximum = row.group(1), str(CATEGORY_MAX[cid])
        suffix = maximum if glued and len(digits) > len(maximum) and digits.endswith(maximum) else ""
        s.at(row, 1, functools.partial(_category_text, t, cid, suffix))
    last = re.compile(rf"^(\d{{1,3}})[ \t]*/?[ \t]*100[ \t]+{_STATUS}$", re.MULTILINE).search(text, total.end())
    if last is not None:
        s.at(last, 1, lambda v: str(_printed(t, v, "prev")))
        s.at(last, 2, lambda v: status_text(v.previous_status, last.group(2)))
    sidebar = re.search(rf"Internet Freedom Score\s*\n\s*\n\s*(\d{{1,3}}) 100 {_STATUS}", text)
    if sidebar is not None:  # the sidebar of a saved page quotes the score again
        s.at(sidebar, 1, lambda v: str(_printed(t, v, "total")))
        s.at(sidebar, 2, lambda v: status_text(v.status, sidebar.group(2)))
    return s.edits


def _indicator_lines(t: Template, text: str, pattern: str, start: int = 0) -> list[Edit]:
    """Indicator score lines (group 1 is the score; they stand in methodology order, the
    templates print the first N indicators) and the score-change notes, each belonging to
    the last score line before it."""
    matches = list(re.compile(pattern, re.MULTILINE).finditer(text, start))
    edits: list[Edit] = []
    for index, m in enumerate(matches):

        def make(v: Values, index: int = index, old: str = m.group(1), rest: str = text[m.end(1) : m.end()]) -> str:
            new = str(v.indicators[index])
            # a print may repeat the score on the line ("2.003 2.003"): replace the copy too
            return new + re.sub(rf"(?<= ){re.escape(old)}(?=\.00)", new, rest)

        edits.append((m.start(1), m.end(), make))
    t.indicator_count = len(matches)
    positions = [m.start() for m in matches]
    for note in _NOTE.finditer(text, start):
        before = [i for i, p in enumerate(positions) if p < note.start()]
        if not before:
            raise ValueError(f"{t.name}: score-change note before any score line")
        groups = [g for g in range(1, 10) if note.group(g) is not None]
        word_g, from_g, to_g = groups
        t.note_slots.append((before[-1], _sign(note.group(word_g))))
        n = len(t.note_slots) - 1

        def word(v: Values, n: int = n, old: str = note.group(word_g)) -> str:
            frm, to = v.notes[n]
            return old if (to - frm) * _sign(old) > 0 else _TURN[old]

        edits.append((note.start(word_g), note.end(word_g), word))
        edits.append((note.start(from_g), note.end(from_g), functools.partial(_note_value, n, 0)))
        edits.append((note.start(to_g), note.end(to_g), functools.partial(_note_value, n, 1)))
    return edits


_FH_SCORE = r"^(\d)\.00 ?\d(?: \d\.00 ?\d)?$"


def fh_en(t: Template, text: str) -> list[Edit]:
    return _current_header(t, text) + _indicator_lines(t, text, _FH_SCORE)


def fh_bare(t: Template, text: str) -> list[Edit]:
    """Translated pages and the samples: the score is a line of its own after the question."""
    first = re.search(r"^A1 \(", text, re.MULTILINE)
    assert first is not None
    return _current_header(t, text) + _indicator_lines(t, text, r"^(\d)[ \t]*$", start=first.start())


def header_only(anchor: str | None = None) -> Callable[[Template, str], list[Edit]]:
    def edits(t: Template, text: str) -> list[Edit]:
        return _current_header(t, text, anchor=anchor)

    return edits


def ecoi_ids(t: Template, text: str) -> list[Edit]:
    return _current_header(t, text) + _indicator_lines(t, text, r"\| (\d) / \d \|$")


def ecoi_plain(t: Template, text: str) -> list[Edit]:
    return _current_header(t, text) + _indicator_lines(t, text, r"^\| (\d) / \d \|$")


def pipe_rows(t: Template, text: str) -> list[Edit]:
    s = Slots(t, text)
    for cid, label in CATEGORY_LABELS.items():
        s.score(_CAT_ROW.format(label=re.escape(label)), cid)
    return s.edits + _indicator_lines(t, text, _FH_SCORE)


def pdf_split(t: Template, text: str) -> list[Edit]:
    return _current_header(t, text) + _indicator_lines(t, text, _FH_SCORE)


def pdf_glued(t: Template, text: str) -> list[Edit]:
    return _current_header(t, text, glued=True) + _indicator_lines(t, text, r"^(\d)(?:\.00\d| /\d)$")


def legacy_labels(t: Template, text: str) -> list[Edit]:
    """Families 4, 5, 7: ``Status:``/``Total Score:``/``Obstacles to Access:`` labels, value on
    the same line or the next; archive 2013 with ``A Subtotal:``."""
    s = Slots(t, text)
    s.status(r"^(?:Freedom on the Net )?Status:[ \t]*\n?[ \t]*((?:Free|Partly Free|Not Free))[ \t]*$")
    s.score(r"^(?:Total Score|Freedom on the Net Total):[ \t|]*\n?[ \t]*(\d+)", "total")
    for cid, label in CATEGORY_LABELS.items():
        s.score(rf"^(?:[ABC] Subtotal: )?{re.escape(label)}:[ \t|]*\n?[ \t]*(\d+)", cid)
    return s.edits


def archive_2018(t: Template, text: str) -> list[Edit]:
    s = Slots(t, text)
    s.status(r"^\| Status: \| ((?:Free|Partly Free|Not Free)) \|$")
    s.score(r"^\| Total Score: \| (\d+)/100", "total")
    return s.edits


def legacy_2012(t: Template, text: str) -> list[Edit]:
    s = Slots(t, text)
    s.score(r"^\d{4} Freedom On the Net Total \(0 = Best, 100 = Worst\) (\d+)$", "total")
    s.score(r"^• \d{4} Freedom On the Net Total \(0 = Best, 100 = Worst\) (\d+)$", "prev")
    s.status(r"^Freedom on the Net Status\n((?:Free|Partly Free|Not Free))$")
    for cid, label in CATEGORY_LABELS.items():
        s.score(rf"^{re.escape(label)}\n(\d+)$", cid)
    s.score(r"^\(0 = best, 100 = worst\)\n(\d+)$", "total")
    return s.edits


def _status_tokens(v: Values, sep: str, interleave: bool) -> str:
    before, now = STATUS_EN[v.previous_status].upper().split(), STATUS_EN[v.status].upper().split()
    if interleave and len(before) == 2 and len(now) == 2:
        return sep.join([before[0], now[0], before[1], now[1]])
    return sep.join(before + now)


def pdf_book(t: Template, text: str) -> list[Edit]:
    """Two columns (last year, this year); tokens one per line or the whole table on one line."""
    s = Slots(t, text)
    one_line = "\n" not in text.strip()[:400]
    sep = r"[ \n]"
    labels = {"A": r"OBSTACLES TO ACCESS", "B": r"LIMITS ON CONTENT", "C": r"VIOLATIONS OF USER RIGH-?\n?TS"}
    for cid, label in labels.items():
        pattern = rf"{label}{sep}\(0-{CATEGORY_MAX[cid]}\){sep}(\d+){sep}(\d+)"
        s.score(pattern, f"prev{cid}", group=1)
        s.score(pattern, cid, group=2)
    s.score(rf"TOTAL\*{sep}\(0-100\){sep}(\d+){sep}(\d+)", "prev", group=1)
    s.score(rf"TOTAL\*{sep}\(0-100\){sep}(\d+){sep}(\d+)", "total", group=2)
    if one_line:
        s.add(r"STATUS ((?:(?:NOT|PARTLY|FREE) ?)+?) OBSTACLES", 1, lambda v, m: _status_tokens(v, " ", False))
    else:
        s.add(r"^((?:(?:NOT|PARTLY|FREE)\n)+)", 1, lambda v, m: _status_tokens(v, "\n", True) + "\n")
    return s.edits


def no_scores(t: Template, text: str) -> list[Edit]:
    return []


def _t(
    path: Path,
    family: str,
    language: str,
    scale: str,
    edition: int,
    editions: tuple[int, int],
    names: list[tuple[str, str]],
    scores: Callable[[Template, str], list[Edit]],
    **kw: object,
) -> Template:
    return Template(
        path=path,
        family=family,
        language=language,
        scale=scale,
        edition=edition,
        editions=editions,
        names=names,
        scores=scores,
        **kw,
    )  # type: ignore[arg-type]


def templates(traps: bool = False) -> list[Template]:
    """The templates, loaded and checked (score slots found, notes located)."""
    c, lg, s = CURRENT_DIR, LEGACY_DIR, SAMPLES_DIR
    now = (2019, LAST_EDITION)
    made = [
        _t(
            c / "fh-page-en-norvania-2024.txt",
            "fh-country-page",
            "en",
            "current",
            2024,
            now,
            [(r"Norvania(?=_hero)", "hero"), (r"Norvanians", "people"), (r"Norvania", "en")],
            fh_en,
            places=["Vell"],
        ),
        _t(
            c / "translated-es-marenia-2022.txt",
            "fh-country-page",
            "es",
            "current",
            2022,
            now,
            [(r"\AMarenia$", "en"), (r"On Marenia", "on"), (r"Marenia", "local")],
            fh_bare,
            places=["Valcaria"],
        ),
        _t(
            c / "translated-ru-santa-ilvera-2022.txt",
            "fh-country-page",
            "ru",
            "current",
            2022,
            now,
            [(r"Santa-Ilvera(?=_hero)", "hero"), (r"Santa Ilvera", "en"), (r"Санта-Ильвер\w*", "local")],
            fh_bare,
        ),
        _t(
            c / "fh-page-fiw-before-exampleland-2021.txt",
            "fh-country-page",
            "en",
            "current",
            2021,
            now,
            [(r"Exampleland", "en")],
            header_only("Freedom on the Net"),
        ),
        _t(
            c / "fh-page-republished-ostrevia-2018.txt",
            "fh-country-page",
            "en",
            "current",
            2018,
            (2012, 2018),
            [(r"Ostrevia", "en")],
            header_only(),
        ),
        _t(
            lg / "fam1-hungary-2017-republished.txt",
            "fh-country-page",
            "en",
            "current",
            2017,
            (2012, 2018),
            [(r"Hungarian users", "Users"), (r"Hungary", "en")],
            header_only(),
        ),
        _t(
            s / "exampleland-2023-en.txt",
            "fh-country-page",
            "en",
            "current",
            2023,
            now,
            [(r"Exampleland", "en")],
            fh_bare,
            places=["Drava", "Norhaven", "Saltmere", "Tamsford", "Kessa Bay"],
        ),
        _t(
            s / "exampleland-2023-ru.txt",
            "fh-country-page",
            "ru",
            "current",
            2023,
            now,
            [(r"\AExampleland$", "en"), (r"On Exampleland", "on"), (r"Экзампленд\w*", "local")],
            fh_bare,
        ),
        _t(c / "ecoi-norvania-2021-ids.txt", "ecoi-page", "en", "current", 2021, now, [(r"Norvania", "en")], ecoi_ids),
        _t(
            c / "ecoi-santa-ilvera-2023.txt",
            "ecoi-page",
            "en",
            "current",
            2023,
            now,
            [(r"Santa Ilvera", "en")],
            ecoi_plain,
        ),
        _t(
            c / "pipe-exampleland-2020.txt",
            "pipe-table",
            "en",
            "current",
            2020,
            now,
            [(r"Exampleland", "en")],
            pipe_rows,
        ),
        _t(
            c / "pipe-ostrevia-2022-mixed.txt",
            "pipe-table",
            "en",
            "current",
            2022,
            now,
            [(r"Ostrevia", "en")],
            pipe_rows,
        ),
        _t(
            c / "pdf-marenia-2020-split-block.txt",
            "pdf-page-2019",
            "en",
            "current",
            2020,
            now,
            [(r"(?<=/country/)marenia", "slug"), (r"Marenia", "en")],
            pdf_split,
            places=["Valcaria"],
        ),
        _t(
            c / "pdf-pellucia-2023.txt",
            "pdf-page-2019",
            "en",
            "current",
            2023,
            now,
            [(r"(?<=/country/)pellucia", "slug"), (r"Pellucia", "en")],
            pdf_glued,
            places=["Dareth", "Ulm"],
        ),
        _t(
            lg / "fam4-ecuador-2018-current-scale.txt",
            "fh-legacy-page",
            "en",
            "current",
            2018,
            (2015, 2018),
            [(r"Ecuador", "en")],
            legacy_labels,
            places=["Amazon"],
        ),
        _t(
            lg / "fam4-georgia-2016-inline-no-edition.txt",
            "fh-legacy-page",
            "en",
            "legacy",
            2016,
            (2015, 2017),
            [(r"Georgia", "en")],
            legacy_labels,
            places=["Tbilisi"],
        ),
        _t(
            lg / "fam4-kenya-2015-next-line.txt",
            "fh-legacy-page",
            "en",
            "legacy",
            2015,
            (2015, 2017),
            [(r"Kenyan users", "Users"), (r"Kenya", "en")],
            legacy_labels,
        ),
        _t(
            lg / "fam4-zambia-2017-status-trap.txt",
            "fh-legacy-page",
            "en",
            "legacy",
            2017,
            (2015, 2017),
            [(r"Zambia", "en")],
            legacy_labels,
        ),
        _t(
            lg / "fam5-ecoi-kazakstan-2016.txt",
            "ecoi-legacy-page",
            "en",
            "legacy",
            2016,
            (2015, 2017),
            [(r"Kazakstan", "en")],
            legacy_labels,
        ),
        _t(
            lg / "fam6-tunisia-2014.txt",
            "fh-legacy-2012",
            "en",
            "legacy",
            2014,
            (2012, 2014),
            [(r"Tunisians", "People"), (r"Tunisia", "en")],
            legacy_2012,
        ),
        _t(
            lg / "fam6-philippines-2014-mirror-zero.txt",
            "fh-legacy-2012",
            "en",
            "legacy",
            2014,
            (2012, 2014),
            [(r"Filipino users", "Users"), (r"Philippines", "en")],
            legacy_2012,
            places=["Visayas", "Manila"],
        ),
        _t(
            lg / "fam7-nigeria-2013-archive.txt",
            "archive-2013",
            "en",
            "legacy",
            2013,
            (2012, 2014),
            [(r"Nigeria", "en")],
            legacy_labels,
        ),
        _t(
            lg / "fam8-armenia-2018-archive.txt",
            "archive-2018",
            "en",
            "legacy",
            2018,
            (2016, 2018),
            [(r"Armenia", "en")],
            archive_2018,
        ),
        _t(
            lg / "fam9-thailand-2014-tokens.txt",
            "pdf-book-chapter",
            "en",
            "legacy",
            2014,
            (2013, 2016),
            [(r"THAILAND", "EN")],
            pdf_book,
        ),
        _t(
            lg / "fam9-uzbekistan-2016-one-line.txt",
            "pdf-book-chapter",
            "en",
            "legacy",
            2016,
            (2013, 2016),
            [(r"UZBEKISTAN", "EN")],
            pdf_book,
            places=["Fergana"],
        ),
    ]
    if traps:
        for name, edition in (
            ("trap-landing-page", 2023),
            ("trap-section-headings", 2023),
            ("trap-table-of-contents", 2023),
            ("trap-template-leftovers", 2023),
            ("trap-fiw-only", 2021),
        ):
            made.append(
                _t(
                    c / f"{name}.txt",
                    NO_REPORT,
                    "en",
                    "current",
                    edition,
                    now,
                    [(r"Exampleland|Norvania", "en")],
                    no_scores,
                )
            )
        made.append(
            _t(
                lg / "fam6-brazil-2013-labels-only.txt",
                NO_REPORT,
                "en",
                "legacy",
                2013,
                (2012, 2014),
                [(r"Brazil", "en")],
                no_scores,
            )
        )
    for t in made:
        t.text = t.path.read_text(encoding="utf-8")
        assert t.scores is not None
        t.edits = sorted(t.scores(t, t.text), key=lambda e: e[0])
        for (s1, e1, _), (s2, _e2, _) in zip(t.edits, t.edits[1:], strict=False):
            if s2 < e1:
                raise ValueError(f"{t.name}: overlapping score slots at {s1} and {s2}")
    return made


# -- countries ------------------------------------------------------------------------------


def usable_countries() -> list[tuple[str, str, str]]:
    """(alpha-3, alpha-2, English name) of the pycountry countries whose short name the
    project resolves back to them and that print cleanly in a title: no comma or parenthesis,
    at most 40 characters (the legacy readers ignore longer title pieces, which drops "South
    Georgia and the South Sandwich Islands", a territory Freedom House does not cover)."""
    found = []
    for entry in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        name = str(getattr(entry, "common_name", entry.name))
        if "," in name or "(" in name or len(name) > 40:
            continue
        try:
            if resolve_country(name).iso3 != entry.alpha_3:
                continue
        except LookupError:
            continue
        found.append((entry.alpha_3, entry.alpha_2, name))
    return found


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


_PLACE_OK = re.compile(r"^[^\W\d_][\w' .-]*$")


def _subdivisions(alpha2: str) -> list[str]:
    names = sorted(
        {
            s.name
            for s in pycountry.subdivisions.get(country_code=alpha2) or []
            if _PLACE_OK.match(s.name) and len(s.name) <= 30
        }
    )
    return names


# -- planning -------------------------------------------------------------------------------


@dataclass
class Planned:
    index: int
    template: Template
    iso3: str
    alpha2: str
    name: str
    edition: int
    file_name: str = ""


def plan(count: int, rng: random.Random, templates_: list[Template], traps: float) -> list[Planned]:
    """Which template, country and edition each file gets."""
    countries = usable_countries()
    real = [t for t in templates_ if t.family != NO_REPORT]
    trap_templates = [t for t in templates_ if t.family == NO_REPORT]
    families = sorted({t.family for t in real})
    by_family = {f: [t for t in real if t.family == f] for f in families}
    turn = {f: 0 for f in families}
    windows: dict[tuple[int, int], list[tuple[str, str, str, int]]] = {}
    used: set[tuple[str, int]] = set()
    trap_count = round(count * traps)
    trap_positions = set(rng.sample(range(count), trap_count)) if trap_count else set()
    made: list[Planned] = []
    real_index = 0
    for index in range(count):
        if index in trap_positions:
            t = trap_templates[len(made) % len(trap_templates)]
        else:
            family = families[real_index % len(families)]
            real_index += 1
            t = by_family[family][turn[family] % len(by_family[family])]
            turn[family] += 1
        if t.editions not in windows:
            slots = [(c[0], c[1], c[2], e) for c in countries for e in range(t.editions[0], t.editions[1] + 1)]
            rng.shuffle(slots)
            windows[t.editions] = slots
        slots = windows[t.editions]
        while slots and (slots[-1][0], slots[-1][3]) in used:
            slots.pop()
        if slots:
            iso3, alpha2, name, edition = slots.pop()
        else:  # every (country, edition) of the window taken: repeat one (another language or a re-read)
            iso3, alpha2, name = rng.choice(countries)
            edition = rng.randint(*t.editions)
        used.add((iso3, edition))
        made.append(Planned(index, t, iso3, alpha2, name, edition))
    return made


Timeline = dict[tuple[str, int], list[int]]
Moves = dict[tuple[str, int], list[tuple[int, int]]]


def timelines(planned: list[Planned], rng: random.Random) -> tuple[Timeline, Moves]:
    """Indicator scores (current scale) for every (country, edition) 2011-2025 of the planned
    countries. From one edition to the next, the indicators that move are those the file of
    that edition has score-change notes for (none when it prints indicators without notes);
    with no such file, up to three indicators move by one point. Returns the scores and, per
    (country, edition), the (from, to) of each move."""
    at: dict[tuple[str, int], Planned] = {}
    for planned_file in planned:
        at.setdefault((planned_file.iso3, planned_file.edition), planned_file)
    scores: dict[tuple[str, int], list[int]] = {}
    moves: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for iso3 in sorted({planned_file.iso3 for planned_file in planned}):
        level = rng.uniform(0.15, 0.95)
        vector = [sum(rng.random() < level for _ in range(maximum)) for _, maximum, _ in INDICATORS]
        scores[(iso3, FIRST_EDITION)] = vector
        for edition in range(FIRST_EDITION + 1, LAST_EDITION + 1):
            vector = list(vector)
            p = at.get((iso3, edition))
            changes: list[tuple[int, int]] = []
            if p is not None and p.template.indicator_count:
                wanted = p.template.note_slots
            else:
                wanted = [(rng.randrange(len(INDICATORS)), rng.choice((-1, 1))) for _ in range(rng.randint(0, 3))]
            for position, sign in wanted:
                maximum = INDICATORS[position][1]
                if not 0 <= vector[position] + sign <= maximum:
                    sign = -sign  # at the end of the range: move the other way (the note's wording follows)
                changes.append((vector[position], vector[position] + sign))
                vector[position] += sign
            scores[(iso3, edition)] = vector
            moves[(iso3, edition)] = changes
    return scores, moves


def values_for(p: Planned, scores: Timeline, moves: Moves, rng: random.Random) -> Values:
    t = p.template
    now, before = scores[(p.iso3, p.edition)], scores[(p.iso3, p.edition - 1)]

    def categories(vector: list[int]) -> dict[str, int]:
        return {
            cid: sum(s for s, (_, _, c) in zip(vector, INDICATORS, strict=True) if c == cid) for cid in CATEGORY_MAX
        }

    cats, prev_cats = categories(now), categories(before)
    total, prev_total = sum(cats.values()), sum(prev_cats.values())
    methodology = LEGACY if t.scale == "legacy" else CURRENT
    printed = (lambda x: 100 - x) if t.scale == "legacy" else (lambda x: x)
    subdivisions = _subdivisions(p.alpha2)
    places = [
        rng.choice(subdivisions) if subdivisions else f"{p.name} {word}"
        for word in ("North", "South", "East", "West", "Centre")
    ]
    local = localized_name(p.iso3, t.language) if t.language != "en" else p.name
    notes = moves.get((p.iso3, p.edition), []) if t.indicator_count else []
    return Values(
        en=p.name,
        local=local,
        slug=_slug(p.name),
        places=places,
        total=total,
        status=methodology.status_for(printed(total)).value,
        categories=cats,
        indicators=now,
        previous_total=prev_total,
        previous_status=methodology.status_for(printed(prev_total)).value,
        previous_categories=prev_cats,
        notes=notes[: len(t.note_slots)],
    )


# -- rendering ------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![\d.,/])(19[5-9]\d|20[0-4]\d)(?![\d])")
_SHORT_DATE_YEAR = re.compile(
    r"(?<=\b\d/)(\d{1,2}/)(\d\d)(?=, \d{1,2}:\d\d)|(?<=\b\d\d/)(\d{1,2}/)(\d\d)(?=, \d{1,2}:\d\d)"
)


def render(p: Planned, v: Values) -> str:
    t = p.template
    # Years first, on the template: a shifted year keeps its width, so the score slots stay
    # where they were, and a new score glued to its maximum ("2025" for 20 of 25) is not
    # mistaken for a year.
    delta = p.edition - t.edition
    source = _YEAR.sub(lambda m: str(int(m.group(1)) + delta), t.text)
    source = _SHORT_DATE_YEAR.sub(
        lambda m: (m.group(1) or m.group(3)) + f"{(int(m.group(2) or m.group(4)) + delta) % 100:02d}", source
    )
    assert len(source) == len(t.text)
    pieces, cursor = [], 0
    for start, end, make in t.edits:
        pieces.append(source[cursor:start])
        pieces.append(make(v))
        cursor = end
    pieces.append(source[cursor:])
    text = "".join(pieces)
    choices = {
        "en": v.en,
        "EN": v.en.upper(),
        "local": v.local,
        "slug": v.slug,
        "hero": v.en.replace(" ", "-"),
        "people": f"people in {v.en}",
        "Users": f"Users in {v.en}",
        "People": f"People in {v.en}",
        "on": f"On {v.en}",
    }
    for pattern, key in t.names:
        text = re.sub(pattern, choices[key].replace("\\", "\\\\"), text, flags=re.MULTILINE)
    for number, place in enumerate(t.places):
        text = re.sub(rf"\b{re.escape(place)}\b", v.places[number], text)
    return text


def generate(folder: Path, count: int, seed: int = 7, traps: float = 0.0) -> list[dict[str, object]]:
    """Write ``count`` report files into ``folder`` (created); returns the manifest records."""
    rng = random.Random(seed)
    templates_ = templates(traps=traps > 0)
    planned = plan(count, rng, templates_, traps)
    scores, moves = timelines(planned, rng)
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(count))
    records: list[dict[str, object]] = []
    for p in planned:
        v = values_for(p, scores, moves, rng)
        t = p.template
        p.file_name = f"{p.index:0{width}d}-{p.iso3.lower()}-{p.edition}-{t.language}.txt"
        (folder / p.file_name).write_text(render(p, v), encoding="utf-8")
        records.append(
            {
                "file": p.file_name,
                "template": t.name,
                "family": t.family,
                "iso3": p.iso3,
                "edition": p.edition,
                "language": t.language,
                "scale": t.scale,
                "total": _printed(t, v, "total"),
                "status": v.status,
                "categories": {cid: _printed(t, v, cid) for cid in CATEGORY_MAX},
                "previous_total": _printed(t, v, "prev"),
                "previous_status": v.previous_status,
                "indicators": v.indicators[: t.indicator_count],
            }
        )
    return records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the files (created)")
    parser.add_argument("--count", type=int, default=500, help="number of files (default 500)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--manifest", type=Path, help="write the plan of every file here (JSON Lines)")
    parser.add_argument("--traps", type=float, default=0.0, help="fraction of files holding no report (default 0)")
    args = parser.parse_args(argv)
    records = generate(args.folder, args.count, args.seed, args.traps)
    if args.manifest:
        args.manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    families: dict[str, int] = {}
    for r in records:
        families[str(r["family"])] = families.get(str(r["family"]), 0) + 1
    print(
        f"wrote {len(records)} files to {args.folder}: " + ", ".join(f"{f} {n}" for f, n in sorted(families.items())),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
