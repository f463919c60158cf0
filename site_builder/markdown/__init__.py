"""The dialect: one parse per note into Rendered (html, toc, links, math, code); math recognition and
KaTeX rendering, CJK-friendly emphasis, heading ids, link rewriting, Pygments. Imports core and content."""
