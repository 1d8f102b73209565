"""The README and the documents link only to files inside the repository, and every link finds its file."""

from __future__ import annotations

import re

from graph.settings import REPO_ROOT

DOCUMENTS = [REPO_ROOT / "README.md", REPO_ROOT / "BENCHMARKS.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_every_link_is_a_file_inside_the_repository() -> None:
    checked = 0
    for document in DOCUMENTS:
        for target in LINK.findall(document.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path = (document.parent / target).resolve()
            assert path.is_relative_to(REPO_ROOT), f"{document.name} links outside the repository: {target}"
            assert path.exists(), f"{document.name} links to a missing file: {target}"
            checked += 1
    assert checked >= 4


def test_the_domain_brief_the_documents_cite_is_kept_in_docs() -> None:
    domain = (REPO_ROOT / "docs" / "DOMAIN.md").read_text(encoding="utf-8")
    assert "76" in domain and "五有" in domain
    assert (REPO_ROOT / "docs" / "tongguan-case-study.zh.txt").read_text(encoding="utf-8").strip()
