"""import-jekyll on Jekyll sites as course teams leave them: invalid front matter, Latin-1 bytes,
unreadable files, `x.md` beside `x.markdown`, highlight/raw/link tags, relative_url filters,
permalink patterns, kramdown syntax, exclude globs and _config.yml keys the import does not follow.
Every finding is `file:line: message` where there is a line; SRC is never written."""

import hashlib
import pathlib

import pytest

from helpers import run_cli
from site_builder.commands import import_jekyll as imp
from site_builder.core.problems import BuildFailed


def tree_hash(root):
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def site(tmp_path, files, config="title: Messy\nbaseurl: /c\n"):
    src = tmp_path / "src"
    for rel, content in {"_config.yml": config, **files}.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(content if isinstance(content, bytes) else content.encode())
    return src


def run(src, tmp_path):
    before = tree_hash(src)
    report = imp.import_jekyll(src, tmp_path / "out")
    assert tree_hash(src) == before
    return report, "\n".join(report.skipped)


def test_invalid_front_matter_is_reported_at_its_line_and_kept(tmp_path):
    src = site(tmp_path, {"notes/bad.md": "---\ntitle: ok\ntags: [a, b\nx: 1\n---\nBody.\n"})
    report, text = run(src, tmp_path)
    assert "notes/bad.md:4: front matter is not valid YAML" in text
    assert (tmp_path / "out/content/en/notes/bad.md").read_text().endswith("Body.\n")


def test_md_beside_markdown_of_one_name_are_both_imported(tmp_path):
    src = site(tmp_path, {"a/twin.md": "# From md\n", "a/twin.markdown": "# From markdown\n"})
    report, text = run(src, tmp_path)
    out = tmp_path / "out/content/en/a"
    bodies = sorted(p.read_text() for p in out.glob("*.md"))
    assert bodies == ["# From markdown\n", "# From md\n"]
    assert "a/twin.md: content/en/a/twin.md is already a/twin.markdown: imported as content/en/a/twin-md.md" in text


def test_liquid_with_a_plain_equivalent_is_converted(tmp_path):
    note = ("# N\n\n![a]({{ '/assets/a.png' | relative_url }}) [p]({% link notes/p.md %})\n\n"
            "{% highlight python linenos %}\ndef f():\n    return 1\n{% endhighlight %}\n\n"
            "{% raw %}Write {% include x.html %} here.{% endraw %}\n\n{% include fig.html src=\"y\" %}\n")
    src = site(tmp_path, {"notes/n.md": note, "notes/p.md": "# P\n", "assets/a.png": b"png"})
    report, text = run(src, tmp_path)
    out = (tmp_path / "out/content/en/notes/n.md").read_text()
    assert "![a](/assets/a.png) [p](/notes/p.md)" in out
    assert "```python\ndef f():\n    return 1\n```" in out
    assert "Write {% include x.html %} here." in out  # raw: shown as written, not commented out
    assert "<!-- {% include fig.html src=\"y\" %} -->" in out
    assert "notes/n.md:5: {% highlight python linenos %} became a fenced code block; 'linenos' is not converted" in text
    assert "notes/n.md:12: Liquid tag {% include fig.html" in text and "include x.html" not in text
    html = run_cli("build", tmp_path / "out")
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "out/_site/notes/n/index.html").read_text()
    assert 'src="/c/assets/a.png"' in page and 'href="/c/notes/p/"' in page and "<pre" in page


def test_permalink_pattern_is_dropped_at_its_line(tmp_path):
    src = site(tmp_path, {"notes/p.md": "---\ntitle: P\npermalink: /:categories/:title/\n---\nx\n"})
    report, text = run(src, tmp_path)
    assert "notes/p.md:3: permalink '/:categories/:title/' is a Jekyll pattern: dropped" in text
    assert run_cli("build", tmp_path / "out").returncode == 0
    assert (tmp_path / "out/_site/notes/p/index.html").is_file()
    assert not list((tmp_path / "out/_site").glob(":*"))


def test_kramdown_syntax_is_reported_at_its_lines_outside_code(tmp_path):
    note = "# K\n\nPara.\n{: .note}\n\n{::options parse_block_html=\"true\" /}\n\n*[HTML]: Hyper\n\n" \
           "<div markdown=\"1\">\n**b**\n</div>\n\n```\n{: .in-code}\n```\n"
    report, text = run(site(tmp_path, {"k.md": note}), tmp_path)
    assert [line.split(": ", 1)[0] for line in report.skipped if "kramdown" in line] == \
        ["k.md:4", "k.md:6", "k.md:8", "k.md:10"]


def test_exclude_globs_and_unfollowed_config_keys(tmp_path):
    config = ("title: T\nexclude: ['*.sh', 'private/']\ninclude: [_pages]\npermalink: /:year/:title/\n"
              "defaults:\n  - scope: {path: ''}\n    values: {layout: note}\ncollections:\n  labs: {output: true}\n")
    src = site(tmp_path, {"deploy.sh": "#!/bin/sh\n", "private/key.txt": "k", "a.md": "# A\n"}, config)
    report, text = run(src, tmp_path)
    assert not (tmp_path / "out/static/deploy.sh").exists() and "deploy.sh: excluded by _config.yml" in text
    for key in ("include", "permalink", "defaults", "collections"):
        assert f"_config.yml: '{key}' is not converted" in text


def test_latin1_config_and_note_are_errors_at_their_lines(tmp_path):
    src = site(tmp_path, {"n.md": b"# N\n\nCaf\xe9\n"}, config="title: T\n")
    report, text = run(src, tmp_path)
    assert "n.md:3: not valid UTF-8 (byte 0xe9); save the file as UTF-8: not imported" in text
    bad = site(tmp_path / "b", {}, config=b"title: Caf\xe9\n")
    with pytest.raises(BuildFailed) as failed:
        imp.import_jekyll(bad, tmp_path / "out2")
    assert failed.value.problems[0].line == 1 and "not valid UTF-8" in failed.value.problems[0].message


def test_unreadable_files_are_reported_not_a_traceback(tmp_path, monkeypatch):
    src = site(tmp_path, {"locked.md": "# L\n", "img/locked.png": b"x", "ok.md": "# OK\n"})
    real_open, real_read = open, pathlib.Path.read_bytes

    def deny(path, *args, **kwargs):
        if pathlib.Path(path).name.startswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(imp, "open", deny, raising=False)
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: deny(self) and real_read(self))
    report = imp.import_jekyll(src, tmp_path / "out")
    text = "\n".join(report.skipped)
    assert "locked.md: cannot read (Permission denied): not imported" in text
    assert "img/locked.png: cannot read (Permission denied): not imported" in text
    assert report.notes == ["en/ok.md"]


def test_a_full_url_as_baseurl_is_split_into_url_and_baseurl(tmp_path):
    src = site(tmp_path, {"n.md": "# N\n\n![i]({{ site.baseurl }}/assets/a.png)\n", "assets/a.png": b"x"},
               config="title: T\nbaseurl: https://team.github.io/course/\n")
    report, text = run(src, tmp_path)
    assert "_config.yml: baseurl 'https://team.github.io/course/' is a full URL" in text
    assert run_cli("build", tmp_path / "out").returncode == 0
    assert 'src="/course/assets/a.png"' in (tmp_path / "out/_site/n/index.html").read_text()
