"""Lecture captions: reading SRT, WebVTT and pasted transcripts, writing them back, pairing the files of
a lecture, aligning transcripts into paragraphs, caption checks, and a lecture page's data. Imports the
packages above it in this list: core, content, markdown, glossary, translation."""
