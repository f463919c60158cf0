"""Links with no text to another note's label (`[](margins.md#eq:hinge)`), given the formula's
number and the note's title once every note is rendered: a note is rendered alone, and the
numbers of another are known only then."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Mapping

from markdown_it.common.utils import escapeHtml

from ..core.problems import Problem, warning
from ..core.urls import href
from ..markdown.render import pack
from .pages import Page


def fill_label_links(pages: list[Page], baseurl: str, problems: list[Problem],
                     figure_words: Mapping[str, str]) -> list[Page]:
    """`pages`, those with such links given their text: "Margins (3)", "Pipeline (Figure 2)" ((??)
    where the label has no number; a label the note lacks is the anchor check's `warning[anchor]`)."""
    by_href = {href(page.path, baseurl): page for page in pages}
    filled = []
    for page in pages:
        if not page.equations.pending:
            filled.append(page)
            continue
        html, texts = page.content, []
        for ref in page.equations.pending:
            target = by_href.get(ref.href.partition("#")[0])
            label = next((l for l in target.equations.labels if l.name == ref.label), None) if target else None
            if label is not None and not label.shown:
                problems.append(warning("ref", page.site_rel, ref.line, f"'#{ref.label}' is a formula without a number "
                                        f"in {target.site_rel}: the link shows (??)", ref.col))
            shown = label and label.shown and (f"{figure_words.get(page.lang, 'Figure')} {label.shown}"
                                               if label.kind == "fig" else label.shown)
            text = f"{target.title} ({shown})" if shown else "(??)"
            marker = f'data-ref="{escapeHtml(ref.label)}">'
            at = html.find(marker + "</a>")
            if at >= 0:
                html = f"{html[:at]}{marker}{escapeHtml(text)}{html[at + len(marker):]}"
            texts.append(text)
        digest = hashlib.blake2b(f"{page.digest}\0{texts!r}".encode(), digest_size=16).hexdigest()
        filled.append(replace(page, packed=pack(html), digest=digest))
    return filled
