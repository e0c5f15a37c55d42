"""Services: run check, ingest and import over files and the store, and return outcomes.

They decide nothing about exit codes or output: the CLI and the web present the outcomes.
"""
