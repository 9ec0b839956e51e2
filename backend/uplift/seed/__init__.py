"""The built-in data set (the 107 plan) and the loader for it and other data files."""
