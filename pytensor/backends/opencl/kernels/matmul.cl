// matmul.cl: out[b, i, j] = sum_k a[b, i, k] * b[b, k, j], the reference's dot products
// (ReferenceBackend.matmul) as a tiled, register-blocked kernel.
//
// One work-group computes a TS x TS tile of the output. At each step it copies a TS x TK slice
// of `a` and a TK x TS slice of `b` into local memory (fast memory shared by the group), then
// every work-item multiplies from there. Each work-item owns WPT x WPT outputs, spaced
// TS/WPT apart, and keeps them in registers: one value loaded from local memory is used WPT
// times. Rows, columns and depths past the matrix edge read as 0 and are not written back, so
// any size works. The third NDRange dimension walks the batch.
//
// The runtime defines TS, TK, WPT, ACC (the accumulator type) and MAC(acc, x, y) = acc + x*y.

#define GROUP (TS / WPT)  // work-items per side of a work-group

typedef struct { long a_row, a_k, b_k, b_col, out_row, out_col; } MatrixStrides;

__kernel void matmul(__global U *out, const Layout out_batch,
                     __global const T *a, const Layout a_batch,
                     __global const T *b, const Layout b_batch,
                     const Shape batch, const long M, const long N, const long K,
                     const MatrixStrides s) {
    __local T a_tile[TK][TS];  // a_tile[k][i]: column k of the slice of a
    __local T b_tile[TK][TS];  // b_tile[k][j]: row k of the slice of b

    int tx = get_local_id(0), ty = get_local_id(1);
    long row0 = get_group_id(1) * TS, col0 = get_group_id(0) * TS;
    long z = get_global_id(2);
    long a_start = position(z, &batch, &a_batch);
    long b_start = position(z, &batch, &b_batch);
    long out_start = position(z, &batch, &out_batch);

    ACC acc[WPT][WPT];
    for (int wi = 0; wi < WPT; ++wi)
        for (int wj = 0; wj < WPT; ++wj) acc[wi][wj] = 0;

    for (long k0 = 0; k0 < K; k0 += TK) {
        // Cooperative load: the GROUP*GROUP work-items copy TS*TK elements of each operand.
        for (int l = ty * GROUP + tx; l < TS * TK; l += GROUP * GROUP) {
            int i = l / TK, k = l % TK;  // consecutive items read consecutive k of one row of a
            long gi = row0 + i, gk = k0 + k;
            a_tile[k][i] = (gi < M && gk < K) ? a[a_start + gi * s.a_row + gk * s.a_k] : 0;
            int kb = l / TS, j = l % TS;  // ... and consecutive columns of one row of b
            long gkb = k0 + kb, gj = col0 + j;
            b_tile[kb][j] = (gkb < K && gj < N) ? b[b_start + gkb * s.b_k + gj * s.b_col] : 0;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TK; ++k) {
            T a_reg[WPT], b_reg[WPT];
            for (int w = 0; w < WPT; ++w) {
                a_reg[w] = a_tile[k][ty + w * GROUP];
                b_reg[w] = b_tile[k][tx + w * GROUP];
            }
            for (int wi = 0; wi < WPT; ++wi)
                for (int wj = 0; wj < WPT; ++wj) acc[wi][wj] = MAC(acc[wi][wj], a_reg[wi], b_reg[wj]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);  // the tiles are overwritten by the next step
    }

    for (int wi = 0; wi < WPT; ++wi) {
        long i = row0 + ty + wi * GROUP;
        for (int wj = 0; wj < WPT; ++wj) {
            long j = col0 + tx + wj * GROUP;
            if (i < M && j < N) out[out_start + i * s.out_row + j * s.out_col] = STORE(acc[wi][wj]);
        }
    }
}
