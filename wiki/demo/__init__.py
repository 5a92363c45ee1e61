"""Demo and synthetic catalogues: ``data`` (the series *Soundtrack*), ``loading`` (into the
database, idempotently), ``art`` (its pictures, drawn), ``generator`` (a catalogue of any size
for benchmarks)."""
