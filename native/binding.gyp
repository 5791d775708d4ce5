{
  "targets": [
    {
      "target_name": "rnn_kernels",
      "sources": ["src/addon.c", "../kernels/src/recurrent.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O3", "-march=native", "-ffp-contract=fast", "-fno-math-errno", "-Wno-unused-function"],
      "cflags!": ["-O2"],
      "libraries": ["-lpthread"]
    }
  ]
}
