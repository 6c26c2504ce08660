// scalar.cl: the scalar functions that need more than one C expression, for the element type T.
// Each one mirrors the function of the same name in backends/scalar_ops.py; expressions.py says
// which op uses which. C already follows IEEE-754 where Python raises (1/0 = inf, log(0) = -inf,
// exp(1000) = inf, sqrt(-1) = nan), so most ops need no helper at all.

#if T_FLOAT

// _sigmoid: two branches so that exp never overflows.
T sigmoid_(T x) {
    if (x >= 0) return 1 / (1 + exp(-x));
    T e = exp(x);
    return e / (1 + e);
}

// _floor_divide_float: Python's float // (CPython's float_floor_div), so that it agrees with
// remainder_ below: a == b * floor_divide(a, b) + remainder(a, b).
T floor_divide_(T a, T b) {
    if (b == 0) return a / b;
    T mod = fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;
    if (div == 0) return copysign((T)0, a / b);
    T floored = floor(div);
    if (div - floored > (T)0.5f) floored += 1;
    return floored;
}

// _remainder_float: a nonzero result takes the sign of the divisor; a zero keeps fmod's sign
// (the dividend's), as in ATen.
T remainder_(T a, T b) {
    if (b == 0) return NAN;
    T mod = fmod(a, b);
    if (mod != 0 && (b < 0) != (mod < 0)) mod += b;
    return mod;
}

#else  // integer and bool elements

// Signed overflow is undefined in C; unsigned arithmetic wraps, which is what int64 does.
#define WRAP_ADD(a, b) ((T)((ulong)(a) + (ulong)(b)))
#define WRAP_SUB(a, b) ((T)((ulong)(a) - (ulong)(b)))
#define WRAP_MUL(a, b) ((T)((ulong)(a) * (ulong)(b)))

// floor division: round toward -inf; b == -1 is a negation (LONG_MIN / -1 would trap).
T floor_divide_int(T a, T b, __global long *error) {
    if (b == 0) { *error = ERROR_ZERO_DIVISION; return 0; }
#if T_SIGNED
    if (b == -1) return WRAP_SUB(0, a);
#endif
    T q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0))) q -= 1;
    return q;
}

// remainder: the sign of the divisor (Python's %).
T remainder_int(T a, T b, __global long *error) {
    if (b == 0) { *error = ERROR_ZERO_DIVISION; return 0; }
#if T_SIGNED
    if (b == -1) return 0;
#endif
    T r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

// fmod: the sign of the dividend (C's %).
T fmod_int(T a, T b, __global long *error) {
    if (b == 0) { *error = ERROR_ZERO_DIVISION; return 0; }
#if T_SIGNED
    if (b == -1) return 0;
#endif
    return a % b;
}

// _pow_int: exponentiation by squaring modulo 2**64, then wrapped to T by the store.
T pow_int(T a, T b) {
    if (b < 0) {
        if (a == 1) return 1;
        if (a == (T)-1) return (b % 2 == 0) ? 1 : (T)-1;  // only reached for signed T
        return 0;
    }
    ulong result = 1, base = (ulong)a, e = (ulong)b;
    while (e) {
        if (e & 1) result *= base;
        base *= base;
        e >>= 1;
    }
    return (T)result;
}

#endif
