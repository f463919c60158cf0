"""The cost of the glossary pass: the CS231n notes built without a glossary and with a 300-term
one, median of N in-process cold builds each, in one run. The terms are the notes' own words and
word pairs, so they really match: `spread` takes every 10th of the 3,000 most frequent (a mix of
common and rare terms, like a real term base); `frequent` takes the 300 most frequent (worst case)."""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from site_builder.build.build import build

from .corpus import make_site

_STOP = set("""the a an and or of to in is are be for on with as by that this it we can at from not you your
    our will which have has its if all each one two then so but than into more also only these those their
    there when where how what use using used such other some any may would should could was were been
    they them his her he she than very just like same over up out about between both because""".split())


def terms_from(site: Path, count: int, spread: bool = True) -> list[dict]:
    words: Counter = Counter()
    pairs: Counter = Counter()
    for note in (site / "content/en").rglob("*.md"):
        tokens = [w.lower() for w in re.findall(r"[A-Za-z][a-z]{3,}", note.read_text(encoding="utf-8"))]
        words.update(t for t in tokens if t not in _STOP)
        pairs.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a not in _STOP and b not in _STOP)
    step = 10 if spread else 1
    chosen = [w for w, _ in pairs.most_common(count * step // 3)][::step] + [w for w, _ in words.most_common(count * step)][::step]
    chosen = list(dict.fromkeys(chosen))[:count]
    return [{"en": term, "ko": f"용어{i}", "avoid": {"ko": [f"피할말{i}"]}} for i, term in enumerate(chosen)]


def _time(site: Path, out: Path) -> float:
    start = time.perf_counter()
    result = build(site, out, jobs=1)
    assert result.written, result.problems[:3]
    return time.perf_counter() - start


def run(runs: int = 5, count: int = 300, spread: bool = True) -> dict:
    """Builds with and without the glossary alternate, so drift on a noisy machine hits both."""
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site")
        text = (site / "site.yaml").read_text(encoding="utf-8")
        (site / "site.yaml").write_text(text.replace("languages:\n  en: English", "languages:\n  en: English\n  ko: 한국어"),
                                        encoding="utf-8")
        out = Path(tmp) / "out"
        terms = terms_from(site, count, spread)
        glossary = yaml.safe_dump({"terms": terms}, allow_unicode=True)
        _time(site, out)  # warm the OS file cache; every measured build is cold (no render cache)
        without, with_glossary = [], []
        for _ in range(runs):
            (site / "glossary.yaml").unlink(missing_ok=True)
            without.append(_time(site, out))
            (site / "glossary.yaml").write_text(glossary, encoding="utf-8")
            with_glossary.append(_time(site, out))
    a, b = statistics.median(without), statistics.median(with_glossary)
    return {"terms": len(terms), "without": a, "with": b, "ratio": b / a}


def main(args) -> None:
    for spread in (True, False):
        r = run(args.runs, spread=spread)
        kind = "spread" if spread else "frequent"
        print(f"glossary pass on CS231n (65 notes, 1 process, median of {args.runs} cold builds each): "
              f"no glossary {r['without']:.2f} s, {r['terms']}-term glossary ({kind}) {r['with']:.2f} s "
              f"(+{(r['ratio'] - 1) * 100:.1f}%)")
