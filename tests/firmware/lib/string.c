// The libc subset the compiler and the tests need.  Byte loops only: the MMU
// is off, so every access must be naturally aligned (Device memory).
#include "fw.h"

void* memcpy(void* dst, const void* src, size_t n) {
  u8* d = dst;
  const u8* s = src;
  if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
    for (size_t i = 0; i < n; i += 8) *(u64*)(d + i) = *(const u64*)(s + i);
    return dst;
  }
  for (size_t i = 0; i < n; i++) d[i] = s[i];
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  u8* d = dst;
  const u8* s = src;
  if (d < s) {
    for (size_t i = 0; i < n; i++) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; i--) d[i - 1] = s[i - 1];
  }
  return dst;
}

void* memset(void* dst, int c, size_t n) {
  u8* d = dst;
  if ((((uintptr_t)d | n) & 7) == 0) {
    u64 v = (u8)c * 0x0101010101010101ull;
    for (size_t i = 0; i < n; i += 8) *(u64*)(d + i) = v;
    return dst;
  }
  for (size_t i = 0; i < n; i++) d[i] = (u8)c;
  return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
  const u8* x = a;
  const u8* y = b;
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return (u8)*a - (u8)*b;
}

int strncmp(const char* a, const char* b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (u8)*a - (u8)*b;
    if (!*a) return 0;
  }
  return 0;
}

char* strcpy(char* dst, const char* src) {
  char* d = dst;
  while ((*d++ = *src++)) {
  }
  return dst;
}

char* strchr(const char* s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char*)s;
    if (!*s) return NULL;
  }
}
