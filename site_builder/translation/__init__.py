"""Translations of a note: progress (blocks and words), source hashes, the folded original (a
markdown-it plugin, rule.py: its state under env["translation"]), and what changed in the source
since a stamp (drift). Imports core, content and markdown."""
