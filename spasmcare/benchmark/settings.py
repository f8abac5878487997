"""The production settings plus the benchmark's URLs (a bare view to measure against)."""

from spasmcare.settings import *  # noqa: F403

ROOT_URLCONF = "spasmcare.benchmark.urls"
