"""The store under interruption and concurrency (SQLite files; PostgreSQL has transactional
DDL and row locks of its own)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from netfreedom.store import Store
from netfreedom.store.engine import open_engine, writer
from netfreedom.store.migrate import current_revision, upgrade

from .shared_data import SAMPLES

SAMPLE_EN = SAMPLES / "exampleland-2023-en.txt"


def test_a_migration_that_fails_half_way_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'half.db'}"
    engine = open_engine(url)
    upgrade(writer(engine), "0002")
    tables_before = set(inspect(create_engine(url)).get_table_names())

    from alembic.operations import Operations

    real_create_index = Operations.create_index
    calls = {"n": 0}

    def failing_create_index(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:  # after the first tables of 0003 were created
            raise KeyboardInterrupt
        return real_create_index(self, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_index", failing_create_index)
    with pytest.raises(KeyboardInterrupt):
        upgrade(writer(engine), "head")
    monkeypatch.undo()
    with engine.connect() as connection:
        assert current_revision(connection) == "0002"
    assert set(inspect(create_engine(url)).get_table_names()) == tables_before
    with Store(url, migrate=True) as store:  # and it opens (and upgrades) cleanly afterwards
        assert store.list_assessments() == []


def test_concurrent_ingests_of_one_report_all_succeed(tmp_path: Path) -> None:
    database = tmp_path / "concurrent.db"
    command = [
        str(Path(sys.executable).with_name("netfreedom")),
        "ingest",
        "--json",
        "--database",
        str(database),
        str(SAMPLE_EN),
    ]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
    assert [code for _, _, code in results] == [0, 0, 0, 0], [err for _, err, _ in results]
    actions = sorted(out.count('"action": "created"') for out, _, _ in results)
    assert actions == [0, 0, 0, 1]
    with Store(f"sqlite:///{database}", migrate=True) as store:
        assert len(store.list_assessments()) == 1
