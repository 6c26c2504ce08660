"""Variable-length batches for recurrent layers, as in torch/nn/utils/rnn.py.

A batch of sequences of different lengths can be padded to one (T, B, *) tensor
(`pad_sequence`), or packed: the time steps are laid out one after another, and at each step
only the sequences still running are kept. Sorted longest first, the lengths [3, 2, 1] give

    data        = [a0, b0, c0, a1, b1, a2]      (sum of lengths, *)
    batch_sizes = [3, 2, 1]                      how many sequences are running at step t

An RNN that reads a `PackedSequence` never computes on the padding. `sorted_indices` records
how the batch was reordered when the caller's sequences were not sorted by length, and
`unsorted_indices` undoes it.

>>> import pytensor
>>> from pytensor.nn.utils.rnn import pack_sequence, pad_packed_sequence
>>> packed = pack_sequence([pytensor.tensor([1.0, 2.0, 3.0]), pytensor.tensor([4.0])])
>>> packed.data, packed.batch_sizes
(tensor([1., 4., 2., 3.]), tensor([2, 1, 1]))
>>> pad_packed_sequence(packed, batch_first=True)[0]
tensor([[1., 2., 3.],
        [4., 0., 0.]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ...dtypes import int64
from ...ops.creation import arange, full, tensor
from ...ops.indexing import sort
from ...ops.movement import cat, stack
from ...tensor import Tensor

__all__ = [
    "PackedSequence", "invert_permutation", "pack_padded_sequence", "pack_sequence",
    "pad_packed_sequence", "pad_sequence", "unpack_sequence", "unpad_sequence",
]  # fmt: skip


class _PackedSequenceFields(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None
    unsorted_indices: Tensor | None


class PackedSequence(_PackedSequenceFields):
    """The packed form of a batch of sequences (see the module docstring).

    A named tuple `(data, batch_sizes, sorted_indices, unsorted_indices)`, so
    `data, batch_sizes, *_ = packed` works. Build one with `pack_padded_sequence` or
    `pack_sequence`, not by hand; the recurrent layers take it as input and return their output
    in the same form.

    Attributes:
        data: the time steps one after another, `(sum of lengths, *)`.
        batch_sizes: int64 `(T,)` on the CPU: how many sequences are running at each step.
        sorted_indices: int64 `(B,)`, the order the batch was sorted into, or None.
        unsorted_indices: int64 `(B,)`, its inverse; computed from `sorted_indices` when None.

    Note:
        PyTorch's legacy form `PackedSequence((data, batch_sizes))` is not supported.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import pack_sequence
        >>> packed = pack_sequence([pytensor.tensor([1.0, 2.0, 3.0]), pytensor.tensor([4.0])])
        >>> data, batch_sizes, *_ = packed
        >>> data, batch_sizes
        (tensor([1., 4., 2., 3.]), tensor([2, 1, 1]))
    """

    def __new__(
        cls,
        data: Tensor,
        batch_sizes: Tensor | None = None,
        sorted_indices: Tensor | None = None,
        unsorted_indices: Tensor | None = None,
    ) -> PackedSequence:
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            # torch's legacy form PackedSequence((data, batch_sizes)) is not supported.
            raise TypeError("PackedSequence needs data and batch_sizes")
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """Move or cast `data` (and the indices to its device); batch_sizes stays on the CPU.

        Args:
            *args: as for `Tensor.to`.
            **kwargs: as for `Tensor.to`.

        Returns:
            `self` when nothing changes, else a new PackedSequence.

        Examples:
            >>> import pytensor
            >>> from pytensor.nn.utils.rnn import pack_sequence
            >>> packed = pack_sequence([pytensor.tensor([1.0, 2.0]), pytensor.tensor([3.0])])
            >>> packed.to(pytensor.float64).data.dtype
            pytensor.float64
        """
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self

        def move(index: Tensor | None) -> Tensor | None:
            return None if index is None else index.to(data.device)

        return type(self)(
            data, self.batch_sizes, move(self.sorted_indices), move(self.unsorted_indices)
        )

    @property
    def is_cuda(self) -> bool:
        """Whether `data` is on a CUDA device (always False here)."""
        return self.data.is_cuda


def invert_permutation(permutation: Tensor) -> Tensor:
    """The permutation q with q[p[i]] = i, by one scatter (as torch).

    Args:
        permutation: an int64 permutation of `0..n-1`, `(n,)`.

    Returns:
        The inverse permutation, `(n,)`.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import invert_permutation
        >>> invert_permutation(pytensor.tensor([2, 0, 1]))
        tensor([1, 2, 0])
    """
    output = permutation.new_empty(permutation.shape)
    return output.scatter_(0, permutation, arange(permutation.numel(), device=output.device))


def pad_sequence(
    sequences: Tensor | Sequence[Tensor],
    batch_first: bool = False,
    padding_value: float = 0.0,
    padding_side: str = "right",
) -> Tensor:
    """Stack sequences of shape (L_i, *) into (L_max, B, *), or (B, L_max, *) if batch_first.

    Shorter sequences are filled with `padding_value` on the right (or on the left).

    Args:
        sequences: a list of tensors `(L_i, *)` (or a tensor, split along dim 0).
        batch_first: put the batch dimension first.
        padding_value: the value of the padding.
        padding_side: `'right'` or `'left'`.

    Returns:
        `(L_max, B, *)`, or `(B, L_max, *)` with `batch_first`.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import pad_sequence
        >>> a, b = pytensor.tensor([1.0, 2.0, 3.0]), pytensor.tensor([4.0, 5.0])
        >>> c = pytensor.tensor([6.0])
        >>> pad_sequence([a, b, c])
        tensor([[1., 4., 6.],
                [2., 5., 0.],
                [3., 0., 0.]])
        >>> pad_sequence([a, b, c], batch_first=True, padding_value=-1.0, padding_side="left")
        tensor([[ 1.,  2.,  3.],
                [-1.,  4.,  5.],
                [-1., -1.,  6.]])
    """
    if padding_side not in ("left", "right"):
        raise ValueError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    sequences = list(sequences.unbind(0)) if isinstance(sequences, Tensor) else list(sequences)
    max_len = max(seq.size(0) for seq in sequences)
    padded = []
    for seq in sequences:
        missing = max_len - seq.size(0)
        if missing == 0:
            padded.append(seq)
            continue
        fill = full((missing, *seq.shape[1:]), padding_value, dtype=seq.dtype, device=seq.device)
        padded.append(cat([seq, fill] if padding_side == "right" else [fill, seq]))
    return stack(padded, 0 if batch_first else 1)


def unpad_sequence(
    padded_sequences: Tensor, lengths: Tensor, batch_first: bool = False
) -> list[Tensor]:
    """The inverse of pad_sequence: a list of the B sequences, each cut to its length.

    Args:
        padded_sequences: `(L_max, B, *)`, or `(B, L_max, *)` with `batch_first`.
        lengths: int64 `(B,)`, the length of each sequence.
        batch_first: whether the batch dimension comes first.

    Returns:
        The list of B tensors `(L_i, *)` (views of the padded tensor).

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import pad_sequence, unpad_sequence
        >>> padded = pad_sequence([pytensor.tensor([1.0, 2.0]), pytensor.tensor([3.0])])
        >>> unpad_sequence(padded, pytensor.tensor([2, 1]))
        [tensor([1., 2.]), tensor([3.])]
    """
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [seq.narrow(0, 0, int(n)) for seq, n in zip(padded_sequences, lengths.tolist())]


def pack_padded_sequence(
    input: Tensor,  # noqa: A002
    lengths: Tensor | Sequence[int],
    batch_first: bool = False,
    enforce_sorted: bool = True,
) -> PackedSequence:
    """Pack a padded batch (T, B, *) (or (B, T, *) if batch_first) of the given lengths.

    With enforce_sorted=True the lengths must already decrease; otherwise the batch is sorted
    here (longest first) and the permutation is kept in the result to be undone later.

    Args:
        input: the padded batch, `(T, B, *)` or `(B, T, *)` with `batch_first`.
        lengths: the length of each sequence (a list or a CPU int64 tensor), each > 0.
        batch_first: whether the batch dimension comes first.
        enforce_sorted: require the lengths to be sorted longest first.

    Returns:
        The PackedSequence.

    Raises:
        RuntimeError: for unsorted lengths with `enforce_sorted`, a length of 0, a length longer
            than T, or a number of lengths other than B.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import pack_padded_sequence
        >>> padded = pytensor.tensor([[4.0, 5.0, 0.0], [1.0, 2.0, 3.0], [6.0, 0.0, 0.0]])
        >>> packed = pack_padded_sequence(padded, [2, 3, 1], batch_first=True, enforce_sorted=False)
        >>> packed.data, packed.batch_sizes, packed.sorted_indices
        (tensor([1., 4., 6., 2., 5., 3.]), tensor([3, 2, 1]), tensor([1, 0, 2]))
    """
    if isinstance(lengths, Tensor):
        lengths_list = [int(n) for n in lengths.tolist()]
    else:
        lengths_list = [int(n) for n in lengths]
    sorted_indices: Tensor | None = None
    if not enforce_sorted:
        lengths_t, sorted_indices = sort(tensor(lengths_list, dtype=int64), descending=True)
        lengths_list = [int(n) for n in lengths_t.tolist()]
        sorted_indices = sorted_indices.to(input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if batch_first:
        input = input.transpose(0, 1)
    if len(lengths_list) != input.size(1):
        raise RuntimeError(
            f"Expected `len(lengths)` to be equal to batch_size, but got {len(lengths_list)} "
            f"(batch_size={input.size(1)})"
        )
    if lengths_list[-1] <= 0:
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in "
            "'lengths' that is <= 0"
        )
    if any(a < b for a, b in zip(lengths_list, lengths_list[1:])):
        raise RuntimeError(
            "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
            "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
            "pack_sequence to sidestep this requirement if you do not need ONNX "
            "exportability."
        )
    if lengths_list[0] > input.size(0):
        raise RuntimeError(
            f"Expected sequence length to be larger than or equal to the largest length "
            f"({lengths_list[0]}), but got {input.size(0)}"
        )
    # Step t keeps the first batch_sizes[t] sequences: those longer than t.
    batch_sizes = [sum(1 for n in lengths_list if n > t) for t in range(lengths_list[0])]
    steps = [input[t].narrow(0, 0, b) for t, b in enumerate(batch_sizes)]
    return PackedSequence(cat(steps), tensor(batch_sizes, dtype=int64), sorted_indices, None)


def pad_packed_sequence(
    sequence: PackedSequence,
    batch_first: bool = False,
    padding_value: float = 0.0,
    total_length: int | None = None,
) -> tuple[Tensor, Tensor]:
    """The inverse of pack_padded_sequence: (padded (T, B, *) or (B, T, *), lengths int64 (B,)).

    total_length pads the time dimension further, to give a fixed T.

    Args:
        sequence: the PackedSequence.
        batch_first: put the batch dimension first.
        padding_value: the value of the padding.
        total_length: pad to this many time steps (at least the longest length).

    Returns:
        The padded batch in the caller's original order, and the lengths.

    Raises:
        ValueError: if `total_length` is shorter than the longest sequence.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import pack_sequence, pad_packed_sequence
        >>> seqs = [pytensor.tensor([4.0, 5.0]), pytensor.tensor([1.0, 2.0, 3.0])]
        >>> padded, lengths = pad_packed_sequence(pack_sequence(seqs, enforce_sorted=False),
        ...                                       batch_first=True, total_length=4)
        >>> padded
        tensor([[4., 5., 0., 0.],
                [1., 2., 3., 0.]])
        >>> lengths
        tensor([2, 3])
    """
    batch_sizes = [int(b) for b in sequence.batch_sizes.tolist()]
    max_seq_length = len(batch_sizes)
    if total_length is not None:
        if total_length < max_seq_length:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence "
                f"in input, but got total_length={total_length} and max sequence length "
                f"being {max_seq_length}"
            )
        max_seq_length = total_length
    data = sequence.data
    batch = batch_sizes[0]
    row_shape = tuple(data.shape[1:])

    def padding(rows: int) -> Tensor:
        return full((rows, *row_shape), padding_value, dtype=data.dtype, device=data.device)

    steps, offset = [], 0
    for b in batch_sizes:
        step = data.narrow(0, offset, b)
        steps.append(step if b == batch else cat([step, padding(batch - b)]))
        offset += b
    steps += [padding(batch)] * (max_seq_length - len(batch_sizes))
    padded = stack(steps)
    if batch_first:
        padded = padded.transpose(0, 1)
    lengths_list = [sum(1 for b in batch_sizes if b > i) for i in range(batch)]
    lengths = tensor(lengths_list, dtype=int64)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths.index_select(0, sequence.unsorted_indices.to("cpu"))
    return padded, lengths


def pack_sequence(sequences: Sequence[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of (L_i, *) sequences: pad_sequence, then pack_padded_sequence.

    Args:
        sequences: the tensors `(L_i, *)`, longest first unless `enforce_sorted=False`.
        enforce_sorted: require the sequences to be sorted by decreasing length.

    Returns:
        The PackedSequence.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import pack_sequence
        >>> a, b = pytensor.tensor([1.0, 2.0, 3.0]), pytensor.tensor([4.0, 5.0])
        >>> c = pytensor.tensor([6.0])
        >>> pack_sequence([a, b, c]).data
        tensor([1., 4., 6., 2., 5., 3.])
    """
    lengths = [seq.size(0) for seq in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """The inverse of pack_sequence: the list of (L_i, *) sequences, in the original order.

    Args:
        packed_sequences: the PackedSequence.

    Returns:
        The list of tensors `(L_i, *)`.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils.rnn import pack_sequence, unpack_sequence
        >>> seqs = [pytensor.tensor([4.0, 5.0]), pytensor.tensor([1.0, 2.0, 3.0])]
        >>> unpack_sequence(pack_sequence(seqs, enforce_sorted=False))
        [tensor([4., 5.]), tensor([1., 2., 3.])]
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
