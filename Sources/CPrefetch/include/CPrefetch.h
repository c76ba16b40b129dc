#ifndef INTERLOCK_CPREFETCH_H
#define INTERLOCK_CPREFETCH_H
/* Prefetch hints for pipelined probes of large tables (Swift has no prefetch intrinsic): the
   connection tracker's flow table (written next) and the policy engine's lookup tables (read). */
static inline void interlock_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }
static inline void interlock_prefetch_read(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
