"""Digest of what reading + checking gives for every report input we have, to show that a speed
change leaves the output byte for byte the same.

For each input (the seed under ../shared/seeds, ../shared/real/excerpts, ../shared/cases, the
test fixtures under tests/fixtures/layouts and tests/fixtures/inputs, the shipped samples), in
three forms (as stored, with CRLF line ends, with blank lines dropped), prints one line:
``<form> <path> <sha256>`` where the digest covers the assessment's JSON and the findings' JSON,
(the reading time left out), or the error class and its one-line message when the input is refused. Run it on two checkouts
and compare the outputs (``diff``): any line that differs is a changed result.

    python benchmarks/reading_digests.py > digests.txt
    python benchmarks/reading_digests.py --show <path> [--form crlf]   # the full output of one input
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from netfreedom.checks import run_checks
from netfreedom.ingest import read_report_bytes

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FORMS: dict[str, Callable[[bytes], bytes]] = {
    "plain": lambda data: data,
    "crlf": lambda data: data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "noblank": lambda data: b"\n".join(line for line in data.split(b"\n") if line.strip()),
}


def inputs() -> Iterator[Path]:
    """Every input file, in a fixed order (missing folders are skipped)."""
    folders = [
        SHARED / "seeds",
        SHARED / "real" / "excerpts",
        SHARED / "cases",
        ROOT / "tests" / "fixtures" / "layouts",
        ROOT / "tests" / "fixtures" / "inputs",
        ROOT / "src" / "netfreedom" / "samples",
    ]
    for folder in folders:
        if folder.is_dir():
            yield from sorted(path for path in folder.rglob("*") if path.is_file() and path.name != "README.md")


def output_of(data: bytes, name: str) -> str:
    """The assessment and findings as JSON text, or the refusal (error class and message)."""
    try:
        assessment = read_report_bytes(data, file_name=name)
        findings = run_checks(assessment)
    except Exception as error:  # every refusal counts as an output to compare
        return f"{type(error).__name__}: {error}"
    document = assessment.model_dump(mode="json")
    document["provenance"]["read_at"] = None  # the clock, not the reading
    return json.dumps(document) + "\n" + json.dumps([finding.model_dump(mode="json") for finding in findings])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=Path, help="print the full output of this one input")
    parser.add_argument("--form", choices=sorted(FORMS), default="plain")
    args = parser.parse_args()
    if args.show:
        print(output_of(FORMS[args.form](args.show.read_bytes()), args.show.name))
        return
    for path in inputs():
        data = path.read_bytes()
        for form, change in FORMS.items():
            digest = hashlib.sha256(output_of(change(data), path.name).encode()).hexdigest()
            print(form, path.relative_to(path.parents[1]), digest)


if __name__ == "__main__":
    main()
