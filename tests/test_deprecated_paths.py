"""The old import paths of the layout by stage (issue 17) still work, with a DeprecationWarning."""

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize(("old", "new"), [
    ("capf.spec", "capf.plan"),
    ("capf.spec.models", "capf.plan.models"),
    ("capf.spec.quantity", "capf.plan.quantity"),
    ("capf.pathways", "capf.assess"),
    ("capf.pathways.levels", "capf.assess.levels"),
    ("capf.pathways.cctf", "capf.assess.sector_test"),
    ("capf.montecarlo", "capf.uncertainty"),
    ("capf.sensitivity", "capf.uncertainty"),
])
def test_old_path_is_the_new_module_and_warns(old, new):
    # a fresh interpreter: the warning is given once, at the first import of the old name
    code = (f"import warnings, importlib\n"
            f"with warnings.catch_warnings(record=True) as w:\n"
            f"    warnings.simplefilter('always')\n"
            f"    old = importlib.import_module({old!r})\n"
            f"new = importlib.import_module({new!r})\n"
            f"dep = [x for x in w if issubclass(x.category, DeprecationWarning)]\n"
            f"print(old is new, bool(dep), dep[0].filename if dep else None)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # the warning names the line that imports the old name, not the import machinery
    assert out.stdout.split() == ["True", "True", "<string>"]


def test_from_old_package_import_names(monkeypatch):
    monkeypatch.delitem(sys.modules, "capf.spec", raising=False)  # warn again, as at first use
    with pytest.warns(DeprecationWarning):
        spec = importlib.import_module("capf.spec")
    import capf.plan

    assert spec.Plan is capf.plan.Plan and spec.load_plan is capf.plan.load_plan


def test_capf_assess_is_the_package_and_the_function():
    import capf
    from capf.assess.targets import assess

    assert capf.assess.by_sector is importlib.import_module("capf.assess.levels").by_sector
    plan = capf.testing.example_plan()
    ds = capf.project(plan)
    assert capf.assess(ds, plan).equals(assess(ds, plan))
