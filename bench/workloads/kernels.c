// The integer kernels of the benchmark workloads.  The same object runs at
// EL2 with the MMU off (sort, matmul, ...), at EL1 under stage 1 + stage 2
// (mmu-*) and in the two guests of vm-switch, so the code writes nothing but
// its data window and its stack (no writable globals), and its results do not
// depend on where or when it runs.
#include "bench.h"

// ---- helpers ------------------------------------------------------------------
static inline u64 rng_next(u64* s) {  // xorshift64*
  u64 x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1Dull;
}

static inline u64 mix(u64 h, u64 v) {
  h = (h ^ v) * 0x100000001b3ull;
  return h ^ (h >> 29);
}

// A bump allocator over the data window.
struct arena {
  u64 base, next, end;
};

static void* arena_alloc(struct arena* a, u64 size, u64* errors) {
  u64 p = (a->next + 15) & ~15ull;
  if (p + size > a->end) {
    (*errors)++;
    return 0;
  }
  a->next = p + size;
  return (void*)p;
}

// ---- sort: quicksort, bottom-up merge sort and heap sort -----------------------
#define SORT_N 8192

static void insertion_sort(u32* a, long n) {
  for (long i = 1; i < n; i++) {
    u32 v = a[i];
    long j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void quicksort(u32* a, long n) {
  while (n > 16) {
    u32 x = a[0], y = a[n / 2], z = a[n - 1];  // median of three
    u32 pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    long i = 0, j = n - 1;
    for (;;) {  // Hoare partition
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      u32 t = a[i];
      a[i] = a[j];
      a[j] = t;
      i++;
      j--;
    }
    long left = j + 1;
    if (left < n - left) {  // recurse into the smaller part
      quicksort(a, left);
      a += left;
      n -= left;
    } else {
      quicksort(a + left, n - left);
      n = left;
    }
  }
  insertion_sort(a, n);
}

static void merge_sort(u32* a, u32* tmp, long n) {
  u32* src = a;
  u32* dst = tmp;
  for (long w = 1; w < n; w *= 2) {
    for (long lo = 0; lo < n; lo += 2 * w) {
      long mid = lo + w < n ? lo + w : n;
      long hi = lo + 2 * w < n ? lo + 2 * w : n;
      long i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    u32* t = src;
    src = dst;
    dst = t;
  }
  if (src != a)
    for (long i = 0; i < n; i++) a[i] = src[i];
}

static void sift_down(u32* a, long root, long n) {
  u32 v = a[root];
  for (;;) {
    long c = 2 * root + 1;
    if (c >= n) break;
    if (c + 1 < n && a[c + 1] > a[c]) c++;
    if (a[c] <= v) break;
    a[root] = a[c];
    root = c;
  }
  a[root] = v;
}

static void heap_sort(u32* a, long n) {
  for (long i = n / 2 - 1; i >= 0; i--) sift_down(a, i, n);
  for (long i = n - 1; i > 0; i--) {
    u32 t = a[0];
    a[0] = a[i];
    a[i] = t;
    sift_down(a, 0, i);
  }
}

static void k_sort(struct arena* ar, u64 reps, struct kresult* r) {
  u32* a = arena_alloc(ar, SORT_N * 4, &r->errors);
  u32* b = arena_alloc(ar, SORT_N * 4, &r->errors);
  u32* c = arena_alloc(ar, SORT_N * 4, &r->errors);
  u32* tmp = arena_alloc(ar, SORT_N * 4, &r->errors);
  if (!tmp) return;
  u64 seed = 0x9E3779B97F4A7C15ull, h = 0;
  for (u64 rep = 0; rep < reps; rep++) {
    // Values from a range that depends on the repetition: some runs have many duplicates.
    u32 range = (rep % 4 == 3) ? 1000 : 0xFFFFFFFFu;
    for (long i = 0; i < SORT_N; i++) {
      u32 v = (u32)(rng_next(&seed) >> 32);
      a[i] = b[i] = c[i] = range == 0xFFFFFFFFu ? v : v % range;
    }
    quicksort(a, SORT_N);
    merge_sort(b, tmp, SORT_N);
    heap_sort(c, SORT_N);
    for (long i = 0; i < SORT_N; i++) {
      if ((i > 0 && a[i - 1] > a[i]) || a[i] != b[i] || a[i] != c[i]) r->errors++;
      h = mix(h, (u64)a[i] * (u64)(i | 1));
    }
  }
  r->checksum = h;
}

// ---- matmul: 64x64 u32 matrix products, fed back into the next product --------
#define MM_N 64

static void k_matmul(struct arena* ar, u64 reps, struct kresult* r) {
  u32* A = arena_alloc(ar, MM_N * MM_N * 4, &r->errors);
  u32* B = arena_alloc(ar, MM_N * MM_N * 4, &r->errors);
  u32* C = arena_alloc(ar, MM_N * MM_N * 4, &r->errors);
  if (!C) return;
  u64 seed = 0x0123456789ABCDEFull, h = 0;
  for (long i = 0; i < MM_N * MM_N; i++) {
    A[i] = (u32)rng_next(&seed);
    B[i] = (u32)rng_next(&seed) & 0xFFFF;
  }
  for (u64 rep = 0; rep < reps; rep++) {
    // C = A * B, i-k-j order
    for (long i = 0; i < MM_N; i++) {
      u32* ci = C + i * MM_N;
      for (long j = 0; j < MM_N; j++) ci[j] = 0;
      for (long k = 0; k < MM_N; k++) {
        u32 aik = A[i * MM_N + k];
        const u32* bk = B + k * MM_N;
        for (long j = 0; j < MM_N; j++) ci[j] += aik * bk[j];
      }
    }
    // Check one row with the dot-product (i-j-k) order.
    long i = (long)(rep % MM_N);
    for (long j = 0; j < MM_N; j++) {
      u32 s = 0;
      for (long k = 0; k < MM_N; k++) s += A[i * MM_N + k] * B[k * MM_N + j];
      if (s != C[i * MM_N + j]) r->errors++;
    }
    // Feed back: A = C + rep (and one column of B changes), keep a trace.
    for (long k = 0; k < MM_N * MM_N; k++) A[k] = C[k] + (u32)rep;
    B[(rep * 7) % (MM_N * MM_N)] ^= (u32)rep;
    h = mix(h, C[(rep * 131) % (MM_N * MM_N)]);
  }
  for (long k = 0; k < MM_N * MM_N; k++) h = mix(h, C[k]);
  r->checksum = h;
}

// ---- crc: CRC-32 (IEEE 802.3, reflected) by table and bit by bit ----------------
#define CRC_BUF 65536
#define CRC_SLICE 2048

static u32 crc_bitwise(u32 crc, const u8* p, long n) {
  crc = ~crc;
  for (long i = 0; i < n; i++) {
    crc ^= p[i];
    for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

static u32 crc_table(const u32* t, u32 crc, const u8* p, long n) {
  crc = ~crc;
  for (long i = 0; i < n; i++) crc = t[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

static void k_crc(struct arena* ar, u64 reps, struct kresult* r) {
  u32* t = arena_alloc(ar, 256 * 4, &r->errors);
  u8* buf = arena_alloc(ar, CRC_BUF, &r->errors);
  if (!buf) return;
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int b = 0; b < 8; b++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    t[i] = c;
  }
  static const char check[] = "123456789";  // the CRC-32 check value is 0xCBF43926
  if (crc_table(t, 0, (const u8*)check, 9) != 0xCBF43926u) r->errors++;
  if (crc_bitwise(0, (const u8*)check, 9) != 0xCBF43926u) r->errors++;
  u64 seed = 0xC0FFEE1234567ull, h = 0;
  for (long i = 0; i < CRC_BUF; i += 8) {
    u64 v = rng_next(&seed);
    for (int k = 0; k < 8; k++) buf[i + k] = (u8)(v >> (8 * k));
  }
  for (u64 rep = 0; rep < reps; rep++) {
    u32 whole = crc_table(t, 0, buf, CRC_BUF);
    long off = (long)((rep * CRC_SLICE) % CRC_BUF);
    u32 bits = crc_bitwise(0, buf + off, CRC_SLICE);
    if (bits != crc_table(t, 0, buf + off, CRC_SLICE)) r->errors++;
    // One byte changes each repetition, at a place the CRC chooses.
    h = mix(mix(h, whole), bits);
    buf[whole % CRC_BUF] ^= (u8)(rep | 1);
  }
  r->checksum = h;
}

// ---- dict: words in a chained hash table with string keys ----------------------
#define DICT_BUCKETS 4096
#define DICT_VOCAB 2000
#define DICT_WORDS 4000
#define DICT_MAXLEN 16

struct dnode {
  struct dnode* next;
  u64 hash;
  u64 count;
  char key[DICT_MAXLEN];
};

// Word number k of the vocabulary: 3..12 lowercase letters.
static long make_word(u64 k, char* w) {
  u64 s = (k + 1) * 0x9E3779B97F4A7C15ull;
  u64 v = rng_next(&s);
  long len = 3 + (long)(v % 10);
  for (long i = 0; i < len; i++) {
    if (i % 8 == 0) v = rng_next(&s);
    w[i] = (char)('a' + (v & 0xFF) % 26);
    v >>= 8;
  }
  w[len] = 0;
  return len;
}

static u64 fnv1a(const char* s) {
  u64 h = 0xcbf29ce484222325ull;
  while (*s) h = (h ^ (u8)*s++) * 0x100000001b3ull;
  return h;
}

static struct dnode* dict_find(struct dnode** buckets, const char* w, u64 h) {
  for (struct dnode* n = buckets[h % DICT_BUCKETS]; n; n = n->next)
    if (n->hash == h && strcmp(n->key, w) == 0) return n;
  return 0;
}

static void k_dict(struct arena* ar, u64 reps, struct kresult* r) {
  struct dnode** buckets = arena_alloc(ar, DICT_BUCKETS * sizeof(struct dnode*), &r->errors);
  if (!buckets) return;
  u64 mark = ar->next;
  u64 seed = 0xD1C7D1C7D1C7ull, h = 0;
  char w[DICT_MAXLEN];
  for (u64 rep = 0; rep < reps; rep++) {
    ar->next = mark;
    for (long i = 0; i < DICT_BUCKETS; i++) buckets[i] = 0;
    u64 distinct = 0, found = 0, hits = 0;
    // Insert: word numbers skewed towards the small ones.
    for (long i = 0; i < DICT_WORDS; i++) {
      u64 v = rng_next(&seed);
      u64 k = ((v & 0xFFFF) % DICT_VOCAB) * ((v >> 16 & 0xFFFF) % DICT_VOCAB) / DICT_VOCAB;
      make_word(k + rep, w);
      u64 hw = fnv1a(w);
      struct dnode* n = dict_find(buckets, w, hw);
      if (!n) {
        n = arena_alloc(ar, sizeof *n, &r->errors);
        if (!n) return;
        n->hash = hw;
        n->count = 0;
        strcpy(n->key, w);
        n->next = buckets[hw % DICT_BUCKETS];
        buckets[hw % DICT_BUCKETS] = n;
        distinct++;
      }
      n->count++;
    }
    // Look up: half of the word numbers are outside the vocabulary (mostly absent).
    for (long i = 0; i < DICT_WORDS; i++) {
      u64 k = rng_next(&seed) % (2 * DICT_VOCAB);
      make_word(k + rep, w);
      struct dnode* n = dict_find(buckets, w, fnv1a(w));
      if (n) {
        found++;
        hits += n->count;
      }
    }
    // Walk the table: the counts add up to the number of insertions.
    u64 total = 0, nodes = 0;
    for (long b = 0; b < DICT_BUCKETS; b++)
      for (struct dnode* n = buckets[b]; n; n = n->next) {
        total += n->count;
        nodes++;
        if (n->hash % DICT_BUCKETS != (u64)b || fnv1a(n->key) != n->hash) r->errors++;
        h = mix(h, n->hash * n->count);
      }
    if (total != DICT_WORDS || nodes != distinct) r->errors++;
    h = mix(mix(mix(h, distinct), found), hits);
  }
  r->checksum = h;
}

// ---- ptrchase: a randomly permuted cyclic list of 128K nodes (4 MiB) --------------
#define PC_NODES 131072
#define PC_WALKS_PER_PERM 32

struct pnode {
  struct pnode* next;
  u64 val;
  u64 pad[2];
};

static void k_ptrchase(struct arena* ar, u64 reps, struct kresult* r) {
  struct pnode* nodes = arena_alloc(ar, PC_NODES * sizeof(struct pnode), &r->errors);
  u32* perm = arena_alloc(ar, PC_NODES * 4, &r->errors);
  if (!perm) return;
  u64 seed = 0x5EED5EED5EEDull, h = 0, s = 0;
  for (long i = 0; i < PC_NODES; i++) perm[i] = (u32)i;
  for (u64 rep = 0; rep < reps; rep++) {
    if (rep % PC_WALKS_PER_PERM == 0) {  // a new permutation (Fisher-Yates) and list
      for (long i = PC_NODES - 1; i > 0; i--) {
        long j = (long)(rng_next(&seed) % (u64)(i + 1));
        u32 t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (long i = 0; i < PC_NODES; i++) {
        struct pnode* n = &nodes[perm[i]];
        n->next = &nodes[perm[(i + 1) % PC_NODES]];
        n->val = (u64)i * 0x9E3779B97F4A7C15ull;
      }
    }
    struct pnode* head = &nodes[perm[rep % PC_NODES]];
    struct pnode* p = head;
    for (long i = 0; i < PC_NODES; i++) {
      s += p->val ^ (s >> 7);
      if ((s & 15) == 0) p->val += 1;
      p = p->next;
    }
    if (p != head) r->errors++;  // the list is one cycle of PC_NODES nodes
    h = mix(h, s);
  }
  r->checksum = h;
}

// ---- dispatch -----------------------------------------------------------------------
// Repetitions of a full run (about 300-500 million instructions each).
static const u64 k_full_reps[K_COUNT] = {
    [K_SORT] = 90, [K_MATMUL] = 200, [K_CRC] = 640, [K_DICT] = 200, [K_PTRCHASE] = 340,
};
static const char* const k_names[K_COUNT] = {
    [K_SORT] = "sort", [K_MATMUL] = "matmul",     [K_CRC] = "crc",
    [K_DICT] = "dict", [K_PTRCHASE] = "ptrchase",
};

const char* kernel_name(unsigned id) { return id < K_COUNT ? k_names[id] : "?"; }

u64 kernel_reps(unsigned id) {
  u64 n = id < K_COUNT ? k_full_reps[id] / BENCH_SCALE : 0;
  return n ? n : 1;
}

void kernel_run(unsigned id, u64 reps, u64 mem, u64 size, struct kresult* r) {
  struct arena ar = {mem, mem, mem + size};
  r->checksum = 0;
  r->errors = 0;
  switch (id) {
    case K_SORT:
      k_sort(&ar, reps, r);
      break;
    case K_MATMUL:
      k_matmul(&ar, reps, r);
      break;
    case K_CRC:
      k_crc(&ar, reps, r);
      break;
    case K_DICT:
      k_dict(&ar, reps, r);
      break;
    case K_PTRCHASE:
      k_ptrchase(&ar, reps, r);
      break;
    default:
      r->errors++;
      break;
  }
}
