"""Step 9, outputs: the output folder written all or nothing, one module per format."""
