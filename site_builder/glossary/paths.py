"""Where a language's glossary page is: its site path and the href annotated terms link to."""

from __future__ import annotations

from ..core.urls import href, lang_prefix


def glossary_path(lang: str, default_lang: str) -> str:
    return lang_prefix(lang, default_lang) + "/glossary/"


def glossary_href(lang: str, settings) -> str:
    """The href of `lang`'s glossary page, which annotated terms link to. `settings`: anything with
    the site's `language` (the default one) and `baseurl` (a Config, a markdown LinkSettings)."""
    return href(glossary_path(lang, settings.language), settings.baseurl)
