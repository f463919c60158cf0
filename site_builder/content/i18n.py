"""Interface strings: one catalogue per language in the bundled theme (`theme/i18n/<lang>.yaml`, a
flat mapping of key to string), overridden key by key by the site's own `i18n/<lang>.yaml`. English
is the fallback of every key, so a page always has every string; a language left (partly) without
them gets one warning naming the keys shown in English."""

from __future__ import annotations

import difflib
import os
import stat
from pathlib import Path
from typing import Mapping

from ..core.config import CONFIG_FILE, Config
from ..core.problems import Problem, error, warning
from ..core.yamlmap import load_yaml_map
from .sources import Places
from .theme import THEME_DIR

FALLBACK = "en"
I18N_DIR = "i18n"


def theme_catalogue(lang: str) -> dict[str, str] | None:
    """The bundled catalogue of `lang`, None when the theme has none. (Trusted: a test holds every
    one to English's keys.)"""
    file = THEME_DIR / I18N_DIR / f"{lang}.yaml"
    if not file.is_file():
        return None
    ymap, problems = load_yaml_map(file.read_text(encoding="utf-8"), f"theme/{I18N_DIR}/{lang}.yaml")
    assert ymap is not None, problems  # the package's own data
    return {str(k): str(v) for k, v in ymap.data.items()}


def bundled_catalogues(languages) -> dict[str, dict[str, str]]:
    """The theme's strings of each language, English for what it lacks (no site overrides)."""
    english = theme_catalogue(FALLBACK) or {}
    return {lang: {**english, **(theme_catalogue(lang) or {})} for lang in languages}


def _read_site_file(config: Config, lang: str, problems: list[Problem]) -> str | None:
    """The text of the site's i18n/<lang>.yaml: None when absent or refused (a link out of the site,
    not a regular file, not UTF-8), with the reason in `problems`."""
    rel = f"{I18N_DIR}/{lang}.yaml"
    path = config.site_dir / rel
    if not os.path.lexists(path):
        return None
    if os.path.islink(path) or os.path.islink(path.parent):
        why, _ = Places(config.site_dir).refusal(str(path if os.path.islink(path) else path.parent))
        if why:
            problems.append(error("link", rel, 0, why))
            return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the build for ever
            problems.append(error("file", rel, 0, "not a regular file: not used"))
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(error("i18n", rel, 0, f"cannot read: {exc}"))
        return None


def site_catalogue(config: Config, lang: str, known: Mapping[str, str],
                   problems: list[Problem]) -> dict[str, str] | None:
    """The site's overrides for `lang` (None without the file). Unknown keys are warned about (a
    misspelt key would silently do nothing); a value that is not a string is an error."""
    rel = f"{I18N_DIR}/{lang}.yaml"
    text = _read_site_file(config, lang, problems)
    if text is None:
        return None
    ymap, found = load_yaml_map(text, rel)
    problems.extend(found)
    if ymap is None:
        return None
    strings = {}
    for key, value in ymap.data.items():
        line = ymap.line_of(key)
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append(warning("i18n", rel, line, f"unknown key '{key}': {hint}not used (the keys are listed "
                                                       f"in README \"Templates\")"))
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(error("i18n", rel, line, f"'{key}' must be a string, got {type(value).__name__}"))
        else:
            strings[key] = str(value)
    return strings


def load_catalogues(config: Config) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Every language's interface strings (theme, then the site's overrides, English for the rest)
    and the problems found reading them."""
    problems: list[Problem] = []
    english = theme_catalogue(FALLBACK) or {}
    catalogues = {}
    for lang in config.languages:
        bundled = theme_catalogue(lang)
        own = site_catalogue(config, lang, english, problems)
        catalogues[lang] = {**english, **(bundled or {}), **(own or {})}
        if lang == FALLBACK:
            continue
        missing = [key for key in english if key not in (bundled or {}) and key not in (own or {})]
        if not missing:
            continue
        if own is None:
            where = (CONFIG_FILE, config.language_lines.get(lang, 1))
            what = f"no interface strings for language '{lang}' (the theme has none; add {I18N_DIR}/{lang}.yaml)"
        else:
            where = (f"{I18N_DIR}/{lang}.yaml", 1)
            what = f"{I18N_DIR}/{lang}.yaml lacks {len(missing)} interface string(s) the theme has none of for '{lang}'"
        problems.append(warning("i18n", *where, f"{what}: shown in English: {', '.join(missing)}"))
    problems.extend(_strays(config))
    return catalogues, problems


def _strays(config: Config) -> list[Problem]:
    """A catalogue for a language the site does not have: likely a misnamed file."""
    folder = config.site_dir / I18N_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [warning("i18n", f"{I18N_DIR}/{file.name}", 0, f"'{file.stem}' is not a language of the site "
                    f"({', '.join(config.languages)}): not used")
            for file in sorted(Path(folder).glob("*.yaml")) if file.stem not in config.languages]
