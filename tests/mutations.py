"""Seeded mutations of real inputs for fuzzing: shared by tests/test_fuzz.py and
benchmarks/fuzz.py. Every function is deterministic given its ``random.Random``."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def corpus() -> list[tuple[str, bytes]]:
    """(name, bytes) of the inputs mutated: the shipped samples, the layout fixtures, the
    dataset fixtures and, when ../shared is there, the seed and the real excerpts (read at
    run time, never copied)."""
    found: list[tuple[str, bytes]] = []
    for folder in (REPO / "src" / "netfreedom" / "samples", REPO / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".txt", ".html", ".csv", ".json"} and path.stat().st_size < 2_000_000:
                found.append((path.name, path.read_bytes()))
    shared = REPO.parent / "shared"
    for path in sorted([*shared.glob("seeds/*.txt"), *shared.glob("real/excerpts/*")]):
        if path.is_file() and path.stat().st_size < 2_000_000:
            found.append((path.name, path.read_bytes()))
    return found


def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return b"\x00"
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    return data[:j] + data[i:j] * rng.randint(1, 4) + data[j:]


def _delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 5)):
        if lines:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def _shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    chunk = lines[i : i + rng.randint(2, 30)]
    rng.shuffle(chunk)
    return b"\n".join(lines[:i] + chunk + lines[i + len(chunk) :])


def _insert_junk(rng: random.Random, data: bytes) -> bytes:
    junk = rng.choice(
        [b"[" * 200, b"{" * 200, b"<div>" * 100, b"\xff\xfe", b"\x00" * 10, b"A1 (0-6)\n7\n", b"999999999999",
         b"\r", "\u202e".encode(), "Не свободна".encode(), b"=cmd|' /C calc'!A0", b"1.00-6.00 pts0-6 pts"]
    )  # fmt: skip
    i = rng.randrange(len(data) + 1)
    return data[:i] + junk + data[i:]


def _reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(["utf-16", "cp1251", "cp1252", "latin-1", "utf-8-sig"])
    return text.encode(encoding, "replace")


MUTATORS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "duplicate": _duplicate,
    "delete-lines": _delete_lines,
    "shuffle-lines": _shuffle_lines,
    "insert-junk": _insert_junk,
    "reencode": _reencode,
}


def mutate(rng: random.Random, data: bytes, rounds: int = 3) -> tuple[bytes, list[str]]:
    """``data`` after 1..``rounds`` random mutations, and their names."""
    applied = []
    for _ in range(rng.randint(1, rounds)):
        name = rng.choice(sorted(MUTATORS))
        data = MUTATORS[name](rng, data)
        applied.append(name)
    return data, applied
