"""A published report as a PDF (WeasyPrint): score block, categories, every indicator with
its narrative and footnote numbers, key developments, key internet controls and the sources
cited.

Fonts: the page asks for DejaVu Sans (Latin, Cyrillic and more), which fontconfig finds once
the Debian package ``fonts-dejavu-core`` is installed (``.ci/run`` and the README's setup
install it); nothing is fetched at run time: the HTML has no external resource, and
WeasyPrint is given a URL fetcher that refuses every URL.
"""

from __future__ import annotations

from typing import Any

from netfreedom.model.assessment import Assessment
from netfreedom.web.context import templates
from netfreedom.web.i18n import translator
from netfreedom.web.views.narrative import build_report

__all__ = ["report_pdf"]


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the PDF renderer fetches nothing ({url!r} refused)")


def report_html(assessment: Assessment, language: str, review: dict[str, Any] | None = None) -> str:
    """The HTML the PDF is made from (interface words in ``language``). ``review`` adds a last
    section for the PDF of a draft: ``title``, ``lines`` (stage, people) and ``threads`` (each
    ``{"about", "status", "comments": [{"author", "text"}]}``), every name already as the reader
    may see it."""
    words = translator(language)
    report = build_report(assessment, language)
    if assessment.country is None:  # published reports always name their country
        raise ValueError("a report without a country has no PDF")
    country = words.country(assessment.country.iso3, assessment.country.name)
    sources = [
        {"indicator": indicator.id, **citation.model_dump(mode="json")}
        for indicator in assessment.indicators
        for citation in indicator.sources
    ]
    template = templates().env.get_template("report_pdf.html")
    return template.render(
        r=report,
        country=country,
        title=f"{country} {assessment.edition}",
        footnotes={i.id: i.footnotes for i in assessment.indicators},
        sources=sources,
        yes=words.gettext("Yes"),
        no=words.gettext("No"),
        label_edition=words.gettext("Edition"),
        label_last_year=words.gettext("Last year"),
        label_overview=words.gettext("Overview"),
        label_key_developments=words.gettext("Key developments"),
        label_controls=words.gettext("Key internet controls"),
        label_footnotes=words.gettext("Footnotes"),
        label_sources=words.gettext("Sources"),
        label_archived=words.gettext("archived copy"),
        review=review,
        person=words.person,
    )


def report_pdf(assessment: Assessment, language: str, review: dict[str, Any] | None = None) -> bytes:
    """The report as PDF bytes (A4), with the ``review`` section of :func:`report_html` when
    given. Raises ``ImportError`` when WeasyPrint or its system libraries (Pango) are missing."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(assessment, language, review), url_fetcher=_no_fetching).write_pdf()
    return pdf
