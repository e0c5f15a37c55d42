"""OONI measurements: raw measurements (one JSON object per file, or JSON Lines), and OONI API
responses (``/api/v1/measurements`` lists, ``/api/v1/measurement_meta``, ``/api/v1/aggregation``),
bare or wrapped in a recorded envelope ``{"status", "contentType", "body": "<JSON text>"}``.

Every function here streams: JSON Lines are parsed one line at a time (orjson), so memory does
not grow with the file. Each measurement gives one aggregate count (country, day, test,
target, verdict) and, when it counts as evidence (confirmed or anomaly), one
:class:`~netfreedom.model.evidence.EvidenceItem`.

Verdicts: a raw measurement is judged here by OONI's published rules
(:mod:`netfreedom.evidence.ooni_verdicts`, basis ``pipeline-rules``); an API row carries the
pipeline's own flags, which are used as they are (basis ``pipeline``). In both cases the
probe's own keys are never taken as the verdict; where they disagree, the item keeps
``probe_verdict`` in its details.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from netfreedom.evidence.context import EvidenceContext, Sink
from netfreedom.evidence.ooni_verdicts import judge
from netfreedom.model.evidence import AggregateKey, EvidenceItem, Verdict, VerdictBasis

__all__ = ["read_ooni_api", "read_ooni_measurements", "target_of"]

MAX_ID_LENGTH = 150
"""Longest measurement id kept as written (longer ones are shortened with a digest)."""

_UID = re.compile(r"^\d{14}\.\d{6}_[A-Z]{2}_[a-z_]+_[0-9a-f]{16}$|^[0-9a-f]{40}$")


@lru_cache(maxsize=65536)
def target_of(url: str | None) -> str:
    """The host an input URL names, lower case, without ``www.`` (``""`` for no URL):
    measurements and test lists join on this, not on the whole URL (trailing slashes and
    schemes differ)."""
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def parse_time(value: Any) -> datetime | None:
    """An OONI time (``2022-01-05 10:00:00`` or ISO 8601 with ``Z``) as an aware UTC
    datetime; ``None`` when missing or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@lru_cache(maxsize=4096)
def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def day_of(stamp: str) -> date | None:
    """The UTC day of an OONI time (its first ten characters), or ``None``."""
    return _day(stamp[:10])


def _measurement_id(msm: dict[str, Any], fallback: str) -> str:
    """OONI's ``measurement_uid`` when the measurement has one; else its report id, input and
    start time (together unique for one probe run), so the same measurement gets the same key
    from whatever file it is read; ``fallback`` only when even those are missing."""
    uid = msm.get("measurement_uid")
    if isinstance(uid, str) and uid:
        return uid
    parts = [str(msm.get(k) or "") for k in ("report_id", "input", "measurement_start_time")]
    if not parts[0]:
        return fallback
    joined = "|".join(parts)
    if len(joined) <= MAX_ID_LENGTH:
        return joined
    # A long input URL: the report id and a digest of the whole, so that the key fits the
    # store's column (160 characters with the "ooni:" prefix) and stays the same every time.
    return f"{parts[0][:100]}|{hashlib.sha256(joined.encode()).hexdigest()[:40]}"


def _item(
    ctx: EvidenceContext,
    *,
    uid: str,
    iso3: str,
    test: str,
    target: str,
    url: str | None,
    verdict: Verdict,
    basis: VerdictBasis,
    start: datetime,
    network: str | None,
    locator: str,
    details: dict[str, Any],
) -> EvidenceItem:
    category = ctx.category(iso3, target) if target else None
    facets = {"source": frozenset({"ooni"}), "test": frozenset({test})}
    if category:
        facets["category"] = frozenset({category.lower()})
    item = EvidenceItem(
        key=f"ooni:{uid}",
        source="ooni",
        kind="measurement",
        iso3=iso3,
        verdict=verdict,
        basis=basis,
        start=start,
        locator=locator,
        test_name=test,
        target=url or target or None,
        network=network,
        category=category,
        facets=facets,
        details=details,
    )
    ctx.link(item)
    return item


def _raw(
    msm: dict[str, Any], ctx: EvidenceContext, sink: Sink, fallback_id: str, locator: str, named: str | None = None
) -> EvidenceItem | None:
    """Judge one raw measurement: count it in ``sink`` and return its item when it counts."""
    cc = msm.get("probe_cc") or ""
    iso3 = ctx.country(cc)
    stamp = msm.get("measurement_start_time")
    day = day_of(stamp) if isinstance(stamp, str) else None
    if iso3 is None or day is None:
        sink.problem(f"{locator}: no known country ({cc or 'none'}) or start time")
        return None
    test = msm.get("test_name") or ""
    url = msm.get("input")
    if not isinstance(url, str):
        url = None
    target = target_of(url)
    judgement = judge(msm, day, ctx.rules, ctx.matcher, ctx.false_positives, named)
    verdict = judgement.verdict
    sink.aggregates[AggregateKey(iso3, day, test, target, verdict)] += 1
    if verdict is not Verdict.CONFIRMED and verdict is not Verdict.ANOMALY:
        return None
    start = parse_time(stamp) or datetime(day.year, day.month, day.day, tzinfo=UTC)
    uid = _measurement_id(msm, fallback_id)
    details: dict[str, Any] = {"score": round(judgement.score, 4), "report_id": msm.get("report_id")}
    if judgement.fingerprints:
        details["fingerprints"] = [fp.summary() for fp in judgement.fingerprints]
    if judgement.blocking_type:
        details["blocking_type"] = judgement.blocking_type
    if judgement.probe_verdict and judgement.probe_verdict != judgement.verdict.value:
        details["probe_verdict"] = judgement.probe_verdict
    details.update({k: v for k, v in judgement.extra.items() if v is not None})
    item = _item(
        ctx,
        uid=uid,
        iso3=iso3,
        test=test,
        target=target,
        url=url,
        verdict=judgement.verdict,
        basis=VerdictBasis.PIPELINE_RULES,
        start=start,
        network=msm.get("probe_asn"),
        locator=locator,
        details=details,
    )
    confirming = [fp for fp in judgement.fingerprints if fp.confirms(cc.upper())]
    if confirming:
        item.scope = confirming[0].scope
    return item


def read_ooni_measurements(path: Path, ctx: EvidenceContext, sink: Sink) -> Iterator[EvidenceItem]:
    """Raw OONI measurements in ``path``: one JSON object (a whole file) or JSON Lines (one
    object a line; blank lines skipped). A line that is not a JSON object is a problem in
    ``sink`` and the rest is read. Yields the items that count as evidence."""
    with path.open("rb") as handle:
        first = handle.readline()
        rest = handle.readline()
        single = not rest.strip()
        if single or not first.strip().startswith(b"{") or not _whole_object(first):
            handle.seek(0)
            data = handle.read()
            try:
                msm = orjson.loads(data)
            except orjson.JSONDecodeError as exc:
                raise ValueError(f"not JSON: {exc}") from exc
            if not isinstance(msm, dict):
                raise ValueError("not an OONI measurement (the JSON is not an object)")
            sink.read += 1
            # OONI names single-measurement files by their uid: it names the measurement in the
            # locator, but the key comes from the measurement itself, so the same measurement
            # read from a JSON Lines file (where no file name tells its uid) is the same item.
            named = path.stem if _UID.match(path.stem) and not msm.get("measurement_uid") else None
            uid = named or _measurement_id(msm, path.name)
            item = _raw(msm, ctx, sink, path.name, f"measurement {uid}", named)
            if item is not None:
                if named:
                    item.details["measurement_uid"] = named
                yield item
            return
        line_number = 0
        for line in _lines(first, rest, handle):
            line_number += 1
            if not line.strip():
                continue
            sink.read += 1
            try:
                msm = orjson.loads(line)
            except orjson.JSONDecodeError:
                sink.problem(f"line {line_number}: not JSON")
                continue
            if not isinstance(msm, dict):
                sink.problem(f"line {line_number}: not a JSON object")
                continue
            item = _raw(msm, ctx, sink, f"{path.name}:{line_number}", f"line {line_number}")
            if item is not None:
                yield item


def _whole_object(line: bytes) -> bool:
    try:
        return isinstance(orjson.loads(line), dict)
    except orjson.JSONDecodeError:
        return False


def _lines(first: bytes, second: bytes, handle: Any) -> Iterator[bytes]:
    yield first
    yield second
    yield from handle


def _decode_body(document: Any) -> Any:
    """The API response inside a recorded envelope, or the document itself."""
    if isinstance(document, dict) and "body" in document and "status" in document:
        body = document["body"]
        return orjson.loads(body) if isinstance(body, (str, bytes)) and body else body
    return document


def read_ooni_api(path: Path, ctx: EvidenceContext, sink: Sink) -> Iterator[EvidenceItem]:
    """An OONI API response in ``path`` (see the module docstring). A ``measurement_meta``
    answer for an unknown measurement (HTTP 200 with an empty body) gives nothing and a note;
    an aggregation without a country axis is counted but not linked (a note says so)."""
    try:
        document = _decode_body(orjson.loads(path.read_bytes()))
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        yield from _api_rows(document["results"], ctx, sink)
    elif isinstance(document, dict) and isinstance(document.get("result"), list):
        _aggregation(document["result"], ctx, sink)
    elif isinstance(document, dict) and document.get("measurement_uid"):
        yield from _api_rows([document], ctx, sink)
    elif isinstance(document, dict) and not document.get("raw_measurement"):
        sink.note("empty answer: the API knows no such measurement")
    else:
        raise ValueError("not an OONI API response (no results, result or measurement_uid)")


def _pipeline_verdict(row: dict[str, Any]) -> Verdict:
    # OONI sets its flags independently; a measurement flagged failed never counts, even if
    # a fingerprint also matched.
    if row.get("failure"):
        return Verdict.FAILURE
    if row.get("confirmed"):
        return Verdict.CONFIRMED
    if row.get("anomaly"):
        return Verdict.ANOMALY
    return Verdict.OK


def _json_field(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return None
    return value


def _api_rows(rows: list[Any], ctx: EvidenceContext, sink: Sink) -> Iterator[EvidenceItem]:
    for row in rows:
        if not isinstance(row, dict):
            continue
        sink.read += 1
        uid = str(row.get("measurement_uid") or row.get("report_id") or "")
        cc = str(row.get("probe_cc") or "")
        iso3 = ctx.country(cc)
        meta_time = parse_time(row.get("measurement_start_time"))
        raw = _json_field(row.get("raw_measurement"))
        raw_time = parse_time(raw.get("measurement_start_time")) if isinstance(raw, dict) else None
        start = raw_time or meta_time
        if iso3 is None or start is None or not uid:
            sink.problem(f"measurement {uid or '?'}: no known country ({cc or 'none'}), start time or id")
            continue
        test = str(row.get("test_name") or "")
        url = row.get("input") or None
        target = target_of(url)
        verdict = _pipeline_verdict(row)
        sink.count(AggregateKey(iso3, start.date(), test, target, verdict.value))
        if verdict not in (Verdict.CONFIRMED, Verdict.ANOMALY):
            continue
        scores = _json_field(row.get("scores")) or {}
        details: dict[str, Any] = {"report_id": row.get("report_id")}
        if isinstance(scores, dict):
            details["score"] = scores.get("blocking_general")
            analysis = scores.get("analysis") or {}
            if isinstance(analysis, dict) and analysis.get("blocking_type"):
                details["blocking_type"] = analysis["blocking_type"]
            if scores.get("fingerprints"):
                details["fingerprints"] = scores["fingerprints"]
        if raw_time and meta_time and raw_time != meta_time:
            details["time_note"] = f"API meta time {meta_time.isoformat()} differs from the raw start time"
        asn = row.get("probe_asn")
        yield _item(
            ctx,
            uid=uid,
            iso3=iso3,
            test=test,
            target=target,
            url=url,
            verdict=verdict,
            basis=VerdictBasis.PIPELINE,
            start=start,
            network=f"AS{asn}" if isinstance(asn, int) else asn,
            locator=f"measurement {uid}",
            details=details,
        )


_COUNT_COLUMNS = {
    "confirmed_count": Verdict.CONFIRMED,
    "anomaly_count": Verdict.ANOMALY,
    "failure_count": Verdict.FAILURE,
    "ok_count": Verdict.OK,
}


def _aggregation(rows: list[Any], ctx: EvidenceContext, sink: Sink) -> None:
    """Counts of an aggregation answer. In OONI's aggregation the four counts add up to
    ``measurement_count``: ``anomaly_count`` leaves out the confirmed ones."""
    without_country = 0
    for row in rows:
        if not isinstance(row, dict):
            continue
        sink.read += 1
        day = parse_time(row.get("measurement_start_day"))
        iso3 = ctx.country(str(row.get("probe_cc") or "")) if row.get("probe_cc") else None
        if day is None:
            sink.problem(f"aggregation row {sink.read}: no measurement_start_day")
            continue
        if iso3 is None:
            without_country += 1
            continue
        test = str(row.get("test_name") or "")
        target = target_of(row.get("input") or row.get("domain"))
        for column, verdict in _COUNT_COLUMNS.items():
            if row.get(column):
                sink.count(AggregateKey(iso3, day.date(), test, target, verdict.value), int(row[column]))
    if without_country:
        sink.note(f"{without_country} aggregation rows have no country axis: read, not stored")
