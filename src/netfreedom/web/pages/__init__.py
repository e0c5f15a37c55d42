"""Route families of the site and the JSON API: one module each."""
