"""After extraction, across documents: people and organisations resolved (people.py), themes coded
against the codebook (themes.py), and links between commitments of different documents (links.py),
with their vocabularies (themes.yml, abbreviations.yml)."""
