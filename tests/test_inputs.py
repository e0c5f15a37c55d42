"""Input formats: plain text, HTML and PDF copies of one report read alike; bad input gives
one-line errors.

The HTML fixture (tests/fixtures/inputs/exampleland-2023-en.html) is the shipped English
sample wrapped in an FH-style page with navigation, a search form, a cookie dialog, scripts,
styles, hidden elements and a footer, each carrying a ``LEAK-...`` marker that must not reach
the text. The PDF is printed from the same sample by fpdf2 (a test-only dependency) with the
furniture of a browser print: time stamp and title on top, address and page number below.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netfreedom.cli.main import cli
from netfreedom.ingest import (
    Format,
    NoReportFoundError,
    ReadError,
    UnreadableInputError,
    detect_format,
    extract_text,
    read_report,
    read_report_bytes,
)
from netfreedom.model.assessment import Assessment

from .shared_data import REPO, SAMPLES

INPUTS = REPO / "tests" / "fixtures" / "inputs"
PAGE = INPUTS / "exampleland-2023-en.html"
SAMPLE_EN = SAMPLES / "exampleland-2023-en.txt"
SAMPLE_RU = SAMPLES / "exampleland-2023-ru.txt"
PRINT_TITLE = "Exampleland: Freedom on the Net 2023 Country Report | Freedom House"
PRINT_URL = "https://freedomhouse.org/country/exampleland/freedom-net/2023"
PRINTED_HEAD = [
    "Exampleland", "PARTLY FREE", "55", "/100", "A. Obstacles to Access 15", "/25",
    "B. Limits on Content 2235", "C. Violations of User Rights 18", "/40",
    "Last Year's Score & Status", "56 /100 Partly Free",
]  # fmt: skip
"""The sample's score block as a browser prints it (layout family 10): maximum on its own
line or glued to the score (``2235`` is 22 of 35)."""


def without_provenance(assessment: Assessment) -> dict[str, object]:
    return assessment.model_dump(mode="json", exclude={"provenance"})


def make_printed_pdf(path: Path, lines: list[str] | None = None, *, title: str | None = PRINT_TITLE) -> Path:
    """Print ``lines`` (default: the English sample with a printed score block) to a PDF at
    ``path`` with fpdf2: A4, Helvetica, wrapped paragraphs, page furniture on every page."""
    fpdf = pytest.importorskip("fpdf")

    class Printed(fpdf.FPDF):  # type: ignore[misc, name-defined]
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 4, f"11/30/23, 9:41 AM    {PRINT_TITLE}", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 4, f"{PRINT_URL} {self.page_no()}/{{nb}}")

    if lines is None:
        sample = SAMPLE_EN.read_text(encoding="utf-8").split("\n")
        body = sample[next(i for i, line in enumerate(sample) if line.startswith("Every score")) :]
        lines = PRINTED_HEAD + [line.strip() for line in body if line.strip()]
    pdf = Printed(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # dashes, bullets and curly quotes of the sample
    if title:
        pdf.set_title(title)
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in lines:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def printed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_printed_pdf(tmp_path_factory.mktemp("pdf") / "exampleland-2023-print.pdf")


def html_page(lines: list[str], head: str = "", charset: str = "utf-8") -> str:
    """A minimal page: every non-empty line in its own ``<div>``, with navigation and a script."""
    body = "\n".join(f"<div>{html.escape(line)}</div>" for line in lines if line.strip())
    return (
        f'<!doctype html><html><head><meta charset="{charset}">{head}</head><body>'
        f'<nav><a href="/">Home</a> <a href="/countries">Countries</a></nav>'
        f'<script>var x = "A1 (0-6)";</script><main>{body}</main></body></html>'
    )


# -- format detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.txt", Format.PDF),
        (b"<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", None, Format.HTML),
        (b"\xef\xbb\xbf  <!-- saved copy -->\n<HTML><BODY>x</BODY></HTML>", "page.txt", Format.HTML),
        (b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', None, Format.HTML),
        ("<!doctype html><p>ü</p>".encode("utf-16"), None, Format.HTML),
        ("<!doctype html><p>ü</p>".encode("utf-16-le"), None, Format.HTML),
        (b"<p>A saved fragment</p>", "fragment.html", Format.HTML),
        (b"<p>A saved fragment</p>", "fragment.txt", Format.TEXT),
        (b'[{"country": {"name": "X", "iso3": "XEX"}}]', "export.dat", Format.JSON),
        (b'{"a": 1}\n{"b": 2}\n', None, Format.JSON),
        (b"[1] A footnote list is not JSON\n[2] another", None, Format.TEXT),
        (b"not json at all", "export.json", Format.JSON),
        (SAMPLE_EN.read_bytes(), "x.html", Format.TEXT),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image.pdf", Format.TEXT),
    ],
)
def test_formats_are_detected_by_content(data: bytes, name: str | None, expected: Format) -> None:
    assert detect_format(data, name) is expected


# -- HTML -------------------------------------------------------------------------------------


def test_html_page_reads_like_the_text_copy() -> None:
    from_html, from_text = read_report(PAGE), read_report(SAMPLE_EN)
    assert (from_html.total, from_html.status, from_html.previous) == (55, from_text.status, from_text.previous)
    assert from_html.categories == from_text.categories
    assert [(i.id, i.score, i.max) for i in from_html.indicators] == [
        (i.id, i.score, i.max) for i in from_text.indicators
    ]
    assert from_html.footnote_count == from_text.footnote_count == 40
    assert without_provenance(from_html) == without_provenance(from_text)  # every paragraph alike
    provenance = from_html.provenance
    assert provenance is not None and from_text.provenance is not None
    assert (provenance.encoding, provenance.reader) == ("html/utf-8", "fh-country-page")
    assert provenance.inferred == from_text.provenance.inferred == ["edition"]  # from the coverage period


def test_navigation_scripts_styles_and_forms_do_not_leak() -> None:
    source = extract_text(PAGE.read_bytes(), PAGE.name)
    assert source.format is Format.HTML
    assert "LEAK" not in source.text
    for dropped in ("Skip to main content", "Subscribe", "cookies", "Privacy Policy", "dataLayer", "font-size"):
        assert dropped not in source.text
    assessment = read_report(PAGE)
    paragraphs = assessment.overview + assessment.key_developments
    paragraphs += [p for i in assessment.indicators for p in i.paragraphs]
    assert not any("LEAK" in p or "Home" in p for p in paragraphs)
    assert assessment.sidebar.key_internet_controls["users_arrested"] is True  # the <aside> stays


def test_html_blocks_become_lines() -> None:
    source = extract_text(PAGE.read_bytes(), PAGE.name)
    lines = source.text.split("\n")
    assert lines[:8] == [
        "Exampleland", "", "Partly Free", "55", "100",
        "A Obstacles to Access 15 25", "B Limits on Content 22 35", "C Violations of User Rights 18 40",
    ]  # fmt: skip
    assert "• Around the March 2023 municipal elections" in source.text  # <ul><li> keeps its bullet
    assert "municipal elections.1 A new amendment" in source.text  # <sup><a>1</a></sup> stays glued


def test_title_and_address_fill_in_country_and_edition() -> None:
    text = SAMPLE_EN.read_text(encoding="utf-8")
    body = text[text.index("A. Obstacles") : text.index("On Exampleland")].split("\n")
    alone = read_report_bytes("\n".join(body).encode(), "body.txt")
    assert alone.country.iso3 == "XEX"  # the only country the prose names, and said so
    assert alone.provenance is not None and "country" in alone.provenance.inferred
    assert any("opening prose" in note.message for note in alone.reader_notes)
    titled = html_page(body, head=f"<title>{PRINT_TITLE}</title>")
    a = read_report_bytes(titled.encode(), "titled.html")
    assert (a.country.iso3, a.edition) == ("XEX", 2023)
    assert a.provenance is not None and {"country", "edition"} <= set(a.provenance.inferred)
    addressed = html_page(
        body, head='<meta property="og:url" content="https://freedomhouse.org/country/exampleland/freedom-net/2022">'
    )
    b = read_report_bytes(addressed.encode(), "addressed.html")
    assert (b.country.iso3, b.edition) == ("XEX", 2022)
    canonical = html_page(body, head='<link rel="canonical" href="/country/exampleland/freedom-net/2021">')
    assert read_report_bytes(canonical.encode(), "canonical.html").edition == 2021


def test_hints_never_override_the_report() -> None:
    page = (
        PAGE.read_text(encoding="utf-8")
        .replace("freedom-net/2023", "freedom-net/2019")
        .replace("<title>Exampleland:", "<title>Kazakhstan:")
    )
    a = read_report_bytes(page.encode(), "page.html")
    assert (a.country.iso3, a.edition) == ("XEX", 2023)


@pytest.mark.parametrize(("charset", "encoding"), [("windows-1251", "html/cp1251"), ("utf-8", "html/utf-8")])
def test_html_in_a_declared_encoding(charset: str, encoding: str) -> None:
    text = SAMPLE_RU.read_text(encoding="utf-8")
    page = html_page(text.split("\n"), head="<title>Эксампленд</title>", charset=charset)
    a = read_report_bytes(page.encode(charset), "ru.html")
    assert a.provenance is not None and a.provenance.encoding == encoding
    assert without_provenance(a) == without_provenance(read_report(SAMPLE_RU))


def test_utf16_html_without_declaration() -> None:
    page = PAGE.read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    for codec, label in (("utf-16", "html/utf-16"), ("utf-16-le", "html/utf-16-le")):
        a = read_report_bytes(page.encode(codec), "page.html")
        assert a.provenance is not None and (a.provenance.encoding, a.total) == (label, 55)


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", UnreadableInputError, "empty"),
        (b"<html><head><title>x</title></head><body></body></html>", NoReportFoundError, "no text besides"),
        (b"<!doctype html><nav>Home</nav><script>A1 (0-6)</script><form>Search</form>", NoReportFoundError, "no text"),
        (b"<!doctype html><p>Just a shopping list: eggs, milk</p>", NoReportFoundError, "no internet-freedom"),
        (b"<!doctype html>" + bytes(range(256)) * 20, UnreadableInputError, "binary"),
    ],
)
def test_bad_html_gives_one_line_errors(data: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as caught:
        read_report_bytes(data, "page.html")
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_deep_and_broken_markup_does_not_crash() -> None:
    deep = "<div>" * 5000 + "Exampleland" + "</div>" * 10
    with pytest.raises(ReadError):
        read_report_bytes(f"<html><body>{deep}<p>unclosed <b>bold <i>mixed</b></i>".encode(), "deep.html")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"<!doctype html>", b"\xef\xbb\xbf<html>", b"[", b"{"]),
    cut=st.floats(0, 1),
    noise=st.binary(max_size=200),
    at=st.floats(0, 1),
)
def test_mangled_inputs_give_an_assessment_or_a_one_line_error(
    prefix: bytes, cut: float, noise: bytes, at: float
) -> None:
    page = PAGE.read_bytes()
    page = page[: int(len(page) * cut)]
    position = int(len(page) * at)
    data = prefix + page[:position] + noise + page[position:]
    try:
        read_report_bytes(data, "mangled.html")
    except ReadError as exc:
        assert str(exc) and "\n" not in str(exc)


# -- PDF --------------------------------------------------------------------------------------


def test_pdf_reads_its_scores(printed_pdf: Path) -> None:
    from_pdf, from_text = read_report(printed_pdf), read_report(SAMPLE_EN)
    assert from_pdf.provenance is not None
    assert (from_pdf.provenance.reader, from_pdf.provenance.encoding) == ("pdf-page-2019", "pdf")
    assert (from_pdf.country.iso3, from_pdf.edition, from_pdf.total, from_pdf.status) == (
        "XEX",
        2023,
        55,
        from_text.status,
    )
    assert {k: (c.score, c.max) for k, c in from_pdf.categories.items()} == {
        "A": (15, 25),
        "B": (22, 35),
        "C": (18, 40),
    }
    assert from_pdf.previous == from_text.previous
    assert [(i.id, i.score) for i in from_pdf.indicators] == [(i.id, i.score) for i in from_text.indicators]
    assert from_pdf.footnote_count == from_text.footnote_count
    assert from_pdf.coverage == from_text.coverage
    assert not any("Page" in p or "freedomhouse.org" in p for i in from_pdf.indicators for p in i.paragraphs)


def test_pdf_title_is_a_hint(tmp_path: Path) -> None:
    lines = ["A. Obstacles to Access", "A1 (0-6)", "Do weaknesses in infrastructure limit access?", "4",
             "Internet penetration grew.1"]  # fmt: skip
    path = make_printed_pdf(tmp_path / "body.pdf", lines, title="Freedom on the Net 2021 - Exampleland")
    a = read_report(path)
    assert (a.country.iso3, a.edition) == ("XEX", 2023)  # the printed page furniture says so itself
    source = extract_text(path.read_bytes(), path.name)
    assert (source.hints.country, source.hints.edition) == ("Exampleland", 2021)


def test_bad_pdfs_give_one_line_errors(tmp_path: Path, printed_pdf: Path, capfd: pytest.CaptureFixture[str]) -> None:
    fpdf = pytest.importorskip("fpdf")
    locked = fpdf.FPDF()
    locked.add_page()
    locked.set_font("Helvetica", size=10)
    locked.cell(0, 5, "Exampleland 55")
    locked.set_encryption(owner_password="owner", user_password="secret")
    blank = fpdf.FPDF()
    blank.add_page()
    blank.rect(10, 10, 50, 50)
    whole = printed_pdf.read_bytes()
    cases = [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "cannot be read"),
        (whole[: len(whole) // 2], "cannot be read"),
        (bytes(locked.output()), "encrypted"),
        (bytes(blank.output()), "no text layer"),
    ]
    for data, words in cases:
        with pytest.raises(UnreadableInputError) as caught:
            read_report_bytes(data, "bad.pdf")
        assert words in str(caught.value) and "\n" not in str(caught.value)
    assert capfd.readouterr().err == ""  # pypdf's warnings about the damage stay quiet


# -- the command line -------------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETFREEDOM_DATABASE_URL", raising=False)
    return CliRunner()


def test_check_html_and_pdf_from_the_command_line(runner: CliRunner, printed_pdf: Path) -> None:
    result = runner.invoke(cli, ["check", str(PAGE), str(printed_pdf), "--json"])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["provenance"]["encoding"] for d in documents] == ["html/utf-8", "pdf"]
    assert [d["total"] for d in documents] == [55, 55]


@pytest.mark.parametrize("command", ["check", "ingest"])
def test_corrupt_pdf_and_empty_html_exit_2_with_one_line(runner: CliRunner, tmp_path: Path, command: str) -> None:
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"<!DOCTYPE html><html><head><title>Nothing</title></head><body></body></html>")
    for path, words in ((corrupt, "the PDF cannot be read"), (empty, "the HTML page has no text")):
        result = runner.invoke(cli, [command, str(path)])
        assert result.exit_code == 2
        stderr = "".join(line for line in result.stderr.splitlines(True) if not line.startswith("created a new store"))
        assert stderr.count("\n") == 1 and words in stderr and str(path) in stderr
        assert "Traceback" not in result.output + result.stderr
