"""The search benchmark's ground truth (bench/kocorpus.py, bench/koqueries.py) is what its generator
wrote: checked against the generated text itself, word by word, with no Korean rules of the site's.
No timing here: `python -m bench search` prints the figures."""

import re

import pytest

from bench.kocorpus import KOREAN, LATIN, notes, write_site
from bench.koqueries import CATEGORIES, queries, relevant
from bench.kovocab import FILLER, FILLER_EN, PARTICLES, TERMS, VERB_FORMS

SEED = 7
_TOKEN = re.compile(r"[^\s.,()\"#{}]+")


@pytest.fixture(scope="module")
def corpus():
    return notes(12, 5, SEED)


def _tails() -> set[str]:
    """Everything the generator may write after a term in one word (and nothing)."""
    return {"", *(p for pair in PARTICLES for p in pair), *VERB_FORMS}


def _words(note) -> list[str]:
    body = note.text.split("\n---\n", 1)[1]
    title = re.search(r'^title: "(.*)"$', note.text, re.M).group(1)
    return _TOKEN.findall(title + " " + body)


def _spellings(term) -> set[str]:
    return {term.key, term.key.replace(" ", "")} if " " in term.key else {term.key}


def _mentions(note, term) -> bool:
    """`term` is written in the note: its word (compound: its words, joined or spaced) carrying a tail;
    not counting where it is a word of a longer compound (배치 in 배치 정규화를)."""
    text = " ".join(_words(note))
    for longer in TERMS:
        if longer is not term and " " in longer.key and set(term.words) <= set(longer.words):
            for spelling in _spellings(longer):
                text = text.replace(spelling, "\u2022")
    tails = sorted(_tails(), key=len, reverse=True)
    for spelling in _spellings(term):
        for m in re.finditer(r"(?<![\w])" + re.escape(spelling), text):
            rest = re.match(r"\w*", text[m.end():]).group()
            if rest in tails:
                return True
    return False


def test_the_record_is_the_text(corpus):
    """Every form recorded for a note is written in it, and every term written is recorded."""
    for note in corpus:
        words = _words(note)
        text = " ".join(words)
        for key, forms in note.forms.items():
            for form in forms:
                assert form in text, (note.key, key, form)
        if note.lang == "ko":
            for term in TERMS:
                assert _mentions(note, term) == (term.key in note.forms), (note.key, term.key)


def test_relevant_notes_mention_the_query_terms(corpus):
    asked = queries(SEED)
    assert {q.category for q in asked} == set(CATEGORIES)
    for q in asked:
        found = relevant(q, corpus)
        by_key = {n.key: n for n in corpus}
        for key in found:
            note = by_key[key]
            assert note.lang == q.lang
            if note.lang == "ko":
                assert any(_mentions(note, t) for t in TERMS if t.key in q.terms), (q, key)
            else:
                text = " ".join(_words(note)).lower()
                assert any(t.en.lower() in text for t in TERMS if t.key in q.terms), (q, key)
        for note in corpus:
            if note.lang == q.lang == "ko" and note.key not in found:
                assert not any(_mentions(note, t) for t in TERMS if t.key in q.terms), (q, note.key)


def test_queries_are_the_forms_a_reader_types():
    asked = queries(SEED)
    korean = {t.key for t in KOREAN}
    for q in asked:
        if q.category == "particle":
            assert any(q.text.startswith(k) and q.text != k for k in q.terms)
        if q.category == "latin+hangul":
            (key,) = q.terms
            assert key in {t.key for t in LATIN} and q.text.startswith(key) and re.search("[가-힣]$", q.text)
        if q.category == "compound part":
            assert q.text not in korean and all(" " in k for k in q.terms)
        if q.category == "en→ko glossary":
            assert q.lang == "ko" and not re.search("[가-힣]", q.text)


def test_filler_names_no_term():
    for sentence in FILLER + FILLER_EN:
        for term in TERMS:
            for word in (*term.words, term.en):
                assert word.lower() not in sentence.lower(), (sentence, word)


def test_same_seed_same_site(tmp_path, corpus):
    again = notes(12, 5, SEED)
    assert [n.text for n in again] == [n.text for n in corpus]
    assert notes(12, 5, SEED + 1)[0].text != corpus[0].text
    site = write_site(tmp_path / "site", corpus)
    assert len(list((site / "content/ko/notes").glob("k*.md"))) == 12
    assert "fallback: none" in (site / "site.yaml").read_text(encoding="utf-8")


def test_results_are_counted_by_note():
    """A result counts for the note its URL names (a section's anchor too); the glossary, the print
    view and generated pages count for none."""
    from bench.searchrecall import note_keys

    urls = ["/course/notes/k001/#s2", "/course/notes/k001/", "/course/en/notes/e012/", "/course/glossary/#loss",
            "/course/print/", "/course/", "/notes/k300/#s1"]
    assert note_keys(urls) == {"k001", "e012", "k300"}
