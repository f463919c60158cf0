"""Setting one front matter key changes that line only: every other byte, each line's own ending
and the byte-order mark are kept, whatever mix of LF, CRLF and CR the note has."""

import random

import pytest

from site_builder.content.setkey import set_key
from site_builder.core.yamlmap import load_yaml_map
from site_builder.content.frontmatter import decode, split_front_matter

ENDINGS = ("\n", "\r\n", "\r")


def _note(rng: random.Random, stamped: bool) -> tuple[list[str], int | None]:
    """Lines (with endings) of a note with front matter; the index of its source_hash line, if any."""
    meta = [f"key{i}: value {i}" for i in range(rng.randint(0, 5))] + ["# a comment"] * rng.randint(0, 1)
    at = None
    if stamped:
        at = rng.randint(0, len(meta))
        meta.insert(at, "source_hash: 'old'  # from before")
        at += 1
    lines = ["---", *meta, rng.choice(["---", "---  ", "..."]), "", "# 제목", "", "본문 source_hash: no", "    code"]
    # A lone CR before an empty line would make the pair one CRLF: such a line ends otherwise.
    return [line + rng.choice(ENDINGS[:2] if i + 1 < len(lines) and not lines[i + 1] else ENDINGS)
            for i, line in enumerate(lines)], at


@pytest.mark.parametrize("seed", range(60))
def test_only_the_key_line_changes(seed):
    rng = random.Random(seed)
    lines, at = _note(rng, stamped=seed % 2 == 0)
    if seed % 3 == 0:
        lines[-1] = lines[-1].rstrip("\r\n")  # no final newline
    bom = b"\xef\xbb\xbf" if seed % 5 == 0 else b""
    data = bom + "".join(lines).encode()
    result, problems = set_key(data, "source_hash", "v2-0123456789ab", "x.md")
    assert problems == [] and result is not None
    assert result.startswith(bom)
    out = result[len(bom):].decode()
    if at is not None:
        ending = lines[at][len(lines[at].rstrip("\r\n")):]
        assert out == "".join(lines[:at]) + 'source_hash: "v2-0123456789ab"  # from before' + ending + "".join(lines[at + 1:])
    else:
        closing = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "..."))
        endings = [line[len(line.rstrip("\r\n")):] for line in lines]
        usual = max(ENDINGS, key=endings.count)  # the note's usual ending (LF first on a tie)
        assert out == "".join(lines[:closing]) + 'source_hash: "v2-0123456789ab"' + usual + "".join(lines[closing:])
    text, _ = decode(result, "x.md")
    fm, _, _ = split_front_matter(text, "x.md")
    assert load_yaml_map(fm, "x.md")[0].data["source_hash"] == "v2-0123456789ab"


def test_quoted_key_replaced_not_repeated():
    result, problems = set_key(b'---\n"source_hash": old\ntitle: t\n---\nbody\n', "source_hash", "v2-x", "x.md")
    assert problems == [] and result == b'---\nsource_hash: "v2-x"\ntitle: t\n---\nbody\n'


def test_a_value_over_several_lines_is_refused_untouched():
    data = b"---\nsource_hash: >\n  folded\n  value\ntitle: t\n---\nbody\n"
    result, problems = set_key(data, "source_hash", "v2-x", "x.md")
    assert result is None and [str(p) for p in problems] == [
        "x.md:1: error[front-matter]: cannot set 'source_hash' in this front matter: write it on one line "
        "('source_hash: \"…\"') and try again"]


@pytest.mark.parametrize("line, kept", [
    ("source_hash: old   # checked by Kim \r\n", "   # checked by Kim \r\n"),
    ("source_hash: 'a # not a comment'\n", "\n"),
    ("source_hash: \"a # b\"  # but this is\n", "  # but this is\n"),
])
def test_a_comment_on_the_key_line_is_kept(line, kept):
    result, problems = set_key(f"---\ntitle: t\n{line}---\nbody\n".encode(), "source_hash", "v2-x", "x.md")
    assert problems == [] and result == f'---\ntitle: t\nsource_hash: "v2-x"{kept}---\nbody\n'.encode()


def test_a_key_set_twice_is_refused_at_its_second_line():
    data = b"---\ntitle: t\nsource_hash: a\norder: 1\nsource_hash: b\n---\nbody\n"
    result, problems = set_key(data, "source_hash", "v2-x", "x.md")
    assert result is None and [str(p) for p in problems] == [
        "x.md:5: error[front-matter]: 'source_hash' is set twice in the front matter (lines 3 and 5): "
        "remove one and try again"]


def test_a_flow_mapping_is_refused_saying_why():
    result, problems = set_key(b"---\n{title: t, order: 1}\n---\nbody\n", "source_hash", "v2-x", "x.md")
    assert result is None and [str(p) for p in problems] == [
        "x.md:2: error[front-matter]: cannot set 'source_hash' in front matter written as one {…} mapping: "
        "write it as 'key: value' lines and try again"]
