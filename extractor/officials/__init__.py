"""Officials layer: named people with an institutional role and their positions."""
