/*
 * string.c: the memory and string routines kernel code uses.
 *
 * The compiler may also emit calls to memcpy, memmove and memset for
 * structure copies; these definitions answer them (renamed into the
 * kernel's namespace like everything else).
 */
#include <kern/systm.h>

#undef memcpy
#undef memmove
#undef memset
#undef memcmp

/*
 * x86 copies large blocks fastest with its string move (the fast-string
 * microcode moves whole cache lines, without first reading the lines it
 * overwrites): file data goes through here.  Sanitizer builds keep the
 * C loop, whose accesses they check.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define STRING_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define STRING_SANITIZED 1
#endif
#endif
#if (defined(__x86_64__) || defined(__i386__)) && !defined(STRING_SANITIZED)
#define MEMCPY_STRING_MIN 1024	/* below this the loop is as fast */
#endif

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

#ifdef MEMCPY_STRING_MIN
	if (n >= MEMCPY_STRING_MIN) {
		__asm__ volatile("rep movsb"
		    : "+D" (d), "+S" (s), "+c" (n) : : "memory");
		return dst;
	}
#endif
	/* 64 bytes a step, as 16-byte blocks the compiler turns into
	 * vector moves where the CPU has them. */
	for (; n >= 64; n -= 64, d += 64, s += 64) {
		__builtin_memcpy(d, s, 16);
		__builtin_memcpy(d + 16, s + 16, 16);
		__builtin_memcpy(d + 32, s + 32, 16);
		__builtin_memcpy(d + 48, s + 48, 16);
	}
	for (; n >= sizeof(long); n -= sizeof(long), d += sizeof(long),
	    s += sizeof(long))
		__builtin_memcpy(d, s, sizeof(long));
	while (n--)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned long w = (unsigned char)c * (~0UL / 0xff);

	for (; n > 0 && (uintptr_t)d % sizeof(long) != 0; n--)
		*d++ = (unsigned char)c;
	for (; n >= sizeof(long); n -= sizeof(long), d += sizeof(long))
		*(unsigned long *)(void *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			break;
	}
	return 0;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (*s == '\0')
			return NULL;
	}
}

/* Copy src into dst of size n, always terminated; returns strlen(src). */
size_t
strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n) {
		size_t c = len < n - 1 ? len : n - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return len;
}

size_t
strlcat(char *dst, const char *src, size_t n)
{
	size_t dl = strnlen(dst, n);

	if (dl == n)
		return n + strlen(src);
	return dl + strlcpy(dst + dl, src, n - dl);
}

int
parse_u64(const char *s, uint64_t *vp)
{
	uint64_t v = 0;

	if (*s == '\0')
		return EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return EINVAL;
		if (v > (__UINT64_MAX__ - (uint64_t)(*s - '0')) / 10)
			return ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*vp = v;
	return 0;
}
