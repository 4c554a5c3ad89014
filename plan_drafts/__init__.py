"""Plan drafts: the next three-year plan written from the evidence of the evaluation, then approved."""
