import pytest

from site_builder.core.urls import absolute, asset_path, href, normalize_baseurl, normalize_permalink, out_file, page_path

BASEURLS = [("", ""), ("/", ""), ("/course", "/course"), ("course/", "/course"), ("/a/b/", "/a/b")]


@pytest.mark.parametrize("raw, normal", BASEURLS)
def test_normalize_baseurl(raw, normal):
    assert normalize_baseurl(raw) == normal


@pytest.mark.parametrize("baseurl", ["", "/", "/course"])
@pytest.mark.parametrize("path", ["/", "/x/", "/assets/a.png", "/en/x/#frag"])
def test_href_joins_baseurl_once(baseurl, path):
    base = normalize_baseurl(baseurl)
    assert href(path, base) == base + path
    assert not href(path, base).startswith("//")


@pytest.mark.parametrize("target", ["https://x.org/a", "//cdn.example/x.css", "#frag", "mailto:a@b.c", "relative/x"])
@pytest.mark.parametrize("baseurl", ["", "/course"])
def test_href_leaves_non_site_paths(target, baseurl):
    assert href(target, baseurl) == target


@pytest.mark.parametrize("rel, lang, permalink, path", [
    ("ko/optimization-1.md", "ko", None, "/optimization-1/"),
    ("en/optimization-1.md", "en", None, "/en/optimization-1/"),
    ("ko/index.md", "ko", None, "/"),
    ("en/index.md", "en", None, "/en/"),
    ("ko/notes/index.md", "ko", None, "/notes/"),
    ("ko/notes/a.md", "ko", None, "/notes/a/"),
    ("ko/x.md", "ko", "/custom/", "/custom/"),
    ("ko/x.md", "ko", "custom", "/custom/"),
    ("en/x.md", "en", "/custom/", "/en/custom/"),
    ("ko/x.md", "ko", "/old.html", "/old.html"),
])
def test_page_path(rel, lang, permalink, path):
    assert page_path(rel, lang, "ko", permalink) == path


def test_asset_and_out_paths():
    assert asset_path("ko/fig/a.png", "ko", "ko") == "/fig/a.png"
    assert asset_path("en/fig/a.png", "en", "ko") == "/en/fig/a.png"
    assert out_file("/x/") == "x/index.html"
    assert out_file("/") == "index.html"
    assert out_file("/old.html") == "old.html"
    assert normalize_permalink("//a//b") == "/a/b/"


@pytest.mark.parametrize("path, origin, baseurl, url", [
    ("/x/", "https://h.io", "/course", "https://h.io/course/x/"),
    ("/", "https://h.io", "", "https://h.io/"),
    ("/sitemap.xml", "https://h.io", "/c", "https://h.io/c/sitemap.xml"),
    ("https://other.org/a", "https://h.io", "/c", "https://other.org/a"),
    ("//cdn.org/a.css", "https://h.io", "/c", "//cdn.org/a.css"),
])
def test_absolute(path, origin, baseurl, url):
    assert absolute(path, origin, baseurl) == url
