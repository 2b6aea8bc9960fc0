"""Lesson 14 (notebooks/14_feature_maps_lrn.ipynb): filters and feature maps of a trained CNN; local response normalisation (slides "Filters and Feature Maps", "Local Feature Normalization")."""
