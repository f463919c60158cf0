"""Search: what the site's search box finds, made at build time for Pagefind (the indexer, run
as its binary from the `pagefind[bin]` package) and the theme's js/search.js.

Each page is given to Pagefind as an *index document*: its text as the reader sees it, headings
with their ids (Pagefind's sub-results: the section a hit is in), math as its TeX and code with a
low weight, lecture transcripts one section per paragraph (`#t=SECONDS`), glossary entries one
section per term. Beside the words, search-only tokens in ⟦…⟧ that the page never shows: a Korean
word's stem (glossary/korean.py's rules, which the browser applies to the query too), the glossary's
terms in the other languages, and the glossary words inside Korean compounds. js/search.js drops the
⟦…⟧ groups from excerpts, marking the word they stand beside.
"""
