"""Lesson 3, `03_regression_auto_mpg.ipynb`: regression, predicting a car's mpg (the two slides "Neural Net Example: Regression")."""
