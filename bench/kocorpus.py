"""A generated two-language site of Korean (and some English) notes for the search benchmark, with
its ground truth: which page got which term, in which written form, recorded as it is written
(never by the site's own Korean rules). Seeded: the same seed gives the same site.

Korean notes mention terms bare, with particles (역전파를, 손실 함수에서는), as verbs (학습하는,
최적화시킨), Latin with Hangul attached (CNN을), and compounds of glossary terms without their
space (손실함수를); English notes mention the English equivalents."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from .kovocab import (
    ADNOMINAL,
    CONNECTIVE,
    FILLER,
    FILLER_EN,
    FINAL,
    PARTICLES,
    TERMS,
    Term,
    particle,
)

KOREAN = tuple(t for t in TERMS if not t.latin)
LATIN = tuple(t for t in TERMS if t.latin)
VERBS = tuple(t for t in KOREAN if t.verb)


@dataclass(frozen=True, kw_only=True)
class Note:
    key: str  # k001 (Korean), e001 (English): the last segment of the page's URL
    lang: str
    text: str
    forms: dict[str, frozenset[str]]  # term key -> the words it was written as on this page


class _Writer:
    """One note's sentences, recording every mention."""

    def __init__(self, rng: random.Random, topics: list[Term]) -> None:
        self.rng, self.topics = rng, topics
        self.forms: dict[str, set[str]] = {}

    def _record(self, term: Term, written: str) -> str:
        self.forms.setdefault(term.key, set()).add(written)
        return written

    def term(self, verb: bool = False, latin: float = 0.15) -> Term:
        rng = self.rng
        if verb:
            pool = [t for t in self.topics if t.verb] or list(VERBS)
        elif rng.random() < latin:
            pool = [t for t in self.topics if t.latin] or list(LATIN)
        else:
            pool = [t for t in self.topics if not t.latin]
        return rng.choice(pool if rng.random() < 0.85 else list(VERBS if verb else TERMS))

    def _surface(self, term: Term) -> str:
        """A compound of glossary words is written with its space or, half the time, without."""
        if " " in term.key and self.rng.random() < 0.5:
            return term.key.replace(" ", "")
        return term.key

    def noun(self, pair: tuple[str, ...] | None = None) -> str:
        term = self.term()
        pair = pair or self.rng.choice(PARTICLES)
        surface = self._surface(term)
        tail = particle(term, pair) if self.rng.random() < 0.9 else ""
        written = self._record(term, surface + tail)
        if term.glossary and not term.latin and self.rng.random() < 0.1:
            written = written.replace(surface, f"{surface}({term.en})", 1) if not tail else written
        return written

    def verb(self, forms: tuple[str, ...]) -> str:
        term = self.term(verb=True)
        return self._record(term, self._surface(term) + self.rng.choice(forms))

    def english(self, capital: bool = False) -> str:
        term = self.term(latin=0.2)
        return self._record(term, term.en[:1].upper() + term.en[1:] if capital else term.en)


# Korean sentences: {N} a noun with any particle, {을} {은} {이} {의} {에서} {으로} a noun with
# that particle, {A} an adnominal verb form, {F} a sentence-final one, {C} a connective one.
_KO = ("{을} {C} {을} 얻는다.", "{A} 과정에서 {이} 중요한 역할을 한다.", "{은} {N} 함께 쓰인다.",
       "{에서} {을} 다시 {F}", "{의} 값이 작으면 {이} {F}", "{으로} {을} {C} 결과를 본다.",
       "먼저 {을} {F}", "{A} {은} {N} 다르다.", "우리는 {을} {C} {을} {F}", "{이} 없으면 {은} 쓸모가 없다.")
_EN = ("We use {e} together with {e}.", "The {e} depends on the {e}.", "Without {e} the {e} fails.",
       "Here {e} and {e} are compared.", "A good {e} makes the {e} easier to read.")
_PAIRS = {"을": PARTICLES[0], "은": PARTICLES[1], "이": PARTICLES[2], "의": PARTICLES[5], "에서": PARTICLES[7],
          "으로": PARTICLES[4]}


def _fill(w: _Writer, template: str) -> str:
    out, rest = [], template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        slot, _, rest = tail.partition("}")
        out.append(head)
        if slot == "e":
            out.append(w.english())
        elif slot in ("A", "F", "C"):
            out.append(w.verb({"A": ADNOMINAL, "F": FINAL, "C": CONNECTIVE}[slot]) + ("." if slot == "F" else ""))
        else:
            out.append(w.noun(_PAIRS.get(slot)))
    return "".join(out) + rest


def _paragraph(w: _Writer, lang: str) -> str:
    templates, filler = (_KO, FILLER) if lang == "ko" else (_EN, FILLER_EN)
    sentences = [_fill(w, w.rng.choice(templates)) for _ in range(w.rng.randint(2, 4))]
    sentences += w.rng.sample(filler, 2)
    w.rng.shuffle(sentences)
    return " ".join(sentences).replace("..", ".")


def _note(rng: random.Random, key: str, lang: str) -> Note:
    topics = rng.sample(KOREAN, rng.randint(3, 6)) + rng.sample(LATIN, rng.randint(1, 2))
    w = _Writer(rng, topics)
    if lang == "ko":
        title = f"{w.noun(('과', '와'))} {w.noun(('의',))} 이해 ({key})"
    else:
        title = f"{w.english(capital=True)} and {w.english()} ({key})"
    sections = []
    for n in range(rng.randint(2, 3)):
        heading = w.noun(("",)).strip() if lang == "ko" else w.english(capital=True)
        paragraphs = "\n\n".join(_paragraph(w, lang) for _ in range(rng.randint(1, 3)))
        sections.append(f"## {heading} {n + 1} {{#s{n + 1}}}\n\n{paragraphs}\n")
    text = f"---\ntitle: \"{title}\"\n---\n\n{_paragraph(w, lang)}\n\n" + "\n".join(sections)
    return Note(key=key, lang=lang, text=text, forms={k: frozenset(v) for k, v in w.forms.items()})


def notes(korean: int, english: int, seed: int) -> list[Note]:
    rng = random.Random(seed)
    return ([_note(rng, f"k{i:03d}", "ko") for i in range(1, korean + 1)]
            + [_note(rng, f"e{i:03d}", "en") for i in range(1, english + 1)])


def glossary() -> list[dict]:
    return [{"en": t.en, "ko": t.key} for t in TERMS if t.glossary and not t.latin]


SITE_YAML = """title: 검색 벤치
url: https://search-bench.example
baseurl: /course
language: ko
languages:
  ko: 한국어
  en: English
fallback: none
search: {search}
"""


def write_site(root: Path, corpus: list[Note], search: bool = True) -> Path:
    """The site's files: site.yaml, glossary.yaml, content/<lang>/notes/<key>.md."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML.format(search=str(search).lower()), encoding="utf-8")
    (root / "glossary.yaml").write_text(yaml.safe_dump({"terms": glossary()}, allow_unicode=True), encoding="utf-8")
    for note in corpus:
        path = root / "content" / note.lang / "notes" / f"{note.key}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note.text, encoding="utf-8")
    return root
