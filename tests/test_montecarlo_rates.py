"""Monte Carlo: sampled growth rates written into the expanded drivers (issue 20).

The Expander gathers each distinct layer of rate slots once per chunk and shares it
between the (scenario, source) rows it reaches; the drivers it writes must be the
plan's driver times every slot's ratio, in the plan's order, on exactly its cells.
"""

import numpy as np

import capf
from capf.engine import sampling

DRAINED = "lowland_soils.drained_organic_soils.rotation_6_12pct_c"


def overlapping_rates_plan():
    rate = {"dist": "uniform", "low": "-2 %/yr", "high": "2 %/yr"}
    return capf.Plan.model_validate({
        "plan": {"name": "rates", "base_year": 2023, "end_year": 2035},
        "municipality": [{"code": "A"}, {"code": "B"}, {"code": "C"}],
        "inventory": [{"municipality": m, "source": DRAINED, "activity": "1000 ha"}
                      for m in "ABC"],
        "driver": [{"name": "all", "source": "lowland_soils", "rate": rate},
                   {"name": "some", "source": "lowland_soils", "municipality": ["A", "B"],
                    "rate": rate},
                   {"name": "one", "source": "lowland_soils", "municipality": ["B"],
                    "rate": rate}],
        "scenario": [{"name": "bau"}, {"name": "plan"}],
    })


def test_sampled_rates_stack_in_order_on_their_cells():
    model = capf.compile_plan(overlapping_rates_plan())
    values = sampling.draw(model, 5, seed=2)
    big = sampling.Expander(model)(values)
    K, S, T, M = model.driver.shape
    got = big.driver.reshape(K, S, T, 5, M)
    t = (model.years - model.years[0]).astype(float)
    want = np.broadcast_to(model.driver[:, :, :, None, :], got.shape).copy()
    for i, slot in enumerate(model.params):
        ks, js, ms = (np.asarray(x, dtype=int) for x in slot.cells)
        mean = slot.dist.mean() * slot.conversion
        ratio = (1 + values[:, i])[None, :] ** t[:, None] / (1 + mean) ** t[:, None]  # [T, n]
        for k in ks:
            for j in js:
                want[k, j][..., ms] *= ratio[:, :, None]
    # both scenarios, three layers on B, two on A, one on C
    assert len(model.params) == 3
    np.testing.assert_allclose(got, want, rtol=1e-13)
    assert not np.allclose(got[..., 0], got[..., 1])
    # the rows of one driver in both scenarios are the same gathered layers
    assert np.array_equal(got[0], got[1])
