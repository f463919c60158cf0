"""The vocabulary of the Korean search corpus (bench/kocorpus.py): machine-learning terms, the
particles and verb endings written after them, and filler sentences that contain none of them.
Written for this benchmark; nothing here comes from the course notes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Term:
    key: str  # the Korean form as the glossary has it (a space in a compound: 손실 함수)
    en: str  # the English equivalent (the glossary's when `glossary`)
    verb: bool = False  # a noun that becomes a verb with 하다, 되다, 시키다 (학습하는, 학습된)
    latin: bool = False  # written in Latin letters inside Korean text (CNN을)
    final: bool = False  # ends in a consonant as read aloud (Latin terms: CNN 씨엔엔 → 을, 은, 이)
    glossary: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.key.split())


# key|English|flags: v verb, g in the glossary; Latin terms: l, f when read with a final consonant.
_TERMS = """
역전파|backpropagation|vg  학습|training|vg  학습률|learning rate|g  최적화|optimization|vg
정규화|regularization|vg  초기화|initialization|vg  분류|classification|vg  분류기|classifier|g
예측|prediction|vg  가중치|weight|g  편향|bias|g  그라디언트|gradient|g  미분|derivative|v
신경망|neural network|g  뉴런|neuron|g  합성곱|convolution|g  풀링|pooling|  손실|loss|g
활성화|activation|vg  데이터|data|  데이터셋|dataset|g  배치|batch|g  에폭|epoch|g
과적합|overfitting|vg  일반화|generalization|vg  검증|validation|vg  평가|evaluation|v
차원|dimension|  벡터|vector|g  행렬|matrix|g  텐서|tensor|  특징|feature|g
표현|representation|v  모델|model|  파라미터|parameter|g  하이퍼파라미터|hyperparameter|g
정확도|accuracy|g  확률|probability|  분포|distribution|g  샘플|sample|  샘플링|sampling|v
추론|inference|vg  인코더|encoder|  디코더|decoder|  임베딩|embedding|g  어텐션|attention|g
수렴|convergence|vg  발산|divergence|v  계산|computation|v  갱신|update|vg  순전파|forward pass|vg
스코어|score|  마진|margin|g  커널|kernel|  스트라이드|stride|  패딩|padding|  잔차|residual|
노이즈|noise|  증강|augmentation|vg
손실 함수|loss function|g  활성화 함수|activation function|g  경사 하강법|gradient descent|g
배치 정규화|batch normalization|g  가중치 감쇠|weight decay|g  합성곱 신경망|convolutional neural network|g
순환 신경망|recurrent neural network|g  학습 데이터|training data|g  결정 경계|decision boundary|g
미세 조정|fine-tuning|vg
CNN|CNN|lf  RNN|RNN|lf  LSTM|LSTM|lf  ReLU|ReLU|l  SGD|SGD|l  GPU|GPU|l  Adam|Adam|lf
softmax|softmax|l  dropout|dropout|lf  PyTorch|PyTorch|l  ImageNet|ImageNet|lf  ResNet|ResNet|lf
VGG|VGG|l  SVM|SVM|lf  kNN|kNN|lf  PCA|PCA|l  RMSProp|RMSProp|lf  NumPy|NumPy|l  MNIST|MNIST|l
Transformer|Transformer|l
"""


def _final(word: str) -> bool:
    last = word[-1]
    return "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0


def _rieul(word: str) -> bool:  # ㄹ batchim: 로, not 으로
    last = word[-1]
    return "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 == 8


def _terms() -> tuple[Term, ...]:
    terms = []
    for line in _TERMS.strip().splitlines():
        for item in line.split("  "):
            key, en, flags = item.strip().split("|")
            latin = "l" in flags
            terms.append(Term(key=key, en=en, verb="v" in flags, latin=latin, glossary="g" in flags,
                              final=("f" in flags) if latin else _final(key)))
    return tuple(terms)


TERMS = _terms()

# Particles after a noun: (after a final consonant, after a vowel); one form when it does not change.
PARTICLES = (("을", "를"), ("은", "는"), ("이", "가"), ("과", "와"), ("으로", "로"), ("의",), ("에",), ("에서",),
             ("에서는",), ("도",), ("만",), ("까지",), ("부터",), ("보다",), ("처럼",), ("마다",), ("에는",),
             ("들을",), ("들은",), ("들의",), ("들이",), ("에서의",), ("만으로",), ("으로는", "로는"),
             ("이라는", "라는"), ("이다", "다"), ("이나", "나"), ("으로써", "로써"), ("과의", "와의"), ("에서도",))


def particle(term: Term, pair: tuple[str, ...]) -> str:
    if len(pair) == 1:
        return pair[0]
    if pair[0].startswith("으") and not term.latin and _rieul(term.key):
        return pair[1]  # 모델로, 확률로
    return pair[0] if term.final else pair[1]


# Verb forms after a verb noun, by where they stand in a sentence: before a noun, ending a
# sentence, joining two clauses. A few common ones on purpose beyond the textbook set (하겠다, 하더라도).
ADNOMINAL = ("하는", "한", "할", "된", "되는", "시키는", "시킨", "했던", "되었던")
FINAL = ("한다", "했다", "합니다", "된다", "됐다", "되었다", "시켰다", "하였다", "시킨다", "하겠다", "됩니다")
CONNECTIVE = ("하여", "해서", "하고", "하면", "되어", "시켜서", "하더라도", "함으로써", "하기", "되면서", "하며",
              "했지만", "시키면", "하기를", "되고는")
VERB_FORMS = ADNOMINAL + FINAL + CONNECTIVE

# Sentences of our own without any term: the prose between mentions.
FILLER = (
    "이 절은 앞에서 다룬 내용을 조금 더 자세히 설명한다.", "그림을 보면 차이가 분명하게 드러난다.",
    "실제로 해 보면 생각보다 간단하다.", "여기서는 직관을 먼저 설명하고 식은 뒤로 미룬다.",
    "이 부분은 처음 읽을 때 건너뛰어도 괜찮다.", "예를 들어 고양이와 개의 사진을 구분하는 문제를 생각해 보자.",
    "숫자가 커지면 시간이 오래 걸린다.", "아래 표에 결과를 정리했다.", "이 방법은 여러 해 동안 널리 쓰였다.",
    "코드를 직접 실행해 보기를 권한다.", "다음 장에서 이 이야기를 이어 간다.", "연습 문제를 풀면서 확인해 보자.",
    "이 선택은 경험에 따른 것이다.", "자세한 증명은 참고 문헌에 있다.", "작은 예제부터 시작하는 편이 좋다.",
    "직관적으로는 언덕을 내려가는 모습과 같다.", "이 결과는 놀랍게도 꽤 안정적이다.",
    "많은 경우 기본값으로 충분하다.", "실험 환경에 따라 숫자는 달라질 수 있다.", "이제 중요한 질문이 남는다.",
)
FILLER_EN = (
    "This section explains the idea in a little more detail.", "The figure makes the difference clear.",
    "In practice it is simpler than it looks.", "We give the intuition first and the formulas later.",
    "You may skip this part on a first reading.", "The table below summarises the results.",
    "Try running the code yourself.", "The next chapter continues the story.",
)
