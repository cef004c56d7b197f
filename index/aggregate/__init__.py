"""Counts over a set of articles for the reader's overview: how they fall in time, which
entities they name together, and how many distinct stories they are once copies fold."""
