"""The production settings plus the benchmark's URLs (a bare view to measure against)."""

from spasmcare.settings import *

ROOT_URLCONF = "spasmcare.benchmark.urls"
