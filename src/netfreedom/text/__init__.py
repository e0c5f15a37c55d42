"""Text helpers shared by readers, checks and the web: footnote markers, cross-references, CSV errors,
coverage dates, stemming and highlighting. Pure functions over strings; no I/O."""
