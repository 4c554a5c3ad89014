"""evaluations: see the package's issue; empty until its feature lands."""
