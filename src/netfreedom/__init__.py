"""netfreedom: Freedom on the Net assessments as checked, stored, publishable data.

Public surface (imported on first use, so that ``import netfreedom`` stays light)::

    from netfreedom import read_report, run_checks, load_methodology, Assessment, Finding
    from netfreedom.store import Store
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_PUBLIC = {
    "Assessment": "netfreedom.model.assessment",
    "Finding": "netfreedom.model.assessment",
    "ReadError": "netfreedom.ingest",
    "load_methodology": "netfreedom.methodology",
    "read_report": "netfreedom.ingest",
    "read_report_bytes": "netfreedom.ingest",
    "run_checks": "netfreedom.checks",
}

__all__ = [*sorted(_PUBLIC), "__version__"]


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'netfreedom' has no attribute {name!r}")
