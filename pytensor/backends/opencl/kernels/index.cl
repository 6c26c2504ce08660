// index.cl: gather and scatter along one dim (ReferenceBackend.gather / .scatter).
// Indices are int64. An index outside [0, size) is skipped (gather writes 0) and recorded in the
// error buffer (code, index, size, dim); the runtime raises the reference's IndexError the next
// time the host waits for the device.

// Record the first bad index (a later kernel's would overwrite the one that failed first).
void index_error(__global long *error, long k, long size, long dim, long tag) {
    if (error[0] != 0) return;
    error[0] = ERROR_INDEX; error[1] = k; error[2] = size; error[3] = dim; error[4] = tag;
}

// gather: out[.., j, ..] = x[.., index[.., j, ..], ..], one work-item per output element.
// `x_layout` is x's layout with the stride of `dim` set to 0; the index adds index * x_dim_step.
__kernel void gather(__global U *out, const Layout out_layout,
                     __global const T *x, const Layout x_layout, const long x_dim_step,
                     const long size, const long dim, const long tag,
                     __global const long *index, const Layout index_layout,
                     const Shape shape, const long n, __global long *error) {
    long i = get_global_id(0);
    if (i >= n) return;
    long k = index[position(i, &shape, &index_layout)];
    T value = 0;
    if (k < 0 || k >= size) {
        index_error(error, k, size, dim, tag);
    } else {
        value = x[position(i, &shape, &x_layout) + k * x_dim_step];
    }
    out[position(i, &shape, &out_layout)] = STORE(value);
}

// scatter: out[.., index[.., j, ..], ..] = src[.., j, ..] (ADD: +=). One work-item per row of
// `index` along dim, looping over j in order: two items never write the same element, so no
// atomics are needed and repeated indices add up in the same order as on the reference path.
__kernel void scatter(__global U *out, const Layout out_outer, const long out_step,
                      const long size, const long dim, const long tag,
                      __global const long *index, const Layout index_outer, const long index_step,
                      __global const T *src, const Layout src_outer, const long src_step,
                      const long n, const Shape outer, const long rows, __global long *error) {
    long row = get_global_id(0);
    if (row >= rows) return;
    long out_pos = position(row, &outer, &out_outer);
    long index_pos = position(row, &outer, &index_outer);
    long src_pos = position(row, &outer, &src_outer);
    for (long j = 0; j < n; ++j) {
        long k = index[index_pos + j * index_step];
        if (k < 0 || k >= size) {
            index_error(error, k, size, dim, tag);
            continue;
        }
        long p = out_pos + k * out_step;
#if ADD
        out[p] = STORE(out[p] + src[src_pos + j * src_step]);
#else
        out[p] = STORE(src[src_pos + j * src_step]);
#endif
    }
}
