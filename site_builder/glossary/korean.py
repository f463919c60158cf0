"""What may follow a Korean term inside one written word: the one rule set of the glossary matcher
(and of anything else that looks Korean words up, such as a search index).

Korean writes a noun and what follows it as one word: particles (역전파를, 그라디언트의,
그라디언트들을, 학습에서는) and, for the many nouns that become verbs, the verb-forming 하다,
시키다 or 되다 in any of their conjugations (훈련하는, 훈련하였다, 훈련했다, 훈련한다, 훈련하기를,
훈련시켜라, 훈련시킨, 훈련된, 훈련되어, 훈련됐다). A word is a term when it is the term followed by
a *tail*:

    tail = particle{1,2}
         | verb-form [particle]      (a particle only after a form that takes one: 하기를, 함으로써, 하고는)

A verb form is one of the verb's stems followed by an ending of that stem (below), so only real
conjugations count: 경사하강법 is not 경사 + 하…, 손실함수 not 손실 + 함…, 학습률 not 학습 + 률.
Nothing is ever matched inside a word: the term starts the word (기계학습 is not 학습).
Known limit: a compound whose second noun is spelled like a verb form (최적해, "optimal solution",
reads as 최적 + 해) matches; such compounds are rare among glossary terms.
"""

from __future__ import annotations

from functools import cache

# Particles and endings that follow a noun directly (and the copula 이다 in a few forms).
PARTICLES = frozenset("""은 는 이 가 을 를 의 에 에서 에게 에게서 께 께서 한테 으로 로 으로서 로서 으로써 로써 와 과
    도 만 까지 부터 보다 처럼 같이 마다 조차 마저 밖에 이나 나 이나마 이란 란 이라는 라는 이라고 라고 이라면 라면
    이다 다 입니다 이며 며 이고 고 이었다 였다 이지만 지만 이야 야 이요 요 에는 에서는 에도 에서도 으로는 로는
    으로도 로도 와의 과의 와는 과는 에의 로의 으로의 이랑 랑 하고 이에요 예요 인 일 임 들""".split())

# The stems of 하다, 시키다 and 되다, by the endings each takes (the contracted forms too:
# 해 = 하여, 했 = 하였, 돼 = 되어, 됐 = 되었).
_PLAIN = ("다 는 고 지 게 기 면 며 도록 거나 지만 므로 니 니까 면서 자 려면 려고 려는 던 든 든지 세요 십시오 시오 "
          "는데 더라도 더라 겠다 겠고 겠지만 겠습니다").split()
_PAST = "다 고 지 지만 던 으며 으나 는데 을 습니다 어요 으므로 으면 기 더라도 겠다".split()
_INFINITIVE = ["", "서", "도", "야", "라", "요", "서는", "서도", "야만"]
_STEMS: dict[str, tuple[str, ...]] = {
    # stem: endings it takes
    "하": (*_PLAIN, "여", "여서", "여야", "여도"),
    "시키": tuple(_PLAIN),
    "되": (*_PLAIN, "어", "어서", "어야", "어도"),
    "해": tuple(_INFINITIVE), "시켜": tuple(_INFINITIVE), "돼": tuple(_INFINITIVE),
    "하였": tuple(_PAST), "했": tuple(_PAST), "시켰": tuple(_PAST), "되었": tuple(_PAST), "됐": tuple(_PAST),
    "한": ("", "다", "다면", "다고", "다는", "다면서"),  # adnominal past and plain present: 훈련한, 훈련한다
    "시킨": ("", "다", "다면", "다고", "다는"), "된": ("", "다", "다면", "다고", "다는"),
    "할": ("", "수록", "지"), "시킬": ("", "수록", "지"), "될": ("", "수록", "지"),  # adnominal future
    "함": ("",), "시킴": ("",), "됨": ("",),  # nouns: 훈련함으로써
    "합": ("니다", "니까", "시다"), "시킵": ("니다", "니까", "시다"), "됩": ("니다", "니까"),
}
# Verb forms after which a particle may come: nouns (…기, …함) and a few connectives (하고는, 해서도).
_TAKES_PARTICLE = ("기", "함", "킴", "됨")
_TAKES_TOPIC = ("고", "지", "게", "서", "도록", "면서", "야")
_TOPIC = ("는", "도", "만", "요")


def verb_forms() -> frozenset[str]:
    """Every verb-forming tail: 하다, 하는, 했다, 시켜라, 된 …"""
    return frozenset(stem + ending for stem, endings in _STEMS.items() for ending in endings)


@cache
def tails() -> frozenset[str]:
    """Every tail a Korean term may carry in one word (made once per process: ~20,000 strings)."""
    found = set(PARTICLES) | {a + b for a in PARTICLES for b in PARTICLES}
    for form in verb_forms():
        found.add(form)
        if form.endswith(_TAKES_PARTICLE):
            found.update(form + p for p in PARTICLES)
        elif form.endswith(_TAKES_TOPIC):
            found.update(form + p for p in _TOPIC)
    return frozenset(found)


def is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


# Particles written one way after a final consonant and another after a vowel (손실을, 로스를).
# The 으로 kind takes its vowel form after ㄹ too (손실로, 규칙으로).
_ALTERNATING = (("을", "를"), ("은", "는"), ("이", "가"), ("과", "와"), ("이나", "나"), ("이랑", "랑"),
                ("과는", "와는"), ("과의", "와의"), ("이란", "란"), ("이라는", "라는"), ("이라고", "라고"),
                ("이라면", "라면"), ("이다", "다"), ("이며", "며"), ("이고", "고"), ("이지만", "지만"),
                ("이야", "야"), ("이었다", "였다"), ("이에요", "예요"), ("으로", "로"), ("으로서", "로서"),
                ("으로써", "로써"), ("으로는", "로는"), ("으로도", "로도"), ("으로의", "로의"))
_PAIRS = {form: pair for pair in _ALTERNATING for form in pair}
_RIEUL = 8  # ㄹ as a syllable's final consonant: (code - 가) % 28


def particle_after(word: str, particle: str) -> str:
    """`particle` as it is written after `word` (를 after 로스, 을 after 손실), when it is one that
    alternates; else as it is, and as it is after a word that does not end in a Hangul syllable
    (how ReLU is read aloud is not written)."""
    pair = _PAIRS.get(particle)
    if pair is None or not word or not is_hangul(word[-1]):
        return particle
    final = (ord(word[-1]) - 0xAC00) % 28
    after_vowel = final == 0 or (final == _RIEUL and pair[0].startswith("으로"))
    return pair[1] if after_vowel else pair[0]


@cache
def _longest_tail() -> int:
    return max(map(len, tails()))


def korean_bases(word: str) -> list[str]:
    """What `word` may be a term with a tail of: its beginnings whose rest is a tail, longest
    first (the word itself is not included). Only the word's last few characters are looked at,
    however long it is (a run of thousands of syllables costs no more than a word)."""
    known, n = tails(), len(word)
    return [word[:k] for k in range(n - 1, max(0, n - 1 - _longest_tail()), -1) if word[k:] in known]


def stem(word: str) -> str:
    """`word` without the longest tail it may carry (역전파를 → 역전파, 학습하는 → 학습, CNN을 → CNN);
    the word itself when it carries none. The search index and the browser's query both take this
    stem (search.js applies the rules of `browser_rules()` the same way), so that a query finds a
    word with any tail on either side: the stem is a prefix of every form of the word."""
    bases = korean_bases(word)
    return bases[-1] if bases else word


def browser_rules() -> dict:
    """The rules above as data for the browser's copy of `stem` (the search box's query)."""
    return {"particles": sorted(PARTICLES), "stems": {s: list(e) for s, e in _STEMS.items()},
            "takes_particle": list(_TAKES_PARTICLE), "takes_topic": list(_TAKES_TOPIC), "topic": list(_TOPIC)}
