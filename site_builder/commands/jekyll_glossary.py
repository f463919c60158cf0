"""Read a hand-written glossary table (Markdown or HTML, as Jekyll translation sites keep it) into
glossary.yaml terms: first column the source term, second its translation."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml
from markdown_it import MarkdownIt

# A cell saying "keep the source term" (Korean teams write "(영어 그대로)", "영어 그대로", "(원어)").
_KEEP = re.compile(r"^\(?\s*(영어\s*그대로|원어\s*그대로|원어|그대로|keep|as is|same)\s*\)?$", re.I)


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[bool, list[str]]] = []  # (is header row, cells)
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._header = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row, self._header = [], False
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._header = self._header or tag == "th"
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((self._header, self._row))
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _translations(cell: str, source_term: str) -> list[str]:
    if _KEEP.match(cell.strip()):
        return [source_term]
    return [part.strip() for part in re.split(r"\s*,\s*", cell) if part.strip()]


def parse_glossary_table(text: str, source_lang: str, lang: str) -> tuple[list[dict], list[str]]:
    """(terms for glossary.yaml, notes about rows that could not be read)."""
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    parser = _Rows()
    parser.feed(html)
    terms: list[dict] = []
    notes: list[str] = []
    seen: set[str] = set()
    for is_header, cells in parser.rows:
        if is_header:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            notes.append(f"row {cells!r} has no source term or no translation")
            continue
        source, translations = cells[0], _translations(cells[1], cells[0])
        if source.lower() in seen:
            notes.append(f"'{source}' appears twice; the first row is kept")
            continue
        seen.add(source.lower())
        terms.append({source_lang: source, lang: translations[0] if len(translations) == 1 else translations})
    return terms, notes


def glossary_yaml(terms: list[dict]) -> str:
    body = yaml.safe_dump({"terms": terms}, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return "# Imported from glossary.md: source term, then its accepted translation(s).\n" + body
