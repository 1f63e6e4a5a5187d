"""The science behind the explainer: plain Python (numpy, mpmath, Pillow), no Streamlit.

The one exception is :mod:`lib.ui`, the shared Streamlit helpers used by every page.
"""
