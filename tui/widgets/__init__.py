"""One widget per file; widgets post messages up and never reach into each other."""
