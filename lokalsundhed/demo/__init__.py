"""Demo and synthetic data: a small partnership to show the product, and national-scale data to load it."""
