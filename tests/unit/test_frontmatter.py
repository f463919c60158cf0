from pathlib import Path

import pytest

from site_builder.frontmatter import read_document, split_front_matter
from site_builder.sources import Source


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
