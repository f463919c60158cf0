"""The markdown-it speed-ups run only with the library versions they were verified against; with
any other, markdown-it's own rules run and the output is the same."""

from pathlib import Path

from site_builder.markdown import speedups
from site_builder.markdown.mathrender import MathRenderer
from site_builder.markdown.render import make_markdown

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markdown"


def _installed(md) -> bool:
    return md.inline.tokenize.__func__ is not type(md.inline).tokenize


def test_the_pinned_versions_run_the_speedups():
    assert speedups.why_stock() == ""
    assert _installed(make_markdown(MathRenderer()))


def test_other_versions_run_stock_rules_with_the_same_output(monkeypatch):
    fast = make_markdown(MathRenderer())
    monkeypatch.setitem(speedups.VERIFIED, "markdown-it-py", "4.2.9")
    assert "markdown-it-py 4.3.0 (verified: 4.2.9)" in speedups.why_stock()
    stock = make_markdown(MathRenderer())
    assert not _installed(stock)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.md"))]
    assert texts
    for text in texts:
        assert stock.render(text, {}) == fast.render(text, {})


def test_debug_says_why(monkeypatch, tmp_path, capsys):
    from site_builder.cli import main

    monkeypatch.setitem(speedups.VERIFIED, "mdit-py-plugins", "0.6.0")
    main(["check", str(tmp_path / "nowhere"), "--debug"])
    assert "debug: markdown-it speed-ups off" in capsys.readouterr().err
