"""The edition deduced from a sentence that places a month-dated event in the coverage period
(netfreedom.ingest.parts.coverage_events): right where it speaks, silent where the text does
not make it certain. Fixtures are our own sentences; the real excerpts are read at run time."""

from __future__ import annotations

import pytest

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report_bytes
from netfreedom.ingest.parts.coverage_events import edition_from_coverage_events
from netfreedom.text.dates import editions_covering, month_dates

from .real_excerpts import EXCERPTS, is_negative, load_truth


@pytest.mark.parametrize(
    ("sentence", "edition"),
    [
        ("Online organising grew during the coverage period, peaking with a march in October 2015.", 2016),
        ("During the coverage period, on March 3, 2019, a court jailed a blogger.", 2019),
        ("В течение периода охвата, в октябре 2020 года, власти заблокировали мессенджер.", 2021),
        ("За освещаемый период, в мае 2019 года, суд оштрафовал издание.", 2019),
        ("Durante el período de cobertura, en agosto de 2022, se bloqueó un sitio de noticias.", 2023),
        ("Im Berichtszeitraum wurde im Juli 2017 ein Blogger verhaftet.", 2018),
        ("In the coverage period a portal closed in December 2012, reopening in February 2013.", 2013),
    ],
)
def test_an_event_placed_in_the_coverage_period_gives_the_edition(sentence: str, edition: int) -> None:
    found = edition_from_coverage_events(f"Exampleland\n\n{sentence} The rest of the page follows.")
    assert found is not None and found[0] == edition


@pytest.mark.parametrize(
    "text",
    [
        # a bound, not an event in the period
        "During the coverage period the blocking that began in earnest since October 2015 went on.",
        "During the coverage period, the state of emergency stayed in force until December 2016.",
        "During the coverage period the law, first adopted in July 2014, was applied to bloggers.",
        # a bare year is no month
        "Blocking went on during the coverage period, as it had in 2015.",
        # two editions' windows
        "During the coverage period, in July 2015 and in July 2016, protests were organised online.",
        # a month the text mentions after that edition's year
        "During the coverage period, in October 2015, students organised online. A new bill is due in March 2017.",
        # May 2012 lies in both the 2012 and the 2013 window
        "During the coverage period, in May 2012, a site was blocked.",
        # no sentence names the coverage period
        "In October 2015 students organised online.",
        # the month word and the date are in different sentences
        "Activism grew during the coverage period. In October 2015 students marched.",
    ],
)
def test_no_edition_where_the_text_does_not_make_it_certain(text: str) -> None:
    assert edition_from_coverage_events(text) is None


def test_month_words_in_four_languages_and_their_forms() -> None:
    text = "Oct. 2015; October 5, 2015; octubre de 2015; Oktober 2015; октября 2015; октябре 2015; may 2015"
    assert [(year, month) for _, _, year, month in month_dates(text)] == [(2015, 10)] * 6
    assert editions_covering(2015, 6) == [2016] and editions_covering(2015, 5) == [2015]
    assert editions_covering(2013, 5) == [2014] and editions_covering(2012, 5) == [2012, 2013]
    assert editions_covering(2010, 12) == []


def test_partial_report_says_how_its_edition_was_worked_out() -> None:
    text = (
        "Document #1000001\nFreedom House (Author)\n"
        "Kenya's internet stayed open. Online organising grew during the coverage period, "
        "peaking with a march in October 2016. Kenya's regulator kept its distance.\n"
    )
    assessment = read_report_bytes(text.encode(), file_name="archive-copy.txt")
    assert assessment.edition == 2017 and assessment.partial
    assert str(assessment.scale) == "lower_is_freer"  # an archive copy of a 2016-2018 edition
    assert assessment.provenance is not None and "edition" in assessment.provenance.inferred
    messages = [f.message for f in run_checks(assessment) if f.rule == "reader-note"]
    assert any("2017 is the one edition whose coverage period holds 2016-10" in m for m in messages), messages


def test_the_rule_agrees_with_every_real_excerpt_it_speaks_on() -> None:
    """Over the real excerpts (read at run time), wherever the rule gives an edition it is the
    edition a person read; it must speak at least once (zaf_2016_ecoi prints nothing else)."""
    if not (EXCERPTS / "truth.csv").exists():
        pytest.skip(f"no real excerpts at {EXCERPTS}")
    spoken = 0
    for row in load_truth():
        if is_negative(row):
            continue
        found = edition_from_coverage_events((EXCERPTS / row["file"]).read_text(encoding="utf-8")[:6000])
        if found is not None:
            spoken += 1
            assert str(found[0]) == row["edition"], (row["file"], found)
    assert spoken >= 1


@pytest.mark.parametrize(
    ("edition", "text", "scale"),
    [
        (None, "Exampleland\nA Obstacles to Access | 11 25 |\nB Limits on Content | 11 35 |\n", "higher_is_freer"),
        (None, "A Obstacles to Access | 16 / 25 |\n", "higher_is_freer"),
        (2017, "Exampleland\nA Obstacles to Access 12 25\n", "higher_is_freer"),  # re-published, converted
        (None, "Obstacles to Access:\n14\n(0 = Best, 25 = Worst)\n", "lower_is_freer"),
        (2016, "Document #1000001\nFreedom House (Author)\nProse only.\n", "lower_is_freer"),
        (None, "Document #1000001\nFreedom House (Author)\nProse only.\n", None),
        (None, "Total Score:\n40\n", None),
        (None, "A Subtotal: Obstacles to Access: 9\n", None),
    ],
)
def test_scale_from_the_layout_when_no_sentence_states_it(edition: int | None, text: str, scale: str | None) -> None:
    from netfreedom.ingest.parts.identity import scale_for

    found, reason = scale_for(edition, text)
    assert (None if found is None else str(found)) == scale
    assert reason == ("" if scale is None else "layout")
