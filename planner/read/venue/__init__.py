"""The venue file (TOML), read table by table into a ``Venue``.

``reader`` is the entry; each table has its own module, and ``schema`` holds
the pydantic models that check each table's shape first.
"""
