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
