"""The production settings plus the benchmark's URLs (a bare view to measure against) and the
header echo that lets mix.lua time each page of a mixed run."""

from spasmcare.settings import *

ROOT_URLCONF = "tests.bench.urls"
MIDDLEWARE = ["tests.bench.urls.echo_bench_header", *MIDDLEWARE]
