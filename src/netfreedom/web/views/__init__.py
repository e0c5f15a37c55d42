"""Views: what the pages draw from an assessment (narrative, redline, charts, world map)."""
