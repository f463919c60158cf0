"""The Korean suffix rules (glossary/korean.py) through the term matcher: which written words are a
term with a tail, and which must not be. Table-driven; the sentences are written for these tests."""

import pytest

from site_builder.glossary.korean import korean_bases, tails, verb_forms
from site_builder.glossary.match import TermMatcher, normalize

TERMS = [("훈련", "training"), ("학습", "learning"), ("정규화", "normalization"), ("경사", "slope"),
         ("손실", "loss"), ("역전파", "backprop"), ("손실 함수", "loss function")]


def found(text):
    return [(text[m.start:m.end], text[m.start:m.tail], m.value) for m in TermMatcher(TERMS).find(normalize(text))]


MATCHING = [
    # 하다 and its conjugations
    "훈련하다", "훈련하는", "훈련하여", "훈련하여서", "훈련해", "훈련해서", "훈련해야", "훈련해도", "훈련했다", "훈련했고",
    "훈련했습니다", "훈련하였다", "훈련하였으며", "훈련한", "훈련한다", "훈련한다면", "훈련하기", "훈련하기를",
    "훈련하기는", "훈련하면", "훈련하고", "훈련하고는", "훈련하지", "훈련하지는", "훈련하며", "훈련하도록",
    "훈련하거나", "훈련하므로", "훈련할", "훈련할수록", "훈련함", "훈련함으로써", "훈련합니다", "훈련하세요",
    "훈련하려면", "훈련하면서도",
    # 시키다
    "훈련시키다", "훈련시키는", "훈련시켜", "훈련시켜라", "훈련시켜서", "훈련시켰다", "훈련시킨", "훈련시킨다",
    "훈련시킬", "훈련시킴", "훈련시키기를", "훈련시킵니다",
    # 되다
    "정규화되다", "정규화되는", "정규화된", "정규화되어", "정규화되어야", "정규화돼", "정규화됐다", "정규화되었다",
    "정규화된다", "정규화될", "정규화됨", "정규화됩니다", "정규화되기도",
    # particles, one or two
    "훈련을", "훈련은", "훈련에서는", "훈련으로", "훈련이다", "훈련들을", "역전파로는",
]


@pytest.mark.parametrize("word", MATCHING)
def test_a_term_with_a_tail_matches(word):
    term = "정규화" if word.startswith("정규화") else "역전파" if word.startswith("역전파") else "훈련"
    assert found(f"우리는 {word} 것을 본다") == [(term, word, dict(TERMS)[term])]


NOT_MATCHING = [
    "재훈련기", "훈련장", "기계학습", "학습률", "훈련하강",  # another word, before or after
    "경사하강법", "손실함수", "손실함수를",  # a compound whose second noun starts like 하다's or 함's forms
    "훈련하하", "훈련되되다", "훈련한계", "훈련합성", "훈련해석", "훈련되돌리기", "훈련시키기록",
]


@pytest.mark.parametrize("word", NOT_MATCHING)
def test_never_inside_another_word(word):
    assert found(f"우리는 {word} 것을 본다") == []


def test_multi_word_term_with_a_verb_ending():
    assert found("손실 함수하는 법") == [("손실 함수", "손실 함수하는", "loss function")]


def test_longest_base_first():
    assert korean_bases("훈련시켜라") == ["훈련"]
    assert korean_bases("학습하기를")[:2] == ["학습하기", "학습"]  # 를, then 하기를


def test_the_tables():
    forms = verb_forms()
    assert {"하는", "했다", "하였다", "한다", "하기", "시켜라", "시킨", "된", "되는", "되어", "됐다"} <= forms
    assert {"하더라도", "하겠다", "했더라도", "되겠지만", "하는데"} <= forms
    assert not {"하강", "함수", "한계", "합성", "해석"} & tails()


@pytest.mark.parametrize("word,particle,written", [
    ("손실", "를", "을"), ("로스", "을", "를"), ("손실", "가", "이"), ("로스", "이", "가"), ("손실", "는", "은"),
    ("손실", "와", "과"), ("로스", "과", "와"), ("손실", "로", "로"), ("규칙", "로", "으로"), ("로스", "으로", "로"),
    ("손실", "라는", "이라는"), ("손실", "에서", "에서"), ("ReLU", "를", "를"), ("", "를", "를"), ("손실", "들", "들")])
def test_particle_after(word, particle, written):
    from site_builder.glossary.korean import particle_after
    assert particle_after(word, particle) == written
