"""One way through the build: documents extracted within their limits (extraction.py, limits.py), in
parallel (executors.py), cached (cache.py), then the cross-document steps and the database
(build.py: ``from extract.pipeline.build import build``), kept when nothing changed (freshness.py).

Nothing is imported here, so that the up-to-date check (freshness.py) runs without loading the readers
and spaCy: a build with nothing to do takes a moment.
"""
