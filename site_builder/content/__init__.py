"""What the site is made of, read from disk: discovery of notes, caption files and static files under
content/ and static/ (with symlinks checked), file naming, the script a language is written in, and
a note's front matter into a Document; their memos (DocumentMemo, Listing) for rebuilds that read only what changed.
Imports core only."""
