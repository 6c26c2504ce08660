// common.cl: prepended to every program. The runtime defines, before this file:
//   T        the C type of the input elements (float, double, long, int, short, char, uchar)
//   U        the C type of the output elements
//   T_FLOAT  1 when T is a floating type; T_SIGNED, U_FLOAT, U_HALF, U_BOOL, U_INT likewise
// plus whatever the kernel file asks for (OP, IDENTITY, ...).

#define MAX_DIMS 8

// The logical shape of the elements a kernel visits, shared by all its operands.
typedef struct { long ndim; long size[MAX_DIMS]; } Shape;

// Where one operand's elements live: element (i0, i1, ...) is at offset + i0*stride[0] + ...
// This is backends/base.py's View without the buffer, passed to the kernel by value.
typedef struct { long offset; long stride[MAX_DIMS]; } Layout;

// The storage position of element number i (counted in row-major order over `shape`).
// reference.py walks the same positions with its odometer (_row_starts); a work-item has no
// previous element to start from, so it peels the digits of i off from the last dimension.
// What is left after the last division is the index along dim 0, so a 1-D view (the common
// case once the backend has merged dims) costs no division at all: integer division is the
// slowest arithmetic a CPU device does.
long position(long i, const Shape *shape, const Layout *v) {
    long pos = v->offset;
    for (int d = (int)shape->ndim - 1; d > 0; --d) {
        long size = shape->size[d];
        pos += (i % size) * v->stride[d];
        i /= size;
    }
    return pos + i * v->stride[0];  // a 0-dim view has i == 0 and stride[0] == 0
}

// Errors found inside a kernel (an index out of range, an integer division by zero) cannot be
// raised there. The first kernel that fails writes the error buffer (long[5]: code, index,
// size, dim, and the tag the runtime gave the launch); the runtime reads it the next time the
// host waits for the device and raises the reference's error then, as CUDA reports a
// device-side assert.
#define ERROR_INDEX 1
#define ERROR_ZERO_DIVISION 2

// Storing a result: the same conversions as dtypes.to_storage on the host.
#if U_HALF
// float16 lives in float storage, rounded to the nearest half (ties to even) on every store.
float store(float x) {
    ushort bits;
    vstore_half_rte(x, 0, (__private half *)&bits);
    return vload_half(0, (__private half *)&bits);
}
#define STORE(x) store((float)(x))
#elif U_BOOL
#define STORE(x) ((uchar)((x) != 0))
#elif U_INT && T_FLOAT
// C leaves float-to-int conversion of nan, inf and out-of-range values undefined (OpenCL's
// convert_long too), so the conversion torch gets from x86 is written out, as dtype.cast
// does on the host: toward zero, and the lowest value (the "integer indefinite")
// for whatever the conversion cannot hold. int64 and uint8 go through a 64-bit conversion,
// int32, int16 and int8 through a 32-bit one; the narrower types keep the low bits.
// (T, not double: a device without cl_khr_fp64 must build this too; 2^31 and 2^63 are exact
// in float. Comparisons, not isnan: nan fails both, so it lands on the lowest value too.)
#if U_BITS == 64 || !U_SIGNED
#define VIA long
#define VIA_LOWEST LONG_MIN
#define VIA_LIMIT 9.2233720368547758e18f  // 2^63
#else
#define VIA int
#define VIA_LOWEST INT_MIN
#define VIA_LIMIT 2147483648.0f  // 2^31
#endif
VIA truncate_x86(T x) {
    if (x >= -(T)VIA_LIMIT && x < (T)VIA_LIMIT) return (VIA)x;
    return VIA_LOWEST;
}
#define STORE(x) ((U)truncate_x86((T)(x)))
#else
#define STORE(x) ((U)(x))
#endif
