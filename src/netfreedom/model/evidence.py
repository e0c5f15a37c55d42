"""Evidence value types: network measurements and shutdown events, linked to editions and
indicators.

These are plain data shared by the reader (:mod:`netfreedom.evidence`), which builds them, and
the store (:mod:`netfreedom.store.evidence`), which keeps them; neither imports the other.

- :class:`Verdict`: what a measurement or an event says, as its owner defines it. OONI's
  verdicts are ``confirmed`` (a blockpage fingerprint matched), ``anomaly`` (blocking score
  above one half), ``failure`` (the measurement failed or is a known false positive), ``ok``
  and ``no_verdict`` (OONI scores nothing for the test). STOP and IODA rows are ``event``.
- :class:`EvidenceItem`: one item worth citing, with its provenance (file, SHA-256, locator).
- :class:`EvidenceLink`: the item bears on ``indicator`` (and a key internet control) of an
  ``edition`` because of the linking rule ``rule``.
- :class:`AggregateKey`: the key of the per-country, day, test, target and verdict counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

__all__ = [
    "COUNTED_VERDICTS",
    "AggregateKey",
    "EvidenceFile",
    "EvidenceItem",
    "EvidenceLink",
    "ReferenceTable",
    "Verdict",
    "VerdictBasis",
]


class Verdict(StrEnum):
    """What one item says (see the module docstring)."""

    CONFIRMED = "confirmed"
    ANOMALY = "anomaly"
    FAILURE = "failure"
    OK = "ok"
    NO_VERDICT = "no_verdict"
    EVENT = "event"


COUNTED_VERDICTS = frozenset({Verdict.CONFIRMED, Verdict.ANOMALY, Verdict.EVENT})
"""Verdicts that count as evidence. A failure, a known false positive (stored as a failure),
an ``ok`` or a missing verdict never does."""


class VerdictBasis(StrEnum):
    """Where a verdict came from.

    ``pipeline``: OONI's own flags (``confirmed``/``anomaly``/``failure``) from an API response;
    ``pipeline-rules``: OONI's published scoring rules applied here to a raw measurement's
    test keys and fingerprint matches (the probe's own keys are kept in the item's details
    as ``probe_verdict`` when they disagree); ``dataset``: the row of a curated event list.
    """

    PIPELINE = "pipeline"
    PIPELINE_RULES = "pipeline-rules"
    DATASET = "dataset"


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """The item bears on ``indicator`` (e.g. ``B1``) of ``edition`` (a year) and, when set,
    on the key internet control ``control`` (a methodology control id); ``rule`` is the id of
    the linking rule that made the link."""

    edition: int
    indicator: str
    control: str | None
    rule: str


@dataclass(slots=True)
class EvidenceItem:
    """One measurement or event worth citing.

    ``key`` is unique across sources (``ooni:<measurement id>``, ``stop:<digest>``,
    ``ioda:<id>``); ``source`` is ``ooni``, ``accessnow-stop`` or ``ioda``; ``kind`` is
    ``measurement`` or ``event``. ``iso3`` is the ISO 3166-1 alpha-3 country. ``test_name``
    is the OONI test (``shutdown`` for events); ``target`` the tested domain or app, or the
    area of an event; ``network`` the probe's ASN (``AS1234``). ``start`` is when it began
    (UTC when the source says so; IODA's times have no stated zone and are kept as given);
    ``end`` when it ended (``None`` for a measurement); ``open`` says an event had not ended
    when recorded. ``scope`` is ``national``/``regional``/... for events, the fingerprint's
    scope for a confirmed measurement. ``cause`` is the event's cause as normalised text.
    ``category`` is the Citizen Lab category code of the target, when known. ``facets`` are
    the lower-case values the linking rules match (see :mod:`netfreedom.evidence.linking`).
    ``details`` holds source-specific facts (fingerprints, probe verdict, counts, raw
    fields). ``locator`` says where in the file the item is (measurement id, or sheet and
    row). ``links`` are filled by the linker.
    """

    key: str
    source: str
    kind: str
    iso3: str
    verdict: Verdict
    basis: VerdictBasis
    start: datetime
    locator: str
    test_name: str | None = None
    target: str | None = None
    network: str | None = None
    end: datetime | None = None
    open: bool = False
    scope: str | None = None
    cause: str | None = None
    category: str | None = None
    facets: dict[str, frozenset[str]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    links: list[EvidenceLink] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """Whether this item counts as evidence (confirmed, anomaly or event)."""
        return self.verdict in COUNTED_VERDICTS

    @property
    def day(self) -> date:
        """The UTC day the item began."""
        return self.start.date()


class AggregateKey(NamedTuple):
    """Key of one aggregate count: country (alpha-3), day, test, target (domain, app or
    ``""``) and verdict."""

    iso3: str
    day: date
    test_name: str
    target: str
    verdict: str


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """Provenance of one evidence file: its name, SHA-256 of its bytes, size in bytes and
    the format it was read as (``ooni-raw``, ``ooni-jsonl``, ``ooni-api``, ``accessnow-stop``,
    ``ioda-outages``, ``ooni-fingerprints-http``, ``ooni-fingerprints-dns``,
    ``citizenlab-test-list``, ``citizenlab-legend``)."""

    name: str
    sha256: str
    size_bytes: int
    format: str


@dataclass(frozen=True, slots=True)
class ReferenceTable:
    """A reference file kept whole (fingerprints, a test list, a category legend): its
    ``rows`` as dicts of column -> text, in file order."""

    file: EvidenceFile
    rows: list[dict[str, str]]
