"""What the Pages workflow installs: the default from project.urls (a checkout's pyproject.toml,
else the installed package's metadata), and --install checked."""

import email.message
import importlib.metadata

import pytest

from site_builder import __version__
from site_builder.commands import install
from site_builder.core.problems import BuildFailed


def metadata(*urls: str) -> email.message.Message:
    message = email.message.Message()
    message["Name"] = "site_builder"
    for url in urls:
        message["Project-URL"] = url
    return message


@pytest.mark.parametrize("urls, expected", [
    (("Repository, https://github.com/team/site_builder",), "https://github.com/team/site_builder.git"),
    (("Homepage, https://x.example", "Repository, https://github.com/team/sb.git/"), "https://github.com/team/sb.git"),
])
def test_default_from_the_installed_metadata(tmp_path, monkeypatch, urls, expected):
    monkeypatch.setattr(install, "_SOURCE", tmp_path)  # not a checkout: no pyproject.toml
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: metadata(*urls))
    assert install.install_spec(None) == f"site_builder @ git+{expected}@v{__version__}"


def test_a_checkout_reads_its_pyproject_and_ignores_another_projects(tmp_path, monkeypatch):
    monkeypatch.setattr(install, "_SOURCE", tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site_builder"\n[project.urls]\n'
                                             'Repository = "https://github.com/fork/site_builder"\n')
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: metadata("Repository, https://stale.example/x"))
    assert install.default_install() == f"site_builder @ git+https://github.com/fork/site_builder.git@v{__version__}"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n')
    assert install.default_install() == f"site_builder @ git+https://stale.example/x.git@v{__version__}"


def test_no_repository_and_bad_specs_are_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(install, "_SOURCE", tmp_path)
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: metadata("Homepage, https://x.example"))
    with pytest.raises(BuildFailed, match=r"no project.urls Repository.*--install SPEC"):
        install.install_spec(None)
    for bad in ("", "  ", "a\nb", "a\x00b", "a\tb"):
        with pytest.raises(BuildFailed, match="not a pip requirement"):
            install.install_spec(bad)
    assert install.install_spec(" site_builder==0.2 ") == "site_builder==0.2"
