// reduce.cl: ReferenceBackend.reduce and .scan on the device.
//
// reduce: one work-group per output element (a "row" is the elements along the reduced dim).
//   1. Each of the WG work-items folds every WG-th element of the row into a private value.
//   2. The work-group combines those WG partial values in local memory as a tree: the first
//      half adds in the second half, then the first quarter the second quarter, ... so a row of
//      n elements takes n/WG + log2(WG) steps instead of n.
// The global size is rows * WG, so every work-group is full and all its items reach every
// barrier (PoCL has miscompiled barriers inside partial work-groups).
//
// The runtime defines ACC (the accumulator type), IDENTITY, and COMBINE(acc, value).
// `outer` is the shape of the output with the reduced dim removed; `x_outer` and `out_outer`
// give each operand's layout over those dims; the row itself is `n` elements `x_step` apart.

#ifdef COMBINE
__kernel void reduce(__global U *out, const Layout out_outer,
                     __global const T *x, const Layout x_outer, const long n, const long x_step,
                     const Shape outer, __local ACC *partial) {
    long row = get_group_id(0);
    int lid = get_local_id(0);
    int wg = get_local_size(0);
    long start = position(row, &outer, &x_outer);

    ACC acc = IDENTITY;
    for (long j = lid; j < n; j += wg) {
        acc = COMBINE(acc, (ACC)x[start + j * x_step]);
    }
    partial[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int step = wg / 2; step > 0; step /= 2) {
        if (lid < step) partial[lid] = COMBINE(partial[lid], partial[lid + step]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) out[position(row, &outer, &out_outer)] = STORE(partial[0]);
}

#endif

#ifdef BEATS
// argmax / argmin: the same tree over (value, index) pairs. BEATS is > for argmax, < for argmin.
// Does (v, i) win over (w, j)? A NaN wins (torch returns the first NaN), then the larger (or
// smaller) value, then the smaller index, so the first of equal maxima is returned.
bool better(T v, long i, T w, long j) {
#if T_FLOAT
    if (isnan(v)) return !isnan(w) || i < j;
    if (isnan(w)) return false;
#endif
    return v BEATS w || (v == w && i < j);
}

__kernel void arg_reduce(__global long *out, const Layout out_outer,
                         __global const T *x, const Layout x_outer, const long n, const long x_step,
                         const Shape outer, __local T *best_value, __local long *best_index) {
    long row = get_group_id(0);
    int lid = get_local_id(0);
    int wg = get_local_size(0);
    long start = position(row, &outer, &x_outer);

    T value = 0;
    long index = -1;  // -1: this work-item has seen nothing yet (rows shorter than WG)
    for (long j = lid; j < n; j += wg) {
        T v = x[start + j * x_step];
        if (index < 0 || better(v, j, value, index)) { value = v; index = j; }
    }
    best_value[lid] = value;
    best_index[lid] = index;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int step = wg / 2; step > 0; step /= 2) {
        if (lid < step) {
            long j = best_index[lid + step];
            if (j >= 0 && (best_index[lid] < 0 ||
                           better(best_value[lid + step], j, best_value[lid], best_index[lid]))) {
                best_value[lid] = best_value[lid + step];
                best_index[lid] = j;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) out[position(row, &outer, &out_outer)] = best_index[0];
}

#endif

#ifdef COMBINE
// scan (cumsum, cumprod): one work-item per row, walking it in order like the reference's
// accumulate(), from the same IDENTITY (so cumsum([-0.]) is 0., as in ATen). A running sum is
// sequential by nature; rows run in parallel.
__kernel void scan(__global U *out, const Layout out_outer, const long out_step,
                   __global const T *x, const Layout x_outer, const long x_step, const long n,
                   const Shape outer, const long rows) {
    long row = get_global_id(0);
    if (row >= rows) return;
    long x_pos = position(row, &outer, &x_outer);
    long out_pos = position(row, &outer, &out_outer);
    ACC acc = IDENTITY;
    for (long j = 0; j < n; ++j) {
        acc = COMBINE(acc, (ACC)x[x_pos + j * x_step]);
        out[out_pos + j * out_step] = STORE(acc);
    }
}
#endif
