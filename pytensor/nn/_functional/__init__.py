"""The pieces of `pytensor.nn.functional`, one file per family (see functional.py)."""
