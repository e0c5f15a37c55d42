"""Synthetic assessments for benchmarks, generated from the methodology.

Scores are random within each indicator's maximum; categories and totals add up; status
follows the methodology's bands; narratives are assembled from a small vocabulary written
for this project (English and Russian), so full-text search has real words to find.
Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime

import pycountry

from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import (
    Assessment,
    CategoryScore,
    Country,
    CoveragePeriod,
    Indicator,
    PreviousEdition,
    Provenance,
    Scale,
)

WORDS = {
    "en": [
        "regulator",
        "providers",
        "blocked",
        "websites",
        "messaging",
        "journalists",
        "arrested",
        "bloggers",
        "surveillance",
        "encryption",
        "shutdown",
        "mobile",
        "networks",
        "broadband",
        "prices",
        "rural",
        "women",
        "courts",
        "prosecutors",
        "platforms",
        "removal",
        "requests",
        "activists",
        "petitions",
        "protests",
        "hackers",
        "attacks",
        "data",
        "retention",
        "licences",
        "ownership",
        "independent",
        "outlets",
        "commentators",
        "campaigns",
        "anonymity",
        "registration",
    ],
    "ru": [
        "регулятор",
        "провайдеры",
        "блокировали",
        "сайты",
        "мессенджеры",
        "журналисты",
        "задержаны",
        "блогеры",
        "слежка",
        "шифрование",
        "отключение",
        "мобильные",
        "сети",
        "тарифы",
        "село",
        "женщины",
        "суды",
        "прокуроры",
        "платформы",
        "удаление",
        "запросы",
        "активисты",
        "петиции",
        "протесты",
        "хакеры",
        "атаки",
        "хранение",
        "данных",
        "лицензии",
        "собственность",
        "независимые",
        "издания",
        "комментаторы",
        "кампании",
        "анонимность",
        "регистрация",
    ],
}


def _paragraph(rng: random.Random, language: str, words: int = 40) -> str:
    vocabulary = WORDS[language]
    chosen = [rng.choice(vocabulary) for _ in range(words)]
    sentences = [" ".join(chosen[i : i + 10]).capitalize() + "." for i in range(0, words, 10)]
    return " ".join(sentences)


def synthetic_assessments(count: int, seed: int = 7, languages: tuple[str, ...] = ("en", "ru")) -> list[Assessment]:
    """``count`` distinct assessments (country × edition × language), deterministic."""
    rng = random.Random(seed)
    methodology = load_methodology()
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_3)
    keys = [(c, e, lang) for c in countries for e in range(2019, 2026) for lang in languages]
    rng.shuffle(keys)
    made: list[Assessment] = []
    for entry, edition, language in keys[:count]:
        indicators = []
        for spec in methodology.indicators:
            score = rng.randint(0, spec.max)
            indicators.append(
                Indicator(
                    id=spec.id,
                    category=methodology.category_of(spec.id).id,
                    max=spec.max,
                    score=score,
                    question=spec.question.get(language, spec.question["en"]),
                    paragraphs=[_paragraph(rng, language) for _ in range(rng.randint(2, 4))],
                )
            )
        categories = {
            c.id: CategoryScore(id=c.id, max=c.max, score=sum(i.score or 0 for i in indicators if i.category == c.id))
            for c in methodology.categories
        }
        total = sum(c.score or 0 for c in categories.values())
        digest = hashlib.sha256(f"{entry.alpha_3}{edition}{language}{seed}".encode()).hexdigest()
        made.append(
            Assessment(
                country=Country(name=entry.name, iso3=entry.alpha_3),
                edition=edition,
                language=language,
                scale=Scale.HIGHER_IS_FREER,
                methodology=methodology.id,
                coverage=CoveragePeriod(start=date(edition - 1, 6, 1), end=date(edition, 5, 31)),
                status=methodology.status_for(total),
                total=total,
                categories=categories,
                previous=PreviousEdition(total=max(0, min(100, total + rng.randint(-3, 3)))),
                overview=[_paragraph(rng, language, 60)],
                key_developments=[_paragraph(rng, language, 20)],
                indicators=indicators,
                provenance=Provenance(
                    file_name=f"synthetic-{entry.alpha_3}-{edition}-{language}.txt",
                    sha256=digest,
                    size_bytes=0,
                    encoding="utf-8",
                    reader="synthetic",
                    reader_version="1",
                    read_at=datetime(2026, 1, 1, tzinfo=UTC),
                ),
            )
        )
    return made
