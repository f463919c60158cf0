"""KaTeX runs in V8, which is safe from any thread but cannot follow a fork: the preview renders math
on its rebuild thread, builds render it in worker processes, and both give what a cold build gives."""

from __future__ import annotations

import multiprocessing
import shutil
import threading
import time
from pathlib import Path


from helpers import BASIC_WARNINGS
from site_builder.markdown import mathrender
from site_builder.build.build import build
from site_builder.markdown.mathrender import MathRenderer
from site_builder.serve.preview import Preview

SITE = Path(__file__).resolve().parent / "sites" / "basic"
NOTE = "content/ko/notes/second.md"


def test_threads_render_what_the_main_thread_renders():
    formulas = [(rf"\frac{{x_{{{i}}}}}{{\sqrt{{{i} + y}}}}", i % 2 == 0) for i in range(120)]
    expected = [MathRenderer().render(tex, display) for tex, display in formulas]
    shared = MathRenderer()
    results: dict[int, list] = {}

    def work(k: int) -> None:
        results[k] = [shared.render(tex, display) if k % 2 else MathRenderer().render(tex, display)
                      for tex, display in formulas]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[k] == expected for k in range(4))
    assert all(result.error == "" and 'class="katex"' in result.html for result in expected)


def _render_in_child(queue) -> None:
    try:
        MathRenderer().render("y^3", False)
        queue.put("rendered")
    except RuntimeError as exc:
        queue.put(str(exc))


def test_a_process_forked_after_v8_started_refuses_instead_of_hanging():
    MathRenderer().render("x^2", False)
    assert mathrender.engine_started()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_render_in_child, args=(queue,))
    child.start()
    child.join(timeout=20)
    assert not child.is_alive()
    assert queue.get(timeout=1) == "KaTeX cannot run in a process forked after V8 started"


def test_an_expensive_expression_is_bounded():
    start = time.perf_counter()
    result = MathRenderer().render(r"\def\a{\a\a}\a", False)
    assert result.error and time.perf_counter() - start < 5


def test_parallel_build_after_v8_started_in_this_process(tmp_path):
    """The workers are spawned then, not forked; the output is the one process's."""
    MathRenderer().render("x", False)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    notes = site / "content/en/many"
    notes.mkdir()
    for i in range(30):  # enough notes for the worker pool
        (notes / f"n{i}.md").write_text(f"# Note {i}\n\nThe sum $\\sum_{{k={i}}}^n k^{i}$.\n", encoding="utf-8")
    parallel = build(site, tmp_path / "parallel", jobs=2)
    serial = build(site, tmp_path / "serial", jobs=1)
    assert parallel.written and serial.written
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_fifty_edits_with_new_formulas_through_the_preview_equal_a_cold_build(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    logs: list[str] = []
    preview = Preview(site, port=0, log=logs.append, delay=0.02)
    preview.start()
    try:
        note = site / NOTE
        original = note.read_text(encoding="utf-8")
        for i in range(50):
            before = preview.rebuilds
            note.write_text(original + f"\n새 식 $$\\int_0^{{{i}}} e^{{-{i}x}} \\, dx = z_{{{i}}}$$ 입니다.\n",
                            encoding="utf-8")
            deadline = time.monotonic() + 20
            while preview.rebuilds == before and time.monotonic() < deadline:
                time.sleep(0.005)
            assert preview.rebuilds > before, f"edit {i} was never rebuilt"
        settled = -1
        while settled != preview.rebuilds:  # the last save's later events may bring one more rebuild
            settled = preview.rebuilds
            time.sleep(0.3)
        served = tree(preview.out_dir)
    finally:
        preview.stop()
    assert not [line for line in logs if "warning[math]" in line or "error[" in line], logs
    cold = build(site, tmp_path / "cold", jobs=1)
    assert cold.written and tuple(map(str, cold.problems)) == BASIC_WARNINGS  # second.md is no translation: no parity
    assert served == tree(tmp_path / "cold")
    assert "z_{49}" in (tmp_path / "cold/second-note/index.html").read_text(encoding="utf-8")


def test_the_committed_katex_matches_its_checksums():
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "tools/fetch_katex.py", "--check"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every file matches SHA256SUMS" in done.stdout


def test_the_engine_does_not_depend_on_the_asyncio_loop_of_the_thread_that_started_it():
    """mini-racer adopts the running loop of the thread creating it: renders inside asyncio.run failed
    (AssertionError), and every later one too once that loop closed (RuntimeError), silently in MathML."""
    import subprocess
    import sys

    code = ("import asyncio\nfrom site_builder.markdown.mathrender import MathRenderer\n"
            "async def main(): return MathRenderer().render('x^2', False)\n"
            "print(asyncio.run(main()).error or 'ok', MathRenderer().render('y^2', False).error or 'ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["ok", "ok"], done.stdout + done.stderr


def _array(rows: int, tag: str = "") -> str:
    return r"\begin{array}{cccccccccc}" + r"\\".join(["&".join(["x"] * 10)] * rows) + r"\end{array}" + tag


def test_an_expression_past_a_hard_limit_is_an_error_not_an_unbounded_latex2mathml_run(monkeypatch):
    MathRenderer().render("x", False)
    monkeypatch.setattr(mathrender, "TIMEOUT_SECONDS", 0.5)
    start = time.perf_counter()
    result = MathRenderer().render(_array(20000), True)
    assert time.perf_counter() - start < 5
    assert result.fallback_failed and result.error == "KaTeX took over 0.5 s"
    assert result.html.startswith('<code class="math-error">')
    assert MathRenderer().render(r"\frac ab", False).error == ""  # the isolate still works


def test_v8_that_cannot_start_falls_back_to_latex2mathml(monkeypatch):
    def broken(*args):
        raise OSError("libmini_racer.so: cannot open shared object file")

    monkeypatch.setattr(mathrender, "_engines", {})
    monkeypatch.setattr(mathrender, "_Engine", broken)
    result = MathRenderer().render("x^2", False)
    assert "math-fallback" in result.html and "KaTeX could not start: OSError" in result.error


def test_no_link_survives_the_mathml_fallback():
    result = MathRenderer().render(r"\href{javascript:alert(1)}{x", False)  # unclosed: KaTeX refuses
    assert "math-fallback" in result.html and "href" not in result.html
