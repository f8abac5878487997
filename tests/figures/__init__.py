"""The exercise drawings' generator: a tool, like tests/bench/, not part of the running app.

`make figures` (python -m tests.figures) draws static/exercises/figures/<slug>.svg for every
figure in exercises/content/poses.toml, and the app icons. skeleton.py poses a body by joint
angles; drawing.py turns a figure into one moving SVG; poses.py reads the poses file; review.py
builds the blind review pack (`make review-figures`). tests/test_figures.py fails until the
shipped drawings match what this writes.
"""
