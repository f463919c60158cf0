"""The caption reader on hand-made files for every defect it recovers from, and on the real files
of ../shared/corpus/transcripts."""

from __future__ import annotations

import pytest

from site_builder.lectures.caption_write import to_srt, to_vtt
from site_builder.content.naming import caption_name
from site_builder.lectures.captions import Cue, read_cues, read_transcript
from tests.helpers import CORPUS

TRANSCRIPTS = CORPUS / "transcripts"
needs_corpus = pytest.mark.skipif(not TRANSCRIPTS.is_dir(), reason="shared corpus not present")


def cues(text: str, name: str = "a.srt") -> tuple[list[tuple[int, int, str]], list[str]]:
    found, problems = read_cues(text.encode("utf-8"), name)
    assert found is not None, problems
    return [(c.start, c.end, c.text) for c in found], [str(p) for p in problems]


def test_srt_clean():
    found, problems = cues("1\n00:00:01,000 --> 00:00:02,500\nHello\nthere\n\n2\n00:00:03,000 --> 00:00:04,000\nAgain\n")
    assert found == [(1000, 2500, "Hello\nthere"), (3000, 4000, "Again")]
    assert problems == []


def test_bom_and_crlf_read_like_plain_text():
    plain = "1\n00:00:01,000 --> 00:00:02,000\n안녕하세요\n\n2\n00:00:02,000 --> 00:00:03,000\n반갑습니다\n"
    messy = ("\ufeff" + plain.replace("\n", "\r\n")).encode("utf-8")
    found, problems = read_cues(messy, "a.srt")
    assert [(c.start, c.text) for c in found] == [(1000, "안녕하세요"), (2000, "반갑습니다")]
    assert problems == []


def test_missing_blank_line_keeps_the_number_out_of_the_text():
    found, problems = cues("1\n00:00:01,000 --> 00:00:02,000\nHello\n2\n00:00:02,000 --> 00:00:03,000\nWorld\n")
    assert found == [(1000, 2000, "Hello"), (2000, 3000, "World")]
    assert problems == ["a.srt:5: warning[captions]: cues are not separated by a blank line"]


def test_missing_and_wrong_cue_numbers():
    found, problems = cues("1\n00:00:01,000 --> 00:00:02,000\nOne\n\n00:00:02,000 --> 00:00:03,000\nTwo\n\n"
                           "7\n00:00:03,000 --> 00:00:04,000\nThree\n\n8\n00:00:04,000 --> 00:00:05,000\nFour\n")
    assert [text for _, _, text in found] == ["One", "Two", "Three", "Four"]
    assert problems == ["a.srt:5: warning[captions]: a cue without its number (expected 2)",
                        "a.srt:8: warning[captions]: cue number 7, expected 3"]


def test_blank_line_inside_a_cue_keeps_its_text():
    found, problems = cues("1\n00:00:01,000 --> 00:00:02,000\nfirst half\n\nsecond half\n\n"
                           "2\n00:00:02,000 --> 00:00:03,000\nnext\n")
    assert found == [(1000, 2000, "first half\nsecond half"), (2000, 3000, "next")]
    assert problems == ["a.srt:5: warning[captions]: a blank line inside a cue's text: the text after it is kept in the cue"]


def test_webvtt_header_blocks_settings_and_tags():
    text = ("WEBVTT - a lecture\nKind: captions\nLanguage: en\n\nNOTE written by hand\nover two lines\n\n"
            "STYLE\n::cue { color: yellow }\n\nintro\n00:01.000 --> 00:02.500 align:start position:10%\n"
            "<v Prof>Welcome</v> to <i>the</i> <c.loud>course</c> &amp; more &lt;3\n\n"
            "00:00:02.500 --> 00:00:04.000\nsecond <00:00:03.000>cue\n")
    found, problems = cues(text, "b.vtt")
    assert found == [(1000, 2500, "Welcome to the course & more <3"), (2500, 4000, "second cue")]
    assert problems == []


def test_webvtt_note_running_into_the_first_cue():
    found, problems = cues("WEBVTT\n\nNOTE made by a tool\n00:00:01.000 --> 00:00:02.000\nfirst\n", "b.vtt")
    assert found == [(1000, 2000, "first")]
    assert problems == ["b.vtt:4: warning[captions]: a NOTE/STYLE block is not ended by a blank line"]


def test_webvtt_header_running_into_the_first_cue():
    found, problems = cues("WEBVTT Kind: captions\nNOTE\nmade by a tool\n00:00:01.000 --> 00:00:02.000\nfirst\n", "b.vtt")
    assert found == [(1000, 2000, "first")]
    assert problems == ["b.vtt:4: warning[captions]: no blank line between the WebVTT header and the first cue"]


def test_a_short_timing_arrow_is_recovered():
    found, problems = cues("1\n00:00:01,000 -> 00:00:02,000\nx\n\n2\n00:00:02,000 --> 00:00:03,000\ny\n")
    assert found == [(1000, 2000, "x"), (2000, 3000, "y")]
    assert problems == ["a.srt:2: warning[captions]: the timing arrow '->' is read as '-->'"]


def test_srt_positioning_tags_and_short_fractions():
    found, _ = cues("1\n0:00:01,5 --> 0:00:02,25\n{\\an8}<b>top</b>\n")
    assert found == [(1500, 2250, "top")]


def test_empty_cue_is_kept_and_reported():
    found, problems = cues("WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\nsaid\n", "b.vtt")
    assert found == [(1000, 2000, ""), (2000, 3000, "said")]
    assert problems == ["b.vtt:3: warning[captions]: a cue without text"]


@pytest.mark.parametrize("data, message", [
    (b"1\n00:00:01,000 --> soon\nx\n", "a.srt:2: error[captions]: cannot read the cue timing '00:00:01,000 --> soon' "
                                       "(expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm')"),
    (b"1\n00:00:01,000 --> 00:00:02,000\n\xff\xfe broken\n", "a.srt:3:1: error[captions]: not valid UTF-8 (byte 0xff); save the file as UTF-8"),
    (b"just some words\n", "a.srt:1: error[captions]: no cues found"),
])
def test_unreadable_files_are_errors_with_their_line(data, message):
    found, problems = read_cues(data, "a.srt")
    assert found is None
    assert [str(p) for p in problems] == [message]


def test_pasted_transcript_with_machine_translation():
    text = "first line\n첫 줄\n0:05\nsecond line\n둘째 줄\n1:02:03\nlast line\n마지막 줄\n"
    tracks, problems = read_transcript(text.encode(), "x.en-ko.txt", 2)
    en, ko = tracks
    assert [(c.start, c.end, c.text, c.line) for c in en] == [
        (0, 5000, "first line", 1), (5000, 3723000, "second line", 4), (3723000, 3724000, "last line", 7)]
    assert [c.text for c in ko] == ["첫 줄", "둘째 줄", "마지막 줄"]
    assert [str(p) for p in problems] == ["x.en-ko.txt:1: warning[captions]: text before the first timestamp: read as starting at 0:00"]


def test_pasted_transcript_line_without_translation():
    tracks, problems = read_transcript("0:00\none\n하나\ntwo\n0:10\nthree\n셋\n".encode(), "x.en-ko.txt", 2)
    assert [c.text for c in tracks[0]] == ["one\ntwo", "three"]
    assert [c.text for c in tracks[1]] == ["하나", "셋"]
    assert [str(p) for p in problems] == ["x.en-ko.txt:4: warning[captions]: 3 text lines after a timestamp: expected "
                                          "each line followed by its translation; the last one is read as untranslated"]


@needs_corpus
def test_real_webvtt_every_timing_line_is_one_cue():
    data = (TRANSCRIPTS / "cs441-2023-02-16.en.vtt").read_bytes()
    timing_lines = sum("-->" in line for line in data.decode("utf-8").splitlines())
    found, problems = read_cues(data, "cs441.en.vtt")
    assert timing_lines == 1985 and len(found) == 1985
    assert (found[0].start, found[0].end, found[0].text) == (122640, 123590, "Good morning, everybody.")
    assert (found[-1].start, found[-1].end, found[-1].text) == (4544050, 4544820, "Have a good weekend.")
    assert [str(p) for p in problems] == [
        "cs441.en.vtt:4: warning[captions]: no blank line between the WebVTT header and the first cue",
        "cs441.en.vtt:6: warning[captions]: cues are not separated by a blank line (1983 more like it in this file)",
        "cs441.en.vtt:828: warning[captions]: a cue without text (13 more like it in this file)"]


@needs_corpus
def test_real_pasted_transcript():
    data = (TRANSCRIPTS / "intro-deep-learning.en-ko.txt").read_bytes()
    (en, ko), problems = read_transcript(data, "intro.en-ko.txt", 2)
    assert len(en) == len(ko) == 478
    assert en[0].start == 0 and en[0].end == 16000
    assert en[0].text.startswith("okay good afternoon everyone") and ko[0].text.startswith("좋아 잘 오후 여러분")
    assert en[-1].start == ko[-1].start == (48 * 60 + 55) * 1000
    assert en[-1].text == "just get set up and bring up her presentation so thank you very much"
    assert len(problems) == 1 and problems[0].line == 1


def test_written_captions_read_back_the_same():
    original = (Cue(1000, 2500, "a & b <c>", 1), Cue(3000, 4000, "두 줄\n자막", 2), Cue(3600000, 3601000, "late", 3))
    vtt, _ = read_cues(to_vtt(original).encode(), "x.vtt")
    srt, _ = read_cues(to_srt(original).encode(), "x.srt")
    assert [(c.start, c.end, c.text) for c in vtt] == [(c.start, c.end, c.text) for c in original]
    assert [(c.start, c.end, c.text) for c in srt] == [(c.start, c.end, "a & b" if i == 0 else c.text)
                                                      for i, c in enumerate(original)]
    assert to_srt(original).startswith("1\n00:00:01,000 --> 00:00:02,500\n")


@pytest.mark.parametrize("name, expected", [
    ("lecture-3.en.vtt", ("lecture-3", ("en",))),
    ("Lecture3_en.srt", ("Lecture3", ("en",))),
    ("Lecture3_ko.srt", ("Lecture3", ("ko",))),
    ("week1/talk-ko.srt", ("week1/talk", ("ko",))),
    ("notes_en.txt", None),
    ("talk.en.txt", ("talk", ("en",))),
    ("intro.en-ko.txt", ("intro", ("en", "ko"))),
    ("lecture.en-US.vtt", ("lecture", ("en",))),
    ("lecture-3.vtt", ("lecture-3", ())),
    ("notes.txt", None),
    ("data.csv", None),
    ("talk.fr.srt", ("talk.fr", ())),
])
def test_caption_names(name, expected):
    assert caption_name(name, {"en": "English", "ko": "한국어"}) == expected


def test_angle_brackets_that_are_not_tags_stay_text():
    found, _ = cues("1\n00:00:01,000 --> 00:00:02,000\nx < 5 and y > 3, <b>bold</b> <font color=\"red\">red</font>\n")
    assert found == [(1000, 2000, "x < 5 and y > 3, bold red")]


def test_a_cue_saying_a_number_is_not_taken_for_the_next_cue_number():
    vtt, problems = cues("WEBVTT\n\n00:01.000 --> 00:02.000\nthe answer is\n00:02.000 --> 00:02.500\n42\n"
                         "00:02.500 --> 00:03.000\nindeed\n", "b.vtt")
    assert [text for _, _, text in vtt] == ["the answer is", "42", "indeed"]
    srt, problems = cues("1\n00:00:01,000 --> 00:00:02,000\nthe year was\n1985\n2\n00:00:02,500 --> 00:00:03,000\nyes\n")
    assert [text for _, _, text in srt] == ["the year was\n1985", "yes"]
    assert problems == ["a.srt:6: warning[captions]: cues are not separated by a blank line"]


def test_an_arrow_inside_cue_text_is_text():
    found, problems = cues("1\n00:00:01,000 --> 00:00:02,000\ninput\nx --> y\n\n2\n00:00:02,000 --> 00:00:03,000\nnext\n")
    assert found == [(1000, 2000, "input\nx --> y"), (2000, 3000, "next")]
    assert problems == ["a.srt:4: warning[captions]: '-->' in a cue's text: kept as text"]
    again, _ = read_cues(to_srt([Cue(0, 1000, "a --> b", 1)]).encode(), "x.srt")
    assert [c.text for c in again] == ["a --> b"]  # written escaped, read back the same


def test_utf16_with_bom_is_read():
    data = "1\r\n00:00:01,000 --> 00:00:02,000\r\n유니코드\r\n".encode("utf-16")
    found, problems = read_cues(data, "a.srt")
    assert [(c.start, c.text) for c in found] == [(1000, "유니코드")] and problems == []


def test_minutes_above_59_are_reported():
    found, problems = cues("1\n00:99:99,000 --> 01:41:40,000\nlate\n")
    assert found == [(6039000, 6100000, "late")]
    assert problems == ["a.srt:2: warning[captions]: minutes or seconds above 59: read as the time they add up to"]


def test_a_text_file_without_timestamps_is_no_transcript():
    tracks, problems = read_transcript(b"just prose\nmore prose\n", "x.en.txt", 1)
    assert tracks is None
    assert [str(p) for p in problems] == ["x.en.txt:1: error[captions]: no timestamp line ('m:ss' or 'h:mm:ss'): "
                                          "not a pasted transcript (a plain text file needs a name without a language tag)"]


def test_pasted_transcript_out_of_order_is_sorted_in_time():
    tracks, problems = read_transcript(b"0:00\na\n0:20\nc\n0:10\nb\n", "x.en.txt", 1)
    assert [(c.start, c.end, c.text) for c in tracks[0]] == [(0, 10000, "a"), (10000, 20000, "b"), (20000, 21000, "c")]
    assert [str(p) for p in problems] == ["x.en.txt:5: warning[captions]: a timestamp earlier than the one before it"]


def test_an_arrow_on_a_cues_first_line_is_text_too():
    found, problems = cues("1\n00:00:01,000 --> 00:00:02,000\nleft --> right\n")
    assert found == [(1000, 2000, "left --> right")]
    assert problems == ["a.srt:3: warning[captions]: '-->' in a cue's text: kept as text"]


def test_upper_case_suffixes_read_as_their_format():
    found, problems = read_cues(b"WEBVTT\n\n00:01.000 --> 00:02.000\nloud\n", "LOUD.EN.VTT")
    assert [c.text for c in found] == ["loud"] and problems == []


def test_an_unreadable_webvtt_timing_names_webvtt_s_own_form():
    found, problems = read_cues(b"WEBVTT\n\n-00:00:01.000 --> 00:00:02.000\nx\n", "a.vtt")
    assert found is None
    assert [str(p) for p in problems] == ["a.vtt:3: error[captions]: cannot read the cue timing "
                                          "'-00:00:01.000 --> 00:00:02.000' (expected 'hh:mm:ss.mmm --> hh:mm:ss.mmm')"]
