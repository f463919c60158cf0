import pytest

from site_builder.glossary.match import TermMatcher, normalize

TERMS = [("역전파", "backprop"), ("학습", "learning"), ("그라디언트", "gradient"), ("손실 함수", "loss function"),
         ("배치 정규화", "batchnorm"), ("gradient", "gradient-en"), ("loss function", "loss-en"),
         ("batch", "batch-en"), ("mini-batch", "minibatch-en")]


def found(text):
    return [(text[m.start:m.end], text[m.start:m.tail], m.value) for m in TermMatcher(TERMS).find(normalize(text))]


@pytest.mark.parametrize("text, expected", [
    ("역전파를 계산한다", [("역전파", "역전파를", "backprop")]),
    ("역전파는 빠르다", [("역전파", "역전파는", "backprop")]),
    ("그라디언트의 방향", [("그라디언트", "그라디언트의", "gradient")]),
    ("그라디언트에서는 다르다", [("그라디언트", "그라디언트에서는", "gradient")]),
    ("그라디언트들을 더한다", [("그라디언트", "그라디언트들을", "gradient")]),
    ("학습이다.", [("학습", "학습이다", "learning")]),
    ("(학습)", [("학습", "학습", "learning")]),
])
def test_korean_particles(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", ["기계학습을 한다", "학습률을 줄인다", "재역전파", "그라디언트부스팅"])
def test_compounds_do_not_match(text):
    assert found(text) == []


def test_latin_words_case_and_plurals():
    assert found("Gradients and the GRADIENT, not gradientless") == [
        ("Gradient", "Gradients", "gradient-en"), ("GRADIENT", "GRADIENT", "gradient-en")]
    assert found("two batches; a mini-batch") == [("batch", "batches", "batch-en"), ("mini-batch", "mini-batch", "minibatch-en")]


def test_multi_word_across_a_line_break():
    assert found("the loss\nfunction here") == [("loss\nfunction", "loss\nfunction", "loss-en")]
    assert found("손실\n함수를 줄인다") == [("손실\n함수", "손실\n함수를", "loss function")]
    assert found("배치   정규화는") == [("배치   정규화", "배치   정규화는", "batchnorm")]
    assert found("loss, function") == []


def test_nfc_normalisation():
    decomposed = normalize("역전파").encode()  # precomposed
    nfd = __import__("unicodedata").normalize("NFD", "역전파를")
    assert nfd.encode() != decomposed
    assert [m[2] for m in found(nfd)] == ["backprop"]


def test_longest_phrase_wins_and_no_overlap():
    m = TermMatcher([("batch", 1), ("batch normalization", 2)])
    assert [x.value for x in m.find("batch normalization of a batch")] == [2, 1]


def test_a_shorter_phrase_after_a_longer_one_failed():
    m = TermMatcher([("a b c", 3), ("a b", 2), ("b", 1)])
    assert [(x.start, x.end, x.tail, x.value) for x in m.find("a b x, a b c, a b")] == [
        (0, 3, 3, 2), (7, 12, 12, 3), (14, 17, 17, 2)]


@pytest.mark.parametrize("suffix", ["", " 학"])  # text with Hangul: every word is looked at
def test_whole_words_only_whatever_the_text(suffix):
    text = "x-gradient gradient-x mini-batch -batch batch's 'batch the loss\nfunctions loss, function"
    assert found(text + suffix) == [("mini-batch", "mini-batch", "minibatch-en"), ("batch", "batch", "batch-en"),
                                    ("batch", "batch", "batch-en"), ("loss\nfunction", "loss\nfunctions", "loss-en")]


def test_values_are_those_of_find():
    m = TermMatcher(TERMS)
    text = normalize("Gradients of the loss function, 역전파를 and batches")
    assert m.values(text) == [x.value for x in m.find(text)] == ["gradient-en", "loss-en", "backprop", "batch-en"]


def test_folding_the_text_keeps_its_words():
    """Text is case-folded whole when no character folds to several: the fold must then keep every
    character a word character, a joiner, a space or Hangul exactly when it was (U+0345 excepted,
    which termmatch sends down the word-by-word path)."""
    import re
    import sys

    word = re.compile(r"\w")
    changed = []
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        f = c.casefold()
        if len(f) == 1 and f != c and (bool(word.match(c)) != bool(word.match(f)) or c.isspace() != f.isspace()
                                       or (c in "-'’") != (f in "-'’") or ("가" <= c <= "힣") != ("가" <= f <= "힣")):
            changed.append(c)
    assert changed == ["\u0345"]
