"""``netfreedom edition`` and ``netfreedom draft``: online edits and the offline round trip
with a three-way merge."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from netfreedom.cli.main import cli
from netfreedom.ingest import read_report

from .shared_data import seed_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _seeded(tmp_path: Path) -> list[str]:
    database = ["--database", str(tmp_path / "nf.db")]
    assert run("ingest", str(seed_path()), *database)[0] in (0, 1)
    for name, role in (("rita", "researcher"), ("oscar", "researcher"), ("victor", "reviewer")):
        assert run("users", "add", name, "--role", role, "--no-password", *database)[0] == 0
    assert run("edition", "open", "2023", *database)[0] == 0
    code, out = run("draft", "new", "KAZ", "2023", "--researcher", "rita", "--reviewer", "victor", *database)
    assert code == 0 and "based on the 2022 report" in out
    return database


def test_set_and_show(tmp_path: Path) -> None:
    database = _seeded(tmp_path)
    code, out = run("draft", "set", "KAZ", "2023", "A3", "--score", "0", "--user", "rita", *database)
    assert code == 0 and "A3: score 0 (last year 1), revision 2" in out
    code, out = run("draft", "set", "KAZ", "2023", "A3", "--score", "7", "--user", "rita", *database)
    assert code == 2 and "outside 0-6" in out
    code, out = run("draft", "set", "KAZ", "2023", "A3", "--score", "0", "--user", "oscar", *database)
    assert code == 2 and "not assigned to oscar" in out
    code, out = run("draft", "show", "KAZ", "2023", "--json", *database)
    shown = json.loads(out)
    assert (shown["state"], shown["revision"], shown["total"]) == ("draft", 2, 31)
    assert shown["categories"]["A"]["score"] == 9
    assert "journal" not in shown["draft"]["indicators"][0]
    assert any(f["rule"] == "score-change" and f["location"] == "A3" for f in shown["findings"])


def test_offline_round_trip_merges_and_lists_conflicts(tmp_path: Path) -> None:
    database = _seeded(tmp_path)
    exported = tmp_path / "kaz-2023.txt"
    assert run("draft", "export", "KAZ", "2023", "-o", str(exported), *database)[0] == 0
    read = read_report(exported)  # our own reader reads the export
    assert (read.country.iso3, read.edition, read.total) == ("KAZ", 2023, 32)
    assert [read.categories[c].score for c in "ABC"] == [10, 11, 11]
    text = exported.read_text(encoding="utf-8")
    assert re.search(r"^netfreedom draft 1 of KAZ 2023, revision 1$", text, re.MULTILINE)

    # Online meanwhile: B1 and A3 change in the store.
    assert run("draft", "set", "KAZ", "2023", "B1", "--score", "2", "--user", "rita", *database)[0] == 0
    assert run("draft", "set", "KAZ", "2023", "A3", "--score", "0", "--user", "rita", *database)[0] == 0
    # Offline: A1 changes (different indicator: merges); A3 changes differently (conflict).
    a1 = re.search(r"^A1 \(0-6\)\n\n.*?\n\n(\d)\n", text, re.MULTILINE | re.DOTALL)
    a3 = re.search(r"^A3 \(0-6\)\n\n.*?\n\n(\d)\n", text, re.MULTILINE | re.DOTALL)
    assert a1 is not None and a3 is not None and a1.group(1) == "5" and a3.group(1) == "1"
    edited = text[: a1.start(1)] + "4\n\nИзменение балла: оценка снизилась с 5 до 4 из-за сбоев." + text[a1.end(1) :]
    shift = len(edited) - len(text)
    edited = edited[: a3.start(1) + shift] + "2" + edited[a3.end(1) + shift :]
    exported.write_text(edited, encoding="utf-8")

    code, out = run("draft", "import", str(exported), "--user", "rita", "--json", *database)
    assert code == 1
    rows = {row["field"]: row for row in json.loads(out)}
    assert rows["A1.score"]["result"] == "applied"
    assert rows["A1.change_note"]["result"] == "applied"
    assert rows["A3.score"] == {"field": "A3.score", "result": "conflict", "file": 2, "store": 0}
    code, out = run("draft", "show", "KAZ", "2023", "--json", *database)
    shown = json.loads(out)
    scores = {i["id"]: i["score"] for i in shown["indicators"]}
    assert (scores["A1"], scores["A3"], scores["B1"]) == (4, 0, 2)  # nothing lost, the conflict not applied
    assert shown["revision"] == 4, rows


def test_import_refuses_a_file_that_is_no_export(tmp_path: Path) -> None:
    database = _seeded(tmp_path)
    code, out = run("draft", "import", str(seed_path()), "--user", "rita", *database)
    assert code == 2 and "not an exported draft" in out
