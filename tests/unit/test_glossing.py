"""The verdict on a source-language term in a translation: a gloss written by hand, in either order,
is no finding; the term alone, or beside something that is not its translation, is."""

import pytest

from site_builder.glossary.judge import LEFT, GlossaryIndex, annotated_by_hand, judge
from site_builder.glossary.match import normalize
from site_builder.glossary.terms import Glossary, Term

TERMS = (Term(source="gradient", translations={"ko": ("그라디언트",)}, avoid={"ko": ("기울기",)}, note="", line=1,
              anchor="gradient"),
         Term(source="loss function", translations={"ko": ("손실 함수",)}, avoid={}, note="", line=2,
              anchor="loss-function"))
GLOSSARY = Glossary("en", TERMS)
INDEX = GlossaryIndex(GLOSSARY, ["en", "ko"])


def verdicts(text):
    text = normalize(text)
    return [(text[m.start:m.end], judge(GLOSSARY, "ko", text, m, "English").kind)
            for m in INDEX.matchers["ko"].find(text) if m.value.kind == "source"]


@pytest.mark.parametrize("text", [
    "그라디언트(gradient)를 구한다", "그라디언트 (gradient)를 구한다", "gradient(그라디언트)를 구한다",
    "gradient (그라디언트)를 구한다", "Gradients (그라디언트)", "Loss function(손실 함수)와", "손실 함수 (loss function)",
    "손실 함수(loss function of the model)",  # anything in parentheses glued to a word, as before
])
def test_a_gloss_in_either_order_is_no_finding(text):
    assert all(kind == "" for _, kind in verdicts(text)) and verdicts(text)


@pytest.mark.parametrize("text", [
    "gradient 를 구한다", "여기서 (gradient 참고) 본다", "gradient (기울기)를 구한다", "손실 (gradient)",
    "gradient () 그라디언트",
])
def test_the_term_alone_is_left_in_english(text):
    assert [kind for _, kind in verdicts(text)] == [LEFT]


@pytest.mark.parametrize("text, start, end, by_hand", [
    ("그라디언트(gradient)", 0, 5, True), ("그라디언트 (Gradient)", 0, 5, True), ("gradient(그라디언트)", 9, 14, True),
    ("gradient (그라디언트)", 10, 15, True), ("그라디언트 gradient", 0, 5, False), ("(그라디언트)", 1, 6, False),
])
def test_annotated_by_hand(text, start, end, by_hand):
    assert text[start:end] == "그라디언트"
    assert annotated_by_hand(text, end, TERMS[0], start) is by_hand
