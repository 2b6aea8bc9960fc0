"""One home per lesson: `lessonlib.lessons.l<stem>` for the notebook `notebooks/<stem>.ipynb`
(lesson 15, `15_pooling.ipynb`, lives in `lessonlib/lessons/l15_pooling/`).

A home holds what belongs to its lesson alone, in modules named for what they hold:
    compute.py    settings -> a small NamedTuple (a "frame") of arrays and numbers
    view.py       frame -> existing artists updated (draws, computes nothing)
    controls.py   the lesson's Explorers (lessonlib.figures.Explorer): sliders -> frame -> view
A home imports the core (every lessonlib module outside `lessons`), never another home; a
notebook imports the core and its own home. What two lessons need belongs in the core.
"""
