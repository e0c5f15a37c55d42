"""Parts shared by the layout readers: score blocks, bodies, labels, legacy fields, cleanup."""
