"""netfreedom: Freedom on the Net assessments as checked, stored, publishable data.

Public surface::

    from netfreedom import read_report, run_checks, load_methodology, Store, Assessment
"""

__version__ = "0.1.0"

from .checks import run_checks  # noqa: E402
from .ingest import ReadError, read_report, read_report_bytes  # noqa: E402
from .methodology import load_methodology  # noqa: E402
from .model import Assessment, Finding  # noqa: E402

__all__ = [
    "Assessment",
    "Finding",
    "ReadError",
    "__version__",
    "load_methodology",
    "read_report",
    "read_report_bytes",
    "run_checks",
]
