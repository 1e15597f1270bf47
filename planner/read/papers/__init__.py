"""The paper list, read from each format into the same ``Paper`` records.

``reader`` picks the format's reader and checks what every list must hold;
each format has its own module beside it.
"""
