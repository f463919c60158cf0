"""`site.yaml`: the site's settings, validated with `site.yaml:LINE` errors."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .files import decode
from .problems import BuildFailed, Problem, error
from .urls import normalize_baseurl
from .yamlmap import YamlMap, load_yaml_map

CONFIG_FILE = "site.yaml"
# The KaTeX in site_builder/katex/ (tools/fetch_katex.py); its stylesheet must match the HTML it produces.
KATEX_VERSION = "0.16.22"

KNOWN_KEYS = ("title", "description", "url", "baseurl", "language", "languages", "source_language", "publish",
              "fallback", "modules", "math", "glossary", "captions", "cname", "exclude", "params", "search")
MATH_KEYS = ("css",)
CAPTIONS_KEYS = ("max_cps",)
DEFAULT_MAX_CPS = 25.0  # verbatim lecture captions run at 15-20; above 25 few can read along
GLOSSARY_KEYS = ("annotate",)
ANNOTATE = ("first", "all", "off")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Config:
    site_dir: Path
    title: str
    description: str = ""
    url: str = ""  # absolute origin, no trailing slash, e.g. https://team.github.io
    baseurl: str = ""  # "" or "/course": no trailing slash
    language: str = "en"  # default language, served at /
    languages: Mapping[str, str] = field(default_factory=dict)  # code -> display name, default first
    language_lines: Mapping[str, int] = field(default_factory=dict)  # code -> its line in site.yaml
    titles: Mapping[str, str] = field(default_factory=dict)  # lang -> the site's title in it (every language)
    descriptions: Mapping[str, str] = field(default_factory=dict)  # lang -> description (every language)
    source_language: str = "en"  # the language notes are translated from
    publish_source: bool = True  # false: source notes are checked but not published
    search: bool = True  # false: no search index, no search box
    fallback: str = "source"  # a note missing in a language: "source" shows the original there, "none" nothing
    modules: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # module key -> lang -> title, in order
    math_css: str = ""  # "": the bundled KaTeX stylesheet, written into the output
    annotate: str = "first"  # glossary terms in translations: first occurrence, all, or off
    max_cps: Mapping[str, float] = field(default_factory=dict)  # captions: reading speed limit per language
    cname: str = ""
    exclude: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)  # free keys for templates and content

    @property
    def content_dir(self) -> Path:
        return self.site_dir / "content"

    @property
    def published_languages(self) -> tuple[str, ...]:
        """The languages whose pages are written: all but the source language under `publish: false`."""
        return tuple(lang for lang in self.languages if self.publish_source or lang != self.source_language)

    def reading_speed(self, lang: str) -> float:
        """Characters a second above which a caption cue is flagged (site.yaml `captions.max_cps`)."""
        return self.max_cps.get(lang, DEFAULT_MAX_CPS)

    def site_value(self, key: str) -> Any:
        """What `{{ site.KEY }}` means in content; KeyError when the site has no such key."""
        builtin = {"title": self.title, "description": self.description, "url": self.url,
                   "baseurl": self.baseurl, "language": self.language, "cname": self.cname}
        if key in builtin:
            return builtin[key]
        return self.params[key]


def _unknown_key(key: str, known: tuple[str, ...], file: str, line: int, where: str = "") -> Problem:
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    free = " (put free keys under 'params:')" if not where else ""
    return error("config", file, line, f"unknown key '{where}{key}': {hint}known keys are {', '.join(known)}{free}")


def _expect(ymap: YamlMap, key: str, kind: type, what: str, problems: list[Problem], file: str) -> Any:
    """The value of `key` if it has the right type (None when absent); else record an error."""
    value = ymap.data.get(key)
    if value is None or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    problems.append(error("config", file, ymap.line_of(key), f"'{key}' must be {what}, got {type(value).__name__} {value!r}"))
    return None


def load_config(site_dir: Path, baseurl: str | None = None) -> Config:
    """Read and validate `site_dir/site.yaml`; `baseurl` (from the command line) overrides the file.
    Each part of the file is read by a function of its own, which returns the Config fields it sets."""
    ymap, problems = _read_site_yaml(site_dir)
    for key in ymap.data:
        if key not in KNOWN_KEYS:
            problems.append(_unknown_key(key, KNOWN_KEYS, CONFIG_FILE, ymap.line_of(key)))
    fields = {**_site(ymap, problems, baseurl), **_languages(ymap, problems)}
    languages = fields["languages"]
    fields.update(_titles(ymap, problems, languages))
    for part in (_math(ymap, problems), _translation(ymap, problems), _modules(ymap, problems, languages),
                 _glossary(ymap, problems), _captions(ymap, problems, languages), _files(ymap, problems)):
        fields.update(part)
    if problems:
        raise BuildFailed(problems)
    return Config(site_dir=site_dir, **fields)


def _read_site_yaml(site_dir: Path) -> tuple[YamlMap, list[Problem]]:
    path = site_dir / CONFIG_FILE
    if path.exists() and not path.is_file():  # a FIFO would block the build for ever
        raise BuildFailed([error("config", CONFIG_FILE, 0, "not a regular file")])
    try:
        text, problems = decode(path.read_bytes(), CONFIG_FILE)
    except FileNotFoundError:
        raise BuildFailed([error("config", CONFIG_FILE, 0, f"no {CONFIG_FILE} in {site_dir}: not a site directory")])
    except OSError as exc:
        raise BuildFailed([error("config", CONFIG_FILE, 0, f"cannot read: {exc}")])
    if text is None:
        raise BuildFailed(problems)
    ymap, problems = load_yaml_map(text, CONFIG_FILE, key_twice=error)  # nothing is built from a site.yaml in doubt
    if ymap is None:
        raise BuildFailed(problems)
    return ymap, problems


def _site(ymap: YamlMap, problems: list[Problem], baseurl: str | None) -> dict[str, Any]:
    f = CONFIG_FILE
    url = (_expect(ymap, "url", str, "a string", problems, f) or "").rstrip("/")
    if url and not re.match(r"^https?://[^/]+", url):
        problems.append(error("config", f, ymap.line_of("url"), f"'url' must be an absolute http(s) URL such as https://team.github.io, got {url!r}"))
    base = _expect(ymap, "baseurl", str, "a string", problems, f) if baseurl is None else baseurl
    cname = _expect(ymap, "cname", str, "a domain name", problems, f) or ""
    return {"url": url, "baseurl": normalize_baseurl(base or ""), "cname": cname.strip()}


def _per_language(ymap: YamlMap, key: str, languages: Mapping[str, str], problems: list[Problem]) -> dict[str, str]:
    """A string, or a mapping of language to string, as a string for every language (those not
    given have the default language's): {} when absent or wrong."""
    value, default = ymap.data.get(key), next(iter(languages))
    if value is None:
        return {}
    if isinstance(value, str):
        return {lang: value for lang in languages}
    if not isinstance(value, dict):
        problems.append(error("config", CONFIG_FILE, ymap.line_of(key), f"'{key}' must be a string, or a string per "
                              f"language ({', '.join(languages)}), got {type(value).__name__} {value!r}"))
        return {}
    given = {}
    for lang, text in value.items():
        line = ymap.line_of(key, str(lang))
        if lang not in languages:
            problems.append(error("config", CONFIG_FILE, line, f"'{key}.{lang}': '{lang}' is not one of the "
                                                               f"languages: {', '.join(languages)}"))
        elif not isinstance(text, str):
            problems.append(error("config", CONFIG_FILE, line, f"'{key}.{lang}' must be a string"))
        else:
            given[lang] = text
    if default not in given:
        problems.append(error("config", CONFIG_FILE, ymap.line_of(key), f"'{key}' needs a value in the default "
                                                                        f"language '{default}' (the others fall back to it)"))
        return {}
    return {lang: given.get(lang, given[default]) for lang in languages}


def _titles(ymap: YamlMap, problems: list[Problem], languages: Mapping[str, str]) -> dict[str, Any]:
    """The site's title and description, each a string or one per language."""
    titles = _per_language(ymap, "title", languages, problems)
    if ymap.data.get("title") is None:
        problems.append(error("config", CONFIG_FILE, ymap.line_of("title") if "title" in ymap.data else 1,
                              "'title' is required"))
    elif not all(titles.values()):
        problems.append(error("config", CONFIG_FILE, ymap.line_of("title"), "'title' must not be empty"))
    descriptions = _per_language(ymap, "description", languages, problems)
    default = next(iter(languages))
    return {"title": titles.get(default, ""), "titles": MappingProxyType(titles),
            "description": descriptions.get(default, ""),
            "descriptions": MappingProxyType(descriptions or {lang: "" for lang in languages})}


def _languages(ymap: YamlMap, problems: list[Problem]) -> dict[str, Any]:
    """The default language and every language, the default first."""
    f = CONFIG_FILE
    language = _expect(ymap, "language", str, "a language code such as ko", problems, f) or "en"
    languages: dict[str, str] = {}
    raw_langs = _expect(ymap, "languages", dict, "a mapping of language code to name", problems, f)
    for code, name in (raw_langs or {}).items():
        line = ymap.line_of("languages", str(code))
        if not isinstance(code, str) or not _LANG_CODE.match(code):
            problems.append(error("config", f, line, f"'{code}' is not a language code (expected e.g. en, ko, pt-BR)"))
        elif not isinstance(name, str):
            problems.append(error("config", f, line, f"the name of language '{code}' must be a string"))
        else:
            languages[code] = name
    if not raw_langs:
        languages[language] = language
    elif language not in languages:
        problems.append(error("config", f, ymap.line_of("language"),
                              f"default language '{language}' is not one of the languages: {', '.join(languages)}"))
    ordered = {language: languages.get(language, language)}
    ordered.update(languages)
    lines = {code: ymap.line_of("languages", code) if raw_langs else ymap.line_of("language") for code in ordered}
    return {"language": language, "languages": MappingProxyType(ordered), "language_lines": MappingProxyType(lines)}


def _math(ymap: YamlMap, problems: list[Problem]) -> dict[str, Any]:
    math_css = ""
    for key, value in (_expect(ymap, "math", dict, "a mapping", problems, CONFIG_FILE) or {}).items():
        if key not in MATH_KEYS:
            problems.append(_unknown_key(key, MATH_KEYS, CONFIG_FILE, ymap.line_of("math", key), "math."))
        elif not isinstance(value, str) or not value:
            problems.append(error("config", CONFIG_FILE, ymap.line_of("math", key), "'math.css' must be a URL or site path of the KaTeX stylesheet"))
        else:
            math_css = value
    return {"math_css": math_css}


def _translation(ymap: YamlMap, problems: list[Problem]) -> dict[str, Any]:
    """The language notes are translated from (a translation-only site need not publish it), and what
    a language without a note shows."""
    f = CONFIG_FILE
    source = _expect(ymap, "source_language", str, "a language code such as en", problems, f) or "en"
    if not _LANG_CODE.match(source):
        problems.append(error("config", f, ymap.line_of("source_language"), f"'{source}' is not a language code"))
    publish_source = ymap.data.get("publish", True)
    if not isinstance(publish_source, bool):
        problems.append(error("config", f, ymap.line_of("publish"), "'publish' (is the source language published?) must be true or false"))
    fallback = ymap.data.get("fallback", "source")
    fallback = "none" if fallback is None or fallback is False else fallback
    if fallback not in ("source", "none"):
        problems.append(error("config", f, ymap.line_of("fallback"), f"'fallback' must be source or none, got {fallback!r}"))
    search = ymap.data.get("search", True)
    if not isinstance(search, bool):
        problems.append(error("config", f, ymap.line_of("search"), "'search' (index the site for its search box?) must be true or false"))
    return {"source_language": source, "publish_source": publish_source is not False, "search": search is not False,
            "fallback": fallback if fallback in ("source", "none") else "source"}


def _modules(ymap: YamlMap, problems: list[Problem], languages: Mapping[str, str]) -> dict[str, Any]:
    modules: dict[str, dict[str, str]] = {}
    for key, titles in (_expect(ymap, "modules", dict, "a mapping of module to title(s)", problems, CONFIG_FILE) or {}).items():
        line = ymap.line_of("modules", str(key))
        if isinstance(titles, str):
            modules[str(key)] = {lang: titles for lang in languages}
        elif isinstance(titles, dict) and titles and all(isinstance(t, str) and lang in languages
                                                         for lang, t in titles.items()):
            # a language without its own title shows the default language's (else the first given)
            first = titles.get(next(iter(languages)), next(iter(titles.values())))
            modules[str(key)] = {lang: titles.get(lang, first) for lang in languages}
        else:
            problems.append(error("config", CONFIG_FILE, line, f"module '{key}' needs a title, or a title per language "
                                                               f"({', '.join(languages)})"))
    return {"modules": MappingProxyType(modules)}


def _glossary(ymap: YamlMap, problems: list[Problem]) -> dict[str, Any]:
    annotate = "first"
    for key, value in (_expect(ymap, "glossary", dict, "a mapping", problems, CONFIG_FILE) or {}).items():
        value = "off" if value is False else value  # YAML 1.1 reads a bare `off` as false
        if key not in GLOSSARY_KEYS:
            problems.append(_unknown_key(key, GLOSSARY_KEYS, CONFIG_FILE, ymap.line_of("glossary", key), "glossary."))
        elif value not in ANNOTATE:
            problems.append(error("config", CONFIG_FILE, ymap.line_of("glossary", key),
                                  f"'glossary.annotate' must be one of {', '.join(ANNOTATE)}, got {value!r}"))
        else:
            annotate = value
    return {"annotate": annotate}


def _captions(ymap: YamlMap, problems: list[Problem], languages: Mapping[str, str]) -> dict[str, Any]:
    max_cps: dict[str, float] = {}
    for key, value in (_expect(ymap, "captions", dict, "a mapping", problems, CONFIG_FILE) or {}).items():
        if key not in CAPTIONS_KEYS:
            problems.append(_unknown_key(key, CAPTIONS_KEYS, CONFIG_FILE, ymap.line_of("captions", key), "captions."))
            continue
        limits = value if isinstance(value, dict) else {lang: value for lang in languages}
        for lang, limit in limits.items():
            if lang not in languages or isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit <= 0:
                problems.append(error("config", CONFIG_FILE, ymap.line_of("captions", key), "'captions.max_cps' must be a positive "
                                      f"number of characters a second, or one per language ({', '.join(languages)})"))
                break
            max_cps[lang] = float(limit)
    return {"max_cps": MappingProxyType(max_cps)}


def _files(ymap: YamlMap, problems: list[Problem]) -> dict[str, Any]:
    """What to leave out of content/ and static/, and the free keys."""
    f = CONFIG_FILE
    exclude = _expect(ymap, "exclude", list, "a list of glob patterns", problems, f) or []
    if not all(isinstance(p, str) for p in exclude):
        problems.append(error("config", f, ymap.line_of("exclude"), "'exclude' must be a list of glob patterns (strings)"))
        exclude = []
    params = _expect(ymap, "params", dict, "a mapping of free keys", problems, f) or {}
    clash = [k for k in params if k in KNOWN_KEYS]
    if clash:
        problems.append(error("config", f, ymap.line_of("params", clash[0]), f"'params.{clash[0]}' shadows the built-in key '{clash[0]}'"))
    return {"exclude": tuple(exclude), "params": MappingProxyType(dict(params))}
