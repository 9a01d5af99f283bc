"""The wheel ships the ontology, queries and sources, so `kg` works from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("almagro_kg-*.whl")
    return path


def test_wheel_contains_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "kg/_resources/ontology/ontology.ttl",
        "kg/_resources/ontology/shapes.ttl",
        "kg/_resources/ontology/imports/org.ttl",
        "kg/_resources/ontology/imports/prov-o.ttl",
        "kg/_resources/ontology/imports/time.ttl",
        "kg/_resources/sources/000_809fd6f138efe90d.txt",
        "kg/_resources/sources/001_a960fe334a8c84d6.txt",
        "kg/data/evidence.ttl",
        "kg/cli/__init__.py",
    ):
        assert required in names
    assert any(n.startswith("kg/_resources/queries/") and n.endswith(".rq") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kg = kg.fast:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_wheel_declares_both_licences_and_ships_their_texts(wheel):
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    info = next(n.rsplit("/", 1)[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert {f"{info}/licenses/LICENSE", f"{info}/licenses/LICENSE-DATA.md"} <= names
    metadata = archive.read(f"{info}/METADATA").decode().splitlines()
    assert "License-Expression: CC-BY-4.0 AND MIT" in metadata
    assert [line for line in metadata if line.startswith("License-File: ")] == [
        "License-File: LICENSE",
        "License-File: LICENSE-DATA.md",
    ]
    assert "MIT License" in archive.read(f"{info}/licenses/LICENSE").decode()
    data = archive.read(f"{info}/licenses/LICENSE-DATA.md").decode()
    assert "https://creativecommons.org/licenses/by/4.0/" in data


def test_installed_kg_works_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kg.paths, kg.cli; print(kg.paths.ROOT); kg.cli.main()",
            "reason",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    root, summary = result.stdout.splitlines()
    assert root == str(target / "kg" / "_resources")
    assert summary.startswith("asserted: ") and summary.endswith("consistent")
