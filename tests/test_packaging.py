"""The set-up promises: one package list, two README commands, CI runs the README's test."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement


def _pyproject(repo):
    return tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_environment_yml_lists_the_same_packages_as_pyproject(repo):
    project = _pyproject(repo)["project"]
    pip_names = {_norm(Requirement(r).name) for r in project["dependencies"]}
    pip_names |= {_norm(Requirement(r).name) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((repo / "environment.yml").read_text(encoding="utf-8"))
    conda = set()
    pip_section = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section += dep.get("pip", [])
        else:
            conda.add(_norm(re.split(r"[=<> ]", dep)[0]))
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    assert pip_section == ["-e ."]
    conda -= {"python", "pip"}
    assert conda == pip_names, (
        f"only in environment.yml: {sorted(conda - pip_names)}; "
        f"only in pyproject.toml: {sorted(pip_names - conda)}"
    )


def test_python_requirement(repo):
    assert _pyproject(repo)["project"]["requires-python"] == ">=3.11"


def test_constraints_pin_every_dependency(repo):
    pins = {}
    for line in (repo / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[_norm(name)] = version
    project = _pyproject(repo)["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    missing = [r for r in wanted if _norm(Requirement(r).name) not in pins]
    assert not missing, f"constraints.txt has no pin for {missing}; run 'make freeze'"


def test_readme_quick_start_has_exactly_the_two_commands(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \w+)\s*$", quick, re.M)
    assert commands == ["make reproduce", "make test"]


def test_ci_runs_the_readme_test_command(repo):
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines[-1] == "make test"


def test_makefile_targets_call_the_package_command_line(repo):
    makefile = (repo / "Makefile").read_text(encoding="utf-8")
    for target, command in [("reproduce", "reproduce"), ("test", "test"), ("lab", "lab")]:
        body = re.search(rf"^{target}:.*\n\t(.+)$", makefile, re.M)
        assert body, f"no '{target}' target"
        assert body.group(1).strip() == f"$(PY) -m analysis {command}"


def test_layout(repo):
    for path in ["analysis", "data", "notebooks", "figures", "tests", "benchmarks",
                 "environment.yml", "pyproject.toml", "Makefile", "README.md", "LICENSE",
                 "CITATION.cff", ".ci/run", ".gitignore"]:
        assert (repo / path).exists(), f"{path} is missing"


def test_citation_cff_is_valid_yaml_with_the_required_keys(repo):
    cff = yaml.safe_load((repo / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ["cff-version", "message", "title", "authors", "version", "license"]:
        assert key in cff
    assert cff["version"] == _pyproject(repo)["project"]["version"]


def test_every_image_the_readme_shows_exists(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert images, "the README shows no figure"
    for image in images:
        assert (repo / image).is_file(), f"README shows {image}, which does not exist"
