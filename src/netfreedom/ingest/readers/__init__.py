"""Layout readers: one module per family of published page (see :mod:`netfreedom.ingest.registry`)."""
