{
  # One source, several builds that differ only in the instructions the
  # compiler may use (kernels/src/simd.h picks the vector width from them):
  #   rnn_kernels          -march=native: the development build, for this CPU only
  #   rnn_kernels_<variant> the prebuilt variants the .vsix ships, one of which
  #                        the loader picks by the CPU's features
  #                        (core/src/engine/kernels/native-variants.ts lists
  #                        what each needs: keep the two lists in step).
  "target_defaults": {
    "sources": ["src/addon.c", "../kernels/src/recurrent.c", "../kernels/src/output.c"],
    "defines": ["NAPI_VERSION=8"],
    "cflags": ["-O3", "-ffp-contract=fast", "-fno-math-errno", "-Wno-unused-function"],
    "cflags!": ["-O2"],
    "libraries": ["-lpthread"]
  },
  "targets": [
    {
      "target_name": "rnn_kernels",
      "defines": ["RNN_KERNELS_VARIANT=native"],
      "cflags": ["-march=native"]
    },
    {
      "target_name": "rnn_kernels_baseline",
      "defines": ["RNN_KERNELS_VARIANT=baseline"],
      "conditions": [["target_arch=='x64'", { "cflags": ["-march=x86-64", "-mtune=generic"] }]]
    }
  ],
  "conditions": [
    ["target_arch=='x64'", {
      "targets": [
        {
          "target_name": "rnn_kernels_avx2",
          "defines": ["RNN_KERNELS_VARIANT=avx2"],
          "cflags": ["-march=x86-64", "-mtune=generic", "-mavx2", "-mfma"]
        },
        {
          "target_name": "rnn_kernels_avx512",
          "defines": ["RNN_KERNELS_VARIANT=avx512"],
          "cflags": ["-march=x86-64", "-mtune=generic", "-mavx2", "-mfma", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq"]
        }
      ]
    }]
  ]
}
