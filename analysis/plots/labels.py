"""Point labels that overlap neither each other nor the points.

A greedy placer: the figure is laid out first, then each label tries a ring
of positions around its point, nearest first, and keeps the first one that
stays inside the axes and clear of every marker, every label already placed
and any other box passed in (a legend, a band label). Labels that find no
free place are left out and counted, so the caller can say so. Deterministic:
the same points give the same positions, so saved figures stay byte-stable.
"""

from __future__ import annotations

import numpy as np

__all__ = ["place_labels"]

# offsets in points, nearest first: right, left, above, below, the diagonals,
# then the same directions further out (with a leader line)
_DIRECTIONS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1),
               (0.5, 1), (0.5, -1), (-0.5, 1), (-0.5, -1)]
_RADII = [5, 12, 20, 30]


def _overlaps(box, boxes) -> bool:
    return any(box.x0 < b.x1 and b.x0 < box.x1 and box.y0 < b.y1 and b.y0 < box.y1
               for b in boxes)


def _crosses(p0, p1, boxes) -> bool:
    """Whether the segment p0-p1 (display units) passes through any of the boxes."""
    t = np.linspace(0.02, 0.98, 40)[:, None]
    pts = np.asarray(p0) + t * (np.asarray(p1) - np.asarray(p0))
    return any(((b.x0 < pts[:, 0]) & (pts[:, 0] < b.x1) & (b.y0 < pts[:, 1])
                & (pts[:, 1] < b.y1)).any() for b in boxes)


def place_labels(ax, x, y, texts, *, marker_size: float = 40.0, fontsize: float = 6.5,
                 avoid=(), order=None) -> int:
    """Annotate points ``(x[i], y[i])`` with ``texts[i]`` where a label fits.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes already holding the points, with final limits.
    x, y : array-like
        Data coordinates of every point (all of them are kept clear).
    texts : sequence of str or None
        Label of each point; None for points that get no label.
    marker_size : float
        Marker area in points^2 (as ``scatter``'s ``s``).
    fontsize : float
        Label font size.
    avoid : sequence of matplotlib artists
        Other artists to keep clear of (legend, band labels).
    order : sequence of int, optional
        Order in which labels are placed (default: as given).

    Returns
    -------
    int
        Number of labels that found no free place and were left out.
    """
    from matplotlib.transforms import Bbox

    fig = ax.figure
    fig.draw_without_rendering()       # final layout, so display positions hold
    renderer = fig._get_renderer()
    to_px = fig.dpi / 72.0
    half = np.sqrt(marker_size) / 2 * to_px + 1
    pts = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    obstacles = [Bbox.from_extents(px - half, py - half, px + half, py + half) for px, py in pts]
    obstacles += [a.get_window_extent(renderer) for a in avoid]
    frame = ax.get_window_extent(renderer)
    placed = []
    missed = 0
    for i in (range(len(texts)) if order is None else order):
        if texts[i] is None:
            continue
        done = False
        for r in _RADII:
            for dx, dy in _DIRECTIONS:
                norm = np.hypot(dx, dy)
                off = (r * dx / norm, r * dy / norm)
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                ann = ax.annotate(texts[i], (x[i], y[i]), xytext=off, textcoords="offset points",
                                  ha=ha, va=va, fontsize=fontsize, zorder=4)
                # padded: room for the shift of the final constrained layout
                box = ann.get_window_extent(renderer).expanded(1.0, 1.0).padded(3)
                others = obstacles[:i] + obstacles[i + 1:len(pts)] + obstacles[len(pts):]
                anchor = (min(max(pts[i][0], box.x0), box.x1), min(max(pts[i][1], box.y0), box.y1))
                if (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                        and box.y1 <= frame.y1 and not _overlaps(box, obstacles)
                        and not _overlaps(box, placed)
                        and (r == _RADII[0] or not _crosses(pts[i], anchor, others + placed))):
                    placed.append(box)
                    if r > _RADII[0]:
                        ann.remove()
                        ax.annotate(texts[i], (x[i], y[i]), xytext=off,
                                    textcoords="offset points", ha=ha, va=va,
                                    fontsize=fontsize, zorder=4,
                                    arrowprops={"arrowstyle": "-", "color": "#888888",
                                                "lw": 0.5, "shrinkA": 0, "shrinkB": 3,
                                                # from the label's corner nearest the point
                                                "relpos": ({"left": 0, "center": 0.5,
                                                            "right": 1}[ha],
                                                           {"bottom": 0, "center": 0.5,
                                                            "top": 1}[va])})
                    done = True
                    break
                ann.remove()
            if done:
                break
        if not done:
            missed += 1
    return missed
