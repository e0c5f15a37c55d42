"""The narrative's HTML is built when a report is stored, not when its page is drawn.

Saving writes it beside the revision (``narrative_html``); replacing the report rebuilds it;
a row of an older HTML format or revision is rebuilt on first read and written back; a
read-only database file serves a narrative built in memory. Footnote markers link to the
sources list; sources cited by a drafted report are shown as text, never as links.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from netfreedom.model.assessment import Citation, FootnoteMarker
from netfreedom.store import Store
from netfreedom.text.narrative import NARRATIVE_FORMAT, build_narrative
from netfreedom.web import create_app

from .conftest import make_assessment


def _with_markers() -> object:
    assessment = make_assessment(iso3="XEX", edition=2023)
    first = assessment.indicators[0]
    paragraph = "Networks were slowed in the capital.1 Officials denied it.2 Again.1"
    first.paragraphs = [paragraph]
    offsets = [paragraph.index(".1") + 1, paragraph.index(".2") + 1, paragraph.rindex(".1") + 1]
    assessment.footnote_markers = [
        FootnoteMarker(number=number, location=first.id, paragraph=0, offset=offset)
        for number, offset in zip((1, 2, 1), offsets, strict=True)
    ]
    return assessment


def _row(url: str) -> tuple[int, int] | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(text("select revision, format from narrative_html")).first()
        return None if row is None else (row[0], row[1])
    finally:
        engine.dispose()


def test_saving_stores_the_narrative_and_replacing_rebuilds_it(store: Store) -> None:
    assessment = _with_markers()
    store.save(assessment)  # type: ignore[arg-type]
    page = store.report_page("XEX", 2023, "en")
    assert page is not None and page.revision == 1
    assert page.narrative == build_narrative(page.full_assessment())
    assert _row(store.url) == (1, NARRATIVE_FORMAT)
    html = page.narrative["indicators"][page.assessment.indicators[0].id][0][0]
    assert 'id="fnref-1"><a href="#fn-1"' in html and 'id="fnref-1-2"><a href="#fn-1"' in html
    assert page.narrative["footnotes"] == [
        {"number": 1, "location": "A1", "refs": ["fnref-1", "fnref-1-2"]},
        {"number": 2, "location": "A1", "refs": ["fnref-2"]},
    ]
    changed = make_assessment(iso3="XEX", edition=2023, total=40)
    store.save(changed)
    again = store.report_page("XEX", 2023, "en")
    assert again is not None and again.revision == 2
    assert _row(store.url) == (2, NARRATIVE_FORMAT)
    assert again.narrative["footnotes"] == []


def test_a_stale_narrative_is_rebuilt_on_first_read(store: Store) -> None:
    store.save(_with_markers())  # type: ignore[arg-type]
    engine = create_engine(store.url)
    with engine.begin() as connection:
        connection.execute(text("update narrative_html set format = 0, content = '{}'"))
    engine.dispose()
    page = store.report_page("XEX", 2023)
    assert page is not None and page.narrative == build_narrative(page.full_assessment())
    assert _row(store.url) == (1, NARRATIVE_FORMAT)


def test_a_read_only_store_serves_a_narrative_built_in_memory(tmp_path: Path) -> None:
    database = tmp_path / "read-only.db"
    url = f"sqlite:///{database}"
    with Store(url, migrate=True) as writable:
        writable.save(_with_markers())  # type: ignore[arg-type]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("delete from narrative_html"))
    engine.dispose()
    with Store(f"sqlite:///file:{database}?mode=ro&uri=true") as reading:  # the file opened read-only
        page = reading.report_page("XEX", 2023)
        assert page is not None and page.narrative == build_narrative(page.full_assessment())
    assert _row(url) is None  # nothing was written


def test_cited_sources_are_text_not_links(tmp_path: Path) -> None:
    assessment = _with_markers()
    assessment.indicators[0].sources = [  # type: ignore[attr-defined]
        Citation(title="A ministry statement on the slowdown", url="https://ministry.example/statement"),
    ]
    url = f"sqlite:///{tmp_path / 'cited.db'}"
    with Store(url, migrate=True) as store:
        store.save(assessment)  # type: ignore[arg-type]
    with TestClient(create_app(url, page_cache=False)) as client:
        page = client.get("/country/XEX/2023?lang=ru").text
    sources = page[page.index('<section id="sources"') :]
    assert "A ministry statement on the slowdown" in sources
    assert '<span class="url">https://ministry.example/statement</span>' in sources
    assert not re.search(r'href="https?://', page)
    assert '<li id="fn-1" value="1">' in sources and 'href="#fnref-1-2"' in sources
    assert "Источники" in sources


def test_the_page_reads_a_slim_document_and_the_whole_one_on_demand(store: Store) -> None:
    store.save(_with_markers())  # type: ignore[arg-type]
    page = store.report_page("XEX", 2023, "en")
    whole = store.get("XEX", 2023, "en")
    assert page is not None and whole is not None
    assert page.assessment.overview == [] and page.assessment.footnote_markers == []
    assert all(i.paragraphs == [] for i in page.assessment.indicators)
    assert [(i.id, i.score) for i in page.assessment.indicators] == [(i.id, i.score) for i in whole.indicators]
    assert page.assessment.total == whole.total and page.assessment.findings == whole.findings
    assert page.full_assessment() == whole
    assert [(v.edition, v.language) for v in store.report_versions("xex")] == [(2023, "en")]
