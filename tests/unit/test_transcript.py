"""Paragraphs, alignment by time overlap, caption progress, and the caption checks."""

from __future__ import annotations

from site_builder.lectures import caption_lint
from site_builder.lectures.captions import Cue
from site_builder.glossary.terms import load_glossary
from site_builder.glossary.judge import GlossaryIndex
from site_builder.lectures.transcript import align, coverage, paragraphs
from tests.helpers import write_site
from site_builder.core.config import load_config


def cue(start: float, end: float, text: str, line: int = 0) -> Cue:
    return Cue(int(start * 1000), int(end * 1000), text, line)


SOURCE = (cue(0, 3, "We start with a question."), cue(3, 6, "What is a gradient?"),
          cue(12, 15, "After a long pause,"), cue(15, 18, "a new paragraph begins."),
          cue(18, 21, "It goes on here."))


def test_paragraphs_break_at_long_pauses():
    assert [[c.text for c in group] for group in paragraphs(SOURCE)] == [
        ["We start with a question.", "What is a gradient?"],
        ["After a long pause,", "a new paragraph begins.", "It goes on here."]]


def test_paragraphs_break_at_a_sentence_end_once_long_enough():
    long = "word " * 80
    found = paragraphs((cue(0, 5, long + "end."), cue(5, 6, "Next."), cue(6, 7, "more")))
    assert [len(group) for group in found] == [1, 2]


def test_translation_aligned_by_time_not_by_index():
    # Three cues where the source has five: one merges two source cues, one splits a source cue.
    ko = (cue(0, 6, "질문으로 시작합니다. 그라디언트란 무엇일까요?"), cue(12, 16, "긴 쉼 뒤에"), cue(16, 21, "새 문단이 시작됩니다."))
    rows = align(SOURCE, ko, "ko", "en")
    assert [(r.start, r.end, r.source, r.translation, r.translated) for r in rows] == [
        (0, 6000, "We start with a question. What is a gradient?", "질문으로 시작합니다. 그라디언트란 무엇일까요?", True),
        (12000, 21000, "After a long pause, a new paragraph begins. It goes on here.", "긴 쉼 뒤에 새 문단이 시작됩니다.", True)]


def test_a_stretch_without_translation_is_untranslated():
    rows = align(SOURCE, (cue(0, 6, "질문으로 시작합니다."),), "ko", "en")
    assert [(r.translation, r.translated) for r in rows] == [("질문으로 시작합니다.", True), ("", False)]


def test_a_cue_in_a_silence_goes_to_the_nearest_paragraph():
    rows = align(SOURCE, (cue(9.5, 11, "쉼 동안의 말"),), "ko", "en")
    assert [r.translation for r in rows] == ["", "쉼 동안의 말"]


def test_coverage_is_the_share_of_speech_time_translated():
    # Speech: 0-6 and 12-21 = 15 s. Translated: 0-6 (6 s) → 40%.
    assert coverage(SOURCE, (cue(0, 6, "질문으로 시작합니다."),), "ko", "en") == 40
    # A cue repeating the source, or without Hangul, is not translated.
    copied = (cue(0, 6, "We start with a question."), cue(12, 21, "After a long pause, in English"))
    assert coverage(SOURCE, copied, "ko", "en") == 0
    assert coverage(SOURCE, (cue(0, 30, "전부 번역했습니다"),), "ko", "en") == 100
    assert coverage(SOURCE, None, "ko", "en") == 0


def test_timing_checks():
    track = (cue(0, 2, "one", 2), cue(1.5, 3, "two", 6), cue(1, 1, "three", 10), cue(4, 5, "three", 14),
             cue(5, 5.5, "far too many characters for half a second", 18))
    assert [str(p) for p in caption_lint.timing(track, "k.srt", 25)] == [
        "k.srt:6: warning[captions]: overlaps the cue at line 2 by 500 ms",
        "k.srt:10: warning[captions]: the cue ends before it starts or when it starts (0:01, 0 ms)",
        "k.srt:10: warning[captions]: out of order: starts at 0:01, before the cue at line 6",
        "k.srt:14: warning[captions]: repeats the previous cue's text: 'three'",
        "k.srt:18: warning[captions]: reading speed 82 characters a second (limit 25): lengthen the cue or shorten its text"]



def test_cues_read_too_fast_are_one_warning_per_track():
    """A real lecture has hundreds: one warning at the first, with how many, the fastest and where."""
    slow = [cue(i * 10, i * 10 + 5, f"slow enough {i}", 4 * i + 2) for i in range(10)]
    fast = [cue(100 + i * 10, 100 + i * 10 + 1, "x" * (30 + i), 4 * i + 42) for i in range(8)]
    assert [str(p) for p in caption_lint.timing(tuple(slow + fast), "k.srt", 25)] == [
        "k.srt:42: warning[captions]: reading speed above 25 characters a second in 8 cues, up to 37 (line 70): "
        "here, and at lines 46, 50, 54, 58, 62 and 2 more; lengthen the cues or shorten their text"]
    assert [str(p) for p in caption_lint.timing(tuple(slow + fast[:3]), "k.srt", 25)] == [
        "k.srt:42: warning[captions]: reading speed above 25 characters a second in 3 cues, up to 32 (line 50): "
        "here, and at lines 46 and 50; lengthen the cues or shorten their text"]
    assert str(caption_lint.timing(tuple(slow + fast[:2]), "k.srt", 25)[0]).endswith(
        "in 2 cues, up to 31 (line 46): here, and at line 46; lengthen the cues or shorten their text")

def test_untranslated_cues_in_a_translation():
    ko = (cue(0, 3, "질문으로 시작합니다", 2), cue(3, 6, "What is a gradient?", 6), cue(12, 15, "after a pause", 10))
    assert [str(p) for p in caption_lint.untranslated(ko, SOURCE, "k.srt", "ko", "en")] == [
        "k.srt:6: warning[captions]: not translated: 'What is a gradient?'",
        "k.srt:10: warning[captions]: not translated: 'after a pause'"]


def test_glossary_deviations_in_caption_text(tmp_path):
    site = write_site(tmp_path, {"glossary.yaml": """\
        terms:
          - en: gradient
            ko: 그라디언트
            avoid: {ko: [기울기]}
        """}, "title: T\nlanguage: en\nlanguages: {en: English, ko: 한국어}\n", theme=False)
    config = load_config(site)
    index = GlossaryIndex(load_glossary(config), config.languages)
    ko = (cue(0, 3, "이 기울기를 보세요", 2), cue(3, 6, "두 줄\n그 gradient 말고", 6), cue(6, 9, "그라디언트(gradient)는", 10))
    problems, used = caption_lint.glossary(ko, "k.srt", "ko", index, "English", 1)
    assert [str(p) for p in problems] == ["k.srt:3:3: warning[glossary]: '기울기' → use '그라디언트' (gradient)",
                                          "k.srt:8:3: warning[glossary]: 'gradient' is left in English: use '그라디언트'"]
    assert used == {"gradient"}


def test_caption_annotation_matches_the_notes(tmp_path):
    from site_builder.glossary.text import annotate

    site = write_site(tmp_path, {"glossary.yaml": "terms:\n  - en: gradient\n    ko: 그라디언트\n"},
                      "title: T\nlanguage: en\nlanguages: {en: English, ko: 한국어}\n", theme=False)
    config = load_config(site)
    index = GlossaryIndex(load_glossary(config), config.languages)
    seen: set[int] = set()
    first = annotate(index, "ko", "그라디언트를 <구합니다>", "first", seen, "/ko/glossary/")
    assert first == ('<a class="term" href="/ko/glossary/#gradient" title="gradient"><dfn>그라디언트</dfn></a>'
                     '<span class="term-source" lang="en">(gradient)</span>를 &lt;구합니다&gt;')
    assert annotate(index, "ko", "다시 그라디언트", "first", seen, "/ko/glossary/") == "다시 그라디언트"
    assert annotate(index, "ko", "다시 그라디언트", "all", seen, "/ko/glossary/") == (
        '다시 <a class="term" href="/ko/glossary/#gradient" title="gradient">그라디언트</a>')
    by_hand = annotate(index, "ko", "그라디언트(Gradient)가", "first", set(), "/ko/glossary/")
    assert by_hand == "그라디언트(Gradient)가"  # the original given by hand, in any case


def test_a_cue_lasting_hours_keeps_alignment_and_checks_linear():
    """One source cue with a mistyped end (99 hours) overlaps everything after it: what the source
    says during each translated cue is still found without scanning every cue before it."""
    import time

    def run(n: int) -> float:
        source = (cue(0.5, 99 * 3600, "A mistyped end time."),) + tuple(
            cue(i * 2.1, i * 2.1 + 2, f"Sentence {i}.") for i in range(n))
        translation = tuple(cue(i * 2.1, i * 2.1 + 2, f"문장 {i}.") for i in range(n))
        began = time.process_time()
        coverage(source, translation, "ko", "en")  # low: the mistyped cue counts as speech
        rows = align(source, translation, "ko", "en")
        assert all(row.translated for row in rows)
        assert caption_lint.untranslated(translation, source, "ko.srt", "ko", "en") == []
        return time.process_time() - began

    at_n, at_4n = min(run(1600) for _ in range(2)), run(6400)
    for _ in range(3):  # a slow 4n is measured again (other processes); a quadratic path is slow every time
        if at_4n < 6 * max(at_n, 0.005):
            break
        at_n, at_4n = run(1600), run(6400)
    assert at_4n < 6 * max(at_n, 0.005), f"{at_n:.3f} s at n=1600, {at_4n:.3f} s at 4n"
