"""The term base (glossary.yaml), Korean-aware term matching, the lint and annotation pass over a note's
tokens (a markdown-it plugin, rule.py: its state under env["glossary"]) and over caption text.
Imports core, content and markdown."""
