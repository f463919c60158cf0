"""The term base (glossary.yaml), Korean-aware term matching (the suffix rules in korean.py: particles
and the conjugations of 하다/시키다/되다), the lint and annotation pass over a note's tokens and the
text nodes of its raw HTML (a markdown-it plugin, rule.py: its state under env["glossary"]) and over
caption text. Imports core, content and markdown."""
