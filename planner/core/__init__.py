"""Shared by every step: errors and their messages, size limits, ids, text, GC pauses."""
