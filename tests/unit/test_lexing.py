"""Highlighting through the joined rules (markdown/lexing.py) gives Pygments' own tokens, for every
lexer a note is likely to name, on code written for the purpose and on generated code-like text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.lexer import RegexLexer
from pygments.lexers import get_lexer_by_name

from site_builder.markdown import lexing
from site_builder.markdown.highlight import _lexer, highlight_code

LANGS = ["python", "python3", "pycon", "bash", "sh", "console", "c", "cpp", "java", "javascript", "typescript",
         "json", "yaml", "toml", "ini", "latex", "tex", "html", "xml", "css", "sql", "r", "matlab", "julia",
         "rust", "go", "ruby", "lua", "diff", "make", "docker", "markdown", "text", "haskell", "scala", "kotlin"]

SNIPPETS = [
    'def f(x, *a, **k):\n    """doc\n    string"""\n    return x @ W.T + b  # affine\n',
    "import numpy as np\nfrom os import path as p\nclass Net(nn.Module):\n    pass\n",
    "x = f'{a!r:>10}' + rb'\\x00' + r\"\\d+\" + u'é'\n@decorator\nasync def g(): await h()\n",
    "for i in $(seq 1 10); do echo \"$i ${arr[@]}\" >> out.txt; done\ncat <<EOF\nheredoc $x\nEOF\n",
    "#include <stdio.h>\nint main(void) { int a[3] = {1, 2, 3}; printf(\"%d\\n\", a[0]); return 0; }\n",
    "template <typename T> T max(T a, T b) { return a > b ? a : b; } // C++\n/* block\n comment */\n",
    "const f = async (x) => { let y = `t ${x}`; return /re[g]ex/gi.test(y) ?? null; };\n",
    '{"a": [1, 2.5e-3, true, null], "b": {"c": "d\\u00e9"}}\n',
    "key: value\nlist:\n  - 1\n  - 'two'\nanchor: &a {x: 1}\nref: *a\n# comment\n",
    "\\begin{align} a &= \\frac{1}{2} \\\\ b &= \\sum_{i=1}^n x_i \\end{align} % tex\n",
    "<div class=\"x\" id='y'><script>var a = 1 < 2;</script><!-- c --></div>\n",
    "SELECT a, COUNT(*) FROM t WHERE b = 'x' AND c IN (1, 2) GROUP BY a; -- q\n",
    ">>> x = 1\n>>> print(x)\n1\nTraceback (most recent call last):\n  File \"<stdin>\", line 1\n",
    "$ ls -la /tmp\ntotal 0\n# whoami\nroot\n",
    "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-old\n+new\n context\n",
    "fn main() { let v: Vec<i32> = vec![1, 2]; println!(\"{:?}\", v); 'label: loop { break 'label; } }\n",
    "", "\n", "\t\n  \n", "unterminated \"string\n'and more\n", "```\n~~~\n", "é한글 中文 ∑ ∫\n",
]

CODE_CHARS = st.sampled_from(list("abcxyzABC019_ \t\n\"'`\\#$%&*()[]{}<>=+-/.,:;|!?@~^") +
                             ["def ", "class ", "import ", "return ", "if ", "else", "for ", "in ", "\"\"\"", "'''",
                              "//", "/*", "*/", "<<EOF", "EOF", "${", "#include", "\\begin{", "}", "r'", "f\"", "b'",
                              "0x1F", "1e-3", "é", "한"])


def _stock(lang: str):
    return get_lexer_by_name(lang, stripnl=False, ensurenl=False)


def _both(lang: str, text: str):
    stock = list(_stock(lang).get_tokens_unprocessed(text))
    fast = list(lexing.faster(_stock(lang)).get_tokens_unprocessed(text))
    return stock, fast


@pytest.mark.parametrize("lang", LANGS)
def test_every_snippet_lexes_as_pygments_does(lang):
    for text in SNIPPETS:
        stock, fast = _both(lang, text)
        assert fast == stock, (lang, text)


@pytest.mark.parametrize("lang", ["python", "bash", "c", "javascript", "latex", "yaml", "html", "sql"])
@given(parts=st.lists(CODE_CHARS, max_size=60))
@settings(max_examples=150, deadline=None)
def test_generated_code_lexes_as_pygments_does(lang, parts):
    stock, fast = _both(lang, "".join(parts))
    assert fast == stock


def test_the_lexers_of_highlighting_join_their_rules():
    """The highlighter's Python lexer goes through the joined rules (a run of rules in one pattern),
    and a rule that cannot join (bash's heredoc, a backreference) is tried alone at its place."""
    lexer = _lexer("python")
    assert lexer.get_tokens_unprocessed.__func__ is lexing._tokens_unprocessed
    list(lexer.get_tokens_unprocessed("def f(): pass\n"))
    table = lexing._tables[(type(lexer), "root")]
    assert any(index is None for _, index in table)
    bash = lexing.faster(_stock("bash"))
    list(bash.get_tokens_unprocessed("cat <<EOF\nx\nEOF\n"))
    alone = [index for _, index in lexing._tables[(type(bash), "root")] if index is not None]
    assert any("\\2" in type(bash)._tokens["root"][i][0].__self__.pattern for i in alone)
    assert "<span" in highlight_code("def f(x):\n    return 'a'\n", "python")


def test_a_lexer_with_its_own_loop_is_left_as_it_is():
    console = _stock("pycon")  # not RegexLexer's loop: its own
    own_loop = type(console).get_tokens_unprocessed is not RegexLexer.get_tokens_unprocessed
    assert not isinstance(console, RegexLexer) or own_loop
    assert lexing.faster(console).get_tokens_unprocessed.__func__ is type(console).get_tokens_unprocessed
