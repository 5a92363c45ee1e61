"""Open exports: a show's catalogue, playlists, a reader's own data (docs/export-format.md)."""
