"""Demo data: the taxonomy, fictional organisations and accounts a newcomer sees."""
