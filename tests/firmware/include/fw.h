// Runtime of the self-checking firmware tests (tests/firmware).
//
// Every program runs on el2sim and on qemu-system-aarch64 (virt, GICv2,
// virtualization=on, cortex-a57); the two transcripts must be identical.
// The MMU stays off, so all data accesses are Device-nGnRnE: never make an
// unaligned access (the build uses -mstrict-align).
#ifndef EL2SIM_FW_H
#define EL2SIM_FW_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NOINLINE __attribute__((noinline))

// ---- system registers ------------------------------------------------------
#define sysreg_read(reg)                                     \
  ({                                                         \
    u64 v__;                                                 \
    __asm__ volatile("mrs %0, " #reg : "=r"(v__)::"memory"); \
    v__;                                                     \
  })
#define sysreg_write(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((u64)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb_sy() __asm__ volatile("dsb sy" ::: "memory")

// HCR_EL2 bits (Arm ARM D13.2.46)
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VF (1ull << 6)
#define HCR_VI (1ull << 7)
#define HCR_VSE (1ull << 8)
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID3 (1ull << 18)
#define HCR_TSC (1ull << 19)
#define HCR_TACR (1ull << 21)
#define HCR_TVM (1ull << 26)
#define HCR_TGE (1ull << 27)
#define HCR_HCD (1ull << 29)
#define HCR_TRVM (1ull << 30)
#define HCR_RW (1ull << 31)

#define HCR_DEFAULT HCR_RW
#define SCTLR_EL2_DEFAULT 0x30C50830ull  // RES1 bits, M=C=I=A=SA=0
#define SCTLR_EL1_DEFAULT 0x30D00800ull  // RES1 bits, M=C=I=A=SA=SA0=0
#define CPTR_EL2_DEFAULT 0x33FFull       // RES1 bits, TFP=TTA=TCPAC=0
#define CPTR_TFP (1ull << 10)
#define CPACR_FPEN_ALL (3ull << 20)
#define SCTLR_A (1ull << 1)
#define SCTLR_SA (1ull << 3)
#define SCTLR_SA0 (1ull << 4)

// SPSR / PSTATE mode values
#define SPSR_EL0t 0x0
#define SPSR_EL1t 0x4
#define SPSR_EL1h 0x5
#define SPSR_EL2t 0x8
#define SPSR_EL2h 0x9
#define SPSR_DAIF (0xFull << 6)
#define SPSR_IL (1ull << 20)

// ESR_ELx exception classes used by the tests
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_ILLEGAL 0x0E
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2F
#define EC_BRK64 0x3C
#define ESR_IL (1u << 25)
#define ESR(ec, iss) (((u64)(ec) << 26) | ESR_IL | (u64)(iss))

// ---- console ---------------------------------------------------------------
void uart_putc(char c);
void uart_puts(const char* s);
int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* fmt, va_list ap);
int snprintf(char* buf, size_t n, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t n, const char* fmt, va_list ap);

// ---- libc subset -----------------------------------------------------------
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strcpy(char* dst, const char* src);
char* strchr(const char* s, int c);

// ---- power -----------------------------------------------------------------
__attribute__((noreturn)) void psci_system_off(void);

// ---- exceptions ------------------------------------------------------------
// Register frame pushed by the vector stubs (lib/vectors.S).
struct exc_frame {
  u64 x[31];
  u64 sp_el0;
  u64 elr, spsr, esr, far;
};

// What the last (recorded) exception looked like.
struct exc_record {
  u64 count;
  u64 el;   // EL the exception was taken to
  u64 vec;  // vector offset (0x000..0x780)
  u64 esr, elr, spsr, far;
};
extern volatile struct exc_record g_exc;
extern volatile u64 g_exc_armed;  // non-zero: exceptions are expected

// A hook may handle an exception itself: return 1 to skip the default policy.
typedef int (*exc_hook_fn)(struct exc_frame* f, unsigned el, unsigned vec);
extern volatile exc_hook_fn g_exc_hook;

void exc_reset(void);  // count = 0, fields = ~0, armed = 1
void exc_disarm(void);
const char* exc_class_name(unsigned ec);
void exc_print(const char* tag);  // prints the record symbolically

// Run fn(arg) at the PSTATE given by spsr (EL0t/EL1t/EL1h/EL2t) with the given
// stack; returns fn's result.  fn returns to EL2 through HVC/SVC #0xFFFF.
u64 el_call(u64 spsr, u64 (*fn)(u64), u64 arg, void* sp_el0);  // SP_EL1 = stack_el1_top
u64 run_el1(u64 (*fn)(u64), u64 arg);                          // EL1h, DAIF masked
u64 run_el0(u64 (*fn)(u64), u64 arg);                          // EL0t, DAIF masked
u64 current_el(void);

// ---- test harness ----------------------------------------------------------
extern const char test_name[];  // defined by each program
void test_main(u64 dtb);        // defined by each program

void t_section(const char* name);
int t_check(const char* name, u64 got, u64 expected);  // prints "name: 0x.. PASS"
int t_check32(const char* name, u64 got, u64 expected);
int t_true(const char* name, int cond);
void t_value(const char* name, u64 v);  // informational, no check
void t_fail(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Test data: xorshift64* (the next value of the generator whose state, never zero, is
// *state) and the FNV-1a hash of n bytes.
u64 t_rand(u64* state);
u64 t_hash(const void* p, unsigned n);
int t_failures(void);

// A group of many similar checks: failures are printed one by one, and one
// line "name: n=N hash=0x.. PASS" sums the group up (counts as one check).
struct t_group {
  const char* name;
  u64 hash;
  unsigned n, fails;
};
void tg_begin(struct t_group* g, const char* name);
void tg_check(struct t_group* g, u64 got, u64 expected, u64 in1, u64 in2);
void tg_end(struct t_group* g);

// Expect exactly one exception with the given syndrome and ELR.
int t_check_exc(const char* name, unsigned el, unsigned vec, u64 esr, u64 elr);

// Stacks for lower ELs (lib/start.S)
extern u8 stack_el1_top[];
extern u8 stack_el0_top[];

// Device tree helpers (lib/dtb.c)
u32 be32(const void* p);
u64 be64(const void* p);
int dtb_valid(u64 dtb);
// Finds /memory's reg (first entry); returns 0 on success.
int dtb_memory(u64 dtb, u64* base, u64* size);

#endif
