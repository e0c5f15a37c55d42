"""What every layout reader returns before provenance is attached."""

from __future__ import annotations

from dataclasses import dataclass, field

from netfreedom.model.assessment import Assessment


@dataclass
class ReadResult:
    """A reader's result.

    ``assessment`` holds what was read (missing parts left empty for the checks to report);
    ``inferred`` names fields worked out rather than printed (``edition``, ``country``,
    ``scale``); ``found_report`` is False when the text held no score block and no indicator,
    in which case the registry raises :class:`~netfreedom.errors.NoReportFoundError`.
    """

    assessment: Assessment
    inferred: list[str] = field(default_factory=list)
    found_report: bool = True
