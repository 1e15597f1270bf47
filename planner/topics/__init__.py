"""Step 4, topics: text features, clusters sized to rooms, labels."""
