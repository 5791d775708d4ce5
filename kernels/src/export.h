// How an entry point is exported: by name from the WebAssembly module (the
// native addon calls them through invoke_entry instead). Shared by every
// kernel source so the two builds export the same names.
#ifndef RNN_KERNELS_EXPORT_H
#define RNN_KERNELS_EXPORT_H

#ifdef __wasm__
#define EXPORT(name) __attribute__((export_name(#name)))
#else
#define EXPORT(name)
#endif

#endif
