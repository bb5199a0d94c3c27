/*
 * div64.c: 64-bit division for 32-bit CPUs.
 *
 * A 32-bit CPU has no 64-bit divide, so the compiler turns a 64-bit
 * `/` or `%` into a call to one of these libgcc routines.  Kernel code
 * links no libgcc; these are the kernel's own, renamed into rumpns_ with
 * the rest of the core, so every kernel library's calls resolve here and
 * the program's libgcc is never involved.  They are built on every host
 * (a 64-bit compiler never calls them; the unit test does).
 *
 * Nothing in here may divide 64-bit values itself: that would call
 * back in.  Division by zero traps, as the hardware's divide does.
 */
#include <kern/types.h>

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
int64_t __divmoddi4(int64_t n, int64_t d, int64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

/* Unsigned n / d, remainder in *rem if rem is not NULL. */
uint64_t
__udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0;
	int shift;

	if (d == 0)
		__builtin_trap();
	if ((n >> 32) == 0 && (d >> 32) == 0) {
		/* Both fit in 32 bits: the CPU's own divide. */
		uint32_t n32 = (uint32_t)n, d32 = (uint32_t)d;

		if (rem != NULL)
			*rem = n32 % d32;
		return n32 / d32;
	}
	if (n >= d) {
		/* Line d up under n's top bit; subtract it down, bit by bit. */
		shift = __builtin_clzll(d) - __builtin_clzll(n);
		d <<= shift;
		for (; shift >= 0; shift--) {
			q <<= 1;
			if (n >= d) {
				n -= d;
				q |= 1;
			}
			d >>= 1;
		}
	}
	if (rem != NULL)
		*rem = n;
	return q;
}

static uint64_t
div64_abs(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/* Signed: the quotient rounds toward zero, the remainder has n's sign. */
int64_t
__divmoddi4(int64_t n, int64_t d, int64_t *rem)
{
	uint64_t r, q = __udivmoddi4(div64_abs(n), div64_abs(d), &r);

	if (rem != NULL)
		*rem = (int64_t)(n < 0 ? -r : r);
	return (int64_t)((n < 0) != (d < 0) ? -q : q);
}

uint64_t
__udivdi3(uint64_t n, uint64_t d)
{
	return __udivmoddi4(n, d, NULL);
}

uint64_t
__umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	(void)__udivmoddi4(n, d, &r);
	return r;
}

int64_t
__divdi3(int64_t n, int64_t d)
{
	return __divmoddi4(n, d, NULL);
}

int64_t
__moddi3(int64_t n, int64_t d)
{
	int64_t r;

	(void)__divmoddi4(n, d, &r);
	return r;
}
