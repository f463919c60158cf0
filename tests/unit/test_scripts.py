"""The one language measure (content/scripts.py), case by case: what a text says in the target
language, fair to the script; and the alignment of split and merged blocks (translation/align.py)."""

import pytest

from site_builder.content.scripts import in_source_language, target_share, weighted_length
from site_builder.translation.align import align
from site_builder.translation.progress import Block, progress

# (text, share at least, share at most, still in the source language)
CASES = [
    # glossed Korean: the glosses in parentheses do not count against it
    ("이제 손실함수(loss function)의 그라디언트(gradient)를 구합니다.", 1.0, 1.0, False),
    ("손실 함수 (loss function)는 점수와 정답의 거리를 잽니다.", 1.0, 1.0, False),
    ("활성화 함수(activation function): ReLU(rectified linear unit), 시그모이드(sigmoid).", 0.9, 1.0, False),
    ("그라디언트(gradient), 헤시안(Hessian), 야코비안(Jacobian)을 차례로 구합니다.", 1.0, 1.0, False),
    ("gradient(그라디언트)를 먼저 구합니다.", 1.0, 1.0, False),  # the other order: the term before its gloss
    # fully Korean; Korean with English terms glued to particles, names, code, math and URLs
    ("첫 문단은 생각을 설명합니다.", 1.0, 1.0, False),
    ("아래 코드는 numpy 배열의 shape을 출력합니다.", 0.7, 1.0, False),
    ("Jupyter Notebook 사용법", 1.0, 1.0, False),
    ("`np.sum(x, axis=0)` 은 열마다 더합니다.", 1.0, 1.0, False),
    ("$f(x) = w x + b$ 에서 기울기는 https://example.org/slope 를 보세요.", 1.0, 1.0, False),
    # mixed: a Korean sentence with an English one is mostly Korean; the other way round is not
    ("매 에포크(epoch)가 끝날 때마다 손실을 그립니다. We look for a plateau.", 0.6, 0.8, False),
    ("Every run used the same 시드, so the numbers can be compared.", 0.05, 0.2, True),
    ("We use 그라디언트 here to update the weights.", 0.25, 0.4, True),
    # English: nothing in the target language, names or not
    ("The first paragraph explains the idea.", 0.0, 0.0, True),
    ("Deep Residual Learning for Image Recognition", 0.0, 0.0, True),
    ("He, Zhang, Ren and Sun. Deep residual learning. 2016.", 0.0, 0.0, True),
    ("the loss (a sum over examples) of every batch", 0.0, 0.0, True),
    # glossary source terms left in English, standing alone: English by letters, Korean once named
    ("중요한 설정 셋: learning rate, momentum, weight decay.", 0.2, 0.4, True),
]


@pytest.mark.parametrize("text, low, high, english", CASES)
def test_korean_measure(text, low, high, english):
    share = target_share(text, "ko", "en")
    assert low <= share <= high, share
    assert in_source_language(text, "ko", "en") is english


def test_glossary_terms_are_not_counted_against():
    text = "중요한 설정 셋: learning rate, momentum, weight decay."
    terms = [(text.index(t), text.index(t) + len(t)) for t in ("learning rate", "momentum", "weight decay")]
    assert target_share(text, "ko", "en", terms) == 1.0
    assert not in_source_language(text, "ko", "en", terms)


@pytest.mark.parametrize("text, lang, source, expected", [
    ("Le premier paragraphe explique l'idée.", "fr", "en", None),  # same script: the measure says nothing
    ("第一段解释了这个想法。", "zh", "en", 1.0),
    ("損失関数(loss function)を計算します。", "ja", "en", 1.0),
    ("Первый абзац объясняет идею.", "ru", "en", 1.0),
    ("The first paragraph explains the idea.", "ru", "en", 0.0),
    ("KR 지역의 한국어입니다.", "ko-KR", "en", 1.0),  # a region tag: the language's script
])
def test_other_scripts(text, lang, source, expected):
    assert target_share(text, lang, source) == expected


def test_no_letters_is_never_untranslated():
    assert not in_source_language("2016, 3.14 — $x$", "ko", "en")
    assert not in_source_language("", "ko", "en")


def test_weighted_length_compares_across_languages():
    english, korean = "The first paragraph explains the idea.", "첫 문단은 생각을 설명합니다."
    assert 0.8 < weighted_length(korean) / weighted_length(english) < 1.2


def _block(text: str, kind: str = "paragraph", translated: bool = False, anchors: frozenset = frozenset()) -> Block:
    return Block(text, text, len(text.split()), kind, anchors, weighted_length(text),
                 translated and not in_source_language(text, "ko", "en"), False)


P1 = _block("The optimizer reads a batch of examples, computes the loss on them, takes the gradient and moves "
            "every weight a small step against it before the next batch.")
P2 = _block("When the loss stops going down for several epochs, we lower the step size by ten.")
P3 = _block("Pooling keeps the largest value of every window, 2 by 2.", anchors=frozenset({"2"}))
H = _block("Training", "heading")
K1a, K1b = _block("옵티마이저는 예제 한 묶음을 읽고, 그 묶음의 손실을 계산하고 그라디언트를 구합니다.", translated=True), \
    _block("그러고는 다음 묶음 전에 모든 가중치를 그 반대로 조금 옮깁니다.", translated=True)
K12 = _block("옵티마이저는 예제 한 묶음을 읽어 그 손실을 계산하고 그라디언트를 구한 뒤, 다음 묶음을 읽기 전에 모든 "
             "가중치를 그 반대로 조금 옮기며, 손실이 여러 에포크 동안 줄지 않으면 보폭을 열 배 줄입니다.", translated=True)
K3 = _block("풀링은 2 × 2 창마다 가장 큰 값을 남깁니다.", translated=True, anchors=frozenset({"2"}))
KH = _block("학습", "heading", translated=True)
NOTE = _block("옮긴이 주: 이 절의 예는 번역하며 덧붙였습니다.", translated=True)


@pytest.mark.parametrize("source, translation, steps, percent", [
    ((P1, P2), (K1a, K1b, P2), [((0,), (0, 1)), ((1,), (2,))], 50),  # a split, then a copy
    ((P1, P2, P3), (K12, P3), [((0, 1), (0,)), ((2,), (1,))], 66),  # a merge, then a copy
    ((H, P1, P3), (KH, K1a, K1b, K3, NOTE), [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((), (4,))], 100),
    ((H, P1, P2, P3), (KH, K3), [((0,), (0,)), ((1,), ()), ((2,), ()), ((3,), (1,))], 50),  # left out
    ((P1, P2), (), [((0,), ()), ((1,), ())], 0),
    ((), (NOTE,), [((), (0,))], 100),
])
def test_alignment_of_splits_and_merges(source, translation, steps, percent):
    found = [(tuple(mine), tuple(theirs)) for mine, theirs in align(source, translation)]
    assert found == steps
    assert progress(source, translation).percent == percent


def test_a_split_half_left_in_english_is_not_done():
    english_half = _block("Then it moves every weight a small step against its gradient before the next batch.")
    assert progress((P1, P2), (K1a, english_half, P2)).percent == 0
