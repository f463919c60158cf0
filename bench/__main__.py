"""python -m bench build [--sizes 1,10,30 --runs N --corpora shifted,identical --one-process]
| math [--sizes 1,10 --runs N] | memory [--sizes 1,10,30,60] | serve [--edits N] | load [--clients N --requests M --edits prose|math|template|none --interval S]
| glossary [--runs N] | search [--korean 300 --english 80 --copies 10 --runs 3 --only recall,cost,download] | stamp [--notes 30 --runs N --baseline DIR] | transcripts [--runs N] | growth [--scale K --only NAME,...]"""

import argparse
import compileall
from pathlib import Path

from . import build, glossary, growth, load, mathbench, search, serve_latency, stamp, transcripts

# Measure site_builder as `pip install` leaves it: with its bytecode compiled. An editable checkout
# run with PYTHONDONTWRITEBYTECODE would compile every module on every start (about 40 ms).
compileall.compile_dir(Path(__file__).resolve().parent.parent / "site_builder", quiet=1)

parser = argparse.ArgumentParser(prog="python -m bench")
commands = parser.add_subparsers(dest="command", required=True)
s = commands.add_parser("serve", help="edit-to-reload latency of site-builder serve on the CS231n notes")
s.add_argument("--edits", type=int, default=20)
s.add_argument("--copies", type=int, default=1)
s.add_argument("--only-ours", action="store_true")
s.set_defaults(run=serve_latency.main)
b = commands.add_parser("build", help="truly cold, again, warm and one-edit builds vs Hugo, Jekyll, MkDocs when installed")
b.add_argument("--sizes", default="1,10,30", help="corpus replications, e.g. 1,10,30")
b.add_argument("--runs", type=int, default=3, help="interleaved rounds (each series' figure is their median)")
b.add_argument("--corpora", default="shifted,identical",
               help="shifted: copy N adds N to every number in its math, code and prose; identical: copies "
                    "differ only in a closing paragraph (they share their formulas)")
b.add_argument("--one-process", action="store_true", help="also a cold build with -j 1")
b.add_argument("--only-ours", action="store_true")
b.set_defaults(run=build.main)
m = commands.add_parser("math", help="distinct formulas; KaTeX one call a formula vs batched, cold, interleaved")
m.add_argument("--sizes", default="1,10")
m.add_argument("--runs", type=int, default=3)
m.set_defaults(run=mathbench.math_main)
me = commands.add_parser("memory", help="peak RSS of cold builds as the site grows")
me.add_argument("--sizes", default="1,10,30,60")
me.add_argument("--runs", type=int, default=1)
me.add_argument("--corpus", default="shifted", choices=("shifted", "identical"))
me.set_defaults(run=mathbench.memory_main)
gl = commands.add_parser("glossary", help="build time with and without a 300-term glossary")
gl.add_argument("--runs", type=int, default=5)
gl.set_defaults(run=glossary.main)
tr = commands.add_parser("transcripts", help="build time with and without a 2,000-cue bilingual lecture")
tr.add_argument("--runs", type=int, default=5)
tr.set_defaults(run=transcripts.main)
ld = commands.add_parser("load", help="loopback load test of the preview server during rebuilds")
ld.add_argument("--clients", type=int, default=20)
ld.add_argument("--requests", type=int, default=500)
ld.add_argument("--edits", choices=("prose", "math", "template", "none"), default="prose",
                help="what each edit adds: a sentence to a note, new formulas to it, a line to the page "
                     "template (every page changes), or no edits at all")
ld.add_argument("--interval", type=float, default=0.1, help="seconds between edits")
ld.add_argument("--seconds", type=float, default=120, help="stop the clients after this long in any case")
ld.set_defaults(run=load.main)
gr = commands.add_parser("growth", help="render time of pathological notes at n, 2n, 4n (linear: ratios near 2)")
gr.add_argument("--scale", type=int, default=4, help="n is each case's own times this")
gr.add_argument("--only", default="", help="comma-separated case names")
gr.set_defaults(run=growth.main)
st = commands.add_parser("stamp", help="status --stamp of every translation of a generated two-language site")
st.add_argument("--notes", type=int, default=30)
st.add_argument("--runs", type=int, default=5)
st.add_argument("--baseline", default="", help="another checkout of site_builder to time too")
st.set_defaults(run=stamp.main)
se = commands.add_parser("search", help="search: recall and precision vs stock Pagefind on a generated Korean site, "
                                        "indexing's share of a cold build, the first query's download")
se.add_argument("--korean", type=int, default=300, help="Korean notes of the generated site")
se.add_argument("--english", type=int, default=80, help="English notes of the generated site")
se.add_argument("--seed", type=int, default=1)
se.add_argument("--copies", type=int, default=10, help="CS231n corpus replications for the indexing cost")
se.add_argument("--runs", type=int, default=3, help="interleaved rounds of cold builds with and without search")
se.add_argument("--only", default="recall,cost,download")
se.set_defaults(run=search.main)
args = parser.parse_args()
args.run(args)
