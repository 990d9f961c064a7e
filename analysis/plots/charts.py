"""Old import path of the charts (kept so existing code keeps working).

The charts live in modules named for the analysis they draw:
:mod:`analysis.plots.coverage`, :mod:`analysis.plots.distributions`,
:mod:`analysis.plots.ranking`, :mod:`analysis.plots.agreement`,
:mod:`analysis.plots.trends` and :mod:`analysis.plots.history`; their labels
in both languages are rows of ``analysis/plots/text.csv``.
``from analysis.plots.charts import scores_by_year`` still works.
"""

from analysis.plots.agreement import bland_altman_plot, instruments_scatter, self_vs_ministry_plot
from analysis.plots.common import source_line
from analysis.plots.coverage import coverage_heatmap, sample_vs_population, scores_by_year
from analysis.plots.distributions import (
    ceiling_plot,
    pekppp_categories,
    score_distributions,
    zone_share_lines,
    zone_shares_bars,
)
from analysis.plots.ranking import province_tile_map, rank_interval_plot, within_province
from analysis.plots.trends import era_trends_plot, rtm_plot, trajectories

__all__ = ["scores_by_year", "source_line", "coverage_heatmap", "score_distributions",
           "zone_shares_bars", "ceiling_plot", "pekppp_categories", "rank_interval_plot",
           "province_tile_map", "within_province", "self_vs_ministry_plot",
           "bland_altman_plot", "instruments_scatter", "zone_share_lines", "trajectories",
           "rtm_plot", "era_trends_plot", "sample_vs_population"]
