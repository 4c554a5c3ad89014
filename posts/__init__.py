"""Synthesis posts and the district's blog."""
