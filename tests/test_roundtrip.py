"""Round trip: store -> ``export --format json`` -> ``ingest export.json`` into a fresh store
gives back every assessment unchanged, and exporting again gives the same bytes.

The property test draws whole assessments from a strategy built on the model and the
methodologies: scores within each indicator's and category's maximum, narratives in any
script with footnote markers glued on, optional fields left ``None``, provenance or none.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import pycountry
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netfreedom.checks import iter_rules
from netfreedom.checks.sources import SOURCE_RULES
from netfreedom.cli.main import cli
from netfreedom.export import write_json
from netfreedom.ingest import read_assessments_json
from netfreedom.methodology import (
    Methodology,
    Status,
    available_methodologies,
    load_methodology,
)
from netfreedom.model.assessment import (
    Assessment,
    CategoryScore,
    Country,
    CoveragePeriod,
    CrossReference,
    Finding,
    FootnoteMarker,
    Indicator,
    OtherIndexScore,
    PreviousEdition,
    Provenance,
    ScoreChange,
    Severity,
    Sidebar,
)
from netfreedom.model.countries import english_name, localized_name
from netfreedom.services.reports import State, ingest_file
from netfreedom.store import Store

from .shared_data import SAMPLES

METHODOLOGIES = [load_methodology(m) for m in available_methodologies()]
# Findings about other sources are never stored (they are worked out afresh when shown).
RULES = [rule.id for rule in iter_rules() if rule.id not in SOURCE_RULES]

# -- the strategy ---------------------------------------------------------------------------

# Any printable text in any script (no surrogates, no control characters: a report has none).
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Z")), min_size=1, max_size=30)
markers = st.one_of(
    st.just(""),
    st.integers(1, 400).map(str),  # glued: "in June 2024.12"
    st.integers(1, 400).map(lambda n: f"[{n}]"),  # bracketed
    st.integers(1, 99).map(lambda n: f"{n} "),  # stray space before the next word
)
paragraphs = st.builds(
    lambda text, marker, tail: f"{text}.{marker}{tail}", words, markers, st.sampled_from(["", " Next."])
)
optional_status = st.none() | st.sampled_from(list(Status))
moments = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.none() | strategy


@st.composite
def cross_references(draw: st.DrawFn, ids: tuple[str, ...]) -> CrossReference:
    target = draw(st.sampled_from(ids))
    # As typed: sometimes with a Cyrillic look-alike letter (А, В, С).
    written = draw(st.sampled_from([target, target.translate(str.maketrans("ABC", "АВС"))]))
    return CrossReference(target=target, written=written)


@st.composite
def indicators(draw: st.DrawFn, methodology: Methodology) -> list[Indicator]:
    ids = methodology.indicator_ids
    chosen = draw(st.lists(st.sampled_from(methodology.indicators), unique_by=lambda spec: spec.id, max_size=len(ids)))
    result = []
    for spec in sorted(chosen, key=lambda spec: ids.index(spec.id)):
        change = draw(optional(st.builds(
            ScoreChange, from_=st.integers(0, spec.max), to=st.integers(0, spec.max), text=words)))  # fmt: skip
        result.append(Indicator(
            id=spec.id,
            heading=draw(optional(st.sampled_from([spec.id, f"{spec.id} (0-{spec.max})", f"{spec.id} (0–{spec.max} баллов)"]))),
            category=methodology.category_of(spec.id).id,
            max=spec.max,
            score=draw(optional(st.integers(0, spec.max))),
            question=draw(optional(words)),
            paragraphs=draw(st.lists(paragraphs, max_size=3)),
            score_change=change,
            footnotes=draw(st.lists(st.integers(1, 400), max_size=4)),
            cross_references=draw(st.lists(cross_references(ids), max_size=2)),
        ))  # fmt: skip
    return result


@st.composite
def sidebars(draw: st.DrawFn, methodology: Methodology) -> Sidebar:
    controls = draw(st.lists(st.sampled_from([c.id for c in methodology.key_internet_controls]), unique=True))
    return Sidebar(
        key_internet_controls={c: draw(st.booleans()) for c in controls},
        unmapped_controls=draw(st.dictionaries(names, st.booleans(), max_size=2)),
        other_indices=draw(
            st.lists(
                st.builds(
                    OtherIndexScore,
                    name=names,
                    score=optional(st.integers(0, 100)),
                    max=optional(st.just(100)),
                    status=optional_status,
                ),
                max_size=2,
            )
        ),  # fmt: skip
        internet_freedom_score=draw(optional(st.integers(0, 100))),
        freedom_in_the_world_status=draw(optional_status),
    )


provenances = st.builds(
    Provenance,
    file_name=names,
    sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    size_bytes=st.integers(0, 10**9),
    encoding=st.sampled_from(["utf-8", "cp1251", "utf-16", "html/utf-8", "html/cp1251", "pdf"]),
    reader=st.sampled_from(["fh-country-page", "pdf-page-2019", "pdf-book-chapter", "test-reader"]),
    reader_version=st.sampled_from(["1.0", "1.1", "2.0"]),
    read_at=moments,
    inferred=st.lists(st.sampled_from(["edition", "country", "scale", "indicator-ids"]), unique=True),
)


@st.composite
def assessments(draw: st.DrawFn, iso3: str, edition: int, language: str) -> Assessment:
    """One assessment with this store key; everything else drawn."""
    methodology = draw(st.sampled_from(METHODOLOGIES))
    scale = methodology.scale
    read = draw(indicators(methodology))
    locations = ["overview", "key-developments", *methodology.indicator_ids]
    start = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    return Assessment(
        country=Country(name=draw(st.sampled_from([english_name(iso3), localized_name(iso3, "ru")])), iso3=iso3),
        edition=edition,
        language=language,
        scale=scale.direction,
        methodology=methodology.id,
        coverage=draw(
            optional(st.builds(CoveragePeriod, start=st.just(start), end=st.dates(start, date(2041, 12, 31))))
        ),
        status=draw(optional_status),
        total=draw(optional(st.integers(scale.min, scale.max))),
        categories={
            c.id: CategoryScore(id=c.id, score=draw(optional(st.integers(0, c.max))), max=c.max)
            for c in methodology.categories
            if draw(st.booleans())  # a copy may lack some categories
        },
        previous=PreviousEdition(total=draw(optional(st.integers(scale.min, scale.max))), status=draw(optional_status)),
        overview=draw(st.lists(paragraphs, max_size=3)),
        key_developments=draw(st.lists(paragraphs, max_size=3)),
        key_developments_cross_references=draw(st.lists(cross_references(methodology.indicator_ids), max_size=2)),
        indicators=read,
        sidebar=draw(sidebars(methodology)),
        footnote_markers=draw(
            st.lists(
                st.builds(
                    FootnoteMarker,
                    number=st.integers(1, 400),
                    location=st.sampled_from(locations),
                    paragraph=st.integers(0, 5),
                    offset=st.integers(0, 2000),
                ),
                max_size=6,
            )
        ),  # fmt: skip
        provenance=draw(optional(provenances)),
        findings=draw(
            st.lists(
                st.builds(
                    Finding,
                    rule=st.sampled_from(RULES),
                    severity=st.sampled_from(list(Severity)),
                    location=st.sampled_from([*locations, "total", "sidebar", "report"]),
                    message=words,
                ),
                max_size=4,
            )
        ),  # fmt: skip
    )


COUNTRY_CODES = sorted(c.alpha_3 for c in pycountry.countries)  # a JSON import accepts only real countries

keys = st.tuples(
    st.sampled_from(COUNTRY_CODES),
    st.integers(2011, 2035),
    st.sampled_from(["en", "ru", "es", "fr", "zh"]),
)


@st.composite
def batches(draw: st.DrawFn) -> list[Assessment]:
    """One to four assessments with different store keys (iso3, edition, language)."""
    unique_keys = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
    return [draw(assessments(*key)) for key in unique_keys]


def exported(store: Store) -> str:
    stream = io.StringIO()
    write_json(store.all_assessments(), stream)
    return stream.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=batches())
def test_store_export_import_gives_back_every_assessment(batch: list[Assessment]) -> None:
    with Store("sqlite://", migrate=True) as first:
        for assessment in batch:
            first.save(assessment)
        export = exported(first)
    with TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_bytes(export.encode("utf-8"))
        with Store("sqlite://", migrate=True) as second:
            outcomes = ingest_file(path, second)
            assert [o.saved.action for o in outcomes if o.saved] == ["created"] * len(batch)
            for assessment in batch:
                assert second.get(assessment.country.iso3, assessment.edition, assessment.language) == assessment
            again = exported(second)
    assert again.encode("utf-8") == export.encode("utf-8")


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    return CliRunner()


def run(runner: CliRunner, *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    stderr = "".join(line for line in result.stderr.splitlines(True) if not line.startswith("created a new store at "))
    return result.exit_code, result.stdout, stderr


def test_export_ingest_export_is_byte_identical(runner: CliRunner, tmp_path: Path) -> None:
    samples = sorted(SAMPLES.glob("*.txt"))
    assert run(runner, "ingest", *samples, "--database", "first.db")[0] == 0
    assert run(runner, "export", "--format", "json", "-o", "first.json", "--database", "first.db")[0] == 0
    code, out, _ = run(runner, "ingest", "first.json", "--database", "second.db", "--json")
    assert code == 0 and [json.loads(line)["ingest"]["action"] for line in out.splitlines()] == ["created", "created"]
    assert run(runner, "export", "--format", "json", "-o", "second.json", "--database", "second.db")[0] == 0
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()
    with (
        Store(f"sqlite:///{tmp_path / 'first.db'}", migrate=True) as first,
        Store(f"sqlite:///{tmp_path / 'second.db'}", migrate=True) as second,
    ):
        for language in ("en", "ru"):
            original = first.get("XEX", 2023, language)
            assert original is not None and second.get("XEX", 2023, language) == original
    code, out, _ = run(runner, "ingest", "first.json", "--database", "second.db")
    assert code == 0 and "unchanged" in out and "json-import" in out


def test_check_json_lines_are_imported_as_printed(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _, lines, _ = run(
        runner, "check", SAMPLES / "exampleland-2023-en.txt", empty, SAMPLES / "exampleland-2023-ru.txt", "--json"
    )
    (tmp_path / "checked.jsonl").write_text(lines, encoding="utf-8")
    code, out, err = run(runner, "ingest", "checked.jsonl", "--database", "imported.db")
    assert code == 0 and err == ""  # the error line of empty.txt is a record, not an assessment
    code, shown, _ = run(runner, "show", "XEX", "--language", "ru", "--json", "--database", "imported.db")
    assert json.loads(shown) == json.loads(lines.splitlines()[2])
    # ingest --json output (with its "ingest" member) imports too
    _, ingested, _ = run(runner, "ingest", SAMPLES / "exampleland-2023-en.txt", "--json", "--database", "other.db")
    (tmp_path / "ingested.jsonl").write_text(ingested, encoding="utf-8")
    items = read_assessments_json((tmp_path / "ingested.jsonl").read_bytes())
    assert len(items) == 1 and items[0].assessment is not None and items[0].where == "item 1"


def test_bad_elements_fail_alone(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "ingest", SAMPLES / "exampleland-2023-en.txt", "--database", "a.db")[0] == 0
    run(runner, "export", "--format", "json", "-o", "a.json", "--database", "a.db")
    good = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))[0]
    no_edition = {**good, "edition": None, "language": "fr"}
    too_high = {**good, "language": "de", "country": {"name": "X", "iso3": "xex"}}
    (tmp_path / "mixed.json").write_text(json.dumps([no_edition, good, too_high, "text"]), encoding="utf-8")
    code, _, err = run(runner, "ingest", "mixed.json", "--database", "b.db")
    assert code == 2
    assert err.splitlines() == [
        "Error: mixed.json item 1: cannot store XEX ? (fr): edition unknown",
        "Error: mixed.json item 3: not a valid assessment: country.iso3: String should match pattern '^[A-Z]{3}$'",
        "Error: mixed.json item 4: not a JSON object but str",
    ]
    with Store(f"sqlite:///{tmp_path / 'b.db'}", migrate=True) as store:
        assert [s.language for s in store.list_assessments()] == ["en"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"[{]", "the file is not valid JSON (Expecting property name"),
        (b"", "the file is empty"),
        (b'{"country": {"name": "X", "iso3": "XEX"}}\n{oops\n', "line 2 is not valid JSON"),
        (b"[]", "the JSON file holds no assessment"),
    ],
)
def test_broken_json_is_a_one_line_error(runner: CliRunner, tmp_path: Path, content: bytes, words: str) -> None:
    (tmp_path / "broken.json").write_bytes(content)
    code, _, err = run(runner, "ingest", "broken.json")
    assert code == 2 and err.count("\n") == 1 and words in err


def test_json_check_reruns_the_checks(runner: CliRunner, tmp_path: Path) -> None:
    _, line, _ = run(runner, "check", SAMPLES / "exampleland-2023-en.txt", "--json")
    document = json.loads(line)
    document["total"] = 57  # no longer the sum of the categories
    (tmp_path / "edited.json").write_text(json.dumps([document]), encoding="utf-8")
    code, out, _ = run(runner, "check", "edited.json", "--json")
    assert code == 1 and any(f["rule"] == "total-sum" for f in json.loads(out)["findings"])
    with TemporaryDirectory() as folder, Store(f"sqlite:///{Path(folder) / 'x.db'}", migrate=True) as store:
        (outcome,) = ingest_file(tmp_path / "edited.json", store)
        assert outcome.state is State.READ  # ingest stores it as exported, findings included
