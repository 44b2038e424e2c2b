"""data/sources stage."""
