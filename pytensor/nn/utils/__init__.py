"""pytensor.nn.utils: gradient clipping and the packed-sequence tools for recurrent layers.

>>> from pytensor.nn.utils import clip_grad_norm_, rnn
>>> rnn.PackedSequence.__name__
'PackedSequence'
"""

from . import rnn
from .clip_grad import clip_grad_norm_, clip_grad_value_, clip_grads_with_norm_, get_total_norm

__all__ = ["clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm", "rnn"]
