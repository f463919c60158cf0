"""Which language folder each note of a Jekyll site goes to. A note named as a language variant
(`x.kr.md` beside `x.md`) is the translation of its base note: both go to `content/<lang>/x.md`
of their languages — the variant in the language its name says, the base in the other one (the
source, when the variant is in the site's language). Every other note is in the site's language."""

from __future__ import annotations

import re

import yaml

from ..content.frontmatter import split_front_matter
from .jekyll_names import note_variant, variant_tag
from .jekyll_structure import Note


def read_meta(text: str, rel: str) -> dict:
    fm, _, _ = split_front_matter(text, rel)
    if fm is None:
        return {}
    try:
        meta = yaml.safe_load(fm)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _key(rel: str) -> str:
    return re.sub(r"\.(md|markdown)$", "", rel)


def place_notes(found: dict[str, str], lang: str, source_lang: str, report: list[str], skipped: list[str]) -> list[Note]:
    """Notes by SRC rel → text, placed in their language folders. `report` gets a line per variant,
    `skipped` what could not be placed as its name says."""
    languages = {lang, source_lang}
    variants: dict[str, tuple[str, str]] = {}  # variant rel -> (base rel, its language)
    for rel in found:
        variant = note_variant(rel, languages)
        if variant is None:
            tag = variant_tag(rel)
            if tag:
                skipped.append(f"{rel}: '{tag}' is not a language of the site ({', '.join(sorted(languages))}): "
                               f"imported as a note of its own (--lang and --source-lang name the site's languages)")
            continue
        base, code, _ = variant
        if code == lang == source_lang:
            skipped.append(f"{rel}: a variant in the site's only language '{lang}': imported as a note of its own")
            continue
        variants[rel] = (re.sub(r"\.markdown$", ".md", base), code)
    bases = {}  # base rel -> its language (the other one of the pair)
    for rel, (base, code) in variants.items():
        other = source_lang if code == lang else lang
        base_rel = next((b for b in (base, base[:-3] + ".markdown") if b in found), None)
        if base_rel is not None:
            bases[base_rel] = other
    notes: list[Note] = []
    taken: dict[str, str] = {}
    for rel, text in found.items():
        if rel in variants:
            base, code = variants[rel]
            note = Note(rel, code, _key(base), text, read_meta(text, rel))
        else:
            note = Note(rel, bases.get(rel, lang), _key(rel), text, read_meta(text, rel))
        if note.out in taken:
            first = note.out
            key = next(k for k in (_key(rel), re.sub(r"\.(md|markdown)$", r"-\1", rel))
                       if f"{note.lang}/{k}.md" not in taken)  # `x.md` beside `x.markdown`: one more name
            note = Note(rel, note.lang, key, text, note.meta)
            skipped.append(f"{rel}: content/{first} is already {taken[first]}: imported as content/{note.out}, "
                           f"a note of its own")
        taken[note.out] = rel
        notes.append(note)
        if rel in variants:
            base = next((b for b, other in bases.items() if _key(b) == note.key), None)
            paired = f", the translation of {base} (content/{bases[base]}/{note.key}.md)" if base else ""
            report.append(f"{rel} → content/{note.out}{paired}")
    return notes
