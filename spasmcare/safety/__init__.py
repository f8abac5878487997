"""Safety: the red-flag check, the pain rules, every threshold they use and what each outcome
still offers (rules.py, with the facts and their sources in SOURCES.md), and the pages that ask
the questions: the full check and the one-tap "Back spasm right now?" (views.py)."""
