// N-API addon: the fused recurrent kernels (kernels/src) compiled for the
// host CPU. It mirrors how the WebAssembly module is driven: the caller owns
// one ArrayBuffer as the kernels' memory and passes byte offsets into it
// (0 = no buffer), so core/src/engine/kernels lays out every call the same way for
// both. Two calls given together run at the same time on two threads (the
// two halves of a batch).
#include <node_api.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "../../kernels/src/simd.h"
// The entry points' signatures and invoke_entry, generated from the table
// (core/src/engine/kernels/abi.ts) like the kernels' own header.
#include "entries.h"

typedef struct {
  int id;
  int i[MAX_INTS];
  float *p[MAX_POINTERS];
} Call;

static void invoke(const Call *c) { invoke_entry(c->id, c->i, c->p); }

static void *invoke_on_thread(void *call) {
  invoke((const Call *)call);
  return NULL;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

/** Reads [id, ints..., byte offsets...] (a Float64Array) into a call on `heap`. Returns 0 on success. */
static const char *decode(napi_env env, napi_value array, char *heap, size_t heap_bytes, Call *call) {
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_get_typedarray_info(env, array, &type, &length, &data, NULL, NULL) != napi_ok || type != napi_float64_array)
    return "rnn kernels: a call must be a Float64Array [id, ints..., offsets...]";
  const double *values = (const double *)data;
  if (length < 1 || values[0] < 0 || values[0] >= FUNCTIONS) return "rnn kernels: unknown kernel id";
  call->id = (int)values[0];
  const Signature *s = &SIGNATURES[call->id];
  if (length != (size_t)(1 + s->ints + s->pointers)) return "rnn kernels: wrong number of arguments";
  for (int k = 0; k < s->ints; k++) call->i[k] = (int)values[1 + k];
  for (int k = 0; k < s->pointers; k++) {
    double offset = values[1 + s->ints + k];
    if (offset < 0 || offset >= (double)heap_bytes) return "rnn kernels: a buffer offset is outside the memory";
    call->p[k] = offset == 0 ? NULL : (float *)(heap + (size_t)offset);
  }
  return NULL;
}

/** run(memory: ArrayBuffer, first: Float64Array, second?: Float64Array): runs one call, or two at once. */
static napi_value run(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return fail(env, "rnn kernels: run(memory, call[, call])");
  void *heap;
  size_t heap_bytes;
  if (napi_get_arraybuffer_info(env, argv[0], &heap, &heap_bytes) != napi_ok) return fail(env, "rnn kernels: memory must be an ArrayBuffer");
  napi_valuetype second_type = napi_undefined;
  if (argc > 2) napi_typeof(env, argv[2], &second_type);
  Call calls[2];
  int count = second_type == napi_undefined ? 1 : 2;
  for (int k = 0; k < count; k++) {
    const char *error = decode(env, argv[1 + k], (char *)heap, heap_bytes, &calls[k]);
    if (error) return fail(env, error);
  }
  if (count == 1) {
    invoke(&calls[0]);
    return NULL;
  }
  pthread_t thread;
  if (pthread_create(&thread, NULL, invoke_on_thread, &calls[0]) != 0) {
    invoke(&calls[0]);
    invoke(&calls[1]);
    return NULL;
  }
  invoke(&calls[1]);
  pthread_join(thread, NULL);
  return NULL;
}

#define STRINGIFY_TOKEN(x) #x
#define STRINGIFY(x) STRINGIFY_TOKEN(x)
#ifndef RNN_KERNELS_VARIANT
#define RNN_KERNELS_VARIANT native
#endif

/**
 * The CPU features the prebuilt variants need, as this CPU and OS offer them:
 * the loader asks the baseline build (which runs on every x86-64) before it
 * loads a wider one, whose very loading could execute instructions the CPU
 * lacks. __builtin_cpu_supports also checks that the OS saves the wider
 * registers (XGETBV), which the CPUID bits alone do not say.
 */
static napi_value cpu_features(napi_env env) {
  napi_value features;
  napi_create_object(env, &features);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  const struct { const char *name; int supported; } known[] = {
      {"avx2", __builtin_cpu_supports("avx2")},         {"fma", __builtin_cpu_supports("fma")},
      {"avx512f", __builtin_cpu_supports("avx512f")},   {"avx512vl", __builtin_cpu_supports("avx512vl")},
      {"avx512bw", __builtin_cpu_supports("avx512bw")}, {"avx512dq", __builtin_cpu_supports("avx512dq")},
  };
  for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
    napi_value flag;
    napi_get_boolean(env, known[k].supported != 0, &flag);
    napi_set_named_property(env, features, known[k].name, flag);
  }
#endif
  return features;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value names, fn, vector_bytes, abi, variant;
  napi_create_array_with_length(env, FUNCTIONS, &names);
  for (int k = 0; k < FUNCTIONS; k++) {
    napi_value name;
    napi_create_string_utf8(env, SIGNATURES[k].name, NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, names, k, name);
  }
  napi_set_named_property(env, exports, "functions", names);
  napi_create_function(env, "run", NAPI_AUTO_LENGTH, run, NULL, &fn);
  napi_set_named_property(env, exports, "run", fn);
  // What the build targeted (16 = SSE, 32 = AVX): shown by the benchmark.
  napi_create_int32(env, (int)sizeof(float) * VLANES, &vector_bytes);
  napi_set_named_property(env, exports, "vectorBytes", vector_bytes);
  napi_create_int32(env, kernels_abi(), &abi);
  napi_set_named_property(env, exports, "abi", abi);
  // Which build this is (binding.gyp): native (-march=native) or a prebuilt variant.
  napi_create_string_utf8(env, STRINGIFY(RNN_KERNELS_VARIANT), NAPI_AUTO_LENGTH, &variant);
  napi_set_named_property(env, exports, "variant", variant);
  napi_set_named_property(env, exports, "cpu", cpu_features(env));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
