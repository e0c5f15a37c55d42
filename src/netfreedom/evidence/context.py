"""What readers need besides the file (:class:`EvidenceContext`) and where they put what is
not an item (:class:`Sink`: aggregate counts, problems, notes).

The context is built from reference tables (fingerprints, Citizen Lab test lists and
category legends) that were read earlier, usually from the store; without them, nothing is
confirmed by fingerprint and targets have no category (the linking rules then fall back to
the test alone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from netfreedom.errors import UnknownCountryError
from netfreedom.evidence.fingerprints import FingerprintMatcher
from netfreedom.evidence.linking import link_item
from netfreedom.evidence.rules import EvidenceRules, load_rules
from netfreedom.model.countries import resolve_country
from netfreedom.model.evidence import AggregateKey, EvidenceItem, ReferenceTable

__all__ = ["EvidenceContext", "Sink", "country_code"]

MAX_PROBLEMS = 1000
"""Problems kept per file (the count goes on past it)."""


@lru_cache(maxsize=4096)
def country_code(name_or_code: str) -> str | None:
    """The ISO alpha-3 code for a code or an English country name as evidence files write
    it (``KZ``, ``Kazakhstan``, ``Iran (Islamic Republic of)``, ``Venezuela, Bolivarian
    Republic of``, ``Swaziland``), or ``None``. ``ZZ`` (OONI's unknown) is ``None``."""
    text = " ".join(name_or_code.split()).replace(" & ", " and ")
    if not text or text.upper() == "ZZ":
        return None
    candidates = [text]
    if "(" in text:
        outer, _, inner = text.partition("(")
        candidates += [outer.strip(), inner.rstrip(")").strip()]
    if "," in text:
        candidates.append(text.split(",", 1)[0].strip())
    if "/" in text:
        parts = [part.strip() for part in text.split("/") if part.strip()]
        if len(parts) > 1:  # 'Bonaire/Sint Eustatius/Saba' is ISO's 'Bonaire, Sint Eustatius and Saba'
            candidates.append(", ".join(parts[:-1]) + " and " + parts[-1])
        candidates += parts
    for candidate in candidates:
        try:
            return resolve_country(candidate).iso3
        except UnknownCountryError:
            continue
    return None


@dataclass
class Sink:
    """Collects, for one file, the aggregate counts (:class:`AggregateKey` -> count), the
    number of measurements or rows ``read``, ``problems`` (one line each, at most
    :data:`MAX_PROBLEMS` kept; ``problem_count`` counts all) and ``notes``."""

    aggregates: Counter[AggregateKey] = field(default_factory=Counter)
    read: int = 0
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)

    def count(self, key: AggregateKey, n: int = 1) -> None:
        """Add ``n`` to the aggregate ``key``."""
        self.aggregates[key] += n

    def problem(self, text: str) -> None:
        """Record one problem (a row or line not read)."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)

    def note(self, text: str) -> None:
        """Record a remark about the file that is not a problem."""
        self.notes.append(text)

    def verdict_counts(self) -> dict[str, int]:
        """Measurements (or rows) counted per verdict."""
        totals: Counter[str] = Counter()
        for key, n in self.aggregates.items():
            totals[key.verdict] += n
        return dict(totals)


class EvidenceContext:
    """Rules, fingerprints and target categories for reading evidence files.

    ``EvidenceContext(references)`` takes the reference tables known so far (fingerprint
    tables, test lists, category legends: :class:`ReferenceTable` with ``file.format`` naming
    the kind); ``rules`` default to the shipped ones.
    """

    def __init__(self, references: Iterable[ReferenceTable] = (), rules: EvidenceRules | None = None) -> None:
        self.rules = rules or load_rules()
        self.false_positives = self.rules.false_positives_by_test()
        self._countries: dict[str, str | None] = {}
        fingerprint_rows: list[dict[str, str]] = []
        self._categories: dict[tuple[str, str], str] = {}
        self._legacy_codes: dict[str, str] = {}
        for table in references:
            if table.file.format.startswith("ooni-fingerprints"):
                fingerprint_rows.extend(table.rows)
            elif table.file.format == "citizenlab-legend":
                for row in table.rows:
                    for old in (row.get("Replaces old code(s)") or "").replace(";", ",").split(","):
                        if old.strip() and row.get("New Code"):
                            self._legacy_codes[old.strip().upper()] = row["New Code"].strip().upper()
        for table in references:
            if table.file.format == "citizenlab-test-list":
                self._add_test_list(table)
        self.matcher = FingerprintMatcher(fingerprint_rows) if fingerprint_rows else None

    def _add_test_list(self, table: ReferenceTable) -> None:
        from netfreedom.evidence.ooni import target_of

        scope = test_list_scope(table.file.name)
        for row in table.rows:
            domain = target_of(row.get("url"))
            code = (row.get("category_code") or "").strip().upper()
            if domain and code:
                self._categories.setdefault((scope, domain), self._legacy_codes.get(code, code))

    @property
    def target_count(self) -> int:
        """Targets with a known category (country lists and the global list)."""
        return len(self._categories)

    def category(self, iso3: str, domain: str) -> str | None:
        """The Citizen Lab category code of ``domain`` tested in ``iso3``: the country's list
        first, then the global list; ``None`` when neither lists it."""
        return self._categories.get((iso3, domain)) or self._categories.get(("global", domain))

    def country(self, code: str) -> str | None:
        """ISO alpha-3 for an alpha-2 probe country or a country name; ``None`` if unknown."""
        found = self._countries.get(code, "")
        if found == "":
            alias = self.rules.country_aliases.get(" ".join(code.split()))
            found = self._countries[code] = alias or country_code(code)
        return found

    def link(self, item: EvidenceItem) -> None:
        """Fill ``item.links`` by the linking rules."""
        link_item(item, self.rules)


def test_list_scope(file_name: str) -> str:
    """Which country a Citizen Lab list is for, from its file name: ``kz.csv`` -> ``KAZ``,
    ``global.csv`` (or any name that is not a country code) -> ``global``."""
    stem = file_name.rsplit("/", 1)[-1].split(".", 1)[0]
    if len(stem) == 2 and stem.isalpha():
        return country_code(stem.upper()) or "global"
    return "global"
