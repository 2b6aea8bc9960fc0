"""Lesson 3's drawings: the Auto MPG features, and an MLP's test predictions epoch by epoch next
to a least-squares line's."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ...figures import DPI, freeze_layout
from ...figures.cached_panels import cache_panels
from ...figures.scales import set_step_ticks, step_axis

MLP_COLOR, LINEAR_COLOR = "C0", "C1"


def draw_features(X, y, feature_names, target_name="mpg", figsize=(9, 2.8)):
    """One scatter per feature column of X (n, d) against the target y (n,)."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != len(feature_names) or len(X) != len(y):
        raise ValueError(f"X must be (n, {len(feature_names)}) with one column per feature name and "
                         f"n = len(y) = {len(y)}, got {X.shape}")
    fig, axes = plt.subplots(1, X.shape[1], figsize=figsize, dpi=DPI, layout="constrained", sharey=True)
    for ax, col, name in zip(np.atleast_1d(axes), X.T, feature_names):
        ax.plot(col, y, ".", ms=3, alpha=0.6, color="0.3")
        ax.set_xlabel(name)
    np.atleast_1d(axes)[0].set_ylabel(target_name)
    return fig


class RegressionView:
    """Left: predicted vs true target on the test set, MLP (blue) and linear baseline (orange).
    Right: the MLP's training and test MAE per epoch, the baseline's test MAE, a marker at the
    frame's epoch.

    frame: a compute.RegressionFrame; y_test (n_test,): the true targets; linear_pred (n_test,):
    the baseline's predictions; runs: {hidden: RegressionRun}, whose final predictions and errors
    fix the axes once, for every setting. update(frame) shows another network or epoch.
    """

    def __init__(self, frame, *, y_test, linear_pred, runs: dict, target_name="mpg", figsize=(9, 3.4)):
        y_test, linear_pred = np.asarray(y_test, dtype=float), np.asarray(linear_pred, dtype=float)
        if linear_pred.shape != y_test.shape:
            raise ValueError(f"linear_pred must have y_test's shape {y_test.shape}, got {linear_pred.shape}")
        self.target_name = target_name
        n_epochs = len(frame.test_mae)
        self.fig, (ax_s, ax_c) = plt.subplots(1, 2, figsize=figsize, dpi=DPI, layout="constrained")
        everything = np.concatenate([y_test, linear_pred] + [r.test_pred[-1] for r in runs.values()])
        lo, hi = np.percentile(everything, [0, 100]) + np.array([-2, 2])
        ax_s.plot([lo, hi], [lo, hi], color="0.6", lw=1, ls="--", label="perfect")
        ax_s.plot(y_test, linear_pred, "s", ms=3.5, color=LINEAR_COLOR, alpha=0.6,
                  label=f"least squares (MAE {frame.linear_mae:.2f})")
        (self.points,) = ax_s.plot(y_test, y_test, "o", ms=3.5, color=MLP_COLOR, alpha=0.8, label="MLP")
        ax_s.set(xlim=(lo, hi), ylim=(lo, hi), xlabel=f"true {target_name}", ylabel=f"predicted {target_name}",
                 aspect="equal")
        self.legend = ax_s.legend(fontsize=10, loc="upper left")
        self.scatter_title = ax_s.set_title("", fontsize=10)
        # epochs on the step axis (linear to 10, then log): the error falls in the first few
        # epochs and then barely moves; a linear axis would hide the fall
        self.x_epochs = step_axis(np.arange(1, n_epochs + 1))
        (self.train_curve,) = ax_c.plot(self.x_epochs, self.x_epochs * 0.0, color=MLP_COLOR, lw=1, ls=":",
                                        label="MLP, training set")
        (self.test_curve,) = ax_c.plot(self.x_epochs, self.x_epochs * 0.0, color=MLP_COLOR, lw=1.8,
                                       label="MLP, test set")
        ax_c.axhline(frame.linear_mae, color=LINEAR_COLOR, lw=1.5, label="least squares, test set")
        (self.marker,) = ax_c.plot([], [], "o", color=MLP_COLOR, ms=7)
        all_mae = np.concatenate([np.r_[r.train_mae[:n_epochs], r.test_mae[:n_epochs]] for r in runs.values()])
        top = min(float(np.max(all_mae)), 3 * frame.linear_mae)     # the first epochs' errors would squash the rest
        ax_c.set(xlim=(self.x_epochs[0] - 0.05, self.x_epochs[-1]), ylim=(0.6 * float(np.min(all_mae)), top * 1.05),
                 xlabel="epoch (linear to 10, then log)", ylabel=f"mean absolute error ({target_name})")
        set_step_ticks(ax_c, n_epochs, ticks=(1, 2, 4, 6, 8, 10, 20, 50, 100, 200, 500, 1000))
        ax_c.legend(fontsize=10, loc="upper right")
        self.curve_title = ax_c.set_title("", fontsize=10)
        self.legends = None                   # the legends' picture cache, made below once laid out
        self.update(frame)
        freeze_layout(self.fig)
        # both panels drawn from cached pictures (axes, ticks, labels: most of a draw's time); the
        # points, curves, marker and titles are drawn over them on every move, and the two legends
        # over those, from pictures of their own (the scatter legend's per MAE it shows)
        self.panels = cache_panels(self.fig, [ax_s, ax_c],
                                   overlays=[self.points, self.scatter_title, self.train_curve,
                                             self.test_curve, self.marker, self.curve_title])
        self.legends = cache_panels(self.fig, [self.legend, ax_c.get_legend()], zorder=self.legend.get_zorder())
        self.legends.keys[0] = self.legend.get_texts()[2].get_text()

    def update(self, frame):
        """Show the network and epoch of `frame` (a compute.RegressionFrame)."""
        self.points.set_ydata(frame.test_pred)
        self.legend.get_texts()[2].set_text(f"MLP (MAE {frame.mae:.2f})")
        if self.legends is not None:
            self.legends.keys[0] = self.legend.get_texts()[2].get_text()
        self.scatter_title.set_text(f"test set: 3 → {frame.hidden} → 1 MLP after {frame.epochs} epochs")
        self.train_curve.set_ydata(frame.train_mae)
        self.test_curve.set_ydata(frame.test_mae)
        self.marker.set_data([self.x_epochs[frame.epochs - 1]], [frame.mae])
        verdict = "better" if frame.mae < frame.linear_mae else "worse"
        self.curve_title.set_text(f"test MAE {frame.mae:.2f} vs least squares {frame.linear_mae:.2f}: MLP {verdict}")
