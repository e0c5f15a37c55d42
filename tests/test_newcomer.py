"""What a newcomer tripped on (issue 7 item 7) and the store that opens without writing (item 2).

Each test runs the real console script in a subprocess where the behaviour depends on the
process (exit codes, pipes, umask, sockets).
"""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from netfreedom.web import create_app

from .shared_data import SAMPLES

SAMPLE_EN = SAMPLES / "exampleland-2023-en.txt"
SCRIPT = Path(sys.executable).parent / "netfreedom"


def netfreedom(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    env.pop("NETFREEDOM_DATABASE_URL", None)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=120, env=env, **kwargs
    )


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A database file holding the sample report (the invented country XEX, 2023)."""
    database = tmp_path / "store.db"
    result = netfreedom("ingest", SAMPLE_EN, "--database", database)
    assert result.returncode in (0, 1), result.stderr
    assert "created a new store at" in result.stderr
    return database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_serve_on_a_busy_port_is_one_line_and_exit_2(stored: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = netfreedom("serve", "--port", port, "--database", stored)
    assert result.returncode == 2
    assert result.stderr == f"Error: port {port} is in use on 127.0.0.1: stop what listens there or pass --port\n"
    assert "serving" not in result.stdout + result.stderr


def test_export_files_follow_the_umask(stored: Path, tmp_path: Path) -> None:
    for mask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        target = tmp_path / f"export-{mask:o}.csv"
        result = netfreedom("export", "-o", target, "--database", stored, preexec_fn=lambda m=mask: os.umask(m))
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_closed_pipe_is_a_normal_end(stored: Path) -> None:
    for args in (("show", "XEX"), ("show", "XEX", "--json"), ("history", "XEX", "2023"), ("rules",)):
        process = subprocess.Popen(
            [str(SCRIPT), *args, "--database", str(stored)] if args[0] != "rules" else [str(SCRIPT), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(20)
        process.stdout.close()  # what `| head -1` does
        assert process.wait(timeout=60) == 0, args
        assert process.stderr.read() == b"", args
        process.stderr.close()


def test_a_country_name_that_is_almost_right(stored: Path) -> None:
    result = netfreedom("show", "Exampleland", "--database", stored)
    assert result.returncode == 0
    near = netfreedom("show", "Examplelnd", "--database", stored)
    assert near.returncode == 0 and "taking 'Examplelnd' as Exampleland (XEX)" in near.stderr
    far = netfreedom("show", "Kazakstn-and-more", "--database", stored)
    assert far.returncode == 2 and far.stderr.count("\n") == 1
    uk = netfreedom("show", "UK", "--database", stored)
    assert uk.returncode == 1 and "GBR" in uk.stderr  # the right country, of which nothing is stored


def test_did_you_mean() -> None:
    from netfreedom.errors import UnknownCountryError
    from netfreedom.model.countries import resolve_country

    assert resolve_country("Kazakstan", fuzzy=True).iso3 == "KAZ"
    assert resolve_country("UK").iso3 == "GBR"
    with pytest.raises(UnknownCountryError, match="did you mean Kazakhstan"):
        resolve_country("Kazakstan")


def test_a_worse_copy_that_is_not_stored_exits_1(stored: Path, tmp_path: Path) -> None:
    worse = tmp_path / "worse-copy.txt"
    worse.write_text(SAMPLE_EN.read_text(encoding="utf-8").replace("\n55\n100\n", "\n57\n100\n"), encoding="utf-8")
    result = netfreedom("ingest", worse, "--database", stored)
    assert result.returncode == 1, result.stderr
    assert "not stored" in result.stderr


def test_history_fits_80_columns_with_human_headings(stored: Path) -> None:
    result = netfreedom("history", "XEX", "2023", "--database", stored)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for heading in ("Rev.", "Stored on", "Field", "Published", "Current", "Source", "Seen on"):
        assert heading in result.stdout


def test_read_only_commands_work_on_a_read_only_database(stored: Path, tmp_path: Path) -> None:
    os.chmod(stored, 0o444)
    before = digest(stored)
    try:
        for args in (
            ("show", "XEX"),
            ("history", "XEX", "2023"),
            ("conflicts",),
            ("export", "--format", "json"),
            ("check", SAMPLE_EN),
        ):
            result = netfreedom(*args, "--database", stored)
            assert result.returncode in (0, 1), (args, result.stderr)
            assert "Error" not in result.stderr, (args, result.stderr)
        app = create_app(f"sqlite:///{stored}", page_cache=False)
        with TestClient(app) as client:
            for path in ("/", "/country/XEX", "/api/v1/countries", "/search?q=internet"):
                assert client.get(path).status_code == 200, path
        app.state.store.close()
        assert digest(stored) == before
    finally:
        os.chmod(stored, 0o644)


def test_opening_never_migrates_and_db_upgrade_does(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    result = netfreedom("show", "XEX", "--database", empty)
    assert result.returncode == 2
    assert "holds no netfreedom store: run `netfreedom db upgrade`" in result.stderr
    assert sqlite3.connect(empty).execute("select count(*) from sqlite_master").fetchone() == (0,)
    upgraded = netfreedom("db", "upgrade", "--database", empty)
    assert upgraded.returncode == 0 and "created a new store" in upgraded.stderr
    again = netfreedom("db", "upgrade", "--database", empty)
    assert again.returncode == 0 and "is at schema" in again.stderr
    tables = {row[0] for row in sqlite3.connect(empty).execute("select name from sqlite_master where type='table'")}
    assert {"assessments", "alembic_version"} <= tables
