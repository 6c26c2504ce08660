// matmul.cl: out[b, i, j] = sum_k a[b, i, k] * b[b, k, j], the reference's dot products
// (ReferenceBackend.matmul) as a tiled, register-blocked kernel.
//
// One work-group computes a TSM x TSN tile of the output. At each step it copies a TSM x TK
// slice of `a` and a TK x TSN slice of `b` into local memory (fast memory shared by the group),
// then every work-item multiplies from there. Each work-item owns WPTM x WPTN outputs, spaced
// TSM/WPTM rows and TSN/WPTN columns apart, and keeps them in registers: a value loaded from
// local memory is used WPTN (or WPTM) times. Rows, columns and depths past the matrix edge read
// as 0 and are not written back, so any size works. The third NDRange dimension walks the batch.
//
// The runtime defines TSM, TSN, TK, WPTM, WPTN (64, 64, 16, 4, 4 for large matrices; a 16-row
// tile for a short `a`, so that 9 rows do not pay for 64), ACC (the accumulator type) and
// MAC(acc, x, y) = acc + x*y. With ADDEND 1 the kernel also takes a matrix (broadcast, like
// the bias of a Linear layer) to add to each output: ADD(x, y) stores x + y as U.

#define ROWS (TSM / WPTM)  // work-items per column of a work-group
#define COLS (TSN / WPTN)  // work-items per row of a work-group

typedef struct { long a_row, a_k, b_k, b_col, out_row, out_col; } MatrixStrides;

__kernel void matmul(__global U *out, const Layout out_batch,
                     __global const T *a, const Layout a_batch,
                     __global const T *b, const Layout b_batch,
#if ADDEND
                     __global const U *addend, const Layout addend_batch,
                     const long addend_row, const long addend_col,
#endif
                     const Shape batch, const long M, const long N, const long K,
                     const MatrixStrides s) {
    __local T a_tile[TK][TSM];  // a_tile[k][i]: column k of the slice of a
    __local T b_tile[TK][TSN];  // b_tile[k][j]: row k of the slice of b

    int tx = get_local_id(0), ty = get_local_id(1);
    int item = ty * COLS + tx;
    long row0 = get_group_id(1) * TSM, col0 = get_group_id(0) * TSN;
    long z = get_global_id(2);
    long a_start = position(z, &batch, &a_batch);
    long b_start = position(z, &batch, &b_batch);
    long out_start = position(z, &batch, &out_batch);
#if ADDEND
    long addend_start = position(z, &batch, &addend_batch);
#endif

    ACC acc[WPTM][WPTN];
    for (int wi = 0; wi < WPTM; ++wi)
        for (int wj = 0; wj < WPTN; ++wj) acc[wi][wj] = 0;

    for (long k0 = 0; k0 < K; k0 += TK) {
        // Cooperative loads: the ROWS*COLS work-items copy TSM*TK elements of a, TK*TSN of b.
        for (int l = item; l < TSM * TK; l += ROWS * COLS) {
            int i = l / TK, k = l % TK;  // consecutive items read consecutive k of one row of a
            long gi = row0 + i, gk = k0 + k;
            a_tile[k][i] = (gi < M && gk < K) ? a[a_start + gi * s.a_row + gk * s.a_k] : 0;
        }
        for (int l = item; l < TK * TSN; l += ROWS * COLS) {
            int k = l / TSN, j = l % TSN;  // ... and consecutive columns of one row of b
            long gk = k0 + k, gj = col0 + j;
            b_tile[k][j] = (gk < K && gj < N) ? b[b_start + gk * s.b_k + gj * s.b_col] : 0;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TK; ++k) {
            T a_reg[WPTM], b_reg[WPTN];
            for (int w = 0; w < WPTM; ++w) a_reg[w] = a_tile[k][ty + w * ROWS];
            for (int w = 0; w < WPTN; ++w) b_reg[w] = b_tile[k][tx + w * COLS];
            for (int wi = 0; wi < WPTM; ++wi)
                for (int wj = 0; wj < WPTN; ++wj) acc[wi][wj] = MAC(acc[wi][wj], a_reg[wi], b_reg[wj]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);  // the tiles are overwritten by the next step
    }

    for (int wi = 0; wi < WPTM; ++wi) {
        long i = row0 + ty + wi * ROWS;
        for (int wj = 0; wj < WPTN; ++wj) {
            long j = col0 + tx + wj * COLS;
            if (i < M && j < N) {
                U value = STORE(acc[wi][wj]);
#if ADDEND  // addmm: the product rounded to U, then the addend added, as matmul then add
                value = ADD(value, addend[addend_start + i * addend_row + j * addend_col]);
#endif
                out[out_start + i * s.out_row + j * s.out_col] = value;
            }
        }
    }
}
