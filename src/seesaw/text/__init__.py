"""Words generated from results: the README's bottom line, the changes page, the codebook's tables."""
