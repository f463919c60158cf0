"""What a long bilingual lecture adds to a build: the CS231n notes built without and with a
lecture of 2,000 cues in two languages (the real WebVTT of ../shared/corpus/transcripts, padded to
2,000 cues, and a Korean track of different segmentation: one cue per two source cues), median of
N cold builds each, alternating, in one run."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from site_builder.build.build import build
from site_builder.lectures.caption_write import to_srt, to_vtt
from site_builder.lectures.captions import Cue, read_cues

from .corpus import SOURCE, make_site

CUES = 2000


def lecture_tracks() -> tuple[str, str]:
    """(English WebVTT, Korean SRT) of a 2,000-cue lecture."""
    cues, _ = read_cues((SOURCE.parent / "transcripts/cs441-2023-02-16.en.vtt").read_bytes(), "lecture.en.vtt")
    spoken = [c for c in cues if c.text]
    shift = spoken[-1].end
    while len(spoken) < CUES:  # the lecture once more, later
        spoken += [Cue(c.start + shift, c.end + shift, c.text, c.line) for c in spoken[: CUES - len(spoken)]]
    korean = [Cue(a.start, b.end, f"번역된 자막 {i}번: {len(a.text) + len(b.text)}자 분량의 설명입니다.", 0)
              for i, (a, b) in enumerate(zip(spoken[::2], spoken[1::2]))]
    return to_vtt(spoken), to_srt(korean)


def _time(site: Path, out: Path) -> float:
    start = time.perf_counter()
    result = build(site, out, jobs=1)
    assert result.written, result.problems[:3]
    return time.perf_counter() - start


def main(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site")
        text = (site / "site.yaml").read_text(encoding="utf-8")
        (site / "site.yaml").write_text(text.replace("languages:\n  en: English", "languages:\n  en: English\n  ko: 한국어"),
                                        encoding="utf-8")
        english, korean = lecture_tracks()
        files = {site / "content/en/lecture.en.vtt": english, site / "content/ko/lecture.ko.srt": korean}
        out = Path(tmp) / "out"
        _time(site, out)  # warm the OS file cache
        without, with_lecture = [], []
        for _ in range(args.runs):
            for file in files:
                file.unlink(missing_ok=True)
            without.append(_time(site, out))
            for file, data in files.items():
                file.parent.mkdir(exist_ok=True)
                file.write_text(data, encoding="utf-8")
            with_lecture.append(_time(site, out))
        a, b = statistics.median(without), statistics.median(with_lecture)
        print(f"CS231n notes (1 process, median of {args.runs} cold builds each): without a lecture {a:.2f} s, "
              f"with a {CUES}-cue lecture in en and ko {b:.2f} s (+{b - a:.2f} s, min {min(with_lecture) - min(without):+.2f} s)")
