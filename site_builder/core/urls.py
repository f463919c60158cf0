"""Site paths and hrefs. `href()` is the only place the baseurl is joined.

Vocabulary: a `path` is a site path without the baseurl (starts with `/`, pages end with `/`);
an `href` is what appears in HTML (baseurl + path); an `out` is a file path under the output dir.
"""

from __future__ import annotations

import posixpath
import re

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def normalize_baseurl(baseurl: str) -> str:
    """'' , '/' -> ''; 'course', '/course/' -> '/course'."""
    parts = [p for p in baseurl.strip().split("/") if p]
    return "/" + "/".join(parts) if parts else ""


def is_external(target: str) -> bool:
    """True for targets with a scheme (https:, mailto:) or protocol-relative (//host)."""
    return bool(_SCHEME.match(target))


def href(path: str, baseurl: str) -> str:
    """The href of a site path: the baseurl joined once. External URLs and `#frag` are untouched."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    return baseurl + path


def absolute(path: str, origin: str, baseurl: str) -> str:
    """The full URL of a site path on the site's origin (`https://host`); external URLs are untouched."""
    return path if is_external(path) else origin + href(path, baseurl)


def lang_prefix(lang: str, default_lang: str) -> str:
    return "" if lang == default_lang else f"/{lang}"


UNSAFE_IN_PATH = re.compile(r"[\\%?#\x00-\x1f\x7f]")


def permalink_problem(permalink: object) -> str:
    """Why `permalink` cannot be a page's path ("" when it can): it must stay inside its language's
    folder of the output, so no `.` or `..` segment; and mean the same on disk as in a URL, so no
    backslash, `%` escape, `?`, `#` or control character (NUL included); no segment longer than a
    file name may be."""
    if not isinstance(permalink, str) or not permalink.strip():
        return "'permalink' must be a path such as /about/"
    bad = UNSAFE_IN_PATH.search(permalink)
    if bad:
        return f"'permalink' must not contain {bad.group()!r}: write the path itself, e.g. /about/"
    segments = permalink.strip().split("/")
    if any(segment in (".", "..") for segment in segments):
        return "'permalink' must not contain '.' or '..' segments: it is a path from the language's root"
    if any(len(segment.encode()) > 255 for segment in segments):
        return "'permalink' has a segment longer than 255 bytes, more than a file name may have"
    return ""


def normalize_permalink(permalink: str) -> str:
    """'/a/b' -> '/a/b/'; '/a/b.html' stays; always one leading slash."""
    path = "/" + permalink.strip().lstrip("/")
    path = re.sub(r"/{2,}", "/", path)
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return path


def page_path(rel: str, lang: str, default_lang: str, permalink: str | None = None) -> str:
    """Site path of the page at content/`rel`: `ko/x.md` -> `/x/`, `en/x.md` -> `/en/x/`,
    `ko/dir/index.md` -> `/dir/`. A permalink is relative to the language's root."""
    prefix = lang_prefix(lang, default_lang)
    if permalink:
        if permalink_problem(permalink):  # callers report it; never a path out of the output
            raise ValueError(f"unsafe permalink {permalink!r}")
        return prefix + normalize_permalink(permalink)
    inner = rel.split("/", 1)[1]
    stem = inner[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return prefix + ("/" + stem + "/" if stem else "/")


def asset_path(rel: str, lang: str, default_lang: str) -> str:
    """Site path of a non-page file under content/: it sits beside its page's source path."""
    return lang_prefix(lang, default_lang) + "/" + rel.split("/", 1)[1]


def out_file(path: str) -> str:
    """Output file (relative, POSIX) for a site path: `/x/` -> `x/index.html`."""
    rel = path.lstrip("/")
    if path.endswith("/"):
        return rel + "index.html"
    return rel


def resolve_relative(base_rel: str, target: str) -> str:
    """Resolve a relative link target written in content/`base_rel` to a content rel path."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_rel), target))
    return joined
