"""Pure export functions: data in, bytes out."""
