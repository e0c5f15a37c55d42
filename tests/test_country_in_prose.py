"""The country of a page that lost its title line, from its prose (ingest/parts/identity.py):
Russian names in any of their six cases, and no country when another country's people are
named more often than the one country named. Every text here is written for this test."""

from __future__ import annotations

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report_bytes
from netfreedom.ingest.parts.countries_in_prose import countries_named, demonyms_named
from netfreedom.model.countries import demonyms, russian_case_forms


def _codes(text: str) -> list[str]:
    return [country.iso3 for country in countries_named(text)]


def test_russian_names_are_found_in_every_case() -> None:
    text = (
        "Власти Казахстана ответили. В Кыргызстане тоже. Сотрудничество с Россией, визит в Беларусь, "
        "законы Республики Узбекистан, посольство Соединённых Штатов, провайдеры в Саудовской Аравии, "
        "граница с Китаем, суды Египта, выборы в Молдове."
    )
    assert _codes(text) == ["KAZ", "KGZ", "RUS", "BLR", "UZB", "USA", "SAU", "CHN", "EGY", "MDA"]


def test_case_forms_come_from_the_dictionary_not_a_list() -> None:
    forms = russian_case_forms()
    # a fleeting vowel, a masculine soft sign, a feminine soft sign, an indeclinable name
    assert {forms["египта"], forms["израилем"], forms["беларусью"], forms["перу"]} == {"EGY", "ISR", "BLR", "PER"}
    assert forms["саудовскую аравию"] == "SAU" and forms["объединенных арабских эмиратах"] == "ARE"
    assert len({code for code in forms.values()}) > 200


def test_a_russian_word_that_is_mostly_a_pronoun_names_no_country() -> None:
    # "Того" is Togo's Russian name and, at a sentence's start, the pronoun's genitive.
    assert _codes("Того же года власти усилили контроль. Бенин рядом.") == ["BEN"]
    assert _codes("после того") == []
    assert _codes("Turkey blocked the site; they ate turkey") == ["TUR"]


_SCORES = (
    "Not Free\n27\n100\nA Obstacles to Access 9 25\nB Limits on Content 10 35\n"
    "C Violations of User Rights 8 40\nScores are based on a scale of 0 (least free) to 100 (most free)\n\n"
)


def test_a_russian_page_without_its_title_is_read_from_inflected_prose() -> None:
    body = (
        "Общее описание\n\nСвобода интернета в Казахстане снизилась. Правительство Казахстана продолжило "
        "блокировки, как и власти соседней России.\n"
    )
    assessment = read_report_bytes((_SCORES + body).encode("utf-8"), file_name="page.txt")
    assert assessment.country is not None and assessment.country.iso3 == "KAZ"
    assert "country" in assessment.provenance.inferred
    assert (assessment.total, assessment.categories["A"].score) == (27, 9)


def test_one_country_named_but_another_people_more_often_leaves_the_country_unknown() -> None:
    body = (
        "Key Developments\n\n- Officials said Russians abroad would face new rules.\n"
        "- Coverage of the fighting in Ukraine was restricted.\n- Many Russians used VPNs to reach blocked sites.\n"
    )
    assessment = read_report_bytes((_SCORES + body).encode("utf-8"), file_name="page.txt")
    assert assessment.country is None
    assert any("Russians" in note.message and "Ukraine" in note.message for note in assessment.reader_notes)
    findings = [f for f in run_checks(assessment) if f.rule == "missing-score"]
    assert any("country" in f.message for f in findings)


def test_a_people_named_as_often_as_the_country_does_not_outweigh_it() -> None:
    body = "Overview\n\nInternet freedom in Zambia held steady, though a Chinese firm built the new network.\n"
    assessment = read_report_bytes((_SCORES + body).encode("utf-8"), file_name="page.txt")
    assert assessment.country is not None and assessment.country.iso3 == "ZMB"


def test_demonyms_come_from_country_data() -> None:
    assert demonyms()["russians"] == {"RUS"} and "CHN" in demonyms()["chinese"]
    assert [codes for codes, _ in demonyms_named("two South Koreans and a Kenyan; russian")] == [
        frozenset({"KOR"}),
        frozenset({"KEN"}),
    ]
