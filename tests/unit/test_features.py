"""Features plug into the Markdown core with `md.use(plugin)` and keep their state under their own
env key: the core chain's order, the feature protocol of render_document, and the glossary and
translation features as the site composes them (serially and on worker processes)."""

from __future__ import annotations

from pathlib import Path

from helpers import REPO
from site_builder.content.frontmatter import parse_document
from site_builder.content.sources import Source
from site_builder.core.config import load_config
from site_builder.glossary.judge import GlossaryIndex
from site_builder.glossary.rule import GlossaryFix, glossary_terms
from site_builder.glossary.terms import load_glossary
from site_builder.markdown.headings import HeadingRef
from site_builder.markdown.mathrender import MathRenderer
from site_builder.markdown.render import make_markdown, render_document
from site_builder.markdown.state import LinkSettings, NoteState
from site_builder.site.notes import (NoteContext, NoteJob, glossary_result, note_markdown, render_note,
                                     translation_result)
from site_builder.site.parallel import render_many
from site_builder.translation.rule import show_original

GLOSSARY_SITE = REPO / "tests" / "sites" / "glossary"
CORE = ["normalize", "block", "attr", "inline", "inline_lines", "equation_numbers", "figure_numbers", "heading_ids", "site_links", "footnote_tail",
        "text_join", "math_batch"]


def _chain(md) -> list[str]:
    return [rule.name for rule in md.core.ruler.__rules__ if rule.enabled]


def test_the_core_chain_order_is_fixed():
    """The order the notes render with (byte-identical output depends on it): the features' rules
    after the links are rewritten, before the footnotes are gathered, glossary first."""
    md = note_markdown(MathRenderer())
    assert _chain(md) == [*CORE[:9], "glossary_terms", "untranslated", "show_original", *CORE[9:]]
    rules = {rule.name: rule.fn for rule in md.core.ruler.__rules__}
    assert rules["glossary_terms"] is glossary_terms and rules["show_original"] is show_original


def test_the_markdown_core_has_no_feature_rules():
    assert _chain(make_markdown(MathRenderer())) == CORE


class _Counter:
    """A feature: its core rule counts headings into its own state, `collect` hands the count over."""

    def __init__(self) -> None:
        self.headings = 0
        self.saw: list[str] = []

    def collect(self, md, tokens, env) -> dict:
        self.saw = sorted(env)
        return {"headings": self.headings}


def _count_headings(state) -> None:
    feature = state.env.get("counter")
    if feature is not None:
        feature.headings += sum(t.type == "heading_open" for t in state.tokens)


def _doc(rel: str, text: str):
    doc, problems = parse_document(Source(Path(rel), rel, rel.split("/")[0]), f"content/{rel}", text.encode())
    assert doc is not None, problems
    return doc


def _links() -> LinkSettings:
    return LinkSettings(baseurl="", language="en", languages=("en",), site={"title": "T"})


def test_a_feature_keeps_its_state_under_its_own_env_key():
    md = make_markdown(MathRenderer()).use(lambda md: md.core.ruler.before("footnote_tail", "count", _count_headings))
    counter, inert = _Counter(), object()
    out = render_document(md, _doc("en/x.md", "# A\n\n## B\n\ntext\n"), "content/en/x.md", _links(), {},
                          {"counter": counter, "inert": inert})
    assert out.features == {"counter": {"headings": 2}}  # no `collect`: nothing kept for it
    assert counter.saw == ["counter", "inert", "page"]  # the note's state and every feature's, by key
    assert [e.id for e in out.toc] == ["a", "b"]


def test_without_features_the_rules_of_features_do_nothing():
    """The composed dialect with no feature input renders as the core does."""
    doc = _doc("en/x.md", "# Title\n\nSome gradient text.[^1]\n\n[^1]: A note.\n")
    core = render_document(make_markdown(MathRenderer()), doc, "content/en/x.md", _links(), {})
    composed = render_document(note_markdown(MathRenderer()), doc, "content/en/x.md", _links(), {})
    assert composed == core and core.features == {}


def test_link_settings_carry_what_links_and_liquid_need():
    config = load_config(GLOSSARY_SITE, baseurl="/course")
    links = LinkSettings.of(config)
    assert (links.baseurl, links.language, links.languages) == ("/course", "ko", ("ko", "en"))
    for key in ("title", "url", "baseurl", "language"):
        assert links.site_value(key) == config.site_value(key)
    page = NoteState(rel="ko/a.md", site_rel="content/ko/a.md", lines=[""], settings=links, routes={})
    assert page.lang == "ko" and not hasattr(page, "config")


def _glossary_jobs():
    """The glossary fixture's notes as the site renders them: the translation after its source."""
    config = load_config(GLOSSARY_SITE)
    index = GlossaryIndex(load_glossary(config), config.languages)
    routes = {"en/intro.md": "/en/intro/", "ko/intro.md": "/intro/", "en/index.md": "/en/", "ko/index.md": "/"}
    context = NoteContext.of(config, routes, index)
    read = {rel: _doc(rel, (GLOSSARY_SITE / "content" / rel).read_text(encoding="utf-8")) for rel in routes}
    md = note_markdown(MathRenderer())
    source = render_note(md, NoteJob(read["en/intro.md"], "content/en/intro.md",
                                     context.translation(keep_paragraphs=True, related=True)), context)
    translation = context.translation(source_headings=tuple(HeadingRef(e.level, e.id) for e in source.toc),
                                      source_paragraphs=translation_result(source).paragraphs, related=True)
    jobs = [NoteJob(read["ko/intro.md"], "content/ko/intro.md", translation),
            NoteJob(read["en/intro.md"], "content/en/intro.md", context.translation(keep_paragraphs=True, related=True)),
            NoteJob(read["ko/index.md"], "content/ko/index.md", context.translation())]
    return md, context, jobs


def test_glossary_and_translation_results_of_a_translated_note():
    md, context, jobs = _glossary_jobs()
    out = render_note(md, jobs[0], context)
    glossed, kept = glossary_result(out), translation_result(out)
    assert GlossaryFix(line=6, col=1, variant="훈련", preferred="학습") in glossed.fixes
    assert {"gradient", "backpropagation"} <= glossed.terms and glossed.annotated
    assert [(p.line, p.code) for p in out.problems if p.code == "glossary"][:2] == [(6, "glossary"), (6, "glossary")]
    assert '<a class="term" href="/glossary/#' in out.html  # annotated, linking to the ko glossary page
    assert '<details class="original" lang="en">' in out.html  # the source paragraph, folded
    assert kept.blocks and kept.words == sum(b.words for b in kept.blocks) and kept.paragraphs == ()
    source = render_note(md, jobs[1], context)
    assert translation_result(source).paragraphs and not glossary_result(source).fixes


def test_worker_processes_render_what_the_serial_path_does():
    md, context, jobs = _glossary_jobs()
    serial = [render_note(md, job, context) for job in jobs]
    assert render_many(jobs, context, 2) == serial
    assert all("glossary" in r.features and "translation" in r.features for r in serial)
