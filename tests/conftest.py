"""Shared test helpers.

``make_assessment(...)`` builds a valid :class:`Assessment` on the current methodology
(import it with ``from .conftest import make_assessment``); the ``database_url`` and ``store``
fixtures give a fresh database per test. The database fixtures (``database_url``,
``seeded_database_url`` and what uses them: ``store``, ``client``) run once on SQLite and, when
``NETFREEDOM_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts one), once more on
PostgreSQL: see ``tests/postgres.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.assessment import (
    Assessment,
    CategoryScore,
    Country,
    CoveragePeriod,
    Finding,
    Indicator,
    PreviousEdition,
    Provenance,
    Scale,
    Sidebar,
)
from netfreedom.model.countries import UnknownCountryError, localized_name
from netfreedom.store import Store

from . import postgres

READ_AT = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
"""Default ``provenance.read_at`` of :func:`make_assessment`."""


def _spread(total: int, maxima: list[int]) -> list[int]:
    """Split ``total`` over slots with these maxima, in proportion (largest remainder)."""
    whole = sum(maxima)
    exact = [total * m / whole for m in maxima]
    scores = [int(x) for x in exact]
    by_remainder = sorted(range(len(maxima)), key=lambda i: (-(exact[i] - scores[i]), i))
    for i in by_remainder[: total - sum(scores)]:
        scores[i] += 1
    return scores


def make_assessment(
    *,
    iso3: str = "KAZ",
    edition: int | None = 2022,
    total: int = 32,
    language: str = "en",
    country_name: str | None = None,
    previous_total: int | None = None,
    findings: Iterable[Finding] = (),
    sha256: str | None = None,
    reader_version: str = "1.0",
    read_at: datetime = READ_AT,
) -> Assessment:
    """A valid assessment on the current (fotn-2019) methodology.

    ``total`` (0..100) is spread over the 21 indicators in proportion to their maxima; the
    category scores are the sums of their indicators, and the status is the band of the
    total. ``edition=None`` gives an assessment without edition or coverage. ``sha256``
    defaults to a hash of the arguments that change the content, so a different ``total``
    also gives a different source hash.
    """
    methodology = load_methodology(CURRENT)
    if country_name is None:
        try:
            country_name = localized_name(iso3, "en")
        except UnknownCountryError:
            country_name = iso3
    specs = methodology.indicators
    scores = _spread(total, [spec.max for spec in specs])
    indicators = [
        Indicator(
            id=spec.id,
            category=methodology.category_of(spec.id).id,
            max=spec.max,
            score=score,
            question=spec.question.get(language, spec.question["en"]),
            paragraphs=[f"{spec.topic['en']} in {country_name}: {score} of {spec.max}."],
        )
        for spec, score in zip(specs, scores, strict=True)
    ]
    categories = {
        c.id: CategoryScore(
            id=c.id,
            max=c.max,
            score=sum(i.score or 0 for i in indicators if i.category == c.id),
        )
        for c in methodology.categories
    }
    previous = PreviousEdition()
    if previous_total is not None:
        previous = PreviousEdition(total=previous_total, status=methodology.status_for(previous_total))
    if sha256 is None:
        seed = f"{iso3}|{edition}|{language}|{total}|{previous_total}|{country_name}"
        sha256 = hashlib.sha256(seed.encode()).hexdigest()
    coverage = None
    if edition is not None:
        coverage = CoveragePeriod(start=date(edition - 1, 6, 1), end=date(edition, 5, 31))
    return Assessment(
        country=Country(name=country_name, iso3=iso3),
        edition=edition,
        language=language,
        scale=Scale.HIGHER_IS_FREER,
        methodology=methodology.id,
        coverage=coverage,
        status=methodology.status_for(total),
        total=total,
        categories=categories,
        previous=previous,
        overview=[f"Internet freedom in {country_name}, edition {edition}."],
        key_developments=["A synthetic key development."],
        indicators=indicators,
        sidebar=Sidebar(internet_freedom_score=total),
        provenance=Provenance(
            file_name=f"{iso3.lower()}-{edition}-{language}.txt",
            sha256=sha256,
            size_bytes=4096,
            encoding="utf-8",
            reader="test-reader",
            reader_version=reader_version,
            read_at=read_at,
        ),
        findings=list(findings),
    )


@pytest.fixture(params=postgres.backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a new, empty database: a SQLite file in the test's temporary folder, or (the
    ``postgresql`` variant) a database created on the test server and dropped after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'netfreedom.db'}"
        return
    with postgres.fresh_database() as url:
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An open :class:`Store` on ``database_url``, closed after the test."""
    with Store(database_url, migrate=True) as opened:
        yield opened


# -- web ------------------------------------------------------------------------------------

SAMPLE_REPORTS = Path(__file__).resolve().parents[1] / "src" / "netfreedom" / "samples"


@pytest.fixture(scope="session", params=postgres.backends())
def seeded_database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store (SQLite file, or a PostgreSQL database in the ``postgresql`` variant) holding
    the seed report (when ../shared is present) and both sample reports (Exampleland 2023,
    English and Russian), ingested through the real pipeline. Session-scoped: tests must not
    write to it."""
    from netfreedom.services.reports import ingest_report

    from .shared_data import SEED

    def seed(url: str) -> str:
        with Store(url, migrate=True) as opened:
            for path in [SEED, *sorted(SAMPLE_REPORTS.glob("*.txt"))]:
                if path.exists():
                    ingest_report(path, opened)
        return url

    if request.param == "sqlite":
        yield seed(f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'netfreedom.db'}")
        return
    with postgres.fresh_database("netfreedom_seeded") as url:
        yield seed(url)


@pytest.fixture(scope="session")
def client(seeded_database_url: str) -> Iterator[object]:
    """A Starlette TestClient over the app on :func:`seeded_database_url`."""
    from fastapi.testclient import TestClient

    from netfreedom.web import create_app

    with TestClient(create_app(seeded_database_url)) as test_client:
        yield test_client


# -- accounts ---------------------------------------------------------------------------------

from .accounts_site import accounts_site  # noqa: E402,F401  (fixture: a site with one account per role)
