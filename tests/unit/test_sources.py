import pytest

from helpers import write_site
from site_builder.core.config import load_config
from site_builder.core.problems import BuildFailed
from site_builder.content.sources import Listing, discover
from site_builder.content.theme import PACKAGE_DIR, THEME_DIR, katex_folder


def test_discovers_pages_assets_and_statics(tmp_path):
    write_site(tmp_path, {"content/en/a.md": "# A", "content/en/sub/b.md": "# B", "content/en/sub/fig.png": "x",
                          "content/en/.hidden.md": "", "content/en/draft.tmp": "", "static/css/x.css": ""},
               "title: T\nlanguage: en\nexclude: ['*.tmp']\n", theme=False)
    found = discover(load_config(tmp_path))
    assert [s.rel for s in found.pages] == ["en/a.md", "en/sub/b.md"]
    assert [s.key for s in found.pages] == ["a", "sub/b"]
    assert [s.rel for s in found.assets] == ["en/sub/fig.png"]
    own = [s.path for s in found.statics if not s.file.is_relative_to(PACKAGE_DIR)]
    assert own == ["/css/x.css"]
    bundled = {s.path: s.file for s in found.statics if s.file.is_relative_to(PACKAGE_DIR)}
    assert bundled["/css/site.css"] == THEME_DIR / "static/css/site.css"  # the theme's, where the site has none
    assert sum(path.startswith(katex_folder()) for path in bundled) == 21  # KaTeX's stylesheet and woff2 fonts


def test_the_sites_static_files_override_the_themes(tmp_path):
    write_site(tmp_path, {"content/en/a.md": "# A", "static/css/site.css": "own", "static/js/lecture.js": "own"},
               "title: T\nlanguage: en\nmath: {css: https://k.example/katex.css}\n", theme=False)
    found = discover(load_config(tmp_path))
    by_path = {s.path: s.file for s in found.statics}
    assert by_path["/css/site.css"] == tmp_path / "static/css/site.css"
    assert by_path["/js/lecture.js"] == tmp_path / "static/js/lecture.js"
    assert len(by_path) == len(found.statics) and not any(p.startswith("/katex/") for p in by_path)


def test_unconfigured_language_folder_is_an_error(tmp_path):
    write_site(tmp_path, {"content/en/a.md": "# A", "content/fr/a.md": "# A", "content/stray.md": ""},
               "title: T\nlanguage: en\n", theme=False)
    with pytest.raises(BuildFailed) as failed:
        discover(load_config(tmp_path))
    assert [str(p) for p in failed.value.problems] == [
        "content/fr: error[content]: folder 'fr' is not a configured language (languages in site.yaml: en)",
        "content/stray.md: error[content]: files belong in a language folder, content/<lang>/",
    ]


def test_a_kept_listing_sees_every_change(tmp_path):
    site = write_site(tmp_path, {"content/en/a.md": "# A\n", "content/en/sub/b.md": "# B\n"}, theme=False)
    config, listing = load_config(site), Listing()

    def rels():
        return [s.rel for s in discover(config, listing).pages]

    assert rels() == ["en/a.md", "en/sub/b.md"]
    (site / "content/en/sub/c.md").write_text("# C\n", encoding="utf-8")
    assert rels() == ["en/a.md", "en/sub/b.md", "en/sub/c.md"]
    (site / "content/en/a.md").unlink()
    (site / "content/en/sub").rename(site / "content/en/moved")
    assert rels() == ["en/moved/b.md", "en/moved/c.md"]
    (site / "content/en/moved/b.md").write_text("# B, edited\n", encoding="utf-8")  # no folder changes
    assert rels() == ["en/moved/b.md", "en/moved/c.md"] == [s.rel for s in discover(config).pages]
