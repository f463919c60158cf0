"""Progress by meaning, on tests/sites/progress (hand-written English notes and Korean translations):
glossed Korean counts as Korean, glossary source terms are not counted against a block, blocks kept
in English on purpose count as done, and split or merged paragraphs count once per source block.
Asserted through `site-builder status --format json`, the build's findings and the built pages."""

import json
import re
from pathlib import Path

from helpers import fixture_site, run_cli, visible_text
from site_builder.build.build import build

SITE = Path(__file__).resolve().parent / "sites" / "progress"

# note -> (progress, words left). The code before measured glossed 66% (two glossed paragraphs under
# 20% Hangul letters), kept 37% (no way to keep a block), merged 100% (two translator's notes
# counted), split 100% (the split counted twice, capped at the source's 2 blocks).
FIGURES = {
    "glossed": (100, 0),  # 6 of 6: every paragraph glossed Korean; one names three glossary terms in English
    "kept": (87, 9),  # 7 of 8: a heading, a title and a 2-item reference list kept; "Each reference…" (9) is not
    "merged": (75, 12),  # 3 of 4: paragraphs 1+2 merged in Korean, 4 in Korean; "Pooling…" (12) left in English
    "mixed": (66, 21),  # 4 of 6: Korean, Korean with an English sentence, Korean with English terms;
                        # not: English with one Korean word (12), English edited (9)
    "split": (50, 22),  # 1 of 2: paragraph 1 split in two Korean paragraphs, paragraph 2 left in English (22)
}


def _status(site: Path) -> dict[str, dict]:
    result = run_cli("status", site, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {n["note"]: n for n in json.loads(result.stdout)["notes"] if n["lang"] == "ko"}


def test_progress_figures_by_meaning():
    rows = _status(SITE)
    assert {note: (row["progress"], row["words_left"]) for note, row in rows.items()} == FIGURES
    assert {row["state"] for row in rows.values()} == {"unstamped"}


def test_findings_name_the_untranslated_blocks_and_only_those(tmp_path):
    site = fixture_site("progress", tmp_path / "site", theme=True)
    result = build(site, tmp_path / "out")
    assert result.written
    found = [str(p) for p in result.problems]
    untranslated = "info[untranslated]: paragraph still in the source language (en): not translated yet"
    assert [f for f in found if "untranslated" in f] == [
        f"content/ko/{where}: {untranslated}"
        for where in ("kept.md:20", "merged.md:7", "mixed.md:9", "mixed.md:15", "split.md:9")]
    # The paragraph that names glossary terms in English is Korean: linted term by term, not "untranslated".
    assert [f for f in found if "left in English" in f] == [
        "content/ko/glossed.md:11:11: warning[glossary]: 'learning rate' is left in English: use '학습률'",
        "content/ko/glossed.md:11:26: warning[glossary]: 'momentum' is left in English: use '모멘텀'",
        "content/ko/glossed.md:11:36: warning[glossary]: 'weight decay' is left in English: use '가중치 감쇠'"]
    # Kept blocks: never linted, never "untranslated" (kept.md lines 8, 15, 17-18).
    assert not [f for f in found if "kept.md" in f and "kept.md:20" not in f]


def test_the_page_shows_the_figure_and_marks_kept_blocks(tmp_path):
    site = fixture_site("progress", tmp_path / "site", theme=True)
    out = tmp_path / "out"
    assert build(site, out).written
    for note, (percent, _) in FIGURES.items():
        page = (out / note / "index.html").read_text(encoding="utf-8")
        shown = re.findall(r'<p class="badge progress">번역 진행: (\d+)%\s*<progress max="100" value="\1"', page)
        assert shown == ([] if percent == 100 else [str(percent)]), note  # a finished note shows no badge
    home = (out / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<a href="/(\w+)/">[^<]*</a>\s*<span class="progress"><progress max="100" value="(\d+)"', home)
    assert {note: int(value) for note, value in listed} == {note: percent for note, (percent, _) in FIGURES.items()}
    kept = (out / "kept/index.html").read_text(encoding="utf-8")
    # The marks survive rendering and say the block's language; neither shows to a reader.
    assert '<h2 class="keep" id="numpy" lang="en">NumPy</h2>' in kept
    assert "<!-- keep -->\n<p lang=\"en\">Deep Residual Learning for Image Recognition</p>" in kept
    assert '<ul class="keep" lang="en">\n<li>He, Zhang, Ren and Sun.' in kept
    assert "{.keep}" not in kept and "keep" not in visible_text(kept)
    assert '<p>Each reference above has a link to its preprint.</p>' in kept


def test_glossary_terms_count_only_with_the_glossary(tmp_path):
    site = fixture_site("progress", tmp_path / "site")
    (site / "glossary.yaml").unlink()
    assert _status(site)["glossed"]["progress"] == 83  # 5 of 6: "중요한 설정 셋: learning rate, …" is English now
    found = [str(p) for p in build(site, tmp_path / "out").problems if "glossed.md" in str(p)]
    assert found == ["content/ko/glossed.md:11: info[untranslated]: paragraph still in the source language (en): "
                     "not translated yet"]


def test_marks_and_splits_where_they_go_wrong(tmp_path):
    site = fixture_site("progress", tmp_path / "site")
    kept, split = site / "content/ko/kept.md", site / "content/ko/split.md"
    # Without its marks (another comment is no mark), a block kept in English counts as English again.
    text = kept.read_text(encoding="utf-8")
    kept.write_text(text.replace("<!-- keep -->\n", "<!-- note -->\n").replace("{.keep}\n- He", "- He"),
                    encoding="utf-8")
    # The second half of a split left in English: the source paragraph is not done.
    text = split.read_text(encoding="utf-8")
    split.write_text(re.sub(r"그러고는[^\n]*", "Then it moves every weight a small step against its gradient "
                            "before it reads the next batch.", text), encoding="utf-8")
    rows = _status(site)
    assert (rows["kept"]["progress"], rows["kept"]["words_left"]) == (50, 30)  # 4 of 8: title and items count again
    assert (rows["split"]["progress"], rows["split"]["words_left"]) == (0, 58)
