"""Benchmarks that serve SpasmCare the production way on a throwaway, year-sized database.

    make bench   (python -m tests.bench pages)  speed, weight and Lighthouse per page
    make load    (python -m tests.bench load)   32 people browsing and saving at once

Everything runs on loopback, stops by itself, and cleans up its temporary folder.
"""
