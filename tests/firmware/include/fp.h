// Floating-point helpers for the programs built with FP (fw_program ... FP) and the
// benchmark's fp workload: the bit patterns of values, and the instructions that the
// toolchain's freestanding mode would otherwise turn into C library calls (it keeps
// errno semantics for sqrt and fma), written out.
#ifndef EL2SIM_FW_FP_H
#define EL2SIM_FW_FP_H
#include "fw.h"

static inline u64 bits_d(double x) {
  u64 b;
  memcpy(&b, &x, 8);
  return b;
}
static inline u32 bits_f(float x) {
  u32 b;
  memcpy(&b, &x, 4);
  return b;
}
static inline double from_bits_d(u64 b) {
  double x;
  memcpy(&x, &b, 8);
  return x;
}

static inline double fsqrt(double x) {
  double r;
  __asm__("fsqrt %d0, %d1" : "=w"(r) : "w"(x));
  return r;
}
static inline float fsqrtf(float x) {
  float r;
  __asm__("fsqrt %s0, %s1" : "=w"(r) : "w"(x));
  return r;
}
static inline double fmad(double a, double b, double c) {
  double r;
  __asm__("fmadd %d0, %d1, %d2, %d3" : "=w"(r) : "w"(a), "w"(b), "w"(c));
  return r;
}
static inline float fmadf(float a, float b, float c) {
  float r;
  __asm__("fmadd %s0, %s1, %s2, %s3" : "=w"(r) : "w"(a), "w"(b), "w"(c));
  return r;
}
#endif
