"""Permalinks checked where a site path is made from front matter (urls.permalink_problem), and
page_path refusing an unchecked one."""

import pytest

from site_builder.core.urls import out_file, page_path, permalink_problem

UNSAFE = ["..", "../x/", "/../x/", "a/../../b", "/a/..", "./x/", "/x/./", "%2e%2e/x/", "/a%2fb/", "..\\x",
          "a\\b", "a\0b", "a\nb/", "/a\x7f/", "/x?y/", "/x#y/", "/" + "é" * 128 + "/", "", "   ", None, 5, ["/a/"]]
SAFE = ["/about/", "about", "/a/b.html", "/a..b/", "/...x/", "/.well-known/x.txt", "//double//slash//", "/한국어/",
        "/" + "x" * 255 + "/", " /padded/ "]


@pytest.mark.parametrize("permalink", UNSAFE, ids=repr)
def test_unsafe_permalinks_are_refused(permalink):
    assert permalink_problem(permalink).startswith("'permalink'")
    if isinstance(permalink, str) and permalink.strip():
        with pytest.raises(ValueError):
            page_path("en/x.md", "en", "ko", permalink)


@pytest.mark.parametrize("permalink", SAFE, ids=repr)
def test_safe_permalinks_stay_inside_their_language(permalink):
    assert permalink_problem(permalink) == ""
    path = page_path("en/x.md", "en", "ko", permalink)
    assert path.startswith("/en/")
    out = out_file(path)
    assert not out.startswith("/") and ".." not in out.split("/") and "." not in out.split("/")
