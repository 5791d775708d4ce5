// Freestanding float math for the recurrent kernels (no libc under -nostdlib).
// Written branch-free so clang can vectorise the row loops with simd128.
#ifndef RNN_KERNELS_MATH_H
#define RNN_KERNELS_MATH_H

#include <wasm_simd128.h>

enum Activation {
  ACT_LINEAR = 0,
  ACT_TANH = 1,
  ACT_SIGMOID = 2,
  ACT_HARD_SIGMOID = 3,
  ACT_RELU = 4,
};

static inline float clampf(float x, float lo, float hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

// e^x by range reduction x = n·ln2 + r, |r| <= ln2/2, and a degree-6 Taylor
// polynomial: relative error about 1e-7, well inside the 1e-4 contract.
static inline float exp_approx(float x) {
  x = clampf(x, -87.0f, 88.0f);
  float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
  float r = x - n * 0.693145751953125f - n * 1.428606765330187e-06f;
  float p = 1.0f + r * (1.0f + r * (0.5f + r * (0.166666667f + r * (0.0416666667f + r * (0.00833333333f + r * 0.00138888889f)))));
  union { int i; float f; } scale;
  scale.i = ((int)n + 127) << 23;
  return p * scale.f;
}

static inline float sigmoid_approx(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

static inline float tanh_approx(float x) {
  // tanh(x) = 1 - 2/(e^{2x}+1); the absolute error near 0 stays about 1e-7.
  return 1.0f - 2.0f / (exp_approx(2.0f * x) + 1.0f);
}

// Four lanes at a time: the same formulas as the scalar versions above.
static inline v128_t exp4(v128_t x) {
  // pmin/pmax are single SSE instructions (min/max carry NaN fix-ups); the
  // 1.5·2^23 shift rounds to nearest and leaves n in the low mantissa bits,
  // which cost less than floor + a saturating conversion.
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  x = wasm_f32x4_pmax(wasm_f32x4_pmin(x, wasm_f32x4_splat(88.0f)), wasm_f32x4_splat(-87.0f));
  v128_t shifted = wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), magic);
  v128_t n = wasm_f32x4_sub(shifted, magic);
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693145751953125f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(1.428606765330187e-06f)));
  v128_t p = wasm_f32x4_splat(0.00138888889f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.00833333333f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.0416666667f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.166666667f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  v128_t scale = wasm_i32x4_add(wasm_i32x4_shl(shifted, 23), wasm_i32x4_splat(127 << 23));
  return wasm_f32x4_mul(p, scale);
}

static inline v128_t sigmoid4(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, exp4(wasm_f32x4_neg(x))));
}

static inline v128_t tanh4(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  v128_t e = exp4(wasm_f32x4_add(x, x));
  return wasm_f32x4_sub(one, wasm_f32x4_div(wasm_f32x4_splat(2.0f), wasm_f32x4_add(e, one)));
}

/** y = act(y) over n contiguous values. */
static void activate(int act, float *y, int n) {
  int n4 = n & ~3, i = 0;
  switch (act) {
    case ACT_TANH:
      for (; i < n4; i += 4) wasm_v128_store(y + i, tanh4(wasm_v128_load(y + i)));
      for (; i < n; i++) y[i] = tanh_approx(y[i]);
      break;
    case ACT_SIGMOID:
      for (; i < n4; i += 4) wasm_v128_store(y + i, sigmoid4(wasm_v128_load(y + i)));
      for (; i < n; i++) y[i] = sigmoid_approx(y[i]);
      break;
    case ACT_HARD_SIGMOID:
      for (; i < n; i++) y[i] = clampf(0.2f * y[i] + 0.5f, 0.0f, 1.0f);
      break;
    case ACT_RELU:
      for (; i < n; i++) y[i] = y[i] > 0.0f ? y[i] : 0.0f;
      break;
    default:
      break;
  }
}

/** slope[i] = act'(z_i), through the outputs y = act(z). */
static void slopes(int act, const float *y, float *slope, int n) {
  switch (act) {
    case ACT_TANH:
      for (int i = 0; i < n; i++) slope[i] = 1.0f - y[i] * y[i];
      break;
    case ACT_SIGMOID:
      for (int i = 0; i < n; i++) slope[i] = y[i] * (1.0f - y[i]);
      break;
    case ACT_HARD_SIGMOID:
      for (int i = 0; i < n; i++) slope[i] = (y[i] > 0.0f && y[i] < 1.0f) ? 0.2f : 0.0f;
      break;
    case ACT_RELU:
      for (int i = 0; i < n; i++) slope[i] = y[i] > 0.0f ? 1.0f : 0.0f;
      break;
    default:
      for (int i = 0; i < n; i++) slope[i] = 1.0f;
      break;
  }
}

/** d[i] *= act'(z_i), with y = act(z) the stored outputs. */
static void scale_by_slope(int act, const float *y, float *d, int n) {
  switch (act) {
    case ACT_TANH:
      for (int i = 0; i < n; i++) d[i] *= 1.0f - y[i] * y[i];
      break;
    case ACT_SIGMOID:
      for (int i = 0; i < n; i++) d[i] *= y[i] * (1.0f - y[i]);
      break;
    case ACT_HARD_SIGMOID:
      for (int i = 0; i < n; i++) d[i] *= (y[i] > 0.0f && y[i] < 1.0f) ? 0.2f : 0.0f;
      break;
    case ACT_RELU:
      for (int i = 0; i < n; i++) d[i] *= y[i] > 0.0f ? 1.0f : 0.0f;
      break;
    default:
      break;
  }
}

static void fill(float *y, float value, int n) {
  for (int i = 0; i < n; i++) y[i] = value;
}

#endif
