"""Evidence: network measurements and shutdown events, read and linked to editions,
indicators and key internet controls. Reads only; never writes the store.

- :mod:`.formats`: which format a file is; reading reference tables and item streams.
- :mod:`.ooni`, :mod:`.ooni_verdicts`, :mod:`.fingerprints`: OONI raw measurements and API
  responses, verdicts as OONI defines them, blockpage fingerprints.
- :mod:`.shutdowns`: Access Now STOP and IODA events.
- :mod:`.rules` (``rules.yaml``) and :mod:`.linking`: coverage periods, known false
  positives and the linking rules, as data validated at load.
- :mod:`.contradictions`: findings where a report and its evidence disagree.
"""

from netfreedom.evidence.context import EvidenceContext, Sink
from netfreedom.evidence.contradictions import contradictions
from netfreedom.evidence.formats import (
    REFERENCE_FORMATS,
    EvidenceReadError,
    detect_format,
    identify,
    read_items,
    read_reference,
)
from netfreedom.evidence.rules import EvidenceRules, EvidenceRulesError, load_rules

__all__ = [
    "REFERENCE_FORMATS",
    "EvidenceContext",
    "EvidenceReadError",
    "EvidenceRules",
    "EvidenceRulesError",
    "Sink",
    "contradictions",
    "detect_format",
    "identify",
    "load_rules",
    "read_items",
    "read_reference",
]
