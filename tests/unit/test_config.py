from pathlib import Path

import pytest

from site_builder.core.config import load_config
from site_builder.core.problems import BuildFailed


def config(tmp_path: Path, text: str, **kw):
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, **kw)


def messages(tmp_path, text):
    with pytest.raises(BuildFailed) as failed:
        config(tmp_path, text)
    return [str(p) for p in failed.value.problems]


def test_full_config(tmp_path):
    cfg = config(tmp_path, "title: T\nurl: https://x.io/\nbaseurl: /course/\nlanguage: ko\n"
                           "languages: {en: English, ko: 한국어}\nmath: {css: /katex/katex.css}\n"
                           "cname: notes.example.org\nexclude: ['*.tmp']\nparams: {hw: https://h}\n")
    assert cfg.baseurl == "/course" and cfg.url == "https://x.io"
    assert list(cfg.languages) == ["ko", "en"]  # default language first
    assert cfg.math_css == "/katex/katex.css"
    assert cfg.site_value("hw") == "https://h" and cfg.site_value("baseurl") == "/course"
    with pytest.raises(KeyError):
        cfg.site_value("nope")


def test_defaults_and_baseurl_override(tmp_path):
    cfg = config(tmp_path, "title: T\nbaseurl: /course\n", baseurl="")
    assert cfg.baseurl == "" and cfg.language == "en" and dict(cfg.languages) == {"en": "en"}
    assert cfg.math_css == ""  # the bundled stylesheet


def test_unknown_key_has_line_and_known_keys(tmp_path):
    [msg] = messages(tmp_path, "title: T\n\nbaseURL: /x\n")
    assert msg.startswith("site.yaml:3: error[config]: unknown key 'baseURL': did you mean 'baseurl'?")
    assert "known keys are title, description, url, baseurl" in msg


def test_wrong_types_all_reported(tmp_path):
    msgs = messages(tmp_path, "title: [a]\nlanguage: ko\nlanguages: {en: English}\nmath: {csss: x}\n")
    assert any(m.startswith("site.yaml:1: error[config]: 'title' must be a string") for m in msgs)
    assert any(m.startswith("site.yaml:2: error[config]: default language 'ko' is not one of") for m in msgs)
    assert any(m.startswith("site.yaml:4: error[config]: unknown key 'math.csss'") for m in msgs)


def test_yaml_syntax_error_has_line(tmp_path):
    [msg] = messages(tmp_path, "title: T\nlanguages:\n  en: [unclosed\n")
    assert msg.startswith("site.yaml:4:") and "error[yaml]" in msg


def test_missing_config(tmp_path):
    with pytest.raises(BuildFailed) as failed:
        load_config(tmp_path / "missing")
    assert "no site.yaml" in str(failed.value)
