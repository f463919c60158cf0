"""Links with no text to another note's label (`[](margins.md#eq:hinge)`), given the formula's
number and the note's title once every note is rendered: a note is rendered alone, and the
numbers of another are known only then."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from html import unescape
from typing import Mapping

from markdown_it.common.utils import escapeHtml

from ..core.problems import Problem, warning
from ..core.urls import href
from ..markdown.equations import Label
from ..markdown.render import pack
from .pages import Page


# How render writes such a link (markdown.equations.link_to_label): its text comes here.
_EMPTY = re.compile(r'<a href="([^"]*)" class="eqref" data-ref="([^"]*)"></a>')


def fill_label_links(pages: list[Page], baseurl: str, problems: list[Problem],
                     figure_words: Mapping[str, str]) -> list[Page]:
    """`pages`, those with such links given their text: "Margins (3)", "Pipeline (Figure 2)" ((??)
    where the label has no number; a label the note lacks is the anchor check's `warning[anchor]`).
    One pass over a page's HTML, whatever the number of links (the folded originals of a
    translation included)."""
    by_href = {href(page.path, baseurl): page for page in pages}
    labels: dict[str, dict] = {}  # by target path: its labels by name, made when first asked

    def find(url: str, name: str) -> tuple[Page | None, Label | None]:
        target = by_href.get(url.partition("#")[0])
        if target is None:
            return None, None
        if target.path not in labels:
            labels[target.path] = {label.name: label for label in target.equations.labels}
        return target, labels[target.path].get(name)

    filled = []
    for page in pages:
        if not page.equations.pending:
            filled.append(page)
            continue
        for ref in page.equations.pending:
            target, label = find(ref.href, ref.label)
            if label is not None and not label.shown:
                problems.append(warning("ref", page.site_rel, ref.line, f"'#{ref.label}' is a formula without a number "
                                        f"in {target.site_rel}: the link shows (??)", ref.col))
        word = figure_words.get(page.lang, "Figure")

        def text(match: re.Match) -> str:
            target, label = find(unescape(match.group(1)), unescape(match.group(2)))
            shown = label and label.shown and (f"{word} {label.shown}" if label.kind == "fig" else label.shown)
            return f"{match.group(0)[:-4]}{escapeHtml(f'{target.title} ({shown})' if shown else '(??)')}</a>"

        html = _EMPTY.sub(text, page.content)
        digest = hashlib.blake2b(f"{page.digest}\0{html}".encode(), digest_size=16).hexdigest()
        filled.append(replace(page, packed=pack(html), digest=digest))
    return filled
