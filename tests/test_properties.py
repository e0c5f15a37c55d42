"""Property tests (hypothesis): the reader never crashes, and the sum rules catch any
single changed score."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netfreedom.checks import run_checks
from netfreedom.ingest import ReadError, read_report_bytes
from netfreedom.methodology import load_methodology

from .shared_data import SAMPLES, SEED

METHODOLOGY = load_methodology()


@cache
def texts() -> tuple[str, ...]:
    found = [(SAMPLES / n).read_text(encoding="utf-8") for n in ("exampleland-2023-en.txt", "exampleland-2023-ru.txt")]
    if SEED.exists():
        found.append(SEED.read_text(encoding="utf-8"))
    return tuple(found)


edit = st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=400), st.text(max_size=30))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(min_value=0), edits=st.lists(edit, max_size=6), cut=st.floats(0, 1))
def test_random_edits_and_truncations_never_crash(which: int, edits: list[tuple[int, int, str]], cut: float) -> None:
    text = texts()[which % len(texts())]
    for position, length, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + length :]
    text = text[: int(len(text) * cut)]
    try:
        assessment = read_report_bytes(text.encode("utf-8"), file_name="fuzzed.txt")
    except ReadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    run_checks(assessment)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_single_changed_indicator_score_is_caught(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(texts()))
    spec = data.draw(st.sampled_from(METHODOLOGY.indicators))
    header = re.search(rf"^{spec.id}[\u00a0 ]*\(.*$", text, re.M)
    assert header is not None
    score_line = re.compile(r"^(\d{1,2})$", re.M).search(text, header.end())
    assert score_line is not None
    old = int(score_line.group(1))
    new = data.draw(st.integers(min_value=0, max_value=spec.max + 3).filter(lambda v: v != old))
    edited = text[: score_line.start()] + str(new) + text[score_line.end() :]
    findings = run_checks(read_report_bytes(edited.encode("utf-8"), file_name="edited.txt"))
    category = METHODOLOGY.category_of(spec.id).id
    assert any(f.rule == "category-sum" and f.location == f"category:{category}" for f in findings)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_single_changed_category_or_total_is_caught(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(texts()))
    lines = text.split("\n")
    category_lines = [i for i, line in enumerate(lines[:20]) if re.match(r"^[ABC] \D+ \d+ \d+$", line)]
    total_line = next(i for i, line in enumerate(lines[:10]) if re.fullmatch(r"\d+", line) and line != "100")
    index = data.draw(st.sampled_from([*category_lines, total_line]))
    delta = data.draw(st.integers(min_value=-5, max_value=5).filter(lambda v: v != 0))
    if index == total_line:
        lines[index] = str(
            max(0, int(lines[index]) + delta) if int(lines[index]) + delta >= 0 else int(lines[index]) + 1
        )
    else:
        head, score, maximum = lines[index].rsplit(" ", 2)
        value = int(score) + delta
        lines[index] = f"{head} {value if value >= 0 else int(score) + 1} {maximum}"
    findings = run_checks(read_report_bytes("\n".join(lines).encode("utf-8"), file_name="edited.txt"))
    assert any(f.rule in {"category-sum", "total-sum"} for f in findings)
