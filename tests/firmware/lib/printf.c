// A small printf: %d %i %u %x %X %c %s %%, length modifiers h hh l ll z,
// flags '-' '0' ' ' '+', field width (digits or '*').  No %p, no floating point.
#include "fw.h"

struct out {
  char* buf;  // NULL: write to the UART
  size_t size;
  size_t len;
};

static void out_char(struct out* o, char c) {
  if (o->buf) {
    if (o->len + 1 < o->size) o->buf[o->len] = c;
  } else {
    uart_putc(c);
  }
  o->len++;
}

static void out_padded(struct out* o, const char* s, size_t n, int width, int left, char pad,
                       const char* prefix) {
  size_t plen = strlen(prefix);
  int fill = width - (int)(n + plen);
  if (!left && pad == ' ')
    for (; fill > 0; fill--) out_char(o, ' ');
  while (*prefix) out_char(o, *prefix++);
  if (!left && pad == '0')
    for (; fill > 0; fill--) out_char(o, '0');
  for (size_t i = 0; i < n; i++) out_char(o, s[i]);
  for (; fill > 0; fill--) out_char(o, ' ');
}

static int format(struct out* o, const char* fmt, va_list ap) {
  char tmp[24];
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      out_char(o, *fmt);
      continue;
    }
    fmt++;
    int left = 0, plus = 0, space = 0;
    char pad = ' ';
    for (;; fmt++) {
      if (*fmt == '-')
        left = 1;
      else if (*fmt == '0')
        pad = '0';
      else if (*fmt == '+')
        plus = 1;
      else if (*fmt == ' ')
        space = 1;
      else
        break;
    }
    int width = 0;
    if (*fmt == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        left = 1;
        width = -width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    }
    if (left) pad = ' ';
    int lng = 0;  // 0: int, 1: long, 2: long long, -1: short, -2: char
    for (;; fmt++) {
      if (*fmt == 'l')
        lng = lng < 0 ? 1 : lng + 1;
      else if (*fmt == 'z')
        lng = 1;
      else if (*fmt == 'h')
        lng = lng > 0 ? -1 : lng - 1;
      else
        break;
    }
    char conv = *fmt;
    if (!conv) break;
    switch (conv) {
      case 'c': {
        char c = (char)va_arg(ap, int);
        out_padded(o, &c, 1, width, left, ' ', "");
        break;
      }
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (!s) s = "(null)";
        out_padded(o, s, strlen(s), width, left, ' ', "");
        break;
      }
      case 'd':
      case 'i': {
        s64 v;
        if (lng >= 1)
          v = va_arg(ap, s64);
        else
          v = va_arg(ap, int);
        if (lng == -1) v = (s16)v;
        if (lng <= -2) v = (s8)v;
        u64 mag = v < 0 ? (u64)0 - (u64)v : (u64)v;
        int n = 0;
        do {
          tmp[sizeof tmp - 1 - n++] = (char)('0' + mag % 10);
          mag /= 10;
        } while (mag);
        const char* prefix = v < 0 ? "-" : plus ? "+" : space ? " " : "";
        out_padded(o, tmp + sizeof tmp - n, (size_t)n, width, left, pad, prefix);
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        u64 v;
        if (lng >= 1)
          v = va_arg(ap, u64);
        else
          v = va_arg(ap, unsigned);
        if (lng == -1) v = (u16)v;
        if (lng <= -2) v = (u8)v;
        unsigned base = conv == 'u' ? 10 : 16;
        const char* digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        int n = 0;
        do {
          tmp[sizeof tmp - 1 - n++] = digits[v % base];
          v /= base;
        } while (v);
        out_padded(o, tmp + sizeof tmp - n, (size_t)n, width, left, pad, "");
        break;
      }
      case '%':
        out_char(o, '%');
        break;
      default:
        out_char(o, '%');
        out_char(o, conv);
        break;
    }
  }
  return (int)o->len;
}

int vprintf(const char* fmt, va_list ap) {
  struct out o = {.buf = NULL, .size = 0, .len = 0};
  return format(&o, fmt, ap);
}

int printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

int vsnprintf(char* buf, size_t n, const char* fmt, va_list ap) {
  struct out o = {.buf = buf, .size = n, .len = 0};
  int len = format(&o, fmt, ap);
  if (n) buf[o.len < n ? o.len : n - 1] = '\0';
  return len;
}

int snprintf(char* buf, size_t n, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return len;
}
