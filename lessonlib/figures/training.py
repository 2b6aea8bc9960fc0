"""Drawing a training run: loss and accuracy per epoch (lessonlib.nn.History), for any lesson that trains."""
from __future__ import annotations

import numpy as np

from .static import static_figure


def draw_history(history, title="training"):
    """Mean training loss per epoch (left) and accuracy per epoch (right; validation if recorded).

    history: lessonlib.nn.History (loss, accuracy, val_loss, val_accuracy: one number per epoch)."""
    fig, (ax_l, ax_a) = static_figure((8, 2.6), 2)
    epochs = np.arange(1, len(history.loss) + 1)
    ax_l.plot(epochs, history.loss, label="training")
    if history.val_loss:
        ax_l.plot(epochs, history.val_loss, label="held out")
    ax_l.set(xlabel="epoch", ylabel="cross-entropy loss", title=title)
    ax_l.legend(fontsize=8)
    ax_a.plot(epochs, 100 * np.asarray(history.accuracy), label="training")
    if history.val_accuracy:
        ax_a.plot(epochs, 100 * np.asarray(history.val_accuracy), label="held out")
    ax_a.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    ax_a.legend(fontsize=8)
    return fig
