"""Country pages: one report as readers know it, and what changed between two editions.

Routes (every page takes ``?lang=en|ru`` for the interface language):

* ``GET /country/{country}``: the latest stored edition;
* ``GET /country/{country}/{edition}``: that edition; ``?version=ru`` picks the stored body
  language (default: the interface language when stored, else English, else the first);
* ``GET /country/{country}/changes/{from}/{to}``: scores and a redline between two editions.

``country`` is an ISO alpha-3 code in any case or a country name (English or Russian); both
redirect (301) to the upper-case code. Unknown countries, editions and versions are 404
pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from babel.dates import format_date
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from netfreedom.evidence.contradictions import contradictions
from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import Assessment, Finding, preferred_language
from netfreedom.model.countries import UnknownCountryError, resolve_country
from netfreedom.services.evidence import country_evidence
from netfreedom.services.reports import page_findings
from netfreedom.services.translations import published_versions
from netfreedom.store import PageParts, PagePartsLookup, ReportPage, ReportVersion, Store
from netfreedom.web.auth import template_context
from netfreedom.web.context import language_of, render, render_text, store_of
from netfreedom.web.i18n import Translator, translator
from netfreedom.web.pages.scorecard import card_changes_page, scorecard_page
from netfreedom.web.views.charts import history_points, history_svg
from netfreedom.web.views.drawn import DrawnPages, drawn_key
from netfreedom.web.views.evidence import build_evidence_view
from netfreedom.web.views.findings import finding_message, location_label
from netfreedom.web.views.prepared import DRAWN_LEVEL, build_format, build_parts, gzip_page, plain_page, stored_findings
from netfreedom.web.views.redline import compare_editions
from netfreedom.web.views.scorebars import ScoreBar, card_history

router = APIRouter()

_SECTION_ANCHORS = {
    "overview": "overview",
    "key-developments": "key-developments",
    "sidebar": "sidebar",
    "total": "scores",
}


def page_url(path: str, lang: str, **params: object) -> str:
    """``path`` with ``lang`` and the non-empty ``params`` as its query string."""
    query = {"lang": lang, **{k: v for k, v in params.items() if v is not None}}
    return f"{path}?{urlencode(query)}"


@lru_cache(maxsize=256)
def language_name(code: str, language: str) -> str:
    """The name of language ``code`` in ``language`` ("русский", "English"), or the code
    (Babel's locale data, read once per pair)."""
    try:
        name = Locale.parse(code).get_display_name(language)
    except (ValueError, TypeError):
        return code
    return name or code


def choose_version(languages: list[str], wanted: str | None, ui_language: str) -> str:
    """The body language to show among the stored ``languages`` (non-empty).

    ``wanted`` (``?version=``) wins and must be stored, else :class:`HTTPException` 404;
    otherwise the interface language when stored, else English, else the first in order.
    """
    if wanted:
        if wanted in languages:
            return wanted
        words = translator(ui_language)
        raise HTTPException(404, words.gettext("This report is not stored in the language “{code}”.", code=wanted))
    return preferred_language(languages, ui_language)


def _canonical(request: Request, country: str, suffix: str) -> str | RedirectResponse:
    """The ISO alpha-3 code of ``country``, or a redirect to the page under that code;
    :class:`HTTPException` 404 when no country has that name."""
    text = country.strip()
    if len(text) == 3 and text.isascii() and text.isalpha():
        iso3 = text.upper()
    else:
        try:
            iso3 = resolve_country(text).iso3
        except UnknownCountryError:
            words = translator(language_of(request))
            raise HTTPException(404, words.gettext("No country is called “{name}”.", name=text)) from None
    if iso3 == country:
        return iso3
    return _moved(request, f"/country/{iso3}{suffix}")


def _moved(request: Request, path: str) -> RedirectResponse:
    """A permanent redirect (301) to ``path`` keeping the request's query string."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"{path}{query}", status_code=301)


def _edition_number(request: Request, text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        words = translator(language_of(request))
        raise HTTPException(404, words.gettext("“{text}” is not an edition year.", text=text))
    return int(text)


@dataclass(frozen=True)
class FindingRow:
    """A check finding as the editor panel shows it, in the interface language; ``href`` is
    ``None`` when the location has no anchor on the page."""

    rule: str
    severity: str
    location: str
    href: str | None
    message: Markup


def finding_rows(findings: list[Finding], indicator_ids: set[str], words: Translator) -> list[FindingRow]:
    """Findings in stored order, with in-page anchors for their locations
    (indicator ids, ``category:X``, ``overview``, ``key-developments``, ``sidebar``, ``total``)."""
    rows = []
    for finding in findings:
        location = finding.location
        if location in indicator_ids:
            href: str | None = f"#{location}"
        elif location.startswith("category:"):
            href = f"#category-{location.partition(':')[2]}"
        else:
            anchor = _SECTION_ANCHORS.get(location)
            href = f"#{anchor}" if anchor else None
        rows.append(
            FindingRow(
                finding.rule,
                finding.severity.value,
                location_label(location, words),
                href,
                finding_message(finding, words),
            )
        )
    return rows


def _report_page(request: Request, iso3: str, edition: int | None, version: str | None) -> Response:
    """The page of one stored report: its prepared parts (:mod:`netfreedom.web.views.prepared`,
    drawn now when missing or stale) and what changes with other data, read in one transaction
    on every request; the drawing of what was read is kept by those values
    (:mod:`netfreedom.web.views.drawn`) for a visitor who is not signed in."""
    store = store_of(request)
    lang = language_of(request)
    words = translator(lang)
    with store.reading("reading a country page"):
        stored_versions = store.report_versions(iso3)
        editions = sorted({v.edition for v in stored_versions})
        if edition is None and editions:
            edition = editions[-1]
        if edition is None or edition not in editions:  # known from score tables only: its scorecard
            return scorecard_page(request, iso3, edition)
        here = {v.language: v for v in stored_versions if v.edition == edition}
        languages = sorted(here)
        body_language = choose_version(languages, version, lang)
        lookup = store.page_parts(iso3, edition, body_language, f"page-{lang}", build_format())
        report = _StoredReport(store, iso3, edition, body_language)
        prepared = lookup.parts if lookup is not None else None
        if prepared is not None:  # the usual case: everything in this one read transaction
            facts = prepared.facts
            values = _page_values(store, iso3, edition, editions, here, languages, body_language, facts, report, lang)
    if lookup is None:  # deleted since listed
        raise HTTPException(404, words.gettext("This report is no longer stored."))
    parts = prepared or _prepare(request, store, lookup, iso3, edition, body_language, lang)
    if prepared is None:  # drawn (and kept) just now: what changes with other data read after
        with store.reading("reading a country page"):
            facts = parts.facts
            values = _page_values(store, iso3, edition, editions, here, languages, body_language, facts, report, lang)
    gzip = "gzip" in request.headers.get("accept-encoding", "")
    headers = {"Content-Language": lang, "Vary": "Accept-Encoding"}
    if gzip:
        headers["Content-Encoding"] = "gzip"
    anonymous = template_context(request)["user"] is None
    key = drawn_key(
        "country", build_format(), lookup.assessment_id, lookup.revision, lang, request.url.path,
        request.url.query, gzip, values,
    )  # fmt: skip
    pages = _drawn_pages(request)
    body = pages.get(key) if anonymous else None
    if body is None:
        body = _draw(request, parts, values, lookup.revision, gzip)
        if anonymous:
            pages.keep(key, body, len(body))
    return Response(body, media_type="text/html", headers=headers)


def _drawn_pages(request: Request) -> DrawnPages:
    """The app's drawn country pages (made on first use)."""
    pages: DrawnPages | None = getattr(request.app.state, "drawn_country_pages", None)
    if pages is None:
        pages = request.app.state.drawn_country_pages = DrawnPages()
    return pages


def _draw(request: Request, parts: PageParts, values: dict[str, Any], revisions: int, gzip: bool) -> bytes:
    """The page's bytes (gzip member or plain HTML): ``values`` as :func:`_page_values`
    reads them, drawn around the prepared ``parts``."""
    lang = language_of(request)
    words = translator(lang)
    fills = {
        indicator_id: render_text(request, "country_indicator_evidence.html", {"indicator_id": indicator_id, "ev": ev})
        for indicator_id, ev in values["evidence"].indicators.items()
        if indicator_id in parts.slots
    }
    drawn = dict(values)
    drawn.update(
        facts=parts.facts,
        body=Markup(_BODY),
        revisions=revisions,
        chart=history_svg(values["points"], words.gettext, values["labels"]),
        findings=finding_rows(values["findings"], set(parts.facts["indicators"]), words),
    )
    page = render_text(request, "country.html", drawn)
    head, _, tail = page.partition(_BODY)
    if gzip:
        return gzip_page(head, parts, fills, tail, DRAWN_LEVEL)
    return plain_page(head, parts, fills, tail)


_BODY = "\x00report-body\x00"
"""Where the prepared report body goes in the drawn page (cannot occur in drawn text)."""


class _StoredReport:
    """The stored report of a page, read only when something needs it: ``slim()`` without its
    narrative text, ``whole()`` with it (:class:`~netfreedom.store.ReportPage`)."""

    def __init__(self, store: Store, iso3: str, edition: int, language: str) -> None:
        self._store, self._key = store, (iso3, edition, language)
        self._page: ReportPage | None = None
        self._whole: Assessment | None = None

    def _read(self) -> ReportPage:
        if self._page is None:
            page = self._store.report_page(*self._key)
            if page is None:  # deleted since listed
                words = translator(self._key[2])
                raise HTTPException(404, words.gettext("This report is no longer stored."))
            self._page = page
        return self._page

    def slim(self) -> Assessment:
        return self._read().assessment

    def whole(self) -> Assessment:
        if self._whole is None:
            self._whole = self._read().full_assessment()
        return self._whole


def _prepare(
    request: Request, store: Store, lookup: PagePartsLookup, iso3: str, edition: int, language: str, lang: str
) -> PageParts:
    """Draw the report's parts for interface language ``lang`` and keep them in the store
    (kept only when the store can be written and the report was not replaced meanwhile)."""
    stored = store.report_page(iso3, edition, language)
    if stored is None:  # deleted since listed
        raise HTTPException(404, translator(lang).gettext("This report is no longer stored."))
    parts = build_parts(
        stored.assessment,
        stored.narrative,
        lang,
        lambda name, values: render_text(request, name, values),
        translator(lang).gettext,
    )
    if stored.revision == lookup.revision:
        store.keep_page_parts(lookup.assessment_id, lookup.revision, f"page-{lang}", build_format(), parts)
    return parts


def _page_values(
    store: Store,
    iso3: str,
    edition: int,
    editions: list[int],
    here: dict[str, ReportVersion],
    languages: list[str],
    body_language: str,
    facts: dict[str, Any],
    report: _StoredReport,
    lang: str,
) -> dict[str, Any]:
    """What the page shows around the prepared body, read on each request (inside the
    caller's read transaction) as plain data: :func:`_draw` draws it (the chart from
    ``points`` and ``labels``, the editor panel from ``findings``)."""
    words = translator(lang)
    earlier = [e for e in editions if e < edition]
    path = f"/country/{iso3}/{edition}"
    labels = {c.id: c.label.get(lang) or c.label["en"] for c in load_methodology().categories}
    # The chart draws the prepared scorecards of every source (reports, score tables, news
    # values), each point with its source kind; without cards, the documents' scores.
    cards = {c.edition: c for c in store.scorecards(countries=[iso3])}
    points = card_history(cards.values()) or history_points(
        [s for s in store.list_assessments(country=iso3) if s.iso3 == iso3]
    )
    evidence = country_evidence(store, iso3, edition, assessment=report.slim)
    if evidence.events:  # whether A3 mentions a shutdown is read in its text
        evidence.findings = contradictions(report.whole(), evidence.items)
    published = published_versions(store, iso3, edition)
    translated = published.get(body_language)
    own_file = facts["provenance"]["file_name"] if facts["provenance"] else ""
    findings = page_findings(
        store, (iso3, edition, body_language, own_file), stored_findings(facts), report.slim, report.whole
    )
    return {
        "iso3": iso3,
        "evidence": build_evidence_view(evidence),
        "card": cards.get(edition),
        "bars": _report_bars(facts),
        "history_kinds": {e: c.source_kind for e, c in cards.items()},
        "history_missing": {e: c.missing for e, c in cards.items() if c.partial},
        "editions": [
            (e, page_url(f"/country/{iso3}/{e}", lang), e in editions) for e in sorted(set(editions) | set(cards))
        ],
        "edition": edition,
        "versions": [(code, language_name(code, lang), page_url(path, lang, version=code)) for code in languages],
        "version": body_language,
        "version_dates": _version_dates(here, published, words, lang),
        "behind": _part_labels(translated.behind, words) if translated is not None else [],
        "behind_original": language_name(translated.original_language, lang) if translated is not None else None,
        "changes_url": (page_url(f"/country/{iso3}/changes/{earlier[-1]}/{edition}", lang) if earlier else None),
        "earlier_edition": earlier[-1] if earlier else None,
        "points": points,
        "labels": labels,
        "category_ids": sorted(labels),
        "findings": findings + evidence.findings,
    }


def _version_dates(
    versions: dict[str, ReportVersion], published: dict[str, Any], words: Translator, lang: str
) -> dict[str, str]:
    """The labelled date of each stored language version (``versions`` by language), in the
    interface language: "published on this site ..." for a version published from a draft,
    else "stored ..." (when it was read into the store). Neither is the report's own
    publication date, which the label keeps from being taken for it."""
    dates = {}
    for code, stored in versions.items():
        if code in published:
            when = format_date(published[code].published_at.date(), format="medium", locale=lang)
            dates[code] = words.gettext("published on this site {date}", date=when)
        else:
            when = format_date(stored.ingested_at.date(), format="medium", locale=lang)
            dates[code] = words.gettext("stored {date}", date=when)
    return dates


def _part_labels(parts: list[str], words: Translator) -> list[str]:
    """Part ids as a reader knows them: indicator ids as they are, sections by their names."""
    names = {"overview": words.gettext("Overview"), "key_developments": words.gettext("Key developments")}
    return [names.get(p, p) for p in parts]


def _report_bars(facts: dict[str, Any]) -> list[ScoreBar] | None:
    """Category bars of a report on the current scale (``None`` for a legacy report: its
    printed numbers run the other way, so they are shown without bars); ``facts`` as
    :func:`netfreedom.web.views.prepared.page_facts` keeps them."""
    if not facts["current_scale"]:
        return None
    return [ScoreBar(c["id"], f"{c['id']}. {c['label']}", c["score"], c["max"]) for c in facts["categories"]]


@router.get("/country/{country}", response_class=HTMLResponse, summary="A country's latest report")
def country_latest(request: Request, country: str, version: str | None = None) -> Response:
    """The latest stored edition of ``country`` (code or name; redirects to the code)."""
    iso3 = _canonical(request, country, "")
    if isinstance(iso3, RedirectResponse):
        return iso3
    return _report_page(request, iso3, None, version)


@router.get("/country/{country}/changes", response_class=HTMLResponse, summary="Pick two editions to compare")
def country_changes_form(request: Request, country: str, old: str = "", new: str = "") -> Response:
    """Where the changes pages' form of two editions sends a reader (``?old=2016&new=2024``):
    a redirect (303) to ``/country/{iso3}/changes/{old}/{new}``, the earlier edition first.

    400 when either is not a year or both are the same edition; 404 for an unknown country.
    """
    words = translator(language_of(request))
    iso3 = _canonical(request, country, "/changes")
    if isinstance(iso3, RedirectResponse):
        return iso3
    years = [value.strip() for value in (old, new)]
    if not all(y.isascii() and y.isdigit() and len(y) == 4 for y in years):
        raise HTTPException(400, words.gettext("Choose two editions to compare."))
    first, second = sorted(int(y) for y in years)
    if first == second:
        raise HTTPException(400, words.gettext("Choose two different editions to compare."))
    target = page_url(f"/country/{iso3}/changes/{first}/{second}", language_of(request))
    return RedirectResponse(target, status_code=303)


@router.get("/country/{country}/{edition}", response_class=HTMLResponse, summary="A country's report for one edition")
def country_edition(request: Request, country: str, edition: str, version: str | None = None) -> Response:
    """Edition ``edition`` of ``country``; 404 when not stored or not a year."""
    number = _edition_number(request, edition)
    iso3 = _canonical(request, country, f"/{number}")
    if isinstance(iso3, RedirectResponse):
        return iso3
    return _report_page(request, iso3, number, version)


def _pick(store: Store, iso3: str, edition: int, language: str, words: Translator) -> Assessment:
    assessment = store.get(iso3, edition, language)
    if assessment is None:  # deleted since listed
        raise HTTPException(404, words.gettext("This report is no longer stored."))
    return assessment


@router.get(
    "/country/{country}/changes/{old}/{new}",
    response_class=HTMLResponse,
    summary="What changed between two editions",
)
def country_changes(request: Request, country: str, old: str, new: str, version: str | None = None) -> Response:
    """Scores and a paragraph redline between editions ``old`` and ``new`` of ``country``.

    Both reports are shown in one body language when they share one (``?version=``, else
    the interface language, else English, else the first shared); otherwise each in its
    own default and without a redline. 404 when either edition is not stored; editions given
    later one first are redirected (301) to the address with the earlier edition first.
    """
    old_edition, new_edition = _edition_number(request, old), _edition_number(request, new)
    reversed_pair = old_edition > new_edition  # one address per pair: the earlier edition first
    old_edition, new_edition = min(old_edition, new_edition), max(old_edition, new_edition)
    iso3 = _canonical(request, country, f"/changes/{old_edition}/{new_edition}")
    if isinstance(iso3, RedirectResponse):
        return iso3
    if reversed_pair:
        return _moved(request, f"/country/{iso3}/changes/{old_edition}/{new_edition}")
    store = store_of(request)
    lang = language_of(request)
    words = translator(lang)
    summaries = [s for s in store.list_assessments(country=iso3) if s.iso3 == iso3]
    stored = {e: sorted({s.language for s in summaries if s.edition == e}) for e in (old_edition, new_edition)}
    if not all(stored.values()):  # a table-only edition: the scores of both scorecards
        return card_changes_page(request, iso3, old_edition, new_edition)
    shared = sorted(set(stored[old_edition]) & set(stored[new_edition]))
    if shared or version:
        body = choose_version(shared, version, lang)
        before = _pick(store, iso3, old_edition, body, words)
        after = _pick(store, iso3, new_edition, body, words)
    else:
        before = _pick(store, iso3, old_edition, choose_version(stored[old_edition], None, lang), words)
        after = _pick(store, iso3, new_edition, choose_version(stored[new_edition], None, lang), words)
    comparison = compare_editions(before, after, lang)
    values = {
        "iso3": iso3,
        "c": comparison,
        "old_edition": old_edition,
        "new_edition": new_edition,
        "old_url": page_url(f"/country/{iso3}/{old_edition}", lang, version=before.language),
        "new_url": page_url(f"/country/{iso3}/{new_edition}", lang, version=after.language),
        "versions": [
            (code, language_name(code, lang), page_url(request.url.path, lang, version=code)) for code in shared
        ],
        "version": before.language,
        "editions": sorted({c.edition for c in store.scorecards(countries=[iso3])}, reverse=True),
    }
    return render(request, "changes.html", values)
