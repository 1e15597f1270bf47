"""Step 1, read: the paper list and the venue file, read into typed records."""
