"""The Liquid and kramdown of a Jekyll note, for the import. What has a plain equivalent is
converted: `{% highlight x %}` blocks become fenced code, `{% raw %}` keeps its text as written,
`{% link path %}` and `{{ "/x" | relative_url }}` become root-relative paths (the build adds the
baseurl). Any other tag is commented out; it and kramdown syntax the renderer lacks (IALs,
`{::options}`, abbreviations, `markdown="1"`) are reported at their lines."""

from __future__ import annotations

import re

_TAG = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)(?P<opts>[^%]*?)-?%\}[ \t]*\n?(?P<code>.*?)\{%-?\s*endhighlight\s*-?%\}"
    r"|\{%-?\s*link\s+(?P<link>[^\s%]+)\s*-?%\}"
    r"""|\{\{-?\s*(?P<q>['"])(?P<path>[^'"{}]*)(?P=q)\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}"""
    r"|\{%-?\s*(?P<name>\w+).*?-?%\}", re.S)
_KRAMDOWN = [(re.compile(r"^[ \t]*\{:(?!:)[^}\n]*\}[ \t]*$"), "kramdown attribute list {: …}"),
             (re.compile(r"\{::\w+[^}\n]*\}"), "kramdown extension {::…}"),
             (re.compile(r"^\*\[[^\]\n]+\]:"), "kramdown abbreviation *[…]:"),
             (re.compile(r"""<\w+[^>\n]*\smarkdown\s*=\s*["']?(?:1|block|span)"""), 'kramdown markdown="1"')]


def _fenced(m: re.Match) -> str:
    code = m["code"] if m["code"].endswith("\n") or not m["code"] else m["code"] + "\n"
    fence = "~~~~" if "```" in code else "```"
    return f"{fence}{m['lang']}\n{code}{fence}"


def convert_liquid(text: str, rel: str, skipped: list[str], first_line: int = 1) -> str:
    """The note's text with Liquid converted or commented out; what is lost goes to `skipped`
    as "rel:line: why" (`first_line`: the file line `text` starts at)."""
    def convert(m: re.Match) -> str:
        line = text.count("\n", 0, m.start()) + first_line
        if m["raw"] is not None:
            return m["raw"]  # Jekyll shows it as written
        if m["lang"] is not None:
            if m["opts"].strip():
                skipped.append(f"{rel}:{line}: {{% highlight {m['lang']}{m['opts'].rstrip()} %}} became a fenced "
                               f"code block; '{m['opts'].strip()}' is not converted")
            return _fenced(m)
        if m["path"] is not None:
            return m["path"] or "/"
        if m["link"] is not None:
            return "/" + m["link"].lstrip("/")
        skipped.append(f"{rel}:{line}: Liquid tag {m.group(0)} not converted (left as an HTML comment)")
        return f"<!-- {m.group(0)} -->"

    return _TAG.sub(convert, text)


def report_kramdown(text: str, rel: str, skipped: list[str]) -> None:
    """Kramdown syntax the renderer does not read, outside fenced code, at its line: it shows as written."""
    fence = ""
    for number, line in enumerate(text.split("\n"), 1):
        opening = re.match(r"^[ \t]{0,3}(`{3,}|~{3,})", line)
        if opening and (not fence or opening[1].startswith(fence)):
            fence = "" if fence else opening[1]
            continue
        if fence:
            continue
        for pattern, what in _KRAMDOWN:
            if pattern.search(line):
                skipped.append(f"{rel}:{number}: {what} is not supported here: it shows in the page as written")
                break
