"""OONI blocking fingerprints (``fingerprints_dns.csv``, ``fingerprints_http.csv`` of
ooni/blocking-fingerprints) and matching them against a raw measurement.

Matching follows what OONI's pipeline does, which is narrower than the CSV's Readme: every
body pattern is a substring test (on bytes when the body is base64, whatever its encoding);
headers are tested only for ``full`` and ``prefix`` patterns, header names case-insensitive;
a DNS answer's ``ipv4``, else ``hostname``, else ``ipv6`` must equal the pattern. A match
confirms blocking when its scope is ``isp`` or ``nat``, or the probe's country is among its
``expected_countries``; scope ``fp`` (a known false positive) never confirms.
Body patterns are searched at once with an Aho-Corasick automaton (pyahocorasick), so the
cost does not grow with the number of fingerprints.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from netfreedom.text.csv_problems import csv_problem, csv_rows

__all__ = ["Fingerprint", "FingerprintMatcher", "read_fingerprint_rows"]

CONFIRMING_SCOPES = frozenset({"isp", "nat"})
FALSE_POSITIVE_SCOPE = "fp"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One fingerprint row: ``name``, ``scope`` (nat, isp, inst, prod, vbw, fp …),
    ``location`` (``dns``, ``body`` or ``header.<name>``), ``pattern_type`` (full, prefix,
    contains, regexp), ``pattern`` and ``expected_countries`` (alpha-2 codes)."""

    name: str
    scope: str
    location: str
    pattern_type: str
    pattern: str
    expected_countries: frozenset[str]

    def confirms(self, probe_cc: str) -> bool:
        """Whether a match of this fingerprint in a measurement from ``probe_cc`` confirms
        blocking (see the module docstring)."""
        if self.scope == FALSE_POSITIVE_SCOPE:
            return False
        return self.scope in CONFIRMING_SCOPES or (probe_cc not in ("", "ZZ") and probe_cc in self.expected_countries)

    def summary(self) -> dict[str, Any]:
        """The fields worth keeping with a matched measurement."""
        return {"name": self.name, "scope": self.scope, "location": self.location}


def read_fingerprint_rows(text: str) -> list[dict[str, str]]:
    """The rows of a fingerprints CSV as dicts (header names stripped); raises
    :class:`ValueError` when the header lacks ``name``, ``location_found`` or ``pattern``."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        names = reader.fieldnames
    except csv.Error as exc:
        raise ValueError(csv_problem(exc, reader.reader.line_num)) from None
    header = {h.strip() for h in names or ()}
    missing = {"name", "scope", "location_found", "pattern_type", "pattern"} - header
    if missing:
        raise ValueError(f"not an OONI fingerprints table (no {', '.join(sorted(missing))} column)")
    return [{(k or "").strip(): (v or "") for k, v in row.items()} for row in csv_rows(reader)]


def _fingerprint(row: dict[str, str]) -> Fingerprint:
    countries = frozenset(c.strip().upper() for c in row.get("expected_countries", "").split(",") if c.strip())
    return Fingerprint(
        name=row["name"].strip(),
        scope=row.get("scope", "").strip(),
        location=row.get("location_found", "").strip().lower(),
        pattern_type=row.get("pattern_type", "").strip().lower(),
        pattern=row.get("pattern", ""),
        expected_countries=countries,
    )


class FingerprintMatcher:
    """Matches raw OONI measurements against a set of fingerprint rows (DNS and HTTP).

    ``FingerprintMatcher(rows)`` takes rows as :func:`read_fingerprint_rows` gives them;
    :attr:`size` is the number of fingerprints kept.
    """

    def __init__(self, rows: Iterable[dict[str, str]]) -> None:
        self._dns: dict[str, list[Fingerprint]] = defaultdict(list)
        self._header_full: dict[str, dict[str, list[Fingerprint]]] = defaultdict(lambda: defaultdict(list))
        self._header_prefix: dict[str, list[Fingerprint]] = defaultdict(list)
        text_automaton = ahocorasick.Automaton()
        byte_automaton = ahocorasick.Automaton()
        body: dict[str, list[Fingerprint]] = defaultdict(list)
        self.size = 0
        for row in rows:
            fp = _fingerprint(row)
            if not fp.pattern:
                continue
            self.size += 1
            if fp.location == "dns":
                self._dns[fp.pattern].append(fp)
            elif fp.location == "body":
                body[fp.pattern].append(fp)
            elif fp.location.startswith("header.") and fp.pattern_type == "full":
                self._header_full[fp.location[7:]][fp.pattern].append(fp)
            elif fp.location.startswith("header.") and fp.pattern_type == "prefix":
                self._header_prefix[fp.location[7:]].append(fp)
        for pattern, fps in body.items():
            text_automaton.add_word(pattern, tuple(fps))
            # Bytes bodies are searched as Latin-1 text: one character per byte, so a
            # UTF-8 pattern matches the same bytes whatever the page's own encoding is.
            byte_automaton.add_word(pattern.encode("utf-8").decode("latin-1"), tuple(fps))
        self._header_names = frozenset(self._header_full) | frozenset(self._header_prefix)
        self._body_text = text_automaton if body else None
        self._body_bytes = byte_automaton if body else None
        if body:
            text_automaton.make_automaton()
            byte_automaton.make_automaton()

    def match(self, test_keys: dict[str, Any]) -> list[Fingerprint]:
        """Every fingerprint found in the DNS answers, HTTP headers and bodies of a
        web_connectivity measurement's ``test_keys``, in the order found (repeats kept out).

        Raises :class:`ValueError` when a base64 body does not decode (the pipeline then
        counts the measurement as failed)."""
        found: dict[str, Fingerprint] = {}
        for query in test_keys.get("queries") or ():
            for answer in (query or {}).get("answers") or ():
                address = answer.get("ipv4") or answer.get("hostname") or answer.get("ipv6")
                for fp in self._dns.get(address or "", ()):
                    found.setdefault(fp.name, fp)
        for request in test_keys.get("requests") or ():
            response = (request or {}).get("response")
            if not response:
                continue
            for fp in self._match_headers(response.get("headers") or {}):
                found.setdefault(fp.name, fp)
            for fp in self._match_body(response.get("body")):
                found.setdefault(fp.name, fp)
        return list(found.values())

    def _match_headers(self, headers: dict[str, Any]) -> Iterable[Fingerprint]:
        if not headers or not isinstance(headers, dict):
            return
        wanted = self._header_names
        lowered = {low: v for k, v in headers.items() if (low := str(k).lower()) in wanted}
        if not lowered:
            return
        for name, patterns in self._header_full.items():
            value = lowered.get(name)
            if isinstance(value, str):
                yield from patterns.get(value, ())
        for name, fps in self._header_prefix.items():
            value = lowered.get(name)
            if isinstance(value, dict) and value.get("format") == "base64":
                value = base64.b64decode(value.get("data") or "").decode("latin-1")
            if isinstance(value, str):
                for fp in fps:
                    if value.startswith(fp.pattern):
                        yield fp

    def _match_body(self, body: Any) -> Iterable[Fingerprint]:
        if body is None or self._body_text is None or self._body_bytes is None:
            return
        if isinstance(body, dict):
            if body.get("format") != "base64":
                return
            try:
                raw = base64.b64decode(body.get("data") or "", validate=False)
            except binascii.Error as exc:
                raise ValueError(f"body is not valid base64: {exc}") from exc
            automaton, text = self._body_bytes, raw.decode("latin-1")
        elif isinstance(body, str):
            automaton, text = self._body_text, body
        else:
            return
        for _end, fps in automaton.iter(text):
            yield from fps
