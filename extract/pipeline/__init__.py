"""One way through the build: documents extracted within their limits (extraction.py, limits.py), in
parallel (executors.py), cached (cache.py), then the cross-document steps and the database
(build.py), kept when nothing changed (freshness.py)."""

from .build import BuildReport, build, iter_extractions

__all__ = ["BuildReport", "build", "iter_extractions"]
