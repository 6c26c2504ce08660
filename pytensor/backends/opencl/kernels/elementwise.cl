// elementwise.cl: unary, binary, addcmul, where, copy and fill, each as two kernels.
//   *_flat:    every operand is one flat run (step 1: element i is at offset + i) or a single
//              value broadcast to every element (step 0), as in `x * 0.5`;
//   *_strided: any layout (a broadcast dim has stride 0), positions from position().
// They mirror ReferenceBackend._elementwise: the fast path first, the general walk beside it.
// UNARY_OP(x) and BINARY_OP(a, b) are the op's C expression, defined by the runtime from
// expressions.py, the OpenCL twin of scalar_ops.py. A program is built for one op and one pair
// of dtypes, so only the kernels whose macro is defined are compiled.

#ifdef UNARY_OP
__kernel void unary_flat(__global U *out, const long out_offset,
                         __global const T *x, const long x_offset, const long x_step,
                         const long n, __global long *error) {
    long i = get_global_id(0);
    if (i >= n) return;
    T x_i = x[x_offset + i * x_step];
    out[out_offset + i] = STORE(UNARY_OP(x_i));
}

__kernel void unary_strided(__global U *out, const Layout out_layout,
                            __global const T *x, const Layout x_layout,
                            const Shape shape, const long n, __global long *error) {
    long i = get_global_id(0);
    if (i >= n) return;
    T x_i = x[position(i, &shape, &x_layout)];
    out[position(i, &shape, &out_layout)] = STORE(UNARY_OP(x_i));
}
#endif

#ifdef BINARY_OP
__kernel void binary_flat(__global U *out, const long out_offset,
                          __global const T *a, const long a_offset, const long a_step,
                          __global const T *b, const long b_offset, const long b_step,
                          const long n, __global long *error) {
    long i = get_global_id(0);
    if (i >= n) return;
    T a_i = a[a_offset + i * a_step];
    T b_i = b[b_offset + i * b_step];
    out[out_offset + i] = STORE(BINARY_OP(a_i, b_i));
}

__kernel void binary_strided(__global U *out, const Layout out_layout,
                             __global const T *a, const Layout a_layout,
                             __global const T *b, const Layout b_layout,
                             const Shape shape, const long n, __global long *error) {
    long i = get_global_id(0);
    if (i >= n) return;
    T a_i = a[position(i, &shape, &a_layout)];
    T b_i = b[position(i, &shape, &b_layout)];
    out[position(i, &shape, &out_layout)] = STORE(BINARY_OP(a_i, b_i));
}
#endif

#ifdef ADDCMUL_OP
// addcmul: out[i] = a[i] + b[i] * c[i], rounded once (ReferenceBackend.addcmul).
__kernel void addcmul_flat(__global U *out, const long out_offset,
                           __global const T *a, const long a_offset, const long a_step,
                           __global const T *b, const long b_offset, const long b_step,
                           __global const T *c, const long c_offset, const long c_step,
                           const long n) {
    long i = get_global_id(0);
    if (i >= n) return;
    T a_i = a[a_offset + i * a_step];
    T b_i = b[b_offset + i * b_step];
    T c_i = c[c_offset + i * c_step];
    out[out_offset + i] = STORE(ADDCMUL_OP(a_i, b_i, c_i));
}

__kernel void addcmul_strided(__global U *out, const Layout out_layout,
                              __global const T *a, const Layout a_layout,
                              __global const T *b, const Layout b_layout,
                              __global const T *c, const Layout c_layout,
                              const Shape shape, const long n) {
    long i = get_global_id(0);
    if (i >= n) return;
    T a_i = a[position(i, &shape, &a_layout)];
    T b_i = b[position(i, &shape, &b_layout)];
    T c_i = c[position(i, &shape, &c_layout)];
    out[position(i, &shape, &out_layout)] = STORE(ADDCMUL_OP(a_i, b_i, c_i));
}
#endif

// where: out[i] = cond[i] ? a[i] : b[i]; cond is bool storage (uchar).
__kernel void where_strided(__global U *out, const Layout out_layout,
                            __global const uchar *cond, const Layout cond_layout,
                            __global const T *a, const Layout a_layout,
                            __global const T *b, const Layout b_layout,
                            const Shape shape, const long n) {
    long i = get_global_id(0);
    if (i >= n) return;
    uchar c = cond[position(i, &shape, &cond_layout)];
    T value = c ? a[position(i, &shape, &a_layout)] : b[position(i, &shape, &b_layout)];
    out[position(i, &shape, &out_layout)] = STORE(value);
}

// copy: out[i] = cast(x[i]). Also how a view is made contiguous on the device (needle's rule:
// kernels that want flat input get a device-side strided copy first, never a trip to the host).
__kernel void copy_flat(__global U *out, const long out_offset,
                        __global const T *x, const long x_offset, const long x_step,
                        const long n) {
    long i = get_global_id(0);
    if (i >= n) return;
    out[out_offset + i] = STORE(x[x_offset + i * x_step]);
}

__kernel void copy_strided(__global U *out, const Layout out_layout,
                           __global const T *x, const Layout x_layout,
                           const Shape shape, const long n) {
    long i = get_global_id(0);
    if (i >= n) return;
    out[position(i, &shape, &out_layout)] = STORE(x[position(i, &shape, &x_layout)]);
}

// fill: out[i] = value (already converted to U on the host).
__kernel void fill_strided(__global U *out, const Layout out_layout, const U value,
                           const Shape shape, const long n) {
    long i = get_global_id(0);
    if (i >= n) return;
    out[position(i, &shape, &out_layout)] = value;
}
