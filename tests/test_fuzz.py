"""Fuzzing every reading path (issue 7 item 5): mutated real inputs may give a result or one
of our own errors (``NetfreedomError``), never anything else. Bounded to about 30 s.

The readers are called directly, without the batch guard of ``services.reports`` (which turns
any surprise into a one-line error), so a crash here is a real bug of a reader.
``benchmarks/fuzz.py`` runs the same mutations 100,000 times and counts crashes by kind.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netfreedom.checks import run_checks
from netfreedom.errors import NetfreedomError
from netfreedom.ingest import read_assessments_json, read_report_bytes
from netfreedom.ingest.tables.reader import read_score_table

from .mutations import corpus, mutate

CORPUS = corpus()
TEXTS = [(n, b) for n, b in CORPUS if not n.endswith((".csv", ".json"))]
TABLES = [(n, b) for n, b in CORPUS if n.endswith(".csv")]
FUZZ = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def test_the_corpus_has_every_kind() -> None:
    assert len(TEXTS) >= 10 and TABLES


@settings(FUZZ, max_examples=1500)
@given(which=st.integers(min_value=0), seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_reports_read_or_fail_with_our_errors(which: int, seed: int) -> None:
    name, data = TEXTS[which % len(TEXTS)]
    mutated, _ = mutate(random.Random(seed), data)
    try:
        assessment = read_report_bytes(mutated, file_name=name)
    except NetfreedomError:
        return
    run_checks(assessment)


@FUZZ
@given(seed=st.integers(min_value=0, max_value=2**32), items=st.integers(min_value=1, max_value=3))
def test_mutated_json_exports_import_or_fail_with_our_errors(seed: int, items: int) -> None:
    rng = random.Random(seed)
    name, data = TEXTS[rng.randrange(len(TEXTS))]
    try:
        assessment = read_report_bytes(data, file_name=name)
    except NetfreedomError:
        return
    export = ("[" + ",".join([assessment.model_dump_json()] * items) + "]").encode()
    mutated, _ = mutate(rng, export)
    try:
        read_assessments_json(mutated)
    except NetfreedomError:
        pass


@FUZZ
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_mutated_score_tables_read_or_fail_with_our_errors(seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    rng = random.Random(seed)
    name, data = TABLES[rng.randrange(len(TABLES))]
    mutated, _ = mutate(rng, data)
    path: Path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(mutated)
    try:
        read_score_table(path)
    except NetfreedomError:
        pass
