"""The Freedom on the Net methodology as versioned data.

``load_methodology("fotn-2019")`` gives the current scale (100 = most free, editions 2019
onward); ``load_methodology("fotn-legacy")`` the legacy one (0 = most free, 2011-2018).
"""

from netfreedom.methodology.loader import (
    CURRENT,
    LEGACY,
    MethodologyError,
    available_methodologies,
    edition_problem,
    load_methodology,
    methodology_for_edition,
    methodology_for_scale,
    parse_methodology,
    previous_edition,
    validate_all,
)
from netfreedom.methodology.spec import (
    Band,
    CategorySpec,
    IndicatorSpec,
    KeyInternetControlSpec,
    Methodology,
    Scale,
    Status,
)

__all__ = [
    "CURRENT",
    "LEGACY",
    "Band",
    "CategorySpec",
    "IndicatorSpec",
    "KeyInternetControlSpec",
    "Methodology",
    "MethodologyError",
    "Scale",
    "Status",
    "available_methodologies",
    "edition_problem",
    "load_methodology",
    "methodology_for_edition",
    "methodology_for_scale",
    "parse_methodology",
    "previous_edition",
    "validate_all",
]
