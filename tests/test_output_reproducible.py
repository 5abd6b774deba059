"""Reproducible by construction (issue 15): drawn seeds, identical bytes, a clean manifest."""

import json
import re
import time
import zipfile

import pytest

from capf.cli import main


@pytest.fixture
def mc_plan(example_path, tmp_path):
    text = example_path.read_text().replace(
        'share = "100 %"', 'share = { dist = "triangular", low = "40 %", mode = "70 %", '
        'high = "100 %" }')
    p = tmp_path / "mc.toml"
    p.write_text(text)
    return p


def _outputs(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_unseeded_monte_carlo_records_its_seed_and_repeats(mc_plan, tmp_path, capsys):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert main(["run", str(mc_plan), "--out", str(a), "--samples", "64", "--xlsx"]) == 0
    printed = capsys.readouterr().out
    seed = json.loads((a / "manifest.json").read_text())["seed"]
    assert isinstance(seed, int) and seed >= 0
    assert f"seed {seed} drawn (repeat the run with --seed {seed})" in printed
    assert main(["run", str(mc_plan), "--out", str(b), "--samples", "64", "--xlsx",
                 "--seed", str(seed), "--quiet"]) == 0
    first, again = _outputs(a), _outputs(b)
    assert first.keys() == again.keys() and "probabilities.csv" in first
    for name in first:  # every CSV, the NetCDF, the workbook and the manifest
        assert first[name] == again[name], name
    assert main(["run", str(mc_plan), "--out", str(c), "--samples", "64", "--quiet"]) == 0
    other = json.loads((c / "manifest.json").read_text())["seed"]
    assert other != seed  # a fresh draw (63 bits: equal with probability 2**-63)


def test_identical_runs_give_identical_xlsx_and_manifest(example_path, tmp_path,
                                                         monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", str(example_path), "--out", str(a), "--quiet", "--xlsx"]) == 0
    time.sleep(2.1)  # zip timestamps have a resolution of 2 s
    assert main(["run", str(example_path), "--out", str(b), "--quiet", "--xlsx"]) == 0
    assert (a / "results.xlsx").read_bytes() == (b / "results.xlsx").read_bytes()
    assert (a / "manifest.json").read_bytes() == (b / "manifest.json").read_bytes()
    with zipfile.ZipFile(a / "results.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == \
        ["1980-01-01T00:00:00Z"] * 2


def test_source_date_epoch_is_the_fixed_time(example_path, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    out = tmp_path / "o"
    assert main(["run", str(example_path), "--out", str(out), "--quiet", "--xlsx"]) == 0
    with zipfile.ZipFile(out / "results.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert "2023-11-14T22:13:20Z" in z.read("docProps/core.xml").decode()


def test_manifest_leaves_out_clock_and_machine(example_path, tmp_path):
    out = tmp_path / "somewhere" / "out"
    assert main(["run", str(example_path), "--out", str(out), "--quiet"]) == 0
    text = (out / "manifest.json").read_text()
    man = json.loads(text)
    assert "created" not in man and "out" not in man["options"]
    assert str(tmp_path) not in text  # the output path is not recorded
    assert {"inputs", "outputs", "versions", "options", "seed", "gwp"} <= set(man)


def test_manifest_versions_are_the_installed_distributions(example_path, tmp_path):
    """The manifest takes an imported package's ``__version__`` (faster than reading its
    metadata): it must be the version of the installed distribution, for each package."""
    from importlib.metadata import version

    from capf.io.tables import MANIFEST_PACKAGES

    out = tmp_path / "o"
    assert main(["run", str(example_path), "--out", str(out), "--quiet"]) == 0
    man = json.loads((out / "manifest.json").read_text())
    assert set(man["versions"]) == set(MANIFEST_PACKAGES)
    assert man["versions"] == {pkg: version(pkg) for pkg in MANIFEST_PACKAGES}
    assert man["capf_version"] == version("capf")
