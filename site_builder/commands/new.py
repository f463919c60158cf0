"""`site-builder new DEST`: a fresh site with config, a sample note in two languages and a workflow;
the bundled theme serves it until the site overrides a file of it."""

from __future__ import annotations

from pathlib import Path

from ..core.problems import BuildFailed, error
from ..content.theme import write_gitignore, write_workflow
from .install import install_spec

SITE_YAML = """\
# Settings of this site: see the site_builder README for every key.
title: My Course Notes
description: Lecture notes and their translation
url: https://example.github.io
baseurl: /my-course
language: ko
languages:
  ko: 한국어
  en: English
"""

NOTES = {
    "content/en/index.md": """\
---
title: My Course Notes
layout: home
---

Welcome. Each note below is written in English and translated into Korean.
""",
    "content/ko/index.md": """\
---
title: 나의 강의 노트
layout: home
---

환영합니다. 아래 노트는 영어로 쓰고 한국어로 옮긴 것입니다.
""",
    "content/en/first-note.md": """\
---
title: A first note
module: Part 1
order: 1
---

## Idea {#idea}

A model maps an input $x$ to a score $$s = w^\\top x$$, and training lowers a **loss**.

```python
score = w @ x
```
""",
    "content/ko/first-note.md": """\
---
title: 첫 노트
module: 1부
order: 1
---

## 생각 {#idea}

모델은 입력 $x$를 점수 $$s = w^\\top x$$로 바꾸고, 학습은 **손실(loss)**을 줄입니다.

```python
score = w @ x
```
""",
    "glossary.yaml": """\
# Agreed translations of terms: source language first.
terms:
  - en: loss
    ko: 손실
""",
}


def new_site(dest: Path, install: str | None = None) -> list[str]:
    """Create a site in `dest` (which must not exist or be empty); returns the files written. Its
    workflow pip-installs `install` (default: this version of site_builder from its repository)."""
    install = install_spec(install)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BuildFailed([error("new", str(dest), 0, "destination exists and is not empty")])
    written = []
    for rel, text in {"site.yaml": SITE_YAML, **NOTES}.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(rel)
    return written + [write_workflow(dest, install), write_gitignore(dest)]
