"""The README's first Python example runs as written."""

from __future__ import annotations

import re

from analysis import paths


def test_readme_profile_example_runs():
    readme = (paths.root() / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    first = next(b for b in blocks if "analysis.profile(" in b)
    assert blocks.index(first) == 0, "the README shows analysis.profile first"
    namespace: dict = {}
    exec(compile(first, "README.md", "exec"), namespace)   # noqa: S102
    p = namespace["p"]
    assert p.entity == "Kabupaten Banjarnegara"
    pair = p.self_vs_ministry.set_index("year").loc[2024]
    assert (pair["self"], pair["ministry"]) == (2.97, 4.56)     # as the README's comment says


def test_indonesian_readme_is_linked_and_its_examples_run():
    """README.id.md is linked from the top of README.md; its Python blocks run as written."""
    readme = (paths.root() / "README.md").read_text(encoding="utf-8")
    assert "(README.id.md)" in readme.split("<!-- intro -->")[0]
    text = (paths.root() / "README.id.md").read_text(encoding="utf-8")
    assert "(README.md)" in text.split("\n\n")[1]
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks[:2]:                     # the third reads the reader's own file
        exec(compile(block, "README.id.md", "exec"), namespace)   # noqa: S102
    p = namespace["p"]
    assert p.entity == "Kabupaten Banjarnegara"
    pair = p.self_vs_ministry.set_index("year").loc[2024]
    assert (pair["self"], pair["ministry"]) == (2.97, 4.56)     # as its comment says: 2,97 / 4,56
    assert "ombudsman" in set(namespace["analysis"].tables()["name"])
