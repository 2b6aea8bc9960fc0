"""Thin ipywidgets shells: controls that call a render module's update() and redraw the figure."""
