"""Reference implementations of the projection, for benchmarks and cross-checks.

``per_cell`` is what a spreadsheet port does: plain Python floats, one cell at a
time, loops over municipality, scenario, year, action, source and gas. It reads
the same compiled :class:`capf.engine.Model` as the engine and must give the same
numbers; it is here to be timed against the vectorised core.
"""

from __future__ import annotations

import math

import numpy as np

from capf.engine import curves


def _curve_lists(model):
    """Each action's share in effect per year (a plain list), as the engine defines it."""
    out = []
    for a in model.actions:
        if a.curve == "stock_turnover":
            c = curves.stock_turnover(model.years, a.start, a.full, a.lifetime, kind=a.survival,
                                      shape=a.shape, sales_curve=a.sales_curve,
                                      steepness=a.steepness, p=a.p, q=a.q)
        else:
            c = curves.evaluate(a.curve, model.years, a.start, a.full, steepness=a.steepness,
                                p=a.p, q=a.q)
        out.append([float(x) * a.share for x in c])
    return out


def per_cell(model) -> np.ndarray:
    """co2e[m, s, t, k] computed cell by cell in plain Python (t CO2e/yr)."""
    S, M = model.activity0.shape
    T, K = model.years.size, len(model.scenarios)
    G = len(model.gases)
    C = model.carrier_factor.shape[0]
    # plain nested lists, indexed [m][s]... as a spreadsheet would lay them out
    act0 = model.activity0.T.tolist()
    own0 = model.own_factor.transpose(3, 0, 1, 2).tolist()
    weight0 = model.carrier_weight.T.tolist()
    inv_eff = model.inv_efficiency.T.tolist()
    carrier_of = [int(c) for c in model.carrier_of]
    produces = [int(c) for c in (model.produces if model.produces is not None else [-1] * S)]
    netted = [bool(x) for x in (model.netted if model.netted is not None else [False] * C)]
    cfac = model.carrier_factor.transpose(3, 0, 1, 2).tolist()
    driver = model.driver.transpose(3, 1, 2, 0).tolist()
    gwp = [float(x) for x in model.gwp]
    shares = _curve_lists(model)
    acts = [(a, a.municipalities.tolist(), a.scenarios.tolist(),
             None if a.value is None else a.value.tolist()) for a in model.actions]
    out = [[[[0.0] * K for _ in range(T)] for _ in range(S)] for _ in range(M)]
    for m in range(M):
        for k in range(K):
            for t in range(T):
                act = [act0[m][s] * driver[m][s][t][k] for s in range(S)]
                weight = [weight0[m][s] for s in range(S)]
                own = [[own0[m][s][g][t] for g in range(G)] for s in range(S)]
                cf = [[cfac[m][c][g][t] for g in range(G)] for c in range(C)]
                for i, (a, mm, kk, value) in enumerate(acts):
                    eff = shares[i][t] * (1.0 if mm[m] else 0.0) * (1.0 if kk[k] else 0.0)
                    if eff == 0.0:
                        continue
                    if a.kind == "reduce":
                        act[a.source] *= 1.0 - eff
                    elif a.kind == "switch":
                        moved = act[a.source] * eff
                        act[a.source] -= moved
                        act[a.dest] += moved * a.conversion
                    elif a.kind == "add":
                        act[a.source] += value[m] * eff
                    elif a.kind == "decarbonise_source":
                        weight[a.source] *= 1.0 - eff
                        own[a.source] = [own[a.source][g] * (1.0 - eff) + value[g] * eff
                                         for g in range(G)]
                    else:  # decarbonise_carrier
                        cf[a.carrier] = [cf[a.carrier][g] * (1.0 - eff) + value[g] * eff
                                         for g in range(G)]
                net = [1.0] * C
                for c in range(C):
                    if not netted[c]:
                        continue
                    used = sum(act[s] * inv_eff[m][s] for s in range(S) if carrier_of[s] == c)
                    made = sum(act[s] for s in range(S) if produces[s] == c)
                    if used > 0:
                        net[c] = min(1.0, max(0.0, 1.0 - made / used))
                for s in range(S):
                    c = carrier_of[s]
                    total = 0.0
                    for g in range(G):
                        f = own[s][g]
                        if c >= 0:
                            f += weight[s] * inv_eff[m][s] * cf[c][g] * net[c]
                        total += act[s] * f * gwp[g]
                    out[m][s][t][k] = total
    return np.array(out)


def pandas_groupby(model):
    """co2e[m, s, t, k] in the table-per-node style: a long table, one merge/group-by per step."""
    import pandas as pd

    S, M = model.activity0.shape
    T, K = model.years.size, len(model.scenarios)
    G = len(model.gases)
    activity0 = model.activity0.T
    driver = model.driver.transpose(3, 1, 2, 0)
    carrier_weight = model.carrier_weight.T
    inv_efficiency = model.inv_efficiency.T
    carrier_factor = model.carrier_factor.transpose(3, 0, 1, 2)
    own_factor = model.own_factor.transpose(3, 0, 1, 2)
    idx = pd.MultiIndex.from_product([range(M), range(S), range(T), range(K)],
                                     names=["m", "s", "t", "k"])
    df = pd.DataFrame(index=idx).reset_index()
    df["act"] = activity0[df.m, df.s] * driver[df.m, df.s, df.t, df.k]
    df["weight"] = carrier_weight[df.m, df.s]
    carrier = np.where(model.carrier_of < 0, -1, model.carrier_of)
    shares = _curve_lists(model)
    cf = np.broadcast_to(carrier_factor[..., None], carrier_factor.shape + (K,)).copy()
    own = np.broadcast_to(own_factor[..., None], own_factor.shape + (K,)).copy()
    for i, a in enumerate(model.actions):
        eff = (np.asarray(shares[i])[df.t] * a.municipalities[df.m] * a.scenarios[df.k])
        if a.kind in ("reduce", "switch", "add"):
            mask = df.s == a.source
            piece = df.loc[mask, ["m", "t", "k", "act"]].set_index(["m", "t", "k"])["act"]
            e = pd.Series(eff[mask.values], index=piece.index)
            if a.kind == "reduce":
                df.loc[mask, "act"] = (piece * (1 - e)).values
            elif a.kind == "add":
                df.loc[mask, "act"] = (piece + a.value[piece.index.get_level_values("m")] * e).values
            else:
                moved = piece * e
                df.loc[mask, "act"] = (piece - moved).values
                dmask = df.s == a.dest
                dest = df.loc[dmask, ["m", "t", "k", "act"]].set_index(["m", "t", "k"])["act"]
                df.loc[dmask, "act"] = (dest + moved.reindex(dest.index) * a.conversion).values
        elif a.kind == "decarbonise_source":
            mask = (df.s == a.source).values
            e = eff[mask]
            df.loc[mask, "weight"] = df.loc[mask, "weight"].values * (1 - e)
            sub = df.loc[mask]
            for g in range(G):
                own[sub.m, a.source, g, sub.t, sub.k] = (own[sub.m, a.source, g, sub.t, sub.k]
                                                         * (1 - e) + a.value[g] * e)
        else:
            e = eff.reshape(M, S, T, K)[:, 0]
            for g in range(G):
                cf[:, a.carrier, g] = cf[:, a.carrier, g] * (1 - e) + a.value[g] * e
    if model.netted is not None and model.netted.any():
        raise NotImplementedError("the pandas reference covers the national-average method only")
    co2e = np.zeros(len(df))
    inv = inv_efficiency[df.m, df.s]
    for g in range(G):
        f = own[df.m, df.s, g, df.t, df.k]
        has = carrier[df.s] >= 0
        cfg = np.where(has, cf[df.m, np.maximum(carrier[df.s], 0), g, df.t, df.k], 0.0)
        f = f + df["weight"].values * inv * cfg
        co2e += df["act"].values * f * model.gwp[g]
    df["co2e"] = co2e
    return df.groupby(["m", "s", "t", "k"])["co2e"].sum().to_numpy().reshape(M, S, T, K)


assert math.isfinite(1.0)
