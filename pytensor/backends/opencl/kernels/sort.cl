// sort.cl: ReferenceBackend.sort on the device, a bitonic sorting network per row.
//
// The reference sorts each row with Python's stable sort. Here every row is copied into
// scratch buffers (`keys` of type T, `index` of positions along the dim), padded to P elements,
// P the next power of two at or above the row length n, because a bitonic network sorts
// power-of-two lengths. The network is log2(P) * (log2(P) + 1) / 2 stages; the backend
// launches `sort_stage` once per stage, and each stage compares P/2 disjoint pairs per row.
// Launch boundaries order the stages, so no barrier (and no local memory) is needed.
//
// A sorting network is not stable by itself, so elements compare as (key, original position):
// no two are equal, the sorted order is unique, and it is the order a stable sort gives.
// Padding elements (position >= n) compare above everything and end up past the row's end.
//
// Scratch layout: row r, slot s is at r * P + s. The launches are 1-D over all rows' slots (or
// pairs); P = 1 << log_p, so a work-item finds its row and slot with a shift and a mask, not a
// division (slow on CPU devices).

// Does element (a, i) come before element (b, j)? i and j are original positions along the dim.
bool before(T a, long i, T b, long j, long n, int descending) {
    if (i >= n || j >= n) return i < j;  // padding goes last, a real element before it
#if T_FLOAT
    // NaN sorts above every number: last ascending, first descending. Two NaNs keep their order.
    bool a_nan = isnan(a), b_nan = isnan(b);
    if (a_nan && b_nan) return i < j;
    if (a_nan || b_nan) return descending ? a_nan : b_nan;
#endif
    if (a != b) return descending ? a > b : a < b;
    return i < j;  // equal keys keep their original order in both directions: stable
}

// Copy row r of x (n elements, x_step apart) into the scratch slots, padding up to P.
__kernel void sort_load(__global T *keys, __global long *index, const int log_p, const long rows,
                        __global const T *x, const Layout x_outer, const long x_step,
                        const long n, const Shape outer) {
    long i = get_global_id(0);
    if (i >= rows << log_p) return;
    long row = i >> log_p;
    long s = i & ((1L << log_p) - 1);
    keys[i] = s < n ? x[position(row, &outer, &x_outer) + s * x_step] : (T)0;
    index[i] = s;
}

// One stage of the network: block size k (a power of two, 2..P) and distance d (k/2 down to 1).
// Pair t of a row joins slots lo and lo + d, lo being t with a 0 bit inserted at bit log2(d).
// Blocks with (lo & k) == 0 sort upwards, the others downwards; the last stage (k == P) has
// only upward blocks, which leaves the whole row in order.
__kernel void sort_stage(__global T *keys, __global long *index, const int log_p, const long rows,
                         const long k, const long d, const long n, const int descending) {
    long i = get_global_id(0);
    if (i >= rows << (log_p - 1)) return;  // P/2 pairs per row
    long row = i >> (log_p - 1);
    long t = i & ((1L << (log_p - 1)) - 1);
    long lo = ((t & ~(d - 1)) << 1) | (t & (d - 1));
    long a = (row << log_p) + lo;
    long b = a + d;
    bool upward = (lo & k) == 0;
    T key_a = keys[a], key_b = keys[b];
    long index_a = index[a], index_b = index[b];
    // Swap when the pair is out of the block's direction.
    if (before(key_b, index_b, key_a, index_a, n, descending) == upward) {
        keys[a] = key_b; keys[b] = key_a;
        index[a] = index_b; index[b] = index_a;
    }
}

// Write the first n slots of each row to values and indices, through their layouts.
__kernel void sort_store(__global T *values, const Layout values_outer, const long values_step,
                         __global long *indices, const Layout indices_outer,
                         const long indices_step,
                         __global const T *keys, __global const long *index, const int log_p,
                         const long rows, const long n, const Shape outer) {
    long i = get_global_id(0);
    if (i >= rows << log_p) return;
    long row = i >> log_p;
    long s = i & ((1L << log_p) - 1);
    if (s >= n) return;  // padding
    values[position(row, &outer, &values_outer) + s * values_step] = keys[i];
    indices[position(row, &outer, &indices_outer) + s * indices_step] = index[i];
}
