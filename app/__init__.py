"""Kakehashi: UK–Japan partner matching for industry and expert missions."""
