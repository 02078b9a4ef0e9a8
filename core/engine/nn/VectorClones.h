#pragma once

// GDAS_VECTOR_CLONES marks a CPU kernel whose inner loops run over contiguous channels: GCC
// builds an x86-64-v3 clone (AVX2, FMA) next to the x86-64 baseline one (the project builds for
// the baseline) and picks it at load time where the CPU has those features, at -O3 so the loops
// vectorise. Not "arch=haswell": that clone is chosen by CPU model, so an AMD EPYC with AVX2
// (the project's CI machines) ran the baseline clone.
// Not under ThreadSanitizer: the clones' resolver runs during relocation, before TSan's
// runtime is up, and crashes there.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define GDAS_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default"), optimize("O3")))
#else
#define GDAS_VECTOR_CLONES
#endif
