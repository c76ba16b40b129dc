#ifndef INTERLOCK_CCAPTUREPREFETCH_H
#define INTERLOCK_CCAPTUREPREFETCH_H
/* A prefetch hint for the connection tracker's pipelined probe (Swift has no prefetch intrinsic). */
static inline void interlock_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }
#endif
