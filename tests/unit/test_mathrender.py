from site_builder.markdown import mathrender
from site_builder.markdown.mathrender import MathRenderer


def test_katex_renders_html_and_mathml():
    result = MathRenderer().render(r"\frac{a}{b}", display=False)
    assert result.error == ""
    assert 'class="katex"' in result.html and "<math" in result.html and "katex-html" in result.html


def test_display_mode():
    assert 'class="katex-display"' in MathRenderer().render("x^2", display=True).html


def test_environments_katex_renders():
    for tex in (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}",
                r"\big\{ x \big\}", r"\begin{align} a &= b \end{align}"):
        assert MathRenderer().render(tex, display=True).error == "", tex


def test_rejected_tex_falls_back_to_mathml_with_reason():
    result = MathRenderer().render(r"\theta_i^'", display=False)
    assert "Expected group after '^'" in result.error
    assert "math-fallback" in result.html and "<math" in result.html and not result.fallback_failed


def test_unrenderable_tex_is_shown_as_code():
    result = MathRenderer().render(r"\frac{", display=False)
    assert result.error
    if result.fallback_failed:
        assert result.html == r'<code class="math-error">\frac{</code>'


def test_without_katex_everything_goes_to_latex2mathml(monkeypatch):
    monkeypatch.setattr(mathrender, "AVAILABLE", False)
    renderer = MathRenderer()
    assert not renderer.katex_available
    result = renderer.render("x^2", display=False)
    assert result.error == "" and "<math" in result.html  # the build warns once, not per expression


def test_memoised():
    renderer = MathRenderer()
    assert renderer.render("x", False) is renderer.render("x", False)


def test_build_warns_once_without_katex(tmp_path, monkeypatch):
    from helpers import write_site
    from site_builder.build.build import build

    monkeypatch.setattr(mathrender, "AVAILABLE", False)
    write_site(tmp_path, {"content/en/index.md": "# M\n\n$a$ and $b$ and $$c$$\n"})
    result = build(tmp_path, tmp_path / "out")
    assert [str(p) for p in result.problems] == [
        "site.yaml: warning[math]: KaTeX (mini-racer) cannot be imported on this platform: all math is rendered with latex2mathml"]
    html = (tmp_path / "out/index.html").read_text()
    assert html.count("<math") == 3 and 'class="katex"' not in html


def test_prepare_renders_a_batch_a_call_as_one_by_one_would(monkeypatch):
    """A batch really goes through V8 in one call (it once raised on every call, caught, and every
    formula was rendered again one by one), and gives what one-by-one rendering gives, rejections,
    a lone surrogate and display mode included."""
    items = [(f"x_{{{i}}} + \\frac{{{i}}}{{2}}", i % 2 == 0) for i in range(2 * mathrender.BATCH + 3)]
    items += [(r"\frac{", False), ("y\ud800", False), (r"\theta_i^'", True), (items[0][0], True)]
    batched = MathRenderer()
    engine = mathrender._engine()
    calls = {"many": 0, "one": 0}
    many, one = engine.render_many, engine.render
    monkeypatch.setattr(engine, "render_many", lambda *a: (calls.__setitem__("many", calls["many"] + 1), many(*a))[1])
    monkeypatch.setattr(engine, "render", lambda *a: (calls.__setitem__("one", calls["one"] + 1), one(*a))[1])
    batched.prepare(items)
    assert calls == {"many": 3, "one": 0}
    results = [batched.render(tex, display) for tex, display in items]
    assert calls == {"many": 3, "one": 3}  # only the three KaTeX rejects or cannot take are rendered alone
    assert results == [MathRenderer().render(tex, display) for tex, display in items]
