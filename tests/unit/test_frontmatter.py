from pathlib import Path

import pytest

from site_builder.content.frontmatter import read_document, split_front_matter
from site_builder.content.sources import Source


def read(tmp_path: Path, data: bytes | str):
    file = tmp_path / "x.md"
    file.write_bytes(data.encode() if isinstance(data, str) else data)
    return read_document(Source(file, "en/x.md", "en"), "content/en/x.md")


def test_front_matter_and_lines(tmp_path):
    doc, problems = read(tmp_path, "---\ntitle: Hi\norder: 2\ncustom: [1, 2]\n---\n# Body\n")
    assert problems == []
    assert doc.meta["title"] == "Hi" and doc.meta["custom"] == [1, 2]
    assert doc.line_of("order") == 3 and doc.body_line == 6
    assert doc.text.startswith("---\n")  # kept, so Markdown line numbers are file lines


def test_no_front_matter_bom_and_crlf(tmp_path):
    doc, problems = read(tmp_path, "\ufeff# Title\r\n\r\ntext\r\n".encode())
    assert problems == [] and doc.meta == {} and doc.text == "# Title\n\ntext\n"


def test_unclosed_front_matter(tmp_path):
    doc, problems = read(tmp_path, "---\ntitle: x\n\n# never closed\n")
    assert doc is None
    assert [str(p) for p in problems] == [
        "content/en/x.md:1: error[front-matter]: front matter opened with '---' is never closed (add a '---' line after it)"]


def test_bad_yaml_line_is_file_line(tmp_path):
    doc, problems = read(tmp_path, "---\ntitle: ok\nbad: [1, 2\n---\n")
    assert doc is None and problems[0].file == "content/en/x.md" and problems[0].line == 3


def test_wrong_field_types(tmp_path):
    doc, problems = read(tmp_path, "---\ntitle: 3\norder: first\ndraft: maybe\nlayout: ../x\n---\n")
    assert doc is None
    got = {(p.line, p.message.split(" must")[0]) for p in problems}
    assert got == {(2, "'title'"), (3, "'order'"), (4, "'draft'"), (5, "'layout'")}


def test_not_utf8_names_line_and_column(tmp_path):
    doc, problems = read(tmp_path, b"---\ntitle: x\n---\nok\nbad \xff byte\n")
    assert doc is None
    assert str(problems[0]).startswith("content/en/x.md:5:5: error[encoding]: not valid UTF-8")


@pytest.mark.parametrize("text, expected", [
    ("---\na: 1\n---\nbody", ("a: 1", 4)),
    ("---\n---\nx", ("", 3)),
    ("--- \t\na: 1\n... \nb", ("a: 1", 4)),  # `...` closes too; trailing blanks on either fence
    ("---\na: |\n  ---\n----\n---\nc", ("a: |\n  ---\n----", 6)),  # only a whole `---` line closes
    ("---\n\n\n---", ("\n", 5)),
    ("---\na: 1", (None, 1)),  # never closed
    ("x\n---\na\n---\n", (None, 1)),  # not on line 1
    ("", (None, 1)),
])
def test_front_matter_fences(text, expected):
    assert split_front_matter(text, "n.md")[:2] == expected


NOT_FRONT_MATTER = ("content/en/x.md:1: warning[front-matter]: the first line '---' is read as a horizontal rule, not as "
                    "front matter: the lines after it are not YAML 'key: value' lines, so they stay in the page "
                    "(remove the '---', or open the note with front matter)")


@pytest.mark.parametrize("text", [
    "---\nSome prose, *emphasised*.\n\nMore prose.\n---\nbody\n",
    "---\nIn this note: we will\nlearn things\n---\n",  # a colon, but a "key" with spaces and no mapping
    "---\n# Heading\n\nText\n---\n",  # `#` is a YAML comment: the first line that counts is prose
    "---\nonly a rule, never a second one\n",
])
def test_a_rule_then_prose_is_not_front_matter(tmp_path, text):
    """The note keeps every line (issue 16, item 9: they were lost as front matter), with a warning."""
    doc, problems = read(tmp_path, text)
    assert [str(p) for p in problems] == [NOT_FRONT_MATTER]
    assert doc is not None and doc.meta == {} and doc.body_line == 1 and doc.text == text


@pytest.mark.parametrize("text, keys", [
    ("---\n---\nx", {}),
    ("---\n# only a comment\n---\nx", {}),
    ("---\n{title: Flow}\n---\nx", {"title": "Flow"}),  # a mapping, though not `key:` lines
    ("---\n\"quoted key\": 1\n---\nx", {"quoted key": 1}),
    ("---\nLecture 3: intro\n---\nx", {"Lecture 3": "intro"}),  # YAML says mapping: front matter
])
def test_yaml_mappings_are_front_matter(tmp_path, text, keys):
    doc, problems = read(tmp_path, text)
    assert problems == [] and dict(doc.meta) == keys and doc.body_line > 1


@pytest.mark.parametrize("text, message", [
    ("---\ntitle: \"unterminated\n---\n", "invalid YAML: while scanning a quoted scalar"),
    ("---\ntitle: x\nthen prose\n---\n", "invalid YAML: while scanning a simple key"),
    ("---\n  title: x\n bad: y\n---\n", "invalid YAML:"),
])
def test_key_lines_with_yaml_mistakes_are_still_yaml_errors(tmp_path, text, message):
    doc, problems = read(tmp_path, text)
    assert doc is None and [(p.severity, p.code) for p in problems] == [("error", "yaml")]
    assert problems[0].message.startswith(message)


def test_markdown_keeps_what_front_matter_did_not_take():
    """markdown-it's front matter rule takes exactly the block split_front_matter takes."""
    from site_builder.markdown.render import make_markdown
    from site_builder.markdown.mathrender import MathRenderer
    md = make_markdown(MathRenderer())
    assert md.render("---\nSome prose.\n\nMore.\n---\nbody\n") == \
        '<hr />\n<p>Some prose.</p>\n<h2 id="more">More.</h2>\n<p>body</p>\n'
    assert md.render("---\ntitle: x\n---\nbody\n") == "\n<p>body</p>\n"
    assert md.render("---\n{a: 1}\n---\nbody\n") == "\n<p>body</p>\n"


def test_the_built_page_keeps_the_prose(tmp_path):
    """Through the CLI: the page has the rule, the prose and the setext heading; the build warns."""
    from helpers import run_cli, write_site
    site = write_site(tmp_path / "site", {"content/en/index.md": "---\nKept prose.\n\nKept heading\n---\nend\n"})
    result = run_cli("build", site)
    assert result.returncode == 0 and "index.md:1: warning[front-matter]: the first line '---'" in result.stderr
    html = (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert "<hr />\n<p>Kept prose.</p>\n<h2 id=\"kept-heading\">Kept heading</h2>" in html
