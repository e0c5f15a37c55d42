"""The domain: assessments and their parts, scoring on one scale, countries, observed values.

``from netfreedom.model import Assessment`` works: the types of :mod:`.assessment` are
re-exported here. :mod:`.scoring`, :mod:`.countries` and :mod:`.observations` are imported
by name where needed.
"""

from netfreedom.model.assessment import *  # noqa: F403
from netfreedom.model.assessment import __all__  # noqa: F401
