"""`glossary.yaml`: the team's term base, validated with file:line errors.

    terms:
      - en: gradient            # the term in the source language (site.yaml `source_language`)
        ko: 그라디언트           # accepted translation(s): a string or a list, the first preferred
        avoid: {ko: [기울기]}    # discouraged variants, per language
        note: 수학의 기울기와 구분합니다
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from ..core.config import Config
from ..content.frontmatter import decode
from ..markdown.headings import slugify
from ..core.problems import BuildFailed, Problem, error
from ..core.yamlmap import YamlMap, load_yaml_map

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    source: str  # the term in the source language
    translations: dict[str, tuple[str, ...]]  # lang -> accepted forms, preferred first (do not mutate)
    avoid: dict[str, tuple[str, ...]]  # lang -> discouraged variants (do not mutate)
    note: str
    line: int
    anchor: str  # id on the glossary pages, the same in every language

    def preferred(self, lang: str) -> str:
        forms = self.translations.get(lang)
        return forms[0] if forms else self.source


@dataclass(frozen=True)
class Glossary:
    source_lang: str
    terms: tuple[Term, ...] = ()
    digest: str = ""  # identifies the content, for render cache keys

    def __bool__(self) -> bool:
        return bool(self.terms)


EMPTY = Glossary("en")


def _forms(value, what: str, file: str, line: int, problems: list[Problem]) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    if values is None or not all(isinstance(v, str) and v.strip() for v in values) or not values:
        problems.append(error("glossary", file, line, f"{what} must be a term or a list of terms"))
        return ()
    return tuple(unicodedata.normalize("NFC", " ".join(v.split())) for v in values)


def load_glossary(config: Config) -> Glossary:
    """The site's glossary (empty when there is no glossary.yaml). Raises BuildFailed when invalid."""
    path = config.site_dir / GLOSSARY_FILE
    if not path.exists():
        return Glossary(config.source_language)
    if not path.is_file():  # a FIFO would block the build for ever
        raise BuildFailed([error("glossary", GLOSSARY_FILE, 0, "not a regular file")])
    f = GLOSSARY_FILE
    text, problems = decode(path.read_bytes(), f)
    if text is None:
        raise BuildFailed(problems)
    ymap, problems = load_yaml_map(text, f, key_twice=error)  # as in site.yaml: no term is built from doubt
    if ymap is None:
        raise BuildFailed(problems)
    raw = ymap.data.get("terms", [])
    unknown = [k for k in ymap.data if k != "terms"]
    if unknown:
        problems.append(error("glossary", f, ymap.line_of(unknown[0]), f"unknown key '{unknown[0]}': the glossary has only 'terms'"))
    if not isinstance(raw, list):
        raise BuildFailed(problems + [error("glossary", f, ymap.line_of("terms"), "'terms' must be a list of entries")])
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        term = _term(entry, i, ymap, config, problems)
        if term is None:
            continue
        folded = term.source.casefold()
        if folded in seen:
            problems.append(error("glossary", f, term.line, f"duplicate term '{term.source}' (first at line {seen[folded]})"))
            continue
        seen[folded] = term.line
        terms.append(term)
    if problems:
        raise BuildFailed(problems)
    source_lang = config.source_language
    return Glossary(source_lang, tuple(terms), hashlib.blake2b(text.encode() + source_lang.encode(), digest_size=16).hexdigest())


def _term(entry: object, i: int, ymap: YamlMap, config: Config, problems: list[Problem]) -> Term | None:
    """Entry `i` of `terms`, or None when it is unusable (its problems recorded)."""
    f, source_lang = GLOSSARY_FILE, config.source_language
    line = ymap.lines.get(("terms", i), 1)
    if not isinstance(entry, dict) or not entry:
        problems.append(error("glossary", f, line, "empty entry: each entry names at least the source term"))
        return None
    key_line = lambda *k: ymap.lines.get(("terms", i, *k), line)  # noqa: E731
    if source_lang not in entry:
        problems.append(error("glossary", f, line, f"entry has no '{source_lang}' term (the source language)"))
        return None
    source = _forms(entry[source_lang], f"'{source_lang}'", f, key_line(source_lang), problems)
    if len(source) != 1:
        if source:
            problems.append(error("glossary", f, key_line(source_lang), f"'{source_lang}' must be one term"))
        return None
    translations: dict[str, tuple[str, ...]] = {}
    avoid: dict[str, tuple[str, ...]] = {}
    note = ""
    langs = set(config.languages)
    for key, value in entry.items():
        if key == source_lang:
            continue
        if key == "note":
            note = value if isinstance(value, str) else ""
            if not isinstance(value, str):
                problems.append(error("glossary", f, key_line(key), "'note' must be text"))
        elif key == "avoid":
            if not isinstance(value, dict):
                problems.append(error("glossary", f, key_line(key), "'avoid' must map languages to variants, e.g. {ko: [기울기]}"))
                continue
            for lang, variants in value.items():
                if lang not in langs:
                    problems.append(error("glossary", f, key_line(key, lang), f"unknown language '{lang}' (languages: {', '.join(config.languages)})"))
                else:
                    avoid[lang] = _forms(variants, f"'avoid.{lang}'", f, key_line(key, lang), problems)
        elif key in langs:
            translations[key] = _forms(value, f"'{key}'", f, key_line(key), problems)
        else:
            problems.append(error("glossary", f, key_line(key), f"unknown language '{key}' (languages: {', '.join(config.languages)}; also 'avoid', 'note')"))
    for lang, variants in avoid.items():
        clash = set(variants) & set(translations.get(lang, ()))
        if clash:
            problems.append(error("glossary", f, key_line("avoid", lang),
                                  f"'{sorted(clash)[0]}' is both accepted and to avoid for '{source[0]}' in {lang}"))
    return Term(source=source[0], translations=translations, avoid=avoid, note=note, line=line,
                anchor=slugify(source[0]) or f"term-{i + 1}")
