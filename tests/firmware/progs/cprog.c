// A plain C program compiled with -O2: number formatting through printf,
// quicksort and insertion sort, a table-driven CRC-32, 64-bit division and
// modulo (signed/unsigned edge cases), string operations, a small hash table
// with open addressing.  It prints a transcript; the checks use values
// worked out independently (known check values, invariants).
#include "fw.h"

const char test_name[] = "cprog";

// ---- formatting ----
static void test_printf(void) {
  char b[64];
  snprintf(b, sizeof b, "[%d|%5d|%-5d|%05d]", -42, 42, 42, 42);
  t_true("fmt_d", strcmp(b, "[-42|   42|42   |00042]") == 0);
  printf("fmt_d: %s\n", b);
  snprintf(b, sizeof b, "[%u|%x|%X|%08x]", 4000000000u, 0xbeefu, 0xbeefu, 0x1234u);
  t_true("fmt_ux", strcmp(b, "[4000000000|beef|BEEF|00001234]") == 0);
  printf("fmt_ux: %s\n", b);
  snprintf(b, sizeof b, "[%ld|%lu|%lx|%llx]", -9223372036854775807L - 1, 18446744073709551615UL,
           0xfedcba9876543210UL, 0x1ULL);
  t_true("fmt_64",
         strcmp(b, "[-9223372036854775808|18446744073709551615|fedcba9876543210|1]") == 0);
  printf("fmt_64: %s\n", b);
  snprintf(b, sizeof b, "[%s|%6s|%-6s|%c%c]", "ab", "ab", "ab", 'x', 'y');
  t_true("fmt_s", strcmp(b, "[ab|    ab|ab    |xy]") == 0);
  printf("fmt_s: %s\n", b);
  int n = snprintf(b, 8, "%s", "truncated-string");
  t_true("fmt_trunc", n == 16 && strcmp(b, "truncat") == 0);
}

// ---- sorting ----
static u32 rng_state = 12345;
static u32 rng(void) {  // xorshift32
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static void insertion_sort(s32* a, int n) {
  for (int i = 1; i < n; i++) {
    s32 v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void swap_elems(u8* a, u8* b, size_t size) {
  for (size_t i = 0; i < size; i++) {
    u8 t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

// qsort-like generic quicksort (Lomuto partition, median of three).
static void quicksort(void* base, size_t n, size_t size, int (*cmp)(const void*, const void*)) {
  u8* a = base;
  while (n > 1) {
    size_t mid = n / 2, last = n - 1;
    if (cmp(a + mid * size, a) < 0) swap_elems(a + mid * size, a, size);
    if (cmp(a + last * size, a) < 0) swap_elems(a + last * size, a, size);
    if (cmp(a + last * size, a + mid * size) < 0) swap_elems(a + last * size, a + mid * size, size);
    swap_elems(a + mid * size, a + last * size, size);  // pivot at the end
    size_t store = 0;
    for (size_t i = 0; i < last; i++)
      if (cmp(a + i * size, a + last * size) < 0)
        swap_elems(a + i * size, a + store++ * size, size);
    swap_elems(a + store * size, a + last * size, size);
    if (store < n - store - 1) {
      quicksort(a, store, size, cmp);
      a += (store + 1) * size;
      n -= store + 1;
    } else {
      quicksort(a + (store + 1) * size, n - store - 1, size, cmp);
      n = store;
    }
  }
}

static int cmp_s32(const void* x, const void* y) {
  s32 a = *(const s32*)x, b = *(const s32*)y;
  return (a > b) - (a < b);
}

struct rec {
  u64 key;
  u32 tag;
  u32 pad;
};
static int cmp_rec(const void* x, const void* y) {
  const struct rec *a = x, *b = y;
  return a->key < b->key ? -1 : a->key > b->key;
}

static void test_sort(void) {
  static s32 a[500], b[500];
  u64 sum_before = 0, sum_after = 0;
  for (int i = 0; i < 500; i++) {
    a[i] = (s32)rng() >> 4;
    b[i] = a[i];
    sum_before += (u32)a[i];
  }
  quicksort(a, 500, sizeof a[0], cmp_s32);
  insertion_sort(b, 500);
  int sorted = 1;
  for (int i = 0; i < 500; i++) {
    sum_after += (u32)a[i];
    if (i && a[i - 1] > a[i]) sorted = 0;
  }
  t_true("qsort_sorted", sorted);
  t_true("qsort_permutation", sum_before == sum_after);
  t_true("insertion_equals_qsort", memcmp(a, b, sizeof a) == 0);
  printf("sorted: min=%d median=%d max=%d\n", a[0], a[250], a[499]);
  static struct rec r[64];
  for (u32 i = 0; i < 64; i++) {
    r[i].key = (u64)rng() << 32 | rng();
    r[i].tag = i;
    r[i].pad = 0;
  }
  quicksort(r, 64, sizeof r[0], cmp_rec);
  int ok = 1;
  u64 tags = 0;
  for (int i = 0; i < 64; i++) {
    if (i && r[i - 1].key > r[i].key) ok = 0;
    tags |= 1ull << r[i].tag;
  }
  t_true("qsort_struct_sorted", ok);
  t_check("qsort_struct_all_tags", tags, ~0ull);
  printf("struct sort: first tag %u key %lx\n", r[0].tag, r[0].key);
}

// ---- CRC-32 (table) ----
static u32 crc_table[256];
static void crc_init(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}
static u32 crc32_buf(const void* p, size_t n) {
  const u8* b = p;
  u32 c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) c = crc_table[(c ^ b[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

static void test_crc(void) {
  crc_init();
  t_check("crc_table_1", crc_table[1], 0x77073096);
  t_check("crc_table_255", crc_table[255], 0x2D02EF8D);
  t_check("crc_123456789", crc32_buf("123456789", 9), 0xCBF43926);
  t_check("crc_fox", crc32_buf("The quick brown fox jumps over the lazy dog", 43), 0x414FA339);
  t_check("crc_empty", crc32_buf("", 0), 0);
}

// ---- 64-bit division ----
static NOINLINE u64 udivx(u64 a, u64 b) { return a / b; }
static NOINLINE u64 umodx(u64 a, u64 b) { return a % b; }
static NOINLINE s64 sdivx(s64 a, s64 b) { return a / b; }
static NOINLINE s64 smodx(s64 a, s64 b) { return a % b; }
static NOINLINE u32 udivw(u32 a, u32 b) { return a / b; }
static NOINLINE s32 smodw(s32 a, s32 b) { return a % b; }

static void test_div(void) {
  t_check("udiv_max_3", udivx(~0ull, 3), 0x5555555555555555ull);
  t_check("umod_max_10", umodx(~0ull, 10), 5);
  t_check("udiv_small_big", udivx(5, 6), 0);
  t_check("sdiv_m7_2", (u64)sdivx(-7, 2), (u64)-3);
  t_check("smod_m7_2", (u64)smodx(-7, 2), (u64)-1);
  t_check("smod_7_m2", (u64)smodx(7, -2), 1);
  t_check("sdiv_min_1", (u64)sdivx(INT64_MIN, 1), (u64)INT64_MIN);
  t_check("sdiv_min_2", (u64)sdivx(INT64_MIN, 2), 0xc000000000000000ull);
  t_check("smod_min_m3", (u64)smodx(INT64_MIN, -3), (u64)-2);
  t_check("udivw", udivw(0xffffffffu, 0x10000u), 0xffff);
  t_check("smodw", (u32)smodw(-2147483647 - 1, 7), (u32)-2);
  // reconstruct: (a / b) * b + a % b == a
  int ok = 1;
  for (int i = 0; i < 200; i++) {
    s64 a = (s64)((u64)rng() << 32 | rng()), b = (s64)(rng() | 1) * ((i & 1) ? -1 : 1) >> (i % 31);
    if (b == 0) b = 3;
    if (sdivx(a, b) * b + smodx(a, b) != a) ok = 0;
    u64 ua = (u64)a, ub = (u64)b;
    if (udivx(ua, ub) * ub + umodx(ua, ub) != ua || umodx(ua, ub) >= ub) ok = 0;
  }
  t_true("div_mod_identity", ok);
}

// ---- strings ----
static void reverse(char* s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n / 2; i++) {
    char t = s[i];
    s[i] = s[n - 1 - i];
    s[n - 1 - i] = t;
  }
}

static void test_strings(void) {
  char b[64];
  strcpy(b, "firmware");
  t_check("strlen", strlen(b), 8);
  reverse(b);
  t_true("reverse", strcmp(b, "erawmrif") == 0);
  t_true("strcmp_order", strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
  t_true("strncmp", strncmp("hello world", "hello there", 5) == 0 && strncmp("ab", "ac", 2) < 0);
  t_true("strchr", strchr("a=b", '=') != NULL && *(strchr("a=b", '=') + 1) == 'b' &&
                       strchr("abc", 'z') == NULL);
  memset(b, 'x', 10);
  b[10] = 0;
  t_true("memset", strcmp(b, "xxxxxxxxxx") == 0);
  memmove(b + 2, b, 5);
  memcpy(b, "0123456789", 10);
  memmove(b + 3, b, 6);
  t_true("memmove_overlap", memcmp(b, "0120123459", 10) == 0);
  // word counting
  const char* text = "the cat sat on the mat with the hat";
  int words = 0, the = 0;
  for (const char* p = text; *p;) {
    while (*p == ' ') p++;
    if (!*p) break;
    const char* start = p;
    while (*p && *p != ' ') p++;
    words++;
    if (p - start == 3 && strncmp(start, "the", 3) == 0) the++;
  }
  t_check("words", (u64)words, 9);
  t_check("the_count", (u64)the, 3);
}

// ---- hash table ----
#define HT_SIZE 128
struct entry {
  const char* key;
  int value;
};
static struct entry table[HT_SIZE];

static u32 fnv1a(const char* s) {
  u32 h = 2166136261u;
  while (*s) h = (h ^ (u8)*s++) * 16777619u;
  return h;
}
static void ht_put(const char* key, int value) {
  u32 i = fnv1a(key) & (HT_SIZE - 1);
  while (table[i].key && strcmp(table[i].key, key) != 0) i = (i + 1) & (HT_SIZE - 1);
  table[i].key = key;
  table[i].value = value;
}
static int ht_get(const char* key, int* value) {
  u32 i = fnv1a(key) & (HT_SIZE - 1);
  while (table[i].key) {
    if (strcmp(table[i].key, key) == 0) {
      *value = table[i].value;
      return 1;
    }
    i = (i + 1) & (HT_SIZE - 1);
  }
  return 0;
}

static void test_hash(void) {
  static const char* const words[] = {"alpha", "beta",  "gamma", "delta", "epsilon", "zeta",
                                      "eta",   "theta", "iota",  "kappa", "lambda",  "mu"};
  t_check("fnv1a_empty", fnv1a(""), 0x811c9dc5u);
  t_check("fnv1a_a", fnv1a("a"), 0xe40c292cu);
  t_check("fnv1a_foobar", fnv1a("foobar"), 0xbf9cf968u);
  for (unsigned i = 0; i < ARRAY_SIZE(words); i++) ht_put(words[i], (int)(i * i));
  ht_put("gamma", 1000);
  int ok = 1, v;
  for (unsigned i = 0; i < ARRAY_SIZE(words); i++) {
    if (!ht_get(words[i], &v))
      ok = 0;
    else if (v != (i == 2 ? 1000 : (int)(i * i)))
      ok = 0;
  }
  t_true("ht_lookup_all", ok);
  t_true("ht_missing", !ht_get("omega", &v));
  unsigned used = 0;
  for (unsigned i = 0; i < HT_SIZE; i++) used += table[i].key != NULL;
  t_check("ht_used", used, ARRAY_SIZE(words));
  printf("hash: lambda at slot %u\n", fnv1a("lambda") & (HT_SIZE - 1));
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("printf");
  test_printf();
  t_section("sort");
  test_sort();
  t_section("crc32");
  test_crc();
  t_section("division");
  test_div();
  t_section("strings");
  test_strings();
  t_section("hash table");
  test_hash();
}
