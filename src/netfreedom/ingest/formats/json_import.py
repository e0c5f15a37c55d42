"""Assessments exported as JSON, read back for a round trip.

Accepted: the JSON array that ``netfreedom export --format json`` writes, a single
assessment object (``netfreedom show --json``), and JSON Lines as ``check --json`` and
``ingest --json`` print them (one assessment per line; the ``ingest`` member that ``ingest
--json`` adds is dropped, and ``{"file": ..., "error": ...}`` lines, which record a file that
could not be read, are skipped). Each element is validated as an
:class:`~netfreedom.model.assessment.Assessment` and kept as it is: provenance, findings and all.

Beyond its shape, an element must make sense (:func:`meaning_problem`): a methodology this
version knows, a real country whose name is that country's, an edition year of the report
series, a language code, and every score within its range. Anything else would be stored and
then shown to every visitor, so it is refused with one line naming the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from netfreedom.errors import MethodologyError, ReadError, UnknownCountryError
from netfreedom.ingest.formats.decode import decode_report
from netfreedom.methodology import load_methodology
from netfreedom.model.assessment import Assessment
from netfreedom.model.countries import english_name, resolve_country

__all__ = ["EDITIONS", "JSON_IMPORT_READER", "ImportedItem", "meaning_problem", "read_assessments_json"]

EDITIONS = range(2009, 2101)
"""Edition years an imported assessment may have (Freedom on the Net began in 2009)."""

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")

JSON_IMPORT_READER = "json-import"
"""The name the batch summaries give to assessments imported from JSON."""

_ERROR_RECORD_KEYS = {"file", "error", "item"}


@dataclass(frozen=True)
class ImportedItem:
    """One element of a JSON file: ``where`` it stands (``item 3`` in an array, ``line 3`` in
    JSON Lines) and either the valid ``assessment`` or a one-line ``error`` (which does not
    repeat ``where``)."""

    where: str
    assessment: Assessment | None = None
    error: str | None = None


def _validate(where: str, value: Any) -> ImportedItem:
    if not isinstance(value, dict):
        return ImportedItem(where, error=f"not a JSON object but {type(value).__name__}")
    value = {k: v for k, v in value.items() if k != "ingest"}
    try:
        assessment = Assessment.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(p) for p in first["loc"]) or "document"
        message = " ".join(str(first["msg"]).split())
        count = exc.error_count()
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        return ImportedItem(where, error=f"not a valid assessment: {location}: {message}{more}")
    if assessment.country is None:
        return ImportedItem(where, error="not a valid assessment: country: no country is given")
    problem = meaning_problem(assessment)
    if problem is not None:
        return ImportedItem(where, error=f"not a valid assessment: {problem}")
    return ImportedItem(where, assessment=assessment)


def _out_of(value: int | None, low: int, high: int) -> bool:
    return value is not None and not low <= value <= high


def meaning_problem(assessment: Assessment) -> str | None:
    """What makes a well-shaped ``assessment`` unfit to store, as ``field: problem``, or
    ``None`` when nothing does.

    Checked: the methodology is known; the ISO code is a country's (ISO 3166-1 or our
    assigned codes) and the name is a name of that country (English or Russian, any case);
    the edition lies in :data:`EDITIONS`; the language is a two- or three-letter code; the
    scale is the methodology's; the total, previous total and sidebar score lie on the
    methodology's scale; every category and indicator is one of the methodology's, with its
    score between 0 and its maximum, which is at most the methodology's.
    """
    try:
        methodology = load_methodology(assessment.methodology)
    except MethodologyError:
        return f"methodology: unknown methodology {assessment.methodology!r}"
    country = assessment.country
    if country is None:
        return "country: no country is given"
    try:
        official = english_name(country.iso3)
    except UnknownCountryError:
        return f"country.iso3: {country.iso3!r} is not the code of a country"
    try:
        named = resolve_country(country.name).iso3
    except UnknownCountryError:
        named = None
    if named != country.iso3.upper():
        return f"country.name: {country.name!r} is not a name of {official} ({country.iso3})"
    if assessment.edition is not None and assessment.edition not in EDITIONS:
        return f"edition: {assessment.edition} is not an edition year ({EDITIONS.start}-{EDITIONS.stop - 1})"
    if not _LANGUAGE_CODE.fullmatch(assessment.language):
        return f"language: {assessment.language!r} is not a language code"
    if assessment.scale != methodology.scale.direction:
        return f"scale: {assessment.scale.value} is not the scale of methodology {methodology.id}"
    low, high = methodology.scale.min, methodology.scale.max
    for name, value in (("total", assessment.total), ("previous.total", assessment.previous.total),
                        ("sidebar.internet_freedom_score", assessment.sidebar.internet_freedom_score)):  # fmt: skip
        if _out_of(value, low, high):
            return f"{name}: {value} is outside {low}-{high}"
    for key, category in assessment.categories.items():
        try:
            spec_max = methodology.category(category.id).max
        except KeyError:
            return f"categories.{key}: {category.id!r} is not a category of {methodology.id}"
        if category.id != key or not 0 < category.max <= spec_max or _out_of(category.score, 0, category.max):
            return f"categories.{key}: score {category.score} of {category.max} is not a valid {category.id} score"
    for number, indicator in enumerate(assessment.indicators):
        try:
            spec = methodology.indicator(indicator.id)
        except KeyError:
            return f"indicators.{number}: {indicator.id!r} is not an indicator of {methodology.id}"
        if not 0 < indicator.max <= high or _out_of(indicator.score, 0, indicator.max):
            return f"indicators.{number}: score {indicator.score} of {indicator.max} is not a valid {spec.id} score"
    return None


def _is_error_record(value: Any) -> bool:
    return isinstance(value, dict) and "error" in value and set(value) <= _ERROR_RECORD_KEYS


def read_assessments_json(data: bytes) -> list[ImportedItem]:
    """Every assessment in a JSON export or JSON Lines file, in file order.

    An element that is not a valid assessment becomes an :class:`ImportedItem` with an
    ``error``; the others are unaffected. Raises :class:`ReadError` (one line) when the file
    is empty, not text, or not JSON at all.
    """
    text = decode_report(data).text
    try:
        document = json.loads(text)
    except RecursionError:
        raise ReadError("the JSON is nested too deeply to be an assessment") from None
    except ValueError as whole_error:
        lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        values = []
        for number, line in lines:
            try:
                values.append((f"line {number}", json.loads(line)))
            except RecursionError:
                raise ReadError(f"line {number} is nested too deeply to be an assessment") from None
            except ValueError as exc:
                if number == lines[0][0]:
                    raise ReadError(f"the file is not valid JSON ({whole_error})") from None
                raise ReadError(f"line {number} is not valid JSON ({exc})") from None
    else:
        if isinstance(document, list):
            values = [(f"item {n}", value) for n, value in enumerate(document, start=1)]
        else:
            values = [("item 1", document)]
    return [_validate(where, value) for where, value in values if not _is_error_record(value)]
