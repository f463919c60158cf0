"""Lectures in less common layouts: the settings and front matter around them, each through the CLI."""

from __future__ import annotations

import json

import pytest

from site_builder.core.config import load_config
from site_builder.lectures.lecture import Video, parse_video
from tests.helpers import run_cli, write_site

CONFIG = "title: T\nlanguage: en\nsource_language: en\nlanguages:\n  en: English\n  ko: 한국어\n"
EN = "1\n00:00:01,000 --> 00:00:04,000\nWe begin.\n\n2\n00:00:04,000 --> 00:00:08,000\nThen we go on.\n"
KO = "1\n00:00:01,000 --> 00:00:08,000\n시작하고 이어 갑니다.\n"


def build(tmp_path, files: dict[str, str], config: str = CONFIG, *args: str):
    site = write_site(tmp_path / "site", files, config)
    out = tmp_path / "out"
    return site, out, run_cli("build", site, "-o", out, *args)


def status(site) -> dict:
    result = run_cli("status", site, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {(r["note"], r["kind"], r["lang"]): (r["progress"], r["state"]) for r in json.loads(result.stdout)["notes"]}


def test_a_human_translation_replaces_the_machine_one(tmp_path):
    pasted = "0:01\nWe begin.\n기계 번역 시작\n0:04\nThen we go on.\n기계 번역 계속\n"
    site, out, result = build(tmp_path, {"content/en/talk.en-ko.txt": pasted})
    assert result.returncode == 0, result.stderr
    assert "기계 번역 시작" in (out / "ko/talk/index.html").read_text(encoding="utf-8")
    assert status(site)[("talk", "captions", "ko")] == (0, "machine")
    (site / "content/ko").mkdir()
    (site / "content/ko/talk.ko.srt").write_text(KO, encoding="utf-8")
    assert run_cli("build", site, "-o", out).returncode == 0
    html = (out / "ko/talk/index.html").read_text(encoding="utf-8")
    assert "시작하고 이어 갑니다." in html and "기계 번역" not in html
    assert status(site)[("talk", "captions", "ko")] == (100, "complete")


def test_fallback_none_lists_untranslated_lectures_in_status(tmp_path):
    site, out, result = build(tmp_path, {"content/en/solo.en.srt": EN}, CONFIG + "fallback: none\n")
    assert result.returncode == 0, result.stderr
    assert not (out / "ko/solo").exists() and (out / "solo/index.html").exists()
    assert status(site)[("solo", "captions", "ko")] == (0, "missing")


def test_unpublished_source_language(tmp_path):
    site, out, result = build(tmp_path, {"content/en/talk.en.srt": EN, "content/ko/talk.ko.srt": KO},
                              CONFIG.replace("language: en\n", "language: ko\n", 1) + "publish: false\n")
    assert result.returncode == 0, result.stderr
    assert (out / "talk/index.html").exists() and not (out / "en/talk/index.html").exists()
    html = (out / "talk/index.html").read_text(encoding="utf-8")
    assert "We begin. Then we go on." in html and "시작하고 이어 갑니다." in html
    assert status(site)[("talk", "captions", "ko")] == (100, "complete")


def test_captions_without_source_captions(tmp_path):
    # A note of the key in the source language, captions only in Korean: no crash, a warning.
    site, out, result = build(tmp_path, {"content/en/talk.md": "# Talk\n", "content/ko/talk.ko.srt": KO})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "content/ko/talk.ko.srt:1: warning[captions]: lecture 'talk' has no en captions: each language is shown on its own"]
    assert "시작하고 이어 갑니다." in (out / "ko/talk/index.html").read_text(encoding="utf-8")
    assert 'class="lecture"' not in (out / "talk/index.html").read_text(encoding="utf-8")  # the note stays a note


def test_a_file_named_for_another_language_is_read_as_its_folders(tmp_path):
    site, out, result = build(tmp_path, {"content/en/talk.en.srt": EN, "content/ko/talk.en.srt": KO})
    assert result.stderr.splitlines() == [
        "content/ko/talk.en.srt:1: warning[captions]: the file name says 'en' but it is in content/ko/: read as 'ko'"]
    pasted = "0:01\nWe begin.\n시작\n"
    site, out, result = build(tmp_path / "b", {"content/ko/talk.en-ko.txt": pasted})
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("content/ko/talk.en-ko.txt:1: error[captions]: a transcript of en with "
                                             "its ko translation belongs in content/en/")


def test_reading_speed_limit_per_language(tmp_path):
    fast = "1\n00:00:01,000 --> 00:00:02,000\nthirty characters in one sec.\n"  # 29 characters a second
    files = {"content/en/talk.en.srt": fast}
    warning = "content/en/talk.en.srt:2: warning[captions]: reading speed 29 characters a second (limit {}): " \
              "lengthen the cue or shorten its text"
    assert build(tmp_path / "a", files)[2].stderr.splitlines() == [warning.format(25)]  # the default
    assert build(tmp_path / "b", files, CONFIG + "captions: {max_cps: 30}\n")[2].stderr == ""
    assert build(tmp_path / "c", files, CONFIG + "captions:\n  max_cps: {en: 20, ko: 12}\n")[2].stderr.splitlines() == [
        warning.format(20)]
    result = build(tmp_path / "d", files, CONFIG + "captions:\n  max_cps: fast\n")[2]
    assert result.returncode == 1 and result.stderr.splitlines()[0] == (
        "site.yaml:8: error[config]: 'captions.max_cps' must be a positive number of characters a second, "
        "or one per language (en, ko)")


def test_note_layout_wins_and_video_warnings(tmp_path):
    note = "---\ntitle: Talk\nlayout: page\nvideo: https://www.youtube.com/watch?v=short\n---\n\nIntro.\n"
    site, out, result = build(tmp_path, {"content/en/talk.md": note, "content/en/talk.en.srt": EN})
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "content/en/talk.md:4: warning[lecture]: cannot find the video id in the YouTube URL "
        "'https://www.youtube.com/watch?v=short'"]
    assert 'class="lecture"' not in (out / "talk/index.html").read_text(encoding="utf-8")  # layout: page, as it says


@pytest.mark.parametrize("value, expected", [
    ("aircAruvnKk", Video("youtube", "aircAruvnKk")),
    ("https://www.youtube.com/watch?v=aircAruvnKk&t=10s", Video("youtube", "aircAruvnKk")),
    ("https://youtu.be/aircAruvnKk", Video("youtube", "aircAruvnKk")),
    ("https://www.youtube-nocookie.com/embed/aircAruvnKk", Video("youtube", "aircAruvnKk")),
    ("https://cdn.example/talk.webm", Video("file", "https://cdn.example/talk.webm", "video/webm")),
    ("/media/talk.mp4", Video("file", "/media/talk.mp4", "video/mp4")),
    ("../media/talk.mp3", Video("file", "/ko/media/talk.mp3", "audio/mpeg")),
    ("www.youtube.com/watch?v=aircAruvnKk", Video("youtube", "aircAruvnKk")),  # pasted without https://
    ("youtu.be/aircAruvnKk?si=AbC", Video("youtube", "aircAruvnKk")),
    ("https://m.youtube.com/watch/?v=aircAruvnKk", Video("youtube", "aircAruvnKk")),
    ("https://vimeo.com/12345", None),
    (42, None),
])
def test_video_values(tmp_path, value, expected):
    config = load_config(write_site(tmp_path, {}, CONFIG, theme=False))
    video, why = parse_video(value, "ko/week1/talk.md", config)
    assert video == expected
    assert bool(why) == (expected is None)


def test_missing_slides_are_reported(tmp_path):
    note = "---\ntitle: Talk\nslides: media/nope.pdf\n---\n"
    site, out, result = build(tmp_path, {"content/en/talk.md": note, "content/en/talk.en.srt": EN})
    assert result.returncode == 0
    assert result.stderr.splitlines() == ["content/en/talk.md:3: warning[lecture]: no file at /media/nope.pdf"]


def test_a_term_annotated_in_the_note_is_not_annotated_again_in_its_transcript(tmp_path):
    glossary = "terms:\n  - en: gradient\n    ko: 그라디언트\n  - en: loss\n    ko: 손실\n"
    ko_note = "---\ntitle: 강의\n---\n\n그라디언트를 소개합니다.\n"
    ko_captions = "1\n00:00:01,000 --> 00:00:08,000\n그라디언트와 손실을 계산합니다.\n"
    en = "1\n00:00:01,000 --> 00:00:08,000\nWe compute the gradient and the loss.\n"
    site, out, result = build(tmp_path, {"glossary.yaml": glossary, "content/en/talk.en.srt": en,
                                         "content/ko/talk.md": ko_note, "content/ko/talk.ko.srt": ko_captions})
    assert result.returncode == 0, result.stderr
    html = (out / "ko/talk/index.html").read_text(encoding="utf-8")
    assert html.count('<span class="term-source" lang="en">(gradient)</span>') == 1  # in the note, once
    assert html.count('<span class="term-source" lang="en">(loss)</span>') == 1  # first used in the transcript
    assert html.index("(gradient)") < html.index('class="transcript')


def test_a_missing_media_file_gives_no_player(tmp_path):
    note = "---\ntitle: Talk\nvideo: media/nothere.mp4\n---\n"
    site, out, result = build(tmp_path, {"content/en/talk.md": note, "content/en/talk.en.srt": EN})
    assert result.returncode == 0
    assert result.stderr.splitlines() == ["content/en/talk.md:3: warning[lecture]: no media file at /media/nothere.mp4"]
    html = (out / "talk/index.html").read_text(encoding="utf-8")
    assert "<video" not in html and "nothere.mp4" not in html  # no player, and time labels link nowhere
    assert '<span class="time">0:01</span>' in html
