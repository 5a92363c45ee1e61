"""Search: ``queries`` answers (two engines, picked by the database), ``index`` keeps the
index rows in step with the catalogue, ``views`` serves the page and the header box's
suggestions, ``forms`` reads what the reader typed. The index table is ``wiki.models.search``."""
