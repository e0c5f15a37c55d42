"""Load and validate the methodology files shipped in this folder.

Files are named ``<id>.yaml``; each is validated into a :class:`Methodology` when first
asked for, and a broken file raises :class:`MethodologyError` with the file and the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib import resources

import yaml
from pydantic import ValidationError

from netfreedom.errors import MethodologyError
from netfreedom.methodology.spec import Methodology, Scale

CURRENT = "fotn-2019"
LEGACY = "fotn-legacy"


def available_methodologies() -> tuple[str, ...]:
    """Ids of the methodology files shipped with the package, sorted."""
    folder = resources.files(__package__)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def parse_methodology(text: str, name: str = "<text>") -> Methodology:
    """Validate YAML ``text`` as a methodology; raises :class:`MethodologyError`."""
    try:
        data = yaml.safe_load(text)
        return Methodology.model_validate(data)
    except yaml.YAMLError as exc:
        raise MethodologyError(f"{name}: not valid YAML ({exc.__class__.__name__})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise MethodologyError(f"{name}: {where}: {first['msg']}".replace(": : ", ": ")) from exc


@cache
def load_methodology(methodology_id: str = CURRENT) -> Methodology:
    """The methodology with this id (``fotn-2019`` or ``fotn-legacy``).

    Raises :class:`MethodologyError` for an unknown id or an invalid file.
    """
    if methodology_id not in available_methodologies():
        known = ", ".join(available_methodologies())
        raise MethodologyError(f"unknown methodology {methodology_id!r} (known: {known})")
    path = resources.files(__package__) / f"{methodology_id}.yaml"
    methodology = parse_methodology(path.read_text(encoding="utf-8"), path.name)
    if methodology.id != methodology_id:
        raise MethodologyError(f"{path.name}: id is {methodology.id!r}, expected {methodology_id!r}")
    return methodology


def methodology_for_scale(scale: Scale) -> Methodology:
    """The methodology whose published scale runs in the direction ``scale``."""
    return load_methodology(CURRENT if scale is Scale.HIGHER_IS_FREER else LEGACY)


def methodology_for_edition(edition: int) -> Methodology:
    """The methodology in force for an edition year (2019 onward: current; before: legacy)."""
    current = load_methodology(CURRENT)
    return current if edition >= current.first_edition else load_methodology(LEGACY)


def previous_edition(edition: int) -> int:
    """The edition published before ``edition``: ``edition - 1``, stepping over the years the
    methodology files list as skipped (``skipped_editions``: no edition was published in 2010,
    so 2011's previous edition is 2009). "Last year" of a report or a draft is this edition."""
    skipped = set(load_methodology(LEGACY).skipped_editions) | set(load_methodology(CURRENT).skipped_editions)
    year = edition - 1
    while year in skipped:
        year -= 1
    return year


def edition_problem(edition: int) -> str | None:
    """Why no Freedom on the Net edition carries the year ``edition``, or ``None`` when one
    may: before the pilot, a year listed as skipped, or later than next year (an edition is
    published late in its year; next year's may be drafted). The years come from the
    methodology files (``pilot_edition``, ``skipped_editions``). Used by the score-table reader
    (a row's edition) and the API (an ``edition`` parameter)."""
    legacy = load_methodology(LEGACY)
    first = legacy.pilot_edition or legacy.first_edition
    if edition < first:
        return f"edition {edition} is before the first edition ({first})"
    if edition in legacy.skipped_editions:
        return f"there was no {edition} edition (none was published that year)"
    if edition > datetime.now(UTC).year + 1:
        return f"edition {edition} lies in the future"
    return None


def validate_all() -> list[Methodology]:
    """Load every shipped methodology; raises :class:`MethodologyError` on the first bad one."""
    return [load_methodology(m) for m in available_methodologies()]
