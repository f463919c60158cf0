"""A lecture site end to end (tests/sites/lecture, built under a baseurl): en captions and ko
captions of different segmentation aligned by time, a note-less lecture paired by `_en`/`_ko`
names, a pasted transcript with a machine translation, a media-file video; progress on the page,
in the course index and in `status`; downloads parsed back."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from site_builder.lectures.captions import read_cues
from site_builder.content.theme import THEME_DIR
from tests.helpers import crawl, fixture_site, run_cli, visible_text, write_site

BASE = "/course"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    tmp = tmp_path_factory.mktemp("lecture")
    site = fixture_site("lecture", tmp / "site", theme=True)
    out = tmp / "out"
    result = run_cli("build", site, "-o", out, "--baseurl", BASE, "--no-cache")
    assert result.returncode == 0, result.stderr
    return site, out, result.stderr


_ROW = re.compile(r'<div class="row" data-start="(\d+)"(?: id="t=\d+")?>(.*?)\n      </div>', re.S)


def _text(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found[1])) if found else ""


def rows(html: str) -> list[tuple]:
    """(start, time, source, translation, classes of the translation) of each transcript row."""
    return [(start, _text(row, r'class="time"[^>]*>(.*?)</'), _text(row, r'<p class="source"[^>]*>(.*?)</p>'),
             _text(row, r'<p class="translation[^"]*"[^>]*>(.*?)</p>'), _text(row, r'<p class="(translation[^"]*)"'))
            for start, row in _ROW.findall(html)]


def test_build_reports_caption_findings_with_their_lines(built):
    _, _, stderr = built
    assert stderr.splitlines() == [
        "content/en/Lecture3_en.srt:5: warning[captions]: cues are not separated by a blank line",
        "content/en/chat.en-ko.txt:1: warning[captions]: text before the first timestamp: read as starting at 0:00",
        "content/ko/Lecture3_ko.srt:6: warning[captions]: not translated: 'It shifts the boundary.'",
        "content/ko/week1/gradients.ko.srt:11:10: warning[glossary]: '기울기' → use '그라디언트' (gradient)",
    ]


def test_translation_is_aligned_by_time_beside_the_source(built):
    _, out, _ = built
    html = (out / "week1/gradients/index.html").read_text(encoding="utf-8")
    assert rows(html) == [
        ("1", "0:01", "Today we compute a gradient by hand. First, write the loss as a function of the weights.",
         "오늘은 그라디언트(gradient)를 손으로 계산합니다. 먼저 손실을 가중치의 함수로 씁니다.", "translation"),
        ("16", "0:16", "After the break, we check the result with a numerical gradient.",
         "쉬고 나서 수치 기울기로 결과를 확인합니다.", "translation"),
        ("30", "0:30", "That is all for today.", "아직 번역되지 않았습니다", "translation untranslated"),
    ]
    # The first glossary term of the translation is annotated, linking to the glossary entry.
    assert ('<a class="term" href="/course/glossary/#gradient" title="gradient"><dfn>그라디언트</dfn></a>'
            '<span class="term-source" lang="en">(gradient)</span>') in html
    # Privacy-enhanced embed; without JavaScript a time opens the video at that second.
    assert 'src="https://www.youtube-nocookie.com/embed/aircAruvnKk?' in html
    assert 'href="https://www.youtube.com/watch?v=aircAruvnKk&amp;t=16s" data-seek="16"' in html
    assert "자막 번역: 83%" in html  # 15 s of the 18 s of speech are translated
    assert '<a href="/course/en/media/gradients-slides.pdf">강의 슬라이드</a>' in html  # the source note's `slides:`


def test_source_language_page_has_the_source_only(built):
    _, out, _ = built
    html = (out / "en/week1/gradients/index.html").read_text(encoding="utf-8")
    assert [(start, source, translation) for start, _, source, translation, _ in rows(html)] == [
        ("1", "Today we compute a gradient by hand. First, write the loss as a function of the weights.", ""),
        ("16", "After the break, we check the result with a numerical gradient.", ""),
        ("30", "That is all for today.", "")]
    assert 'class="views"' not in html and "Captions translated" not in html


def test_media_file_video_has_a_track_per_language(built):
    _, out, _ = built
    html = (out / "chat/index.html").read_text(encoding="utf-8")
    assert '<video id="player" controls preload="metadata" src="/course/en/media/chat.mp4">' in html
    assert '<track kind="captions" srclang="en" label="English" src="/course/chat/chat.en.vtt">' in html
    assert '<track kind="subtitles" srclang="ko" label="한국어" src="/course/chat/chat.ko.vtt" default>' in html
    assert 'href="/course/en/media/chat.mp4#t=0" data-seek="0"' in html
    assert "기계 번역 자막입니다" in html  # the pasted transcript's translation is marked machine-made


def test_downloads_parse_back(built):
    _, out, _ = built
    folder = out / "week1/gradients"

    def read(name: str) -> list[tuple[int, int, str]]:
        data = (folder / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        found, problems = read_cues(data, name)
        assert problems == []
        return [(c.start, c.end, c.text) for c in found]

    assert read("gradients.en.vtt") == read("gradients.en.srt") == [
        (1000, 4000, "Today we compute a gradient by hand."), (4000, 7500, "First, write the loss as a function"),
        (7500, 10000, "of the weights."), (16000, 19000, "After the break, we check the result"),
        (19000, 22000, "with a numerical gradient."), (30000, 33000, "That is all for today.")]
    assert read("gradients.ko.srt") == read("gradients.ko.vtt") == [
        (1000, 6000, "오늘은 그라디언트를 손으로 계산합니다."), (6000, 10000, "먼저 손실을 가중치의 함수로 씁니다."),
        (16000, 22000, "쉬고 나서 수치 기울기로 결과를 확인합니다.")]
    both = read("gradients.en-ko.vtt")
    assert [text.split("\n") for _, _, text in both] == [
        ["Today we compute a gradient by hand.", "오늘은 그라디언트를 손으로 계산합니다."],
        ["First, write the loss as a function"],
        ["of the weights.", "먼저 손실을 가중치의 함수로 씁니다."],
        ["After the break, we check the result", "쉬고 나서 수치 기울기로 결과를 확인합니다."],
        ["with a numerical gradient."], ["That is all for today."]]
    # Every page offers every language's captions; the bilingual file goes with a translation's page.
    assert sorted(f.name for f in (out / "en/week1/gradients").iterdir()) == [
        "gradients.en.srt", "gradients.en.vtt", "gradients.ko.srt", "gradients.ko.vtt", "index.html"]


def test_course_index_lists_lectures_with_caption_progress(built):
    _, out, _ = built
    html = (out / "index.html").read_text(encoding="utf-8")
    # Each bar has its number beside it (the bar itself is hidden from screen readers: the number says it).
    item = html[html.index('<a href="/course/week1/gradients/">'):]
    item = item[:item.index("</li>")]
    assert '<progress max="100" value="83" aria-hidden="true"></progress>' in item
    assert " ".join(visible_text(item).split()) == "손으로 계산하는 그라디언트 번역 진행: 83% 강의"
    assert '<a href="/course/Lecture3/">Lecture3</a>\n        <span class="progress"><progress max="100" value="45"' in html
    assert '<span class="badge machine">기계 번역</span>' in html


def test_every_link_resolves(built):
    _, out, _ = built
    assert crawl(out, BASE) == []


def test_status_lists_captions_beside_notes(built):
    site, _, _ = built
    result = run_cli("status", site, "--format", "json")
    assert result.returncode == 0, result.stderr
    found = {(r["note"], r["kind"], r["lang"]): (r["progress"], r["state"], r["file"]) for r in json.loads(result.stdout)["notes"]}
    assert found == {
        ("week1/gradients", "note", "ko"): (100, "unstamped", "content/ko/week1/gradients.md"),
        ("week1/gradients", "captions", "ko"): (83, "partial", "content/ko/week1/gradients.ko.srt"),
        ("Lecture3", "captions", "ko"): (45, "partial", "content/ko/Lecture3_ko.srt"),
        ("chat", "note", "ko"): (0, "missing", ""),
        ("chat", "captions", "ko"): (0, "machine", "content/en/chat.en-ko.txt"),
    }
    text = run_cli("status", site).stdout
    assert any(line.split()[:5] == ["week1/gradients", "captions", "ko", "83%", "partial"] for line in text.splitlines())


def test_check_reports_the_same_findings(built):
    site, _, stderr = built
    result = run_cli("check", site)
    assert "content/ko/week1/gradients.ko.srt:11:10: warning[glossary]" in result.stdout + result.stderr


def test_unreadable_captions_fail_the_build_and_keep_the_output(tmp_path):
    files = {"content/en/talk.en.srt": "1\n00:00:01,000 --> 00:00:02,000\nhello\n",
             "content/en/index.md": "# Home\n"}
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    assert run_cli("build", site, "-o", out).returncode == 0
    before = (out / "talk/index.html").read_bytes()
    (site / "content/en/talk.en.srt").write_text("1\n00:00:01,000 --> later\nhello\n", encoding="utf-8")
    result = run_cli("build", site, "-o", out)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("content/en/talk.en.srt:2: error[captions]: cannot read the cue timing "
                                             "'00:00:01,000 --> later' (expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm')")
    assert (out / "talk/index.html").read_bytes() == before


def test_two_caption_files_for_one_language_are_an_error(tmp_path):
    cue = "1\n00:00:01,000 --> 00:00:02,000\nhello\n"
    site = write_site(tmp_path / "site", {"content/en/talk.en.srt": cue, "content/en/talk.vtt": "WEBVTT\n\n" + cue[2:]})
    result = run_cli("build", site, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert ("content/en/talk.vtt:1: error[captions]: lecture 'talk' already has en captions in content/en/talk.en.srt: "
            "keep one file per language") in result.stderr


def test_a_rebuild_reuses_lectures_whose_files_did_not_change(tmp_path, monkeypatch):
    from site_builder.lectures import tracks
    from site_builder.build.build import assemble
    from site_builder.build.memo import BuildMemos
    from site_builder.core.config import load_config

    site = fixture_site("lecture", tmp_path / "site", theme=True)
    memos = BuildMemos.fresh()
    calls: list[str] = []
    real = tracks.read_cues
    monkeypatch.setattr(tracks, "read_cues", lambda data, rel: calls.append(rel) or real(data, rel))
    first = list(assemble(load_config(site), memos).outputs)
    assert sorted(calls) == ["content/en/Lecture3_en.srt", "content/en/week1/gradients.en.vtt",
                             "content/ko/Lecture3_ko.srt", "content/ko/week1/gradients.ko.srt"]
    calls.clear()
    note = site / "content/ko/week1/gradients.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n한 문장 더.\n", encoding="utf-8")
    (site / "content/ko/Lecture3_ko.srt").write_text("1\n00:00:00,500 --> 00:00:06,000\n새 번역\n", encoding="utf-8")
    second = assemble(load_config(site), memos)
    outputs = {o.out: o.load() for o in second.outputs}
    assert calls == ["content/ko/Lecture3_ko.srt"]  # only the edited caption file is read again
    assert "새 번역" in outputs["Lecture3/index.html"].decode()
    assert "한 문장 더." in outputs["week1/gradients/index.html"].decode()
    assert len(outputs) == len(first)


def test_a_site_made_before_lectures_gets_the_bundled_layout_and_script(tmp_path):
    # The basic fixture has its own templates/ and static/, without lecture.html or js/lecture.js.
    site = fixture_site("basic", tmp_path / "site")
    (site / "content/en/talk.en.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nhello there\n", encoding="utf-8")
    (site / "content/en/notes/links.md").write_text("---\ntitle: Links\n---\n\n[the captions](../talk.en.srt)\n",
                                                    encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", site, "-o", out)
    assert result.returncode == 0, result.stderr
    html = (out / "en/talk/index.html").read_text(encoding="utf-8")
    assert '<p class="source" lang="en">hello there</p>' in html
    assert (out / "js/lecture.js").read_bytes() == (THEME_DIR / "static/js/lecture.js").read_bytes()
    assert (out / "en/talk.en.srt").read_bytes() == (site / "content/en/talk.en.srt").read_bytes()  # still published as is
    assert run_cli("check", site).returncode == 0  # the note's link to the original file resolves
