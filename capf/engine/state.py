"""The projection state of the core: activity and factors of one block, as actions change them.

:class:`State` holds the arrays one projection mutates, in the core's layout
(scenario axis first, municipality axis last), and writes the outputs (per-gas
emissions, CO2e) in as few passes over memory as possible. :mod:`capf.engine.core`
runs the action loop over it; :mod:`capf.engine.actions` changes it.
"""

from __future__ import annotations

import numpy as np

from .model import Model

__all__ = ["State", "co2e_factors"]


def co2e_factors(model: Model) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The model's factors collapsed to CO2e with its GWP set: own part [S, T, M],
    carriers [C + 1, T, M] (row C, no carrier: zero) and each source's whole factor
    (own + carrier weight ÷ efficiency × carrier) [S, T, M]; ``[..., 1, M]`` for a model
    of samples (its sampled own factors, ``model.own_rows``, are the state's).

    Parameters
    ----------
    model : capf.engine.Model
        The compiled model (factors in t gas per unit; ``gwp`` in kg CO2e per kg).

    Returns
    -------
    tuple of numpy.ndarray
        t CO2e per unit of activity (own, carrier per MWh, whole).

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> own, cf, whole = co2e_factors(model)
    >>> whole.shape == (len(model.sources), model.years.size, 1), cf.shape[0]
    (True, 5)
    """
    C = model.carrier_factor.shape[0]
    own = np.einsum("sgt...,g->st...", model.own_factor, model.gwp)
    cf = np.zeros((C + 1,) + own.shape[1:])
    cf[:C] = np.einsum("cgt...,g->ct...", model.carrier_factor, model.gwp)
    carrier = np.where(model.carrier_of < 0, C, model.carrier_of)
    scale = model.carrier_weight * model.inv_efficiency
    return own, cf, own + scale[:, None] * cf[carrier]


# The core works in a layout with the municipality axis last (contiguous) and the
# scenario axis first: [K, S, (G,) T, M]. Factors do not depend on the scenario
# until an action changes them, and broadcasting along an outer axis keeps every
# inner loop long (M municipalities) instead of K = 2-3 scenarios. Results are
# handed back as transposed views in the public order [M, S, (G,) T, K].
# A model of samples has two column axes, [..., n, M] (sample-major): the state's
# activity is per sample, factors are [..., 1, M] and broadcast, and the rows an action
# or a sampled parameter changed are [..., n, M] (model.py's docstring).


class State:
    """Mutable arrays of one projection (numpy, one block of municipalities).

    Factors do not depend on the scenario until an action changes them, so they
    are kept without the scenario axis ([S, ...], [C, ...]) and only the rows an
    action changed get one ([K, ...], in dicts keyed by source or carrier). The
    outputs are written once each, in as few passes over memory as possible.
    The action kinds (:data:`capf.engine.actions.KINDS`) change it through ``act``,
    :meth:`decarbonise_source` and :meth:`decarbonise_carrier`.

    Parameters
    ----------
    model : capf.engine.Model
        The (block of the) model projected.
    act_out : numpy.ndarray, optional
        Where to write the activity [K, S, T, M].

    Examples
    --------
    >>> import capf
    >>> model = capf.compile_plan(capf.testing.example_plan())
    >>> st = State(model)
    >>> st.co2e_all().shape == (len(model.scenarios), len(model.sources), model.years.size, 1)
    True
    """

    def __init__(self, model: Model, act_out: np.ndarray | None = None):
        S = model.activity0.shape[0]
        K = len(model.scenarios)
        C = model.carrier_factor.shape[0]
        self.model, self.K = model, K
        #: the column axes: (M,), or (n, M) for a model of n samples
        self.cols = model.columns
        self.own_base = model.own_factor  # [S, G, T, M] (or [S, G, T, 1, M])
        self.cf_base = model.carrier_factor  # [C, G, T, M] (or [C, G, T, 1, M])
        # activity[k,s,t,m] = base-year activity × driver index (the only [K, S, T, M] state)
        if act_out is None and model.samples is not None:
            act_out = np.empty((K, S, model.years.size) + self.cols)
        self.act = np.multiply(model.activity0[None, :, None], model.driver, out=act_out)
        # carrier weight × 1/efficiency per source: [S, M]; rows an action changed: [K, T, M]
        self.scale_base = model.carrier_weight * model.inv_efficiency
        self.scale_changed: dict[int, np.ndarray] = {}
        self.inv_eff = model.inv_efficiency  # [S, M]
        self.carrier_of = np.where(model.carrier_of < 0, C, model.carrier_of)  # C: no carrier
        # factors collapsed to CO2e: own part [S, T, M] (+ changed rows [K, T, M]),
        # carriers [C+1, T, M] (row C: no carrier, zero; + changed rows [K, T, M]), and
        # each source's whole factor [S, T, M] (see co2e_factors)
        own_co2e, cf_co2e, f_base = model.co2e_factors or co2e_factors(model)
        self.own_co2e = own_co2e
        self.own_co2e_changed: dict[int, np.ndarray] = {}
        self.cf_co2e = cf_co2e
        self.cf_co2e_changed: dict[int, np.ndarray] = {}
        # per-gas factors changed by actions: source or carrier index -> [K, G, T, M],
        # and the gases in which they are not zero (the others are never computed)
        self.own_changed: dict[int, np.ndarray] = {}
        self.cf_changed: dict[int, np.ndarray] = {}
        self.own_live: dict[int, np.ndarray] = {}
        self.cf_live: dict[int, np.ndarray] = {}
        produces = model.produces if model.produces is not None else np.full(S, -1)
        netted = model.netted if model.netted is not None else np.zeros(C, bool)
        # carriers netted against local production, with their consumers and producers
        self.netting = [(c, np.flatnonzero(model.carrier_of == c), np.flatnonzero(produces == c))
                        for c in np.flatnonzero(netted)]
        # the sources using each carrier (a handful of carriers)
        self.users = [(int(c), np.flatnonzero(self.carrier_of == c))
                      for c in np.unique(self.carrier_of) if c < C]
        # without netting, each source's whole CO2e factor (own + weight / efficiency ×
        # carrier) is kept too, so the CO2e of any rows is one product: [S, T, M], and
        # the rows a decarbonisation changed, [K, T, M]
        if not self.netting:
            self.f_base = f_base
            self.f_changed: dict[int, np.ndarray] = {}
        # sampled own factors (a model of samples): rows changed before any action, per
        # sample and without a scenario axis ([1, G, T, n, M], [T, n, M])
        for j, row in (model.own_rows or {}).items():
            self.own_changed[j] = row[None]
            self.own_live[j] = np.flatnonzero(row.reshape(row.shape[0], -1).any(axis=1))
            own_j = np.einsum("gt...,g->t...", row, model.gwp)
            self.own_co2e_changed[j] = own_j
            if not self.netting:
                self.f_changed[j] = own_j + self.scale_base[j][None] * cf_co2e[self.carrier_of[j]]

    def _percol(self, x: np.ndarray, lead: int) -> np.ndarray:
        """``x`` (``lead`` axes, then none, [M] or [n or 1, M] per column) with every
        column axis: [*lead, *cols] (1 where it does not vary)."""
        missing = len(self.cols) - (x.ndim - lead)
        return x.reshape(x.shape[:lead] + (1,) * missing + x.shape[lead:])

    def netting_share(self, c: int) -> np.ndarray | None:
        """Share of carrier ``c``'s use not covered by local production: [K, T, M].

        Local-renewables-netted method: factor × max(0, 1 − production ÷ consumption).
        ``None`` when ``c`` is not netted.

        Parameters
        ----------
        c : int
            Carrier index.

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> st.netting_share(0) is None
        True
        """
        for netted, users, producers in self.netting:  # a handful of carriers at most
            if netted == c:
                used = np.einsum("kst...,s...->kt...", self.act[:, users], self.inv_eff[users])
                made = self.act[:, producers].sum(axis=1)
                with np.errstate(divide="ignore", invalid="ignore"):
                    return np.where(used > 0, np.clip(1.0 - made / used, 0.0, 1.0), 1.0)
        return None

    def _scale(self, idx) -> np.ndarray:
        """weight × 1/efficiency of sources ``idx`` (not netted): [n, 1, M] or [K, n, T, M]."""
        rows = self._rows(self.scale_base[:, None], self.scale_changed, idx, self.K)
        return rows[0] if rows.shape[0] == 1 else rows

    def _rows(self, base: np.ndarray, changed: dict, idx, K: int) -> np.ndarray:
        """Rows ``idx`` of a factor kept as base rows and changed rows: [1 or K, n, ...]."""
        rows = base[idx][None]
        hit = [i for i, s in enumerate(idx) if int(s) in changed]
        if hit:
            shape = (K,) + np.broadcast_shapes(rows.shape[1:], (len(idx),) + self.act.shape[2:])
            rows = np.broadcast_to(rows, shape).copy()
            for i in hit:  # only the rows an action changed
                rows[:, i] = changed[int(idx[i])]
        return rows

    def _refresh_factor(self, idx) -> None:
        """Recompute the whole CO2e factor of sources ``idx`` after a decarbonisation."""
        if self.netting:
            return
        idx = np.asarray(idx)
        own = self._rows(self.own_co2e, self.own_co2e_changed, idx, self.K)
        cf = self._rows(self.cf_co2e, self.cf_co2e_changed, self.carrier_of[idx], self.K)
        new = own + self._scale(idx) * cf  # [K, n, T, M]
        self.f_changed.update((int(s), new[:, i]) for i, s in enumerate(idx))

    def whole_factor(self, s: int) -> np.ndarray:
        """The whole CO2e factor of source ``s`` (not netted): [T, M] or [K, T, M],
        t CO2e per unit of activity.

        Parameters
        ----------
        s : int
            Source index.

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> st.whole_factor(0).shape == st.act.shape[2:]
        True
        """
        return self.f_changed.get(s, self.f_base[s])

    def _carrier_parts(self, idx=None):
        """For each carrier: its users (among ``idx``) and their activity × weight ÷
        efficiency (× netting share): [K, n, T, M]."""
        for c, users in self.users:
            if idx is not None:
                users = np.intersect1d(users, idx)
            if users.size == 0:
                continue
            w = self.act[:, users] * self._scale(users)
            share = self.netting_share(c) if self.netting else None
            if share is not None:
                w *= share[:, None]
            yield c, users, w

    def _cf_co2e(self, c: int) -> np.ndarray:
        """CO2e factor of carrier ``c``: [T, M] or [K, T, M]."""
        return self.cf_co2e_changed.get(c, self.cf_co2e[c])

    def co2e(self, idx) -> np.ndarray:
        """CO2e of sources ``idx`` summed over them: [K, T, M], t CO2e/yr.

        Parameters
        ----------
        idx : array of int
            Source indices.

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> st.co2e([0, 1]).shape == (st.K,) + st.act.shape[2:]
        True
        """
        if not self.netting:
            # contiguous runs of sources as views (no gathered copies); rows an action
            # changed carry a scenario axis
            out: np.ndarray | None = None
            for sl in _runs(np.unique(idx)):
                rows = range(sl.start, sl.stop)
                if any(r in self.f_changed for r in rows):
                    f = self._rows(self.f_base, self.f_changed, np.arange(sl.start, sl.stop),
                                   self.K)
                    part = np.einsum("knt...,knt...->kt...", self.act[:, sl],
                                     np.broadcast_to(f, self.act[:, sl].shape))
                else:
                    part = np.einsum("knt...,nt...->kt...", self.act[:, sl], self.f_base[sl])
                out = part if out is None else out + part
            if out is None:  # no source: nothing emitted
                return np.zeros((self.K,) + self.act.shape[2:])
            return out
        act = self.act[:, idx]
        own = self._rows(self.own_co2e, self.own_co2e_changed, idx, self.K)
        out = np.einsum("knt...,knt...->kt...", act, np.broadcast_to(own, act.shape))
        for c, _, w in self._carrier_parts(idx):
            out += w.sum(axis=1) * self._cf_co2e(c)
        return out

    @staticmethod
    def _live(base: np.ndarray, live: dict, i: int) -> np.ndarray:
        """Gases (indices) in which row ``i`` of a per-gas factor is not zero everywhere."""
        if i not in live:
            live[i] = np.flatnonzero(base[i].reshape(base.shape[1], -1).any(axis=1))
        return live[i]

    @staticmethod
    def _blend(cur: np.ndarray, eff: np.ndarray, v: np.ndarray, gases: np.ndarray):
        """cur × (1 − eff) + v × eff in the gases ``gases`` (zero in the others):
        cur [1 or K, G, T, M], eff [K, T, M], v [G, M] or [G, 1] -> [K, G, T, M]
        (each M: the column axes)."""
        G = cur.shape[1]
        if gases.size == G:
            return cur * (1.0 - eff[:, None]) + v[None, :, None] * eff[:, None]
        # [K, T, M]: an action the same in every sample may change a factor that is not
        # (a sampled own factor, a sampled target factor)
        shape = np.broadcast_shapes(eff.shape, cur.shape[:1] + cur.shape[2:],
                                    (1, 1) + v.shape[1:])
        out = np.zeros((shape[0], G) + shape[1:])  # calloc: untouched gases cost nothing
        e = eff[:, None]
        out[:, gases] = cur[:, gases] * (1.0 - e) + v[gases][None, :, None] * e
        return out

    def _co2e_of(self, v: np.ndarray) -> np.ndarray:
        """A target factor [G, *cols] in CO2e, [*cols] (as ``gwp @ v`` of [G, columns])."""
        return (self.model.gwp @ v.reshape(v.shape[0], -1)).reshape(v.shape[1:])

    def decarbonise_source(self, s: int, eff: np.ndarray, value: np.ndarray) -> None:
        """Blend source ``s``'s own factor towards ``value`` by the share in effect.

        Parameters
        ----------
        s : int
            Source index.
        eff : numpy.ndarray
            Share in effect [K, T, M] (0-1).
        value : numpy.ndarray
            Target factor [G] or [G, M], t gas per unit.

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> st.decarbonise_source(0, np.ones((st.K,) + st.act.shape[2:]), np.zeros(5))
        >>> float(abs(st.whole_factor(0)).max())
        0.0
        """
        v = self._percol(value, 1)  # [G, M] per column, or [G, 1]
        gases = np.union1d(self._live(self.own_base, self.own_live, s),
                           np.flatnonzero(v.reshape(v.shape[0], -1).any(axis=1)))
        cur = self.own_changed.get(s)
        if cur is None:
            cur = self.own_base[s][None]
        self.own_changed[s] = self._blend(cur, eff, v, gases)
        self.own_live[s] = gases
        v_co2e = self._co2e_of(v)  # [M] or [1]
        cur = self.own_co2e_changed.get(s, self.own_co2e[s])
        self.own_co2e_changed[s] = cur * (1.0 - eff) + v_co2e[None, None] * eff
        cur = self.scale_changed.get(s, self.scale_base[s][None, None])
        self.scale_changed[s] = cur * (1.0 - eff)
        self._refresh_factor([s])

    def decarbonise_carrier(self, c: int, eff: np.ndarray, value: np.ndarray) -> None:
        """Blend carrier ``c``'s factor towards ``value`` by the share in effect.

        Parameters
        ----------
        c : int
            Carrier index.
        eff : numpy.ndarray
            Share in effect [K, T, M] (0-1).
        value : numpy.ndarray
            Target factor [G] or [G, M], t gas per MWh.

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> st.decarbonise_carrier(0, np.ones((st.K,) + st.act.shape[2:]), np.zeros(5))
        >>> sorted(st.cf_changed)
        [0]
        """
        v = self._percol(value, 1)
        gases = np.union1d(self._live(self.cf_base, self.cf_live, c),
                           np.flatnonzero(v.reshape(v.shape[0], -1).any(axis=1)))
        cur = self.cf_changed.get(c)
        if cur is None:
            cur = self.cf_base[c][None]
        self.cf_changed[c] = self._blend(cur, eff, v, gases)
        self.cf_live[c] = gases
        v_co2e = self._co2e_of(v)
        cur = self.cf_co2e_changed.get(c, self.cf_co2e[c])
        self.cf_co2e_changed[c] = cur * (1.0 - eff) + v_co2e[None, None] * eff
        self._refresh_factor(np.flatnonzero(self.carrier_of == c))

    def emissions(self, out: np.ndarray | None = None) -> np.ndarray:
        """Per-gas emissions of every source, written once: [K, S, G, T, M].

        Each cell is written in one pass: rows whose own factor is zero and whose
        factor comes from a carrier (electricity, district heat...) are written by
        the carrier's part directly, the others are own factor × activity, plus the
        carrier's part where a source has both. Rows are taken as contiguous runs so
        every write goes straight into the output (no gathered temporaries).

        Parameters
        ----------
        out : numpy.ndarray, optional
            Where to write (t gas/yr).

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> st.emissions().shape[:3] == (st.K, st.act.shape[1], 5)
        True
        """
        K, S = self.act.shape[:2]
        if out is None:
            out = np.empty((K, S, self.own_base.shape[1]) + self.act.shape[2:])
        users = np.concatenate([u for _, u in self.users]) if self.users else np.zeros(0, int)
        zero = self.model.own_zero
        if zero is None:
            zero = np.zeros(S, bool)
            zero[users] = ~self.own_base[users].any(axis=(1, 2, 3))
        direct = np.zeros(S, bool)
        direct[users] = zero[users]
        direct[list(self.own_changed)] = False
        for sl in _runs(np.flatnonzero(~direct)):
            np.multiply(self.own_base[None, sl], self.act[:, sl, None], out=out[:, sl])
        for s, f in self.own_changed.items():
            np.multiply(f, self.act[:, s, None], out=out[:, s])
        for c, users, w in self._carrier_parts():
            cf = self.cf_changed.get(c, self.cf_base[c])
            cf = np.expand_dims(cf, cf.ndim - 2 - len(self.cols))  # [(K,) 1, G, T, M]
            for sl, pos in _runs(users, positions=True):
                part = w[:, pos, None]
                if direct[sl].all():
                    np.multiply(part, cf, out=out[:, sl])
                else:
                    out[:, sl] += part * cf
        return out

    def emissions_mean(self, n: int | None = None) -> np.ndarray:
        """Mean over the samples of the per-gas emissions, without writing them per
        sample: [K, S, G, T, M], t gas/yr (a model without samples: its emissions).

        Parameters
        ----------
        n : int, optional
            The number of samples (the model's; kept for callers that pass it).

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> bool(np.allclose(st.emissions_mean(1), st.emissions()))
        True
        """
        split = len(self.cols) == 2

        def per_sample(x: np.ndarray) -> np.ndarray:  # [..., M] as [..., 1, M]
            return x if split else x[..., None, :]

        act = per_sample(self.act)  # [K, S, T, n, M]
        K, S, T, ns, M = act.shape
        if n is not None and n != ns:
            raise ValueError(f"the state holds {ns} sample(s), not {n}")
        own = per_sample(self.own_base)  # [S, G, T, 1, M]: the same in every sample
        G = own.shape[1]
        out = np.zeros((K, S, G, T, M))
        # own factors the same in every sample: (Σ activity) × factor, skipping rows
        # whose own factor is zero (carrier users), rows an action or a sampled
        # parameter changed (below) and gases that are zero
        zero = self.model.own_zero if self.model.own_zero is not None else np.zeros(S, bool)
        fixed = ~zero
        fixed[list(self.own_changed)] = False
        for sl in _runs(np.flatnonzero(fixed)):  # contiguous runs of sources: views
            f = own[sl, :, :, 0]  # [n, G, T, M]
            gases = np.flatnonzero(f.reshape(f.shape[0], G, -1).any(axis=(0, 2)))
            if gases.size:
                out[:, sl, gases] = act[:, sl].sum(axis=3)[:, :, None] * f[None, :, gases]
        # changed own factors: Σ activity × factor over the samples
        for s, f in self.own_changed.items():
            gases = self.own_live[s]
            f = np.broadcast_to(per_sample(f[:, gases]), (K, gases.size, T, ns, M))
            out[:, s, gases] = np.einsum("ktim,kgtim->kgtm", act[:, s], f)
        for c, users, w in self._carrier_parts():
            gases = self._live(self.cf_base, self.cf_live, c)
            if gases.size == 0:
                continue
            cf = self.cf_changed.get(c, self.cf_base[c][None])[:, gases]
            cf = np.broadcast_to(per_sample(cf), (K, gases.size, T, ns, M))
            out[np.ix_(np.arange(K), users, gases)] += np.einsum(
                "kptim,kgtim->kpgtm", per_sample(w), cf)
        out /= ns
        return out

    def co2e_all(self, out: np.ndarray | None = None) -> np.ndarray:
        """CO2e of every source: [K, S, T, M], t CO2e/yr.

        Parameters
        ----------
        out : numpy.ndarray, optional
            Where to write.

        Examples
        --------
        >>> import capf
        >>> st = State(capf.compile_plan(capf.testing.example_plan()))
        >>> bool(np.allclose(st.co2e_all().sum(axis=1), st.co2e(np.arange(st.act.shape[1]))))
        True
        """
        if not self.netting:
            out = np.multiply(self.act, self.f_base[None], out=out)
            for s, f in self.f_changed.items():  # rows a decarbonisation changed
                np.multiply(self.act[:, s], f, out=out[:, s])
            return out
        out = np.multiply(self.act, self.own_co2e[None], out=out)
        for s, f in self.own_co2e_changed.items():
            np.multiply(self.act[:, s], f, out=out[:, s])
        for c, users, w in self._carrier_parts():
            out[:, users] += w * np.expand_dims(self._cf_co2e(c), -2 - len(self.cols))
        return out


def _runs(idx: np.ndarray, positions: bool = False) -> list:
    """Sorted indices as slices of contiguous runs (and, with ``positions``, the
    slices of their positions in ``idx``): [3, 4, 5, 9] → [slice(3, 6), slice(9, 10)]."""
    idx = np.asarray(idx)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) != 1) + 1
    starts = np.concatenate([[0], breaks])
    stops = np.concatenate([breaks, [idx.size]])
    runs = [slice(int(idx[a]), int(idx[b - 1]) + 1) for a, b in zip(starts, stops, strict=True)]
    if positions:
        return list(zip(runs, [slice(int(a), int(b)) for a, b in zip(starts, stops, strict=True)],
                        strict=True))
    return runs


