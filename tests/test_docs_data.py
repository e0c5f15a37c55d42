"""docs/data.md lists every export column, in the order the exports write them."""

from __future__ import annotations

import re

from netfreedom.export.tabular import columns

from .shared_data import REPO


def test_documented_export_columns_are_the_exported_header() -> None:
    text = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    table = text.split("<!-- export columns")[1]
    documented = re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE)
    assert documented == columns()
