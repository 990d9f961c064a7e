"""The steps of the merge of curation/raw into data/ (``tools/merge_curation.py`` runs them).

reading    the curators' CSVs under a root, nothing read at import
names      entity names and regions resolved against that root's code tables
admitting  per-row rules: a rejection reason or None
evidence   what a row says about its source (type, publisher, doubt, consistency)
choosing   the authority order between disagreeing sources (issue 17's decision rules)
reducing   one function, driven by a key spec, turning candidate rows into table rows
tables     the key spec of each table and how one key's rows are settled
seeding    hand-typed seed rows against the merged evidence
sourcing   the sources table: one row per address cited
writing    deterministic CSV writing
"""
