// The elementwise work of LSTM training and the Adam update (part of KernelBody.h). The LSTM
// functions work on the feature-major layout of LSTMLayer: each gate unit's values for the
// batch's samples are one contiguous row of `batch` floats (a multiple of 8), rows `stride`
// floats apart. Each is a small loop of its own, so it stays in vector registers.

static void CNK_NAME(lstm_activate)(float *z, long rows, long stride, long batch, const float *bias, int use_tanh) {
    for (long r = 0; r < rows; r++) {
        float *row = z + r * stride;
        v8 b = (v8)(bias[r]);
        if (use_tanh) {
            for (long v = 0; v < batch; v += 8) store8(tanh8(load8(row + v) + b), row + v);
        } else {
            for (long v = 0; v < batch; v += 8) store8(sigmoid8(load8(row + v) + b), row + v);
        }
    }
}

static void CNK_NAME(lstm_advance)(const float *z, const float *previous, float *c, float *tc, float *h,
                                   long u, long stride, long batch) {
    for (long j = 0; j < u; j++) {
        const float *i = z + j * stride, *f = z + (u + j) * stride;
        const float *g = z + (2 * u + j) * stride, *o = z + (3 * u + j) * stride;
        long row = j * stride;
        for (long v = 0; v < batch; v += 8) {
            v8 cell = load8(i + v) * load8(g + v);
            if (previous) cell = CNK_FMA(load8(f + v), load8(previous + row + v), cell);
            v8 th = tanh8(cell);
            store8(cell, c + row + v);
            store8(th, tc + row + v);
            store8(load8(o + v) * th, h + row + v);
        }
    }
}

static void CNK_NAME(lstm_gradients)(const float *z, const float *previous, const float *tc, const float *output,
                                     long output_stride, const float *dh, float *dc, float *dz,
                                     long u, long stride, long batch) {
    for (long j = 0; j < u; j++) {
        const float *zi = z + j * stride, *zf = z + (u + j) * stride;
        const float *zg = z + (2 * u + j) * stride, *zo = z + (3 * u + j) * stride;
        float *di = dz + j * stride, *df = dz + (u + j) * stride;
        float *dg = dz + (2 * u + j) * stride, *dout = dz + (3 * u + j) * stride;
        long row = j * stride, state = j * batch;
        for (long v = 0; v < batch; v += 8) {
            v8 i = load8(zi + v), f = load8(zf + v), g = load8(zg + v), o = load8(zo + v);
            v8 th = load8(tc + row + v);
            v8 dhv = load8(dh + state + v);
            if (output) dhv += load8(output + j * output_stride + v);
            v8 dcv = dhv * o * (1.0f - th * th) + load8(dc + state + v);
            v8 cp = previous ? load8(previous + row + v) : (v8)(0.0f);
            store8(dcv * g * i * (1.0f - i), di + v);
            store8(dcv * cp * f * (1.0f - f), df + v);
            store8(dcv * i * (1.0f - g * g), dg + v);
            store8(dhv * th * o * (1.0f - o), dout + v);
            store8(dcv * f, dc + state + v);
        }
    }
}

/// Keras 3's Adam: m += (g − m)(1 − β1); v += (g² − v)(1 − β2); w −= m·α / (√v + ε).
static void CNK_NAME(adam)(long count, float *w, const float *g, float *m, float *v,
                           float beta1, float beta2, float alpha, float epsilon) {
    const float keep1 = 1.0f - beta1, keep2 = 1.0f - beta2;
    long n = 0;
    for (; n + 8 <= count; n += 8) {
        v8 gi = load8(g + n);
        v8 mi = load8(m + n) + (gi - load8(m + n)) * keep1;
        v8 vi = load8(v + n) + (gi * gi - load8(v + n)) * keep2;
        store8(mi, m + n);
        store8(vi, v + n);
        store8(load8(w + n) - mi * alpha / (__builtin_elementwise_sqrt(vi) + epsilon), w + n);
    }
    for (; n < count; n++) {
        float gi = g[n];
        m[n] += (gi - m[n]) * keep1;
        v[n] += (gi * gi - v[n]) * keep2;
        w[n] -= m[n] * alpha / (__builtin_sqrtf(v[n]) + epsilon);
    }
}
