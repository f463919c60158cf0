"""Lay out the real CS231n notes (../shared/corpus) as sites: ×1, or replicated ×N with distinct names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from site_builder.commands.import_jekyll import import_jekyll

from .shift import shift_digits

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared" / "corpus" / "cs231n-en"


CORPORA = ("shifted", "identical")  # how copies 2…N differ from the notes: see make_site


def make_site(dest: Path, copies: int = 1, corpus: str = "shifted") -> Path:
    """Import the corpus into `dest`; with copies > 1, every note is repeated under copyN/ with its
    permalink made distinct and a closing paragraph of its own, so the site has about copies × 65
    pages. The bodies must differ: Jekyll keeps converted Markdown in memory keyed by the text, so
    identical copies would be converted once and its figures would not be those of a real site.
    "shifted": copy N also has N added to every number in its math, code and prose (bench/shift.py),
    so its formulas are its own, as a real site's are; "identical": copies differ only in that
    paragraph, and the math memo renders their formulas once (the corpus earlier figures came from)."""
    if corpus not in CORPORA:
        raise ValueError(f"corpus must be one of {CORPORA}")
    if not SOURCE.is_dir():
        raise SystemExit(f"corpus not found at {SOURCE}")
    import_jekyll(SOURCE, dest, "en")
    content = dest / "content" / "en"
    notes = [p for p in content.rglob("*.md") if p.name != "index.md"]
    for n in range(2, copies + 1):
        for note in notes:
            target = content / f"copy{n}" / note.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = note.read_text(encoding="utf-8")
            if corpus == "shifted":
                text = shift_digits(text, n)
            text = re.sub(r"^permalink:\s*/?(\S*?)/?\s*$", rf"permalink: /copy{n}/\1/", text, count=1, flags=re.M)
            target.write_text(f"{text.rstrip()}\n\nThis is copy {n} of the note.\n", encoding="utf-8")
    shutil.rmtree(dest / ".github", ignore_errors=True)
    return dest
