"""The edition's dashboard and consistency view read at 80 columns: every line fits, headings
wrap between words, names are cut with an ellipsis instead of folded a letter a line, and
``--csv`` still has every column."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from netfreedom.cli.fit_table import Column, fitted_table, widths
from netfreedom.cli.main import cli
from netfreedom.services import dashboard, drafting, translations
from netfreedom.services.drafting import IndicatorEdit
from netfreedom.store import Store

from .drafting_data import EDITOR, TRANSLATOR, Person, ensure_accounts, import_workbook, ingest_seed

LONG_NAME = "aleksandra.konstantinopolskaya"
COUNTRIES = ["KAZ", "RUS", "UKR", "ARM", "KGZ", "UZB", "BLR", "GEO", "AZE"]


def _edition(store: Store) -> None:
    """Edition 2025 on the FOTN workflow (longer stage labels): nine drafts, one researcher
    with a long account name, KAZ's English translation behind its original."""
    ingest_seed(store)
    import_workbook(store)
    drafting.open_edition(store, 2025, EDITOR, workflow="fotn")
    ensure_accounts(store, LONG_NAME, "rita", "tanya")
    made = {
        iso3: drafting.new_draft(store, iso3, 2025, EDITOR, researcher=LONG_NAME if iso3 == "KAZ" else "rita").id
        for iso3 in COUNTRIES
    }
    started = translations.start_translation(store, made["KAZ"], "en", EDITOR, translator="tanya")
    edit = translations.TranslationEdit(started.revision, text="Access was cut in two regions (our own words).")
    translations.edit_part(store, made["KAZ"], "en", "A3", TRANSLATOR, edit)
    writer = Person(LONG_NAME, frozenset({"researcher"}))
    kaz = drafting.draft_for(store, made["KAZ"], writer)
    drafting.set_indicator(store, made["KAZ"], "A3", writer, IndicatorEdit(kaz.revision, score=0))


def _lines(database_url: str, *args: str) -> list[str]:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, [*args, "--database", database_url])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_dashboard_fits_80_columns(store: Store, database_url: str) -> None:
    _edition(store)
    lines = _lines(database_url, "edition", "dashboard", "2025")
    assert max(len(line) for line in lines) <= 80, "\n".join(lines)
    text = "\n".join(lines)
    for heading in ("country", "stage", "holder", "researcher", "reviewer", "threads", "blocking", "translations"):
        assert heading in text.split(), heading  # whole words, never folded
    rows = [line for line in lines if line[:3] in COUNTRIES]
    assert sorted(line[:3] for line in rows) == sorted(COUNTRIES)  # one line per draft
    kaz = next(line for line in rows if line.startswith("KAZ"))
    assert "Draft" in kaz.split() and "aleksandra" in kaz and "…" in kaz and "en: A3" in kaz
    assert "not shown" not in text  # every table column fits at 80
    # CSV keeps every column
    as_csv = CliRunner().invoke(cli, ["edition", "dashboard", "2025", "--csv", "--database", database_url])
    assert list(csv.DictReader(io.StringIO(as_csv.output)).fieldnames or []) == list(dashboard.COLUMNS)


def test_consistency_fits_80_columns(store: Store, database_url: str) -> None:
    _edition(store)
    lines = _lines(database_url, "edition", "consistency", "2025", "A3")
    assert max(len(line) for line in lines) <= 80, "\n".join(lines)
    assert sorted(line[:3] for line in lines if line[:3] in COUNTRIES) == sorted(COUNTRIES)
    assert {"country", "score", "evidence", "flags"} <= set("\n".join(lines).split())


def test_narrow_terminals_leave_out_the_last_columns() -> None:
    columns = [Column("a", "country", least=7), Column("b", "researcher"), Column("n", "open threads", "number")]
    rows = [{"a": "KAZ", "b": LONG_NAME, "n": 12}]
    assert widths(columns, rows, 80) == [7, len(LONG_NAME), 7]  # room for all: natural widths
    assert widths(columns, rows, 30) == [7, 12, 7]  # the name gives way, down to what fits
    assert widths(columns, rows, 20) is None  # "researcher" (10) + 7 + 7 + gaps cannot fit
    _, shown = fitted_table(columns, rows, width=20)
    assert [c.key for c in shown] == ["a", "b"]
