"""The edition of a report that does not print it, deduced from the stored series
(netfreedom.model.edition_deduction, netfreedom.services.editions): one test per rule on
series written here, the service at ingest, and the generality check on the real excerpts:
with the printed edition hidden, the deduction gives the right edition or none, never a wrong one.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from netfreedom.methodology import Scale, Status
from netfreedom.model.edition_deduction import PrintedScores, candidate_editions, deduce_edition, weigh_editions
from netfreedom.model.observations import ObservedValue
from netfreedom.model.scoring import current_scale_value

from .real_excerpts import EXCERPTS, SERIES_AS_OF, is_negative, load_series, load_truth, read_excerpt, series_without

CURRENT, LEGACY = Scale.HIGHER_IS_FREER, Scale.LOWER_IS_FREER


def value(
    edition: int, field: str, number: int | str, scale: Scale = CURRENT, note: str | None = None
) -> ObservedValue:
    """One stored value of the invented country XXA."""
    if field == "status":
        status = Status(str(number))
        return ObservedValue(iso3="XXA", edition=edition, field=field, raw_value=str(number),
                             published_scale=scale, status=status, note=note)  # fmt: skip
    assert isinstance(number, int)
    return ObservedValue(iso3="XXA", edition=edition, field=field, raw_value=str(number), published_scale=scale,
                         published_value=number, current_value=current_scale_value(field, number, scale),
                         converted=scale is LEGACY, note=note)  # fmt: skip


def scores(edition: int, total: int, a: int, b: int, c: int, scale: Scale = CURRENT) -> list[ObservedValue]:
    return [value(edition, "total", total, scale), value(edition, "A", a, scale),
            value(edition, "B", b, scale), value(edition, "C", c, scale)]  # fmt: skip


def full_series(skip: tuple[int, ...] = ()) -> list[ObservedValue]:
    """XXA with a distinct stored total and categories for every edition 2016-2026 but ``skip``."""
    out: list[ObservedValue] = []
    for year in range(2016, 2027):
        if year not in skip:
            n = year - 2016
            out += scores(year, 30 + n, 5 + n, 10, 15)
    return out


# -- one test per rule ----------------------------------------------------------------------


def test_candidates_follow_the_methodology_files() -> None:
    assert candidate_editions(LEGACY, 2026) == [2009, *range(2011, 2019)]  # pilot, no 2010, legacy ends 2018
    assert candidate_editions(CURRENT, 2026) == list(range(2016, 2027))  # 2016-2018 republished converted
    assert candidate_editions(CURRENT, 2030)[-1] == 2030


def test_one_edition_left_with_its_scores_is_deduced() -> None:
    printed = PrintedScores(CURRENT, total=33, categories={"A": 8, "B": 10, "C": 15}, last_year_total=32)
    deduction = deduce_edition(printed, full_series(), newest=2026)
    assert deduction is not None and deduction.edition == 2019
    assert deduction.match == "A/B/C 8/10/15"
    assert set(deduction.weighing.ruled_out) == set(range(2016, 2027)) - {2019}
    assert "edition 2019 deduced" in deduction.evidence


def test_a_gap_is_never_ruled_out_by_its_own_values() -> None:
    # 2019 and 2021 are not stored: both could be the report, so nothing is deduced.
    printed = PrintedScores(CURRENT, total=33, categories={"A": 8, "B": 10, "C": 15})
    assert deduce_edition(printed, full_series(skip=(2019, 2021)), newest=2026) is None
    assert weigh_editions(printed, full_series(skip=(2019, 2021)), newest=2026).left == (2019, 2021)


def test_last_year_rules_out_a_gap_and_the_survivor_is_deduced_by_elimination() -> None:
    # 2019 and 2021 not stored; last year's 32 is the stored 2018, not the stored 2020 (34).
    printed = PrintedScores(CURRENT, total=33, categories={"A": 8, "B": 10, "C": 15}, last_year_total=32)
    deduction = deduce_edition(printed, full_series(skip=(2019, 2021)), newest=2026)
    assert deduction is not None and deduction.edition == 2019 and deduction.match is None
    assert (
        deduction.weighing.ruled_out[2021]
        == "last year's printed value disagrees with the stored 2020 total 34, not 32"
    )


def test_a_year_beyond_the_series_stays_possible_until_the_clock_rules_it_out() -> None:
    # The store ends in 2026; on the clock of 2027 an unstored 2027 edition may exist.
    printed = PrintedScores(CURRENT, total=33, categories={"A": 8, "B": 10, "C": 15})
    assert deduce_edition(printed, full_series(), newest=2026) is not None
    assert deduce_edition(printed, full_series(), newest=2027) is None
    # Last year's total against the stored 2026 rules 2027 out again.
    with_last_year = PrintedScores(CURRENT, total=33, categories={"A": 8, "B": 10, "C": 15}, last_year_total=32)
    assert deduce_edition(with_last_year, full_series(), newest=2027).edition == 2019  # type: ignore[union-attr]


def test_one_agreeing_source_keeps_an_edition_in() -> None:
    # Two sources disagree on 2019's total (33 and 36): the report's 33 keeps 2019 possible.
    series = [v for v in full_series() if v.edition != 2019] + [value(2019, "total", 36), value(2019, "total", 33)]
    printed = PrintedScores(CURRENT, total=33, last_year_total=32)
    deduction = deduce_edition(printed, series, newest=2026)
    assert deduction is not None and deduction.edition == 2019
    only_wrong = [v for v in full_series() if v.edition != 2019] + [value(2019, "total", 36)]
    assert weigh_editions(printed, only_wrong, newest=2026).left == ()


def test_legacy_values_are_compared_converted() -> None:
    # A current-scale page printing 4/9/8 is a legacy 21/26/32 (79) edition shown converted.
    series = scores(2016, 79, 21, 26, 32, LEGACY) + [v for v in full_series() if v.edition != 2016]
    printed = PrintedScores(CURRENT, categories={"A": 4, "B": 9, "C": 8})  # total not printed: A+B+C = 21
    deduction = deduce_edition(printed, series, newest=2026)
    assert deduction is not None and deduction.edition == 2016 and deduction.match == "A/B/C 4/9/8"
    # The same values printed on the legacy scale are the same edition.
    legacy_page = PrintedScores(LEGACY, total=79, categories={"A": 21, "B": 26, "C": 32})
    assert weigh_editions(legacy_page, series, newest=2026).left[:1] == (2009,)  # legacy gaps stay possible


def test_status_rules_out() -> None:
    series = [v for v in full_series() if v.edition != 2019] + [value(2019, "status", "partly_free")]
    printed = PrintedScores(CURRENT, total=33, status=Status.NOT_FREE, last_year_total=32)
    assert 2019 in weigh_editions(printed, series, newest=2026).ruled_out


def test_an_inferred_edition_is_no_evidence() -> None:
    series = [v for v in full_series() if v.edition != 2019]
    series += [value(2019, f, n, note="portal copy; edition inferred from the page") for f, n in
               (("total", 33), ("A", 8), ("B", 10), ("C", 15))]  # fmt: skip
    printed = PrintedScores(CURRENT, total=33, categories={"A": 8, "B": 10, "C": 15}, last_year_total=32)
    deduction = deduce_edition(printed, series, newest=2026)
    assert deduction is not None and deduction.match is None  # 2019 only by elimination: its row is not used


def test_nothing_printed_to_compare() -> None:
    weighing = weigh_editions(PrintedScores(CURRENT, status=Status.FREE), full_series(), newest=2026)
    assert not weighing.comparable
    assert deduce_edition(PrintedScores(CURRENT, status=Status.FREE), full_series(), newest=2026) is None


# -- the service at ingest -----------------------------------------------------------------

TABLE = """country,iso3,edition,scale,status,total,A,B,C,source_url,note
{rows}"""


def _table(tmp_path: Path, skip: tuple[int, ...]) -> Path:
    rows = []
    for year in range(2016, datetime.now(UTC).year + 1):  # up to this year: no newer edition can exist
        if year not in skip:
            n = year - 2016
            status = "not_free" if 30 + n < 40 else "partly_free"
            rows.append(f"Belarus,BLR,{year},higher_is_freer,{status},{30 + n},{5 + n},10,15,,")
    path = tmp_path / "series.csv"
    path.write_text(TABLE.format(rows="\n".join(rows)) + "\n", encoding="utf-8")
    return path


REPORT = """Belarus

Not Free
33
100
A Obstacles to Access 8 25
B Limits on Content 10 35
C Violations of User Rights 15 40
Last Year's Score & Status
32 100 Not Free
Scores are based on a scale of 0 (least free) to 100 (most free).

Overview

Belarus kept its networks under tight control, with blocking and arrests of users.
"""


def test_ingest_deduces_the_edition_or_refuses_in_one_line(tmp_path: Path) -> None:
    from netfreedom.cli.main import cli
    from netfreedom.store import Store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    report = tmp_path / "belarus.txt"
    report.write_text(REPORT, encoding="utf-8")
    # Without any series the edition cannot be told: not stored, exit 1, one line.
    refused = runner.invoke(cli, ["ingest", str(report), "--database", url])
    assert refused.exit_code == 1
    assert "not stored: the edition is not printed and cannot be deduced" in refused.output
    # With the series (every edition but 2019 stored) 2019 is deduced and stored with its evidence.
    assert runner.invoke(cli, ["ingest", str(_table(tmp_path, (2019,))), "--database", url]).exit_code in (0, 1)
    stored = runner.invoke(cli, ["ingest", str(report), "--database", url, "--json"])
    assert '"edition": 2019' in stored.output, stored.output
    with Store(url) as store:
        assessment = store.get("BLR", 2019, "en")
    assert assessment is not None and assessment.provenance is not None
    assert "edition" in assessment.provenance.inferred
    deduced = [f.message for f in assessment.findings if f.rule == "edition-deduction"]
    assert len(deduced) == 1 and deduced[0].startswith("edition 2019 deduced from the stored series: the store holds")
    # The same file again: its own stored copy (A/B/C of 2019 now) is no evidence, so nothing changes.
    again = runner.invoke(cli, ["ingest", str(report), "--database", url, "--json"])
    assert '"action": "unchanged"' in again.output, again.output


def test_ingest_names_the_editions_left(tmp_path: Path) -> None:
    from netfreedom.cli.main import cli

    url = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(_table(tmp_path, (2019, 2021))), "--database", url])
    report = tmp_path / "belarus.txt"
    report.write_text(REPORT.replace("32 100 Not Free", "").replace("Last Year's Score & Status\n", ""), "utf-8")
    refused = runner.invoke(cli, ["ingest", str(report), "--database", url])
    assert refused.exit_code == 1
    assert "editions 2019, 2021 all fit the stored series" in refused.output, refused.output


# -- the real excerpts: never a wrong edition -------------------------------------------------


def _truth() -> list[dict[str, str]]:
    if not (EXCERPTS / "truth.csv").exists():
        if os.environ.get("CI"):
            pytest.fail(f"the real excerpts are missing at {EXCERPTS}")
        pytest.skip(f"no real excerpts at {EXCERPTS}")
    return load_truth()


def test_hidden_printed_editions_are_recovered_or_left_unknown(record_property: pytest.RecordProperty) -> None:
    """Every excerpt whose edition the reader reads: deduced from its printed scores alone
    (the edition hidden), against the shared series without the excerpt's own page, the
    answer is that edition or none."""
    from netfreedom.ingest import read_report_bytes
    from netfreedom.services.editions import printed_scores

    series = load_series()
    recovered, tried = [], 0
    for row in _truth():
        if is_negative(row):
            continue
        path = EXCERPTS / row["file"]
        assessment = read_report_bytes(path.read_bytes(), file_name=row["file"])
        if assessment.edition is None or assessment.country is None:
            continue
        printed = printed_scores(assessment)
        if printed is None:
            continue
        tried += 1
        own = series_without(series, assessment.country.iso3, row["url"])
        deduction = deduce_edition(printed, own, newest=SERIES_AS_OF)
        assert deduction is None or deduction.edition == assessment.edition, (row["file"], deduction)
        if deduction is not None:
            recovered.append(row["file"])
        # As a user's store holds it, the page's own rows included: still never wrong.
        whole = [v for v in series if v.iso3 == assessment.country.iso3]
        deduction = deduce_edition(printed, whole, newest=SERIES_AS_OF)
        assert deduction is None or deduction.edition == assessment.edition, (row["file"], "own rows", deduction)
    print(f"\nhidden editions recovered: {len(recovered)} of {tried}: {recovered}")
    record_property("hidden_editions_recovered", f"{len(recovered)}/{tried}")
    assert tried > 70 and recovered  # the check ran over the excerpts and the rule can succeed


def test_unprinted_editions_deduced_are_right() -> None:
    series = load_series()
    deduced = {}
    for row in _truth():
        if is_negative(row):
            continue
        reading = read_excerpt(EXCERPTS / row["file"], series, row["url"])
        if reading.deduced:
            deduced[row["file"]] = reading.values["edition"]
            assert reading.values["edition"] == row["edition"], row["file"]
    assert deduced == {"rus_2021_fhru.txt": "2021"}
