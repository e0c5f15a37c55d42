"""Verdicts of raw OONI measurements, by the rules OONI's pipeline publishes.

OONI's fast path scores a raw measurement per test and flags it: ``confirmed`` when a
blockpage fingerprint matched (web_connectivity), ``failure`` when its accuracy is below one
half (a broken or known-wrong measurement), ``anomaly`` when its blocking score is above one
half, otherwise ``ok``; tests it no longer scores get no verdict. :func:`judge` applies those
rules (source: ooni/backend ``fastpath/core.py`` and its tests) to a raw measurement, and also
says what the probe's own keys claim (``probe_verdict``), which can differ: an Indonesian
redirect to the national blockpage the probe called accessible, a WhatsApp "blocked" the
pipeline scores as fine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from netfreedom.evidence.fingerprints import Fingerprint, FingerprintMatcher
from netfreedom.evidence.rules import EvidenceRules, FalsePositiveRule
from netfreedom.model.evidence import Verdict

__all__ = ["Judgement", "judge"]

ANOMALY_THRESHOLD = 0.5
WEB_BLOCKING_TYPES = frozenset({"tcp_ip", "dns", "http-diff", "http-failure"})


@dataclass
class Judgement:
    """A verdict with its reasons: ``score`` (OONI's general blocking score, can exceed 1),
    ``reason`` (why a measurement failed or is unscored), ``blocking_type`` (web tests),
    ``fingerprints`` matched (confirming or not), ``probe_verdict`` (``ok``/``anomaly``/
    ``None``: what the probe's own keys say) and ``extra`` counts."""

    verdict: Verdict
    score: float = 0.0
    reason: str | None = None
    blocking_type: str | None = None
    fingerprints: list[Fingerprint] = field(default_factory=list)
    probe_verdict: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _failed(reason: str, **extra: Any) -> Judgement:
    return Judgement(Verdict.FAILURE, reason=reason, extra=extra)


def _scored(score: float, **extra: Any) -> Judgement:
    verdict = Verdict.ANOMALY if score > ANOMALY_THRESHOLD else Verdict.OK
    return Judgement(verdict, score=score, extra=extra)


def _unknown_failure(tk: dict[str, Any]) -> bool:
    return any(k.endswith("_failure") and str(v or "").startswith("unknown_failure") for k, v in tk.items())


def _endpoints(tk: dict[str, Any]) -> tuple[int, int]:
    ok = bad = 0
    for entry in tk.get("tcp_connect") or ():
        success = ((entry or {}).get("status") or {}).get("success")
        if success is True:
            ok += 1
        elif success is False:
            bad += 1
    return ok, bad


def _web_connectivity(msm: dict[str, Any], tk: dict[str, Any], matcher: FingerprintMatcher | None) -> Judgement:
    try:
        matches = matcher.match(tk) if matcher else []
    except ValueError as exc:
        return _failed(f"undecodable body: {exc}")
    cc = str(msm.get("probe_cc") or "ZZ").upper()
    confirming = [fp for fp in matches if fp.confirms(cc)]
    blocking = tk.get("blocking")
    probe = "anomaly" if blocking not in (False, None) else ("ok" if blocking is False else None)
    # OONI flags these as failed even when a fingerprint matched (both flags set); a failure
    # never counts as evidence, so they are failures here whatever matched.
    if tk.get("title_match") not in (True, False, None):
        return _failed("title_match has an unexpected value")
    if _unknown_failure(tk):
        return _failed("the probe reported an unknown failure")
    if confirming:
        # A blockpage confirms blocking even where the probe could not say (blocking null).
        return Judgement(
            Verdict.CONFIRMED, score=1.0, blocking_type=blocking or None, fingerprints=matches, probe_verdict=probe
        )
    if blocking is None or (tk.get("accessible", False) is None):
        return _failed("no blocking verdict (control or measurement failed)", probe_verdict=probe)
    if blocking is False:
        return Judgement(Verdict.OK, fingerprints=matches, probe_verdict=probe)
    if blocking in WEB_BLOCKING_TYPES:
        return Judgement(Verdict.ANOMALY, score=1.0, blocking_type=blocking, fingerprints=matches, probe_verdict=probe)
    return _failed(f"unsupported blocking type {blocking!r}")


def _signal(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    if tk.get("failed_operation", True) or tk.get("failure", True):
        return _failed("the Signal test itself failed")
    status = tk.get("signal_backend_status")
    if status == "ok":
        return Judgement(Verdict.OK, probe_verdict="ok")
    if status == "blocked":
        return Judgement(
            Verdict.ANOMALY,
            score=1.0,
            probe_verdict="anomaly",
            extra={"signal_backend_failure": tk.get("signal_backend_failure")},
        )
    return _failed("no Signal backend status")


def _whatsapp(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    probe = "anomaly" if "blocked" in (tk.get("whatsapp_web_status"), tk.get("registration_server_status")) else "ok"
    if _unknown_failure(tk):
        return _failed("the probe reported an unknown failure")
    web = registration = None
    for request in tk.get("requests") or ():
        url = ((request or {}).get("request") or {}).get("url", "")
        if url == "https://web.whatsapp.com/":
            web = request.get("failure", True) in (None, "", False)
        elif url == "https://v.whatsapp.net/v2/register":
            registration = request.get("failure") is None
    if web is None or registration is None:
        return _failed("the WhatsApp web or registration request is missing")
    if not (web and registration):
        return Judgement(Verdict.ANOMALY, score=1.0, probe_verdict=probe)
    ok, bad = _endpoints(tk)
    if not ok and not bad:
        return _failed("no WhatsApp endpoint was tested")
    judgement = _scored(0.0 if ok else 1.0, accessible_endpoints=ok, unreachable_endpoints=bad)
    judgement.probe_verdict = probe
    return judgement


def _telegram(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    ok, bad = _endpoints(tk)
    http_ok = http_bad = 0
    web_failure = None
    for request in tk.get("requests") or ():
        url = ((request or {}).get("request") or {}).get("url")
        if url is None:
            return _failed("a Telegram request has no URL")
        if url in ("https://web.telegram.org/", "http://web.telegram.org/"):
            web_failure = request.get("failure") or web_failure
            continue
        if request.get("failure") is None:
            http_ok += 1
        else:
            http_bad += 1
    score = bad / (ok + bad) if ok + bad else 0.5
    score += http_bad / (http_ok + http_bad) if http_ok + http_bad else 0.5
    if tk.get("telegram_web_status") == "blocked":
        score += 1
    judgement = _scored(score, accessible_endpoints=ok, unreachable_endpoints=bad, web_failure=web_failure)
    judgement.probe_verdict = "anomaly" if tk.get("telegram_web_status") == "blocked" else "ok"
    return judgement


def _facebook_messenger(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    score = 0.5 * sum(
        1
        for k, v in tk.items()
        if k.startswith("facebook_") and k.endswith(("_dns_consistent", "_reachable")) and v is False
    )
    score += 0.5 * sum(1 for k in ("facebook_tcp_blocking", "facebook_dns_blocking") if tk.get(k) is True)
    return _scored(score)


def _vanilla_tor(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    logs = tk.get("tor_logs") or tk.get("tor_log")
    if logs is None:
        return _failed("no Tor log")
    text = str(logs)
    if "Bootstrapped 100%: Done" in text or "Bootstrapped 100% (done): Done" in text:
        return _scored(0.0, tor_progress=100)
    progress = min(100.0, max(0.0, float(tk.get("tor_progress") or 0)))
    return _scored(0.0 if progress == 100 else 1.0 - progress * 0.004, tor_progress=progress)


def _tor(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    targets = tk.get("targets")
    if not isinstance(targets, dict) or not targets:
        return _failed("no Tor targets")
    blocked = success = 0
    for target in targets.values():
        if "failure" not in target:
            return _failed("a Tor target has no failure field")
        failure = target["failure"]
        if failure is None:
            success += 1
        elif failure is not False:
            blocked += 1
    if not blocked + success:
        return _failed("no Tor target ran")
    return _scored(blocked / (blocked + success), blocked_targets=blocked, reachable_targets=success)


def _psiphon(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    if "resolver_ip" not in msm:
        return _failed("no resolver address")
    if tk.get("failure") is None:
        return _failed("no failure and no bootstrap time") if not tk.get("bootstrap_time") else _scored(0.0)
    return _scored(1.0, failure=tk.get("failure"))


def _torsf(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    return _scored(1.0 if tk.get("failure") else 0.0, failure=tk.get("failure"))


def _openvpn(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    success = tk.get("success")
    return _failed("no success flag") if success is None else _scored(0.0 if success else 1.0)


def _stun(msm: dict[str, Any], tk: dict[str, Any]) -> Judgement:
    return _scored(1.0 if tk.get("failure") else 0.0)


_JUDGES: dict[str, Callable[[dict[str, Any], dict[str, Any]], Judgement]] = {
    "signal": _signal,
    "whatsapp": _whatsapp,
    "telegram": _telegram,
    "facebook_messenger": _facebook_messenger,
    "vanilla_tor": _vanilla_tor,
    "tor": _tor,
    "psiphon": _psiphon,
    "torsf": _torsf,
    "openvpn": _openvpn,
    "stunreachability": _stun,
}


MAX_FUTURE_SECONDS = 3600
MAX_AGE_SECONDS = 365 * 24 * 3600
"""OONI's pipeline fails a measurement that started more than an hour after it was received
(its ``measurement_uid`` begins with the receive time) or more than a year before."""


def wrong_date(measurement_uid: str | None, start: str | None) -> str | None:
    """Why the start time of a measurement cannot be trusted, or ``None``: compares
    ``start`` (``YYYY-MM-DD HH:MM:SS``) with the receive time at the head of a
    ``measurement_uid`` (``YYYYMMDDHHMMSS.ffffff_…``), as OONI's pipeline does; ``None`` as
    well when either is missing or unreadable."""
    if not measurement_uid or not start or not measurement_uid.startswith("20") or len(measurement_uid) < 22:
        return None
    try:
        received = datetime.strptime(measurement_uid[:22], "%Y%m%d%H%M%S.%f_")
        started = datetime.strptime(start[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    delta = (received - started).total_seconds()
    if delta < -MAX_FUTURE_SECONDS:
        return "start time in the future of its receipt"
    if delta > MAX_AGE_SECONDS:
        return "start time more than a year before its receipt"
    return None


def judge(
    measurement: dict[str, Any],
    day: date,
    rules: EvidenceRules,
    matcher: FingerprintMatcher | None,
    false_positives: Mapping[str, tuple[FalsePositiveRule, ...]] | None = None,
    measurement_uid: str | None = None,
) -> Judgement:
    """The verdict of one raw OONI ``measurement`` (a parsed JSON object) started on ``day``
    (UTC). ``matcher`` confirms web_connectivity blocking (without one, nothing is
    confirmed). Known false positives (``rules.known_false_positives``) are failures; tests in
    ``rules.unscored_tests`` and tests OONI does not score have no verdict.
    ``false_positives`` is ``rules.false_positives_by_test()``, computed once by a caller that
    judges many measurements. As OONI's pipeline: a measurement from AS0 (no network) and one
    whose start time is not to be trusted (:func:`wrong_date`, with ``measurement_uid`` or the
    measurement's own) are failures."""
    test = str(measurement.get("test_name") or "")
    tk = measurement.get("test_keys")
    if not isinstance(tk, dict):
        return _failed("no test keys")
    if str(measurement.get("probe_asn") or "").upper() == "AS0":
        return _failed("the network is unknown (AS0)")
    uid = measurement_uid or measurement.get("measurement_uid")
    bad_date = wrong_date(uid if isinstance(uid, str) else None, measurement.get("measurement_start_time"))
    if bad_date:
        return _failed(bad_date)
    if false_positives is None:
        false_positives = rules.false_positives_by_test()
    for rule in false_positives.get(test, ()):
        if rule.applies(measurement, day):
            return _failed(f"known false positive ({rule.id})", known_false_positive=rule.id)
    if test in rules.unscored_tests:
        return Judgement(Verdict.NO_VERDICT, reason=f"OONI does not score {test} measurements")
    if test == "web_connectivity":
        return _web_connectivity(measurement, tk, matcher)
    scorer = _JUDGES.get(test)
    if scorer is None:
        return Judgement(
            Verdict.NO_VERDICT, reason=f"no scoring rule for {test or 'a measurement without a test name'}"
        )
    return scorer(measurement, tk)
