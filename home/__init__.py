"""The top app: the home page, the menu assembled from every app's `nav.py`, and the error pages.

It is named `home`, not `site` as the design first called it: a package named `site` would shadow
Python's standard-library `site` module, which the interpreter imports at start-up.
"""
