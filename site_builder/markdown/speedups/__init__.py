"""markdown-it-py's rule loops replaced by lookups by character, and parse shortcuts: the same tokens,
faster. Imports markdown's math recognition and nothing above it."""
