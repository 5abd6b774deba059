"""The report's figures laid out from their texts' extents, without a layout engine.

matplotlib's constrained layout measures every artist of every axes twice (two passes of
``get_tightbbox``) before the picture is drawn, which is most of the time of a figure with
many panels. The report's figures have one fixed arrangement each (one axes with its legend
on the right; a grid of panels with a title above, the unit on the left and the legend
below), so their margins follow from a few measurements: the heights of the titles, the
extent of the tick labels of each axis (measured once, at the axes' final height, and
cached by matplotlib for the picture) and the legend's box.
"""

from __future__ import annotations

__all__ = ["fit_axes", "fit_grid"]

#: Space at the figure's edges and between neighbouring texts (points).
PAD = 4.0


def _titles(ax) -> list:
    """The axes' titles (left, centre, right) that have text."""
    from matplotlib.text import Text

    return [c for c in ax.get_children()
            if isinstance(c, Text) and c not in ax.texts and c.get_text()]


def _title_room(ax, renderer) -> float:
    """Pixels above the axes taken by its titles (their height and the title pad)."""
    from matplotlib import rcParams

    heights = [t.get_window_extent(renderer).height for t in _titles(ax)]
    if not heights:
        return 0.0
    return max(heights) + rcParams["axes.titlepad"] * ax.figure.dpi / 72


def fit_axes(fig, ax) -> None:
    """Place the one axes of ``fig`` so that its titles, tick labels, axis labels and legend fit.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure on an Agg canvas without a layout engine, with one axes.
    ax : matplotlib.axes.Axes
        The axes; its legend (if any) is anchored at its right edge, outside.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(6, 3), dpi=100)
    >>> _ = FigureCanvasAgg(fig)
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot([2020, 2050], [0, 1200], label="plan")
    >>> _ = ax.set_title("Net emissions", loc="left"), ax.set_ylabel("kt CO2e/yr")
    >>> _ = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    >>> fit_axes(fig, ax)
    >>> box = ax.get_tightbbox(fig.canvas.get_renderer())
    >>> bool(box.x0 >= 0 and box.y0 >= 0 and box.x1 <= 600 and box.y1 <= 300)
    True
    """
    r = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    pad = PAD * fig.dpi / 72
    ax.set_position([0.12, 0.15, 0.6, 0.7])  # near the final place: the ticks hardly change
    box = ax.get_window_extent(r)
    top = pad + _title_room(ax, r)
    xbox = ax.xaxis.get_tightbbox(r)
    bottom = pad + (box.y0 - xbox.y0 if xbox is not None else 0.0)
    ax.set_position([0.12, bottom / height, 0.6, 1.0 - (top + bottom) / height])
    box = ax.get_window_extent(r)
    ybox = ax.yaxis.get_tightbbox(r)  # at the final height: the final y ticks
    left = box.x0 - min(ybox.x0 if ybox is not None else box.x0,
                        xbox.x0 if xbox is not None else box.x0)
    right = (xbox.x1 - box.x1) if xbox is not None else 0.0
    legend = ax.get_legend()
    if legend is not None and legend.get_visible():
        # the legend sits at a fraction of the axes' width from its right edge
        right = max(right, legend.get_window_extent(r).x1 - box.x1)
    left, right = left + pad, max(right, 0.0) + pad
    ax.set_position([left / width, bottom / height, 1.0 - (left + right) / width,
                     1.0 - (top + bottom) / height])


def fit_grid(fig, axes, nrows: int, ncols: int, *, title=None, ylabel=None,
             legend=None) -> None:
    """Lay out a grid of panels with a figure title above, a unit on the left, a legend below.

    The panels (made by ``fig.subplots(nrows, ncols, sharex=True)``, so only the bottom
    row has x tick labels) get equal sizes; the space between columns is the widest y tick
    labels of any panel, between rows a panel's title.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure on an Agg canvas without a layout engine.
    axes : list of matplotlib.axes.Axes
        The panels, row by row (hidden ones included).
    nrows, ncols : int
        The grid's shape.
    title : matplotlib.text.Text, optional
        The figure's title (``fig.suptitle``), placed at the top left.
    ylabel : matplotlib.text.Text, optional
        The figure's y label (``fig.supylabel``), placed at the left edge.
    legend : matplotlib.legend.Legend, optional
        The figure's legend, placed at the bottom centre.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(8, 5), dpi=100)
    >>> _ = FigureCanvasAgg(fig)
    >>> axes = list(fig.subplots(2, 3, sharex=True).flat)
    >>> for ax in axes:
    ...     _ = ax.plot([2020, 2050], [0, 900], label="plan")
    ...     _ = ax.set_title("Aalborg (851)", loc="left", fontsize=9)
    >>> fit_grid(fig, axes, 2, 3, title=fig.suptitle("Net emissions"),
    ...          ylabel=fig.supylabel("kt CO2e/yr"), legend=fig.legend())
    >>> r = fig.canvas.get_renderer()
    >>> boxes = [ax.get_tightbbox(r) for ax in axes]
    >>> bool(min(b.x0 for b in boxes) > 0 and max(b.x1 for b in boxes) <= 800)
    True
    """
    r = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    pad = PAD * fig.dpi / 72
    shown = [ax for ax in axes if ax.get_visible()]
    title_h = title.get_window_extent(r).height if title is not None else 0.0
    ylabel_w = ylabel.get_window_extent(r).width if ylabel is not None else 0.0
    legend_h = legend.get_window_extent(r).height if legend is not None else 0.0
    panel_title = max((_title_room(ax, r) for ax in shown), default=0.0)
    # the x tick labels' height under the bottom row, at a provisional layout
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.1, top=0.9, wspace=0.25, hspace=0.3)
    low = [ax for ax in shown if ax.xaxis.get_tick_params()["labelbottom"]] or shown
    under = max((ax.get_window_extent(r).y0 - ax.xaxis.get_tightbbox(r).y0 for ax in low),
                default=0.0)
    top = pad + (title_h + pad if title is not None else 0.0) + panel_title
    bottom = pad + (legend_h + pad if legend is not None else 0.0) + under
    gap_v = panel_title + pad
    panel_h = (height - top - bottom - gap_v * (nrows - 1)) / nrows
    fig.subplots_adjust(top=1.0 - top / height, bottom=bottom / height,
                        hspace=gap_v / panel_h)
    ticks = []  # the y tick labels' width of each panel, at the final panel height
    for ax in shown:
        box, ybox = ax.get_window_extent(r), ax.yaxis.get_tightbbox(r)
        ticks.append(box.x0 - ybox.x0 if ybox is not None else 0.0)
    first_col = [w for ax, w in zip(shown, ticks, strict=True)
                 if ax.get_subplotspec().colspan.start == 0]
    left = pad + (ylabel_w + pad if ylabel is not None else 0.0) + max(first_col, default=0.0)
    right = pad + max((ax.xaxis.get_tightbbox(r).x1 - ax.get_window_extent(r).x1 for ax in low),
                      default=0.0)
    gap_h = max(ticks, default=0.0) + 2 * pad
    panel_w = (width - left - right - gap_h * (ncols - 1)) / ncols
    fig.subplots_adjust(left=left / width, right=1.0 - max(right, pad) / width,
                        wspace=gap_h / panel_w)
    if title is not None:
        title.set_y(1.0 - pad / height)
        title.set_verticalalignment("top")
    if ylabel is not None:
        ylabel.set_x(pad / width)
        ylabel.set_horizontalalignment("left")
        ylabel.set_y(1.0 - (top + (height - top - bottom) / 2) / height)
    if legend is not None:
        legend.set_bbox_to_anchor((0.0, pad / height, 1.0, 0.0), transform=fig.transFigure)
