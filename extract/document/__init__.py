"""One source file in, records out: what decides what a document yields.

readers/ turn a file (PDF, text export) into the one block model (blocks.py); parsers/ read the
blocks into records, one parser per kind, with their shared helpers (columns, patterns, dates,
evidence) beside them; nlp.py is the spaCy pipeline of rule components they use. The extractor
version is a digest of this folder (with models/ and errors.py): changing anything here makes
every cached extraction stale, and nothing here imports the rest of the project (a test holds it).
"""
