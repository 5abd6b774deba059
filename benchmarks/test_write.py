"""Writing a run's files: one OutputTransaction against plain writes into a folder.

The transaction adds an fsync per file and folder, the manifest's hashes, the
spreadsheet escaping of text cells (``write_csv``) and the folder swap. Measured on
the bundled Danish plan (results.nc and the three default tables).
"""

import itertools

import pytest

import capf
from capf import assess, io


@pytest.fixture(scope="module")
def result():
    plan = capf.datasets.denmark()
    ds = capf.project(plan)
    tables = {"emissions_by_sector": io.emissions_by_sector(ds),
              "targets": assess.assess(ds, plan),
              "gaps_by_sector": assess.gaps_by_sector(ds, plan)}
    return ds, tables


def test_write_plain(benchmark, result, tmp_path):
    ds, tables = result
    benchmark.group = "write-denmark"
    n = itertools.count()

    def plain():
        d = tmp_path / f"p{next(n)}"
        d.mkdir()
        io.write_netcdf(ds, d / "results.nc")
        for name, df in tables.items():
            df.to_csv(d / f"{name}.csv", index=False, lineterminator="\n")

    benchmark(plain)


def test_write_transaction(benchmark, result, tmp_path):
    ds, tables = result
    benchmark.group = "write-denmark"
    out = tmp_path / "out"  # the same folder each time: every round replaces the last
    benchmark(io.write_results, out, ds, tables, {"seed": None})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
