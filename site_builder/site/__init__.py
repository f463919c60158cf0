"""Page and Site: every note routed and rendered (notes.py composes the Markdown dialect with the
glossary and translation plugins, for the build and its note workers), lecture pages and generated
pages added; its memos (memo.py: rendered notes, lectures). Imports everything before it: core …
lectures."""
