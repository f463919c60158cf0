"""The search benchmark's queries and what each should find, from the generator's own record of
what it wrote (bench/kocorpus.py), never from the site's Korean rules.

A query stands for some terms; the notes relevant to it are those of the searched language that
mention one of them in any written form. A Korean term stands for itself and for the glossary
compounds it is a word of (가중치 → 가중치 감쇠, written 가중치감쇠를 or 가중치 감쇠의)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .kocorpus import KOREAN, LATIN, VERBS, Note
from .kovocab import PARTICLES, VERB_FORMS, Term, particle

CATEGORIES = ("bare", "particle", "verb", "latin", "latin+hangul", "compound part", "compound joined",
              "en→ko glossary", "ko→en glossary")


@dataclass(frozen=True, kw_only=True)
class Query:
    text: str  # as a reader types it
    category: str
    lang: str  # the language searched (the page's, where the box is)
    terms: frozenset[str]  # term keys it stands for


def _containing(words: tuple[str, ...]) -> frozenset[str]:
    """The Korean terms with `words` as consecutive words of theirs."""
    n = len(words)
    return frozenset(t.key for t in KOREAN
                     if any(t.words[i:i + n] == words for i in range(len(t.words) - n + 1)))


def _containing_en(words: tuple[str, ...]) -> frozenset[str]:
    """The glossary terms whose English has `words` as consecutive words (training → training data)."""
    n = len(words)
    return frozenset(t.key for t in KOREAN if t.glossary and any(
        tuple(t.en.split()[i:i + n]) == words for i in range(len(t.en.split()) - n + 1)))


def _inflected(term: Term, rng: random.Random, count: int) -> list[str]:
    pairs = rng.sample(PARTICLES, count)
    return [term.key + particle(term, p) for p in pairs]


def queries(seed: int) -> list[Query]:
    rng = random.Random(seed)
    out: list[Query] = []
    for t in KOREAN:
        found = _containing(t.words)
        out.append(Query(text=t.key, category="bare", lang="ko", terms=found))
        out += [Query(text=q, category="particle", lang="ko", terms=found) for q in _inflected(t, rng, 2)]
        if t.glossary:
            out.append(Query(text=t.en, category="en→ko glossary", lang="ko", terms=_containing_en(tuple(t.en.split()))))
            q = t.key if rng.random() < 0.5 else _inflected(t, rng, 1)[0]
            out.append(Query(text=q, category="ko→en glossary", lang="en", terms=found))
    for t in VERBS:
        found = _containing(t.words)
        out += [Query(text=t.key.replace(" ", "") + f, category="verb", lang="ko", terms=found)
                for f in rng.sample(VERB_FORMS, 2)]
    for t in LATIN:
        out.append(Query(text=t.key, category="latin", lang="ko", terms=frozenset({t.key})))
        out += [Query(text=q, category="latin+hangul", lang="ko", terms=frozenset({t.key})) for q in _inflected(t, rng, 2)]
    for t in KOREAN:
        if len(t.words) > 1:
            out.append(Query(text="".join(t.words), category="compound joined", lang="ko", terms=_containing(t.words)))
    terms = {t.key for t in KOREAN}  # a part that is a term too is a bare query (its relevant notes include the compounds)
    parts = dict.fromkeys(w for t in KOREAN if len(t.words) > 1 for w in t.words if w not in terms)
    out += [Query(text=w, category="compound part", lang="ko", terms=_containing((w,))) for w in parts]
    return out


def relevant(query: Query, corpus: list[Note]) -> frozenset[str]:
    """The keys of the notes `query` should find: its language's notes that mention one of its terms."""
    return frozenset(n.key for n in corpus if n.lang == query.lang and not query.terms.isdisjoint(n.forms))
