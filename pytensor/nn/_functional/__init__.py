"""The pieces of `pytensor.nn.functional`, one file per family (see functional.py).

>>> import pytensor.nn.functional as F
>>> from pytensor.nn._functional.loss import cross_entropy
>>> cross_entropy is F.cross_entropy
True
"""
