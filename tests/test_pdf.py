"""Every published report as a PDF: what pdftotext reads from it, and that it renders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .postgres import in_ci

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if in_ci():
            pytest.fail(f"{name} is missing (poppler-utils): .ci/run installs it")
        pytest.skip(f"{name} is not installed (poppler-utils)")
    return found


def test_seed_report_pdf_has_the_score_block_indicators_and_cyrillic(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from .shared_data import seed_path

    seed_path()
    response = client.get("/country/KAZ/2022.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "kaz-2022.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    words = " ".join(text.decode("utf-8").split())
    assert "32 / 100" in words and "Not Free" in words
    assert "10 / 25" in words and "11 / 35" in words and "11 / 40" in words
    for indicator in ("A1", "A3", "B8", "C8"):
        assert f"{indicator} ·" in words
    assert "Казахстан" in words  # Cyrillic survives: the font has the glyphs, the text layer the letters
    assert "Изменение балла" in words
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, check=True).stdout.decode()
    assert "DejaVu" in fonts
    prefix = tmp_path / "page"
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    pages = list(tmp_path.glob("page*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 1000


def test_pdf_of_a_missing_edition_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/country/KAZ/1999.pdf").status_code == 404
    assert client.get("/country/Nowhere/2022.pdf").status_code == 404
