"""The records out: the SQLite database (database.py) and the Datasette site's metadata and canned
queries (site.py)."""
