"""Recall and precision of single-term queries on the generated Korean site (bench/kocorpus.py):
ours (`site-builder build`, window.siteSearch) beside stock Pagefind (its binary with default
options over a copy of the same built pages with `data-pagefind-body` on `<main>`, queried as
typed through its own pagefind.js), the same pages and queries, in the same run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import searchbrowser
from .kocorpus import Note, notes, write_site
from .koqueries import CATEGORIES, Query, queries, relevant

REPO = Path(__file__).resolve().parent.parent
BASE = "/course"  # the generated site's baseurl (kocorpus.SITE_YAML)
_KEY = re.compile(r"/([ke]\d{3,})/")  # a note's URL ends in its key: /course/notes/k001/#s2


@dataclass(frozen=True, kw_only=True)
class Scored:
    query: Query
    relevant: frozenset[str]
    found: frozenset[str]  # the notes among the results (generated pages, glossary, print view left out)


def build_ours(site: Path, out: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", str(site), "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"site-builder build failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - start


def build_stock(ours_out: Path, out: Path) -> float:
    """Our pages as readers get them, our search files removed, `data-pagefind-body` on `<main>` (what
    a stock Pagefind user adds), indexed by the Pagefind binary with its default options."""
    from site_builder.search.pagefind import executable

    shutil.copytree(ours_out, out, ignore=shutil.ignore_patterns("pagefind"))
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("<main ", "<main data-pagefind-body ", 1), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([str(executable()), "--site", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def note_keys(urls: list[str]) -> frozenset[str]:
    return frozenset(m.group(1) for m in map(_KEY.search, urls) if m)


def run(tmp: Path, korean: int, english: int, seed: int) -> tuple[list[Note], dict[str, list[Scored]], dict]:
    corpus = notes(korean, english, seed)
    site = write_site(tmp / "ko-site", corpus)
    ours_root, stock_root = tmp / "ours", tmp / "stock"
    info = {"notes": len(corpus), "build_s": build_ours(site, ours_root / BASE.strip("/"))}
    info["stock_index_s"] = build_stock(ours_root / BASE.strip("/"), stock_root / BASE.strip("/"))
    for name, index in (("ours", ours_root / BASE.strip("/") / "pagefind/ko/index"),
                        ("stock", stock_root / BASE.strip("/") / "pagefind/index")):
        info[f"{name}_index"] = [f.stat().st_size for f in index.glob("ko_*.pf_index")]
    asked = [q for q in queries(seed) if relevant(q, corpus)]
    info["queries"], info["dropped"] = len(asked), len(queries(seed)) - len(asked)
    ko_page, en_page = f"{BASE}/notes/k001/", f"{BASE}/en/notes/e001/"
    with searchbrowser.chromium() as browser:
        with searchbrowser.static_server(ours_root) as (origin, _):
            start = time.perf_counter()
            ours = searchbrowser.ours(browser, origin, ko_page, [(q.text, q.lang) for q in asked])
            info["ours_s"] = time.perf_counter() - start
        with searchbrowser.static_server(stock_root) as (origin, _):
            bundle = f"{BASE}/pagefind/pagefind.js"
            start = time.perf_counter()
            stock = {lang: iter(searchbrowser.stock(browser, origin, page, bundle, [q.text for q in asked if q.lang == lang]))
                     for lang, page in (("ko", ko_page), ("en", en_page))}
            info["stock_s"] = time.perf_counter() - start
    scored = {"ours": [Scored(query=q, relevant=relevant(q, corpus), found=note_keys(urls)) for q, urls in zip(asked, ours)],
              "stock": [Scored(query=q, relevant=relevant(q, corpus), found=note_keys(next(stock[q.lang]))) for q in asked]}
    return corpus, scored, info


def _figures(rows: list[Scored]) -> tuple[float, float, float, float]:
    """Recall and precision pooled over the queries (Σ hits ÷ Σ relevant, Σ hits ÷ Σ found), and
    averaged per query (precision over the queries that found something)."""
    hits = sum(len(r.found & r.relevant) for r in rows)
    wanted, found = sum(len(r.relevant) for r in rows), sum(len(r.found) for r in rows)
    per_recall = sum(len(r.found & r.relevant) / len(r.relevant) for r in rows) / len(rows)
    some = [r for r in rows if r.found]
    per_precision = sum(len(r.found & r.relevant) / len(r.found) for r in some) / len(some) if some else 0.0
    return hits / wanted, per_recall, hits / found if found else 0.0, per_precision


def report(scored: dict[str, list[Scored]]) -> None:
    print(f"{'category':<17} {'queries':>7}   {'recall ours':>11} {'stock':>6}   {'precision ours':>14} {'stock':>6}"
          f"   (pooled; per-query means in brackets)")
    for category in (*CATEGORIES, "overall"):
        cells = []
        for engine in ("ours", "stock"):
            rows = [r for r in scored[engine] if category in ("overall", r.query.category)]
            cells.append(_figures(rows) if rows else None)
        if cells[0] is None:
            continue
        n = sum(1 for r in scored["ours"] if category in ("overall", r.query.category))
        (ro, rqo, po, pqo), (rs, rqs, ps, pqs) = cells
        print(f"{category:<17} {n:>7}   {ro:>5.3f} ({rqo:.2f}) {rs:>5.3f} ({rqs:.2f})   "
              f"{po:>7.3f} ({pqo:.2f}) {ps:>5.3f} ({pqs:.2f})")


def _title_only(note: Note, terms: frozenset[str]) -> bool:
    """The note writes the query's terms in its title only (the front matter's first line)."""
    body = note.text.split("\n---\n", 1)[1]
    return not any(form in body for t in terms for form in note.forms.get(t, ()))


def misses(corpus: list[Note], rows: list[Scored], per_category: int = 6) -> None:
    """Per category, the queries ours misses a note for, with how those notes wrote the query's
    terms and whether only in their title: why it missed."""
    by_key = {n.key: n for n in corpus}
    missed = [r for r in rows if r.relevant - r.found]
    print(f"\nours: {len(missed)} of {len(rows)} queries miss at least one relevant note")
    for category in CATEGORIES:
        group = [r for r in missed if r.query.category == category]
        if not group:
            continue
        pairs = [(r, k) for r in group for k in sorted(r.relevant - r.found)]
        titles = sum(_title_only(by_key[k], r.query.terms) for r, k in pairs)
        print(f"  {category}: {len(group)} queries, {len(pairs)} missed notes ({titles} of them with the term in "
              f"their title only)")
        for r in group[:per_category]:
            lost = sorted(r.relevant - r.found)
            written = sorted({w for k in lost for t in r.query.terms for w in by_key[k].forms.get(t, ())})
            where = sum(_title_only(by_key[k], r.query.terms) for k in lost)
            print(f"    {r.query.text!r} ({r.query.lang}): {len(lost)} of {len(r.relevant)} missed, {where} title only; "
                  f"written there as: {', '.join(written[:10])}")
    extra = sorted(((len(r.found - r.relevant), r) for r in rows if r.found - r.relevant), key=lambda x: -x[0])
    if extra:
        print("ours, least precise queries (found, not relevant): "
              + "; ".join(f"{r.query.text!r} +{n}" for n, r in extra[:12]))


def main(args, tmp: Path) -> None:
    corpus, scored, info = run(tmp, args.korean, args.english, args.seed)
    print(f"Korean corpus: {info['notes']} notes ({args.korean} Korean, {args.english} English, seed {args.seed}); "
          f"our build {info['build_s']:.1f} s (search included); stock Pagefind indexing {info['stock_index_s']:.1f} s; "
          f"{info['queries']} queries ({info['dropped']} with no relevant note left out); "
          f"querying: ours {info['ours_s']:.1f} s, stock {info['stock_s']:.1f} s")
    for name in ("ours", "stock"):
        sizes = info[f"{name}_index"]
        print(f"  {name}: the Korean index, {len(sizes)} chunks, {sum(sizes) / 1024:.0f} KB (largest {max(sizes) / 1024:.0f} KB)")
    report(scored)
    misses(corpus, scored["ours"])
