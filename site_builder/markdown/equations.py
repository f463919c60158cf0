r"""Equation numbers as LaTeX gives them, which KaTeX does not: `equation`, `align`, `alignat` and
`gather` are numbered per note, row by row, before KaTeX renders them (each becomes its starred
form with a `\tag{n}` per numbered row). A row is not numbered when it has `\nonumber`/`\notag`,
or `\tag{…}` (which wins), or nothing but spaces (`\\\\` in kramdown sources ends rows twice).
`\label{eq:x}` gives the formula the anchor `#eq-x`; `\eqref{eq:x}` and `\ref{eq:x}`, in math or in
text, show its number, linked.

A core rule numbers a note's math tokens in document order and records each label (so a reference
may come before its formula); the math renderer reads `token.meta["numbered_tex"]`, while what other
rules read of the token (`content`, the TeX as written) stays as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import escape
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from urllib.parse import unquote

NUMBERED_ENVS = ("equation", "align", "alignat", "gather")
_BEGIN = re.compile(r"\\begin\{(" + "|".join(NUMBERED_ENVS) + r")\}")
_PIECE = re.compile(r"\\begin\{[^{}]*\}|\\end\{[^{}]*\}|\\\\|\\[a-zA-Z]+|\\.|[{}]|[^\\{}]+", re.S)
LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_TAG = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
_NONUMBER = re.compile(r"\\(?:nonumber|notag)(?![a-zA-Z])")
ROW_END = "\\\\"
REF = re.compile(r"\\(eqref|ref)\s*\{([^{}]*)\}")


def label_id(label: str) -> str:
    """The anchor of a label, the same in every language: `eq:loss` -> `eq-loss`."""
    return re.sub(r"[^\w-]+", "-", label).strip("-") or "eq"


@dataclass(frozen=True)
class Label:
    name: str  # as written: eq:loss
    shown: str  # the number or tag it refers to: "3"; "" on a row without one
    line: int = 0
    kind: str = "eq"  # eq | fig (markdown.figures)


@dataclass(frozen=True)
class Ref:
    """A reference this note does not resolve: its label is not one of the note's numbered ones,
    or (kind `link`) it names another note's label, resolved once every note is rendered."""

    kind: str  # eqref | ref | link | at (`[@label]`)
    label: str
    line: int
    col: int
    href: str = ""  # of a link: the href of the note it leads to


@dataclass(frozen=True)
class Equations:
    """What a rendered note tells of its equations: its labels in document order (for references
    from other notes and the translation's parity) and the references it could not resolve."""

    labels: tuple[Label, ...] = ()
    unresolved: tuple[Ref, ...] = ()
    count: int = 0  # numbered rows
    pending: tuple[Ref, ...] = ()  # `[](note.md#eq:x)`: links with no text, to another note's label


@dataclass
class Numbering:
    """One note's equation counter and labels, kept in `env["page"]` while it renders."""

    count: int = 0
    figures: int = 0  # numbered figures (markdown.figures)
    labels: dict[str, Label] = None  # label name -> Label, in document order
    unresolved: list[Ref] = None
    pending: list[Ref] = None

    def __post_init__(self) -> None:
        self.labels = {} if self.labels is None else self.labels
        self.unresolved = [] if self.unresolved is None else self.unresolved
        self.pending = [] if self.pending is None else self.pending

    def result(self) -> Equations:
        return Equations(labels=tuple(self.labels.values()), unresolved=tuple(self.unresolved), count=self.count,
                         pending=tuple(self.pending))


def _rows(body: str) -> list[str]:
    """`body` split at its own row ends (`\\`, with any `[2pt]` after it kept on the row before),
    not at those inside braces or inner environments (`aligned`, `cases`)."""
    rows, current, depth = [], [], 0
    for piece in _PIECE.findall(body):
        if piece.startswith("\\begin") or piece == "{":
            depth += 1
        elif piece.startswith("\\end") or piece == "}":
            depth -= 1
        if piece == "\\\\" and depth == 0:
            rows.append("".join(current))
            current = []
            continue
        current.append(piece)
    rows.append("".join(current))
    return rows


def _number_row(row: str, numbering: Numbering, found: list[Label]) -> str:
    labels = LABEL.findall(row)
    row = LABEL.sub("", row)
    tag = _TAG.search(row)
    if tag:
        shown = tag.group(1).strip()
    elif _NONUMBER.search(row):
        row, shown = _NONUMBER.sub("", row), ""
    elif not row.strip():
        shown = ""
    else:
        numbering.count += 1
        shown = str(numbering.count)
        stripped = row.rstrip()
        row = f"{stripped} \\tag{{{shown}}}{row[len(stripped):]}"
    found.extend(Label(name, shown) for name in labels)
    return row


def number_tex(tex: str, numbering: Numbering) -> tuple[str, list[Label]]:
    """`tex` with its numbered environments numbered (see the module's docstring) and its labels
    removed, and the labels it defined."""
    found: list[Label] = []
    out, at = [], 0
    unclosed: set[str] = set()  # no \end{env} after an opener: none after a later one either
    for begin in _BEGIN.finditer(tex):
        env = begin.group(1)
        if begin.start() < at or env in unclosed:
            continue  # inside the environment just numbered, or never closed
        end = tex.find(f"\\end{{{env}}}", begin.end())
        if end < 0:
            unclosed.add(env)  # left for KaTeX to report
            continue
        body = tex[begin.end():end]
        args = re.match(r"\s*\{[^{}]*\}", body) if env == "alignat" else None
        head, body = (body[:args.end()], body[args.end():]) if args else ("", body)
        rows = [body] if env == "equation" else _rows(body)
        rows = [_number_row(row, numbering, found) for row in rows]
        out.append(f"{tex[at:begin.start()]}\\begin{{{env}*}}{head}{ROW_END.join(rows)}\\end{{{env}*}}")
        at = end + len(f"\\end{{{env}}}")
    out.append(tex[at:])
    rest = "".join(out)
    if LABEL.search(rest):  # a label outside any numbered environment (in `equation*`, or `$$…$$`)
        found.extend(Label(name, "") for name in LABEL.findall(rest))
        rest = LABEL.sub("", rest)
    return rest, found


def _math_tokens(tokens):
    for token in tokens:
        if token.type in ("math_block", "amsmath"):
            yield token, token.map[0] + 1 if token.map else 0
        elif token.type == "inline" and token.children:
            yield from ((child, child.meta.get("line", 0)) for child in token.children if child.type == "math_inline")


def equation_numbers(state: StateCore) -> None:
    """Core rule: number the note's environments in document order and record its labels."""
    page = state.env.get("page")
    if page is None:
        return
    numbering = page.numbering
    for token, line in _math_tokens(state.tokens):
        if not (_BEGIN.search(token.content) or "\\label" in token.content):
            continue
        numbered, labels = number_tex(token.content, numbering)
        token.meta = dict(token.meta or {}, numbered_tex=numbered, labels=[label_id(label.name) for label in labels])
        last = token.map[1] if token.map else line
        for label in labels:
            at = next((n for n in range(line, last + 1) if page.column(n, "{" + label.name + "}")), line)
            line_of, col = at, page.column(at, "\\label")
            if label.name in numbering.labels:
                page.warn("ref", line_of, f"\\label{{{label.name}}} is defined twice in this note", col)
                continue
            numbering.labels[label.name] = Label(label.name, label.shown, line_of)
            page.anchors.add(label_id(label.name))
            if not label.shown:
                page.warn("ref", line_of, f"\\label{{{label.name}}} is on a formula that has no number "
                          "(starred, \\nonumber, or outside equation/align/gather): references show (??)", col)


def ref_html(page, kind: str, name: str, line: int, col: int, typeset: Callable[[str], str]) -> str:
    """What `\\eqref{name}` (the number in parentheses) or `\\ref{name}` (the number) shows: a link
    to the formula; (??) where this note has no such numbered label. A tag holding TeX
    (`\\tag{$\\ast$}`) is typeset by `typeset` (TeX -> inline HTML)."""
    label = page.numbering.labels.get(name) if page is not None else None
    if label is None or not label.shown:
        if page is not None and label is None:  # reported by the build's checks, which know the other notes
            page.numbering.unresolved.append(Ref(kind, name, line, col))
        return f'<span class="eqref unknown">{"(??)" if kind == "eqref" else "??"}</span>'
    shown = f"({label.shown})" if kind == "eqref" else label.shown
    body = typeset(f"\\text{{{shown}}}") if "$" in shown or "\\" in shown else escape(shown)
    return f'<a class="eqref" href="#{escape(label_id(name))}">{body}</a>'


def refs_in_math(tex: str, page) -> str:
    """References inside a larger formula: the number as text (KaTeX has no \\eqref)."""
    def shown(match: re.Match) -> str:
        label = page.numbering.labels.get(match.group(2).strip()) if page is not None else None
        number = label.shown if label and label.shown else "??"
        return f"\\text{{({number})}}" if match.group(1) == "eqref" else f"\\text{{{number}}}"
    return REF.sub(shown, tex)


# A link fragment naming a label (`#eq:loss`, `#fig:x`): heading ids never hold a colon.
LABEL_FRAGMENT = re.compile(r"[A-Za-z][\w-]*:\S+")


def label_fragment(url: str) -> str:
    """`margins/#eq:hinge` -> `margins/#eq-hinge`: the anchor the label gave its formula."""
    base, hash_, frag = url.partition("#")
    return f"{base}#{label_id(unquote(frag))}" if hash_ and LABEL_FRAGMENT.fullmatch(unquote(frag)) else url


def link_to_label(page, link_open: Token, line: int) -> Token | None:
    """`[](#eq:x)` or `[](note.md#eq:x)`, a link with no text to a label, shows the formula's
    number: this note's at once (the text token to put in the link is returned), another note's
    once every note is rendered (`pending`; its `data-ref` marks the link)."""
    written = page.links[-1].target if page.links else ""
    path, _, frag = written.partition("#")
    if not LABEL_FRAGMENT.fullmatch(frag):
        return None
    link_open.attrSet("class", "eqref")
    col = page.column(line, written)
    if path:
        link_open.attrSet("data-ref", frag)
        page.numbering.pending.append(Ref("link", frag, line, col, str(link_open.attrGet("href"))))
        return None
    label = page.numbering.labels.get(frag)
    if label is None:
        page.numbering.unresolved.append(Ref("eqref", frag, line, col))
    text = Token("text", "", 0)
    if label and label.shown:
        word = page.settings.figure_words.get(page.lang, "Figure")
        text.content = f"{word} {label.shown}" if label.kind == "fig" else f"({label.shown})"
    else:
        text.content = "(??)"
    return text


def _text_ref_rule(typeset: Callable[[str], str]):
    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        page = env.get("page")
        line = token.meta.get("line", 0)
        col = page.column(line, token.content) if page is not None else 0
        return ref_html(page, token.meta["kind"], token.meta["label"], line, col, typeset)

    return render


def text_ref(state: StateInline, silent: bool) -> bool:
    r"""`\eqref{eq:x}` or `\ref{eq:x}` in running text (outside math)."""
    if state.src[state.pos] != "\\":
        return False
    match = REF.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("equation_ref", "a", 0)
        token.content = match.group(0)
        token.meta = {"kind": match.group(1), "label": match.group(2).strip(), "pos": state.pos}
    state.pos = match.end()
    return True


def equations_plugin(md: MarkdownIt, typeset: Callable[[str], str]) -> None:
    """References in text (`typeset`: TeX -> inline HTML, for tags that hold TeX); the core rule
    `equation_numbers` runs after `inline_lines` (render.py)."""
    md.inline.ruler.before("escape", "equation_ref", text_ref)
    md.add_render_rule("equation_ref", _text_ref_rule(typeset))
