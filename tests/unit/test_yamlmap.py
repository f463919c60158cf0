"""YAML with line marks: alias bombs and recursive aliases are refused quickly, as error[yaml]."""

import time

from site_builder.core.yamlmap import MAX_ALIAS_EXPANSION, load_yaml_map


def laughs(levels: int) -> str:
    """The billion laughs: each anchor a list of nine aliases of the one before (~40 bytes a level)."""
    names = "abcdefghijklmnop"
    lines = [f'{names[0]}: &{names[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast_at_its_line():
    text = laughs(9)  # 9^9 = 387 million strings once expanded
    assert len(text) < 400
    start = time.perf_counter()
    found, problems = load_yaml_map(text, "site.yaml", first_line=1)
    elapsed = time.perf_counter() - start
    assert found is None and elapsed < 0.2
    # 9^5 = 59,049 nodes under e: the first to pass the bound, on the file's line 5
    assert [str(p) for p in problems] == [
        f"site.yaml:5: error[yaml]: aliases expand this document past {MAX_ALIAS_EXPANSION:,} more nodes than it has; "
        "refusing it (an alias bomb?)"]


def test_bomb_line_counts_from_where_the_text_starts():
    _, problems = load_yaml_map(laughs(9), "content/en/x.md", first_line=2)
    assert [(p.file, p.line, p.code) for p in problems] == [("content/en/x.md", 6, "yaml")]


def test_small_aliases_and_merge_keys_still_work():
    text = "base: &m {x: 1, y: [1, 2]}\nother:\n  <<: *m\n  z: *m\nlist: [*m, *m]\n" + laughs(4)
    found, problems = load_yaml_map(text, "site.yaml")
    assert problems == []
    assert found.data["other"] == {"x": 1, "y": [1, 2], "z": {"x": 1, "y": [1, 2]}}
    assert len(found.data["d"]) == 9 and len(found.data["d"][0][0]) == 9  # 9^4 = 6,561 strings: under the bound
    assert found.line_of("other", "z") == 4


def test_large_document_without_aliases_is_not_refused():
    text = "terms:\n" + "".join(f"  - en: term{i}\n    ko: [번역{i}, 다른{i}]\n" for i in range(5000))
    found, problems = load_yaml_map(text, "glossary.yaml")
    assert problems == [] and len(found.data["terms"]) == 5000


def test_recursive_alias_is_refused():
    for text in ("a: &a [*a]\n", "a: &a {b: *a}\n", "x: 1\nl: &l [1, [2, *l]]\n"):
        found, problems = load_yaml_map(text, "site.yaml")
        assert found is None
        assert [(p.code, p.message) for p in problems] == [
            ("yaml", "an alias refers to a node that contains it (a recursive structure)")], text
