/*
 * ktest_port.c: kernel-side checks of what differs from host to host:
 * byte order and unaligned access (kern/endian.h), 64-bit division on
 * 32-bit CPUs (libkern/div64.c), the sizes of the kernel ABI's types.
 * Each check function returns 0, or the line of the first failed check.
 */
#include <kern/systm.h>
#include <kern/endian.h>

#define CHECK(c) do { if (!(c)) return __LINE__; } while (0)

/* The kernel ABI is the same on every host. */
CTASSERT(sizeof(off_t) == 8 && sizeof(time_t) == 8);
CTASSERT(sizeof(int64_t) == 8 && sizeof(uint64_t) == 8);
CTASSERT(sizeof(uintptr_t) == sizeof(void *));
/* Conversions of constants are constants. */
CTASSERT(bswap16(0x0102) == 0x0201);
CTASSERT(bswap32(0x01020304) == 0x04030201);
CTASSERT(bswap64(0x0102030405060708ULL) == 0x0807060504030201ULL);
CTASSERT(be32toh(htobe32(0x01020304)) == 0x01020304);

static const uint8_t pat[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* Run-time values the compiler cannot see through. */
static volatile uint16_t v16 = 0x0102;
static volatile uint32_t v32 = 0x01020304;
static volatile uint64_t v64 = 0x0102030405060708ULL;

/* buf[off .. off+n) holds pat[0 .. n), and the bytes around are 0xee. */
static bool
enc_ok(const uint8_t *buf, size_t off, size_t n)
{
	for (size_t i = 0; i < 24; i++) {
		uint8_t want = i >= off && i < off + n ? pat[i - off] : 0xee;
		if (buf[i] != want)
			return false;
	}
	return true;
}

/* Loads and stores at every alignment, against fixed byte patterns. */
static int
endian_dec_enc(void)
{
	uint8_t buf[24];

	for (size_t off = 0; off < 8; off++) {
		memset(buf, 0xee, sizeof(buf));
		memcpy(buf + off, pat, sizeof(pat));
		CHECK(le16dec(buf + off) == 0x0201);
		CHECK(le32dec(buf + off) == 0x04030201);
		CHECK(le64dec(buf + off) == 0x0807060504030201ULL);
		CHECK(be16dec(buf + off) == 0x0102);
		CHECK(be32dec(buf + off) == 0x01020304);
		CHECK(be64dec(buf + off) == 0x0102030405060708ULL);

		memset(buf, 0xee, sizeof(buf));
		le16enc(buf + off, 0x0201);
		CHECK(enc_ok(buf, off, 2));
		memset(buf, 0xee, sizeof(buf));
		le32enc(buf + off, 0x04030201);
		CHECK(enc_ok(buf, off, 4));
		memset(buf, 0xee, sizeof(buf));
		le64enc(buf + off, 0x0807060504030201ULL);
		CHECK(enc_ok(buf, off, 8));
		memset(buf, 0xee, sizeof(buf));
		be16enc(buf + off, v16);
		CHECK(enc_ok(buf, off, 2));
		memset(buf, 0xee, sizeof(buf));
		be32enc(buf + off, v32);
		CHECK(enc_ok(buf, off, 4));
		memset(buf, 0xee, sizeof(buf));
		be64enc(buf + off, v64);
		CHECK(enc_ok(buf, off, 8));
	}
	/* High bits must not leak into lower bytes (sign extension). */
	CHECK(le16dec("\xff\x80") == 0x80ff);
	CHECK(be32dec("\x80\xff\xfe\xfd") == 0x80fffefdU);
	CHECK(le64dec("\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8") ==
	    0xf8f7f6f5f4f3f2f1ULL);
	return 0;
}

/* Host-order conversions, checked through the bytes they leave in
 * memory: the same expectations hold on either byte order. */
static int
endian_host_order(void)
{
	uint16_t x16;
	uint32_t x32;
	uint64_t x64;

	x16 = htobe16(v16);
	CHECK(memcmp(&x16, pat, 2) == 0);
	x32 = htobe32(v32);
	CHECK(memcmp(&x32, pat, 4) == 0);
	x64 = htobe64(v64);
	CHECK(memcmp(&x64, pat, 8) == 0);
	x32 = htonl(v32);
	CHECK(memcmp(&x32, pat, 4) == 0);
	x16 = htons(v16);
	CHECK(memcmp(&x16, pat, 2) == 0);

	x16 = htole16(bswap16(v16));
	CHECK(memcmp(&x16, pat, 2) == 0);
	x32 = htole32(bswap32(v32));
	CHECK(memcmp(&x32, pat, 4) == 0);
	x64 = htole64(bswap64(v64));
	CHECK(memcmp(&x64, pat, 8) == 0);

	memcpy(&x16, pat, 2);
	CHECK(be16toh(x16) == 0x0102 && le16toh(x16) == 0x0201);
	CHECK(ntohs(x16) == 0x0102 && betoh16(x16) == 0x0102);
	memcpy(&x32, pat, 4);
	CHECK(be32toh(x32) == 0x01020304 && le32toh(x32) == 0x04030201);
	CHECK(ntohl(x32) == 0x01020304 && letoh32(x32) == 0x04030201);
	memcpy(&x64, pat, 8);
	CHECK(be64toh(x64) == 0x0102030405060708ULL);
	CHECK(le64toh(x64) == 0x0807060504030201ULL);

	/* The decoders agree with the conversions. */
	x32 = le32dec(pat);
	CHECK(be32toh(htole32(x32)) == be32dec(pat));
	x64 = v64;
	CHECK(BYTE_ORDER == LITTLE_ENDIAN ? le64dec(&x64) == x64 :
	    be64dec(&x64) == x64);
	return 0;
}

int
ktest_endian(void)
{
	int line;

	if ((line = endian_dec_enc()) != 0)
		return line;
	return endian_host_order();
}

/* The compiler calls these on 32-bit CPUs; call them on every CPU. */
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
int64_t __divmoddi4(int64_t n, int64_t d, int64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

static const struct {
	uint64_t n, d, q, r;
} udiv_cases[] = {
	{ 0, 1, 0, 0 },
	{ 7, 7, 1, 0 },
	{ 6, 7, 0, 6 },
	{ 0xffffffffU, 0x10000U, 0xffffU, 0xffffU },
	{ 0xffffffffffffffffULL, 1, 0xffffffffffffffffULL, 0 },
	{ 0xffffffffffffffffULL, 0x100000000ULL, 0xffffffffU, 0xffffffffU },
	{ 0xffffffffffffffffULL, 0xffffffffffffffffULL, 1, 0 },
	{ 0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0,
	    0xfffffffffffffffeULL },
	{ 1000000000000000000ULL, 7, 142857142857142857ULL, 1 },
	{ 0x8000000000000000ULL, 3, 3074457345618258602ULL, 2 },
	{ 0x123456789abcdef0ULL, 0x100000001ULL, 0x12345678U, 0x88888878ULL },
	{ 5000000000ULL, 1000000000ULL, 5, 0 },
};

static const struct {
	int64_t n, d, q, r;
} sdiv_cases[] = {
	{ 7, 2, 3, 1 },
	{ -7, 2, -3, -1 },
	{ 7, -2, -3, 1 },
	{ -7, -2, 3, -1 },
	{ -5000000000LL, 1000000000LL, -5, 0 },
	{ -5000000001LL, 1000000000LL, -5, -1 },
	{ INT64_MAX, -1, -INT64_MAX, 0 },
	{ -INT64_MAX - 1, 2, -(INT64_MAX / 2) - 1, 0 },
	{ -INT64_MAX - 1, INT64_MAX, -1, -1 },
};

int
ktest_div64(void)
{
	uint64_t ur, n, d, q;
	int64_t sr;

	for (size_t i = 0; i < __arraycount(udiv_cases); i++) {
		n = udiv_cases[i].n;
		d = udiv_cases[i].d;
		CHECK(__udivmoddi4(n, d, &ur) == udiv_cases[i].q);
		CHECK(ur == udiv_cases[i].r);
		CHECK(__udivdi3(n, d) == udiv_cases[i].q);
		CHECK(__umoddi3(n, d) == udiv_cases[i].r);
		v64 = n;	/* through memory: the CPU divides, or libkern */
		CHECK(v64 / d == udiv_cases[i].q && v64 % d == udiv_cases[i].r);
	}
	for (size_t i = 0; i < __arraycount(sdiv_cases); i++) {
		int64_t sn = sdiv_cases[i].n, sd = sdiv_cases[i].d;

		CHECK(__divmoddi4(sn, sd, &sr) == sdiv_cases[i].q);
		CHECK(sr == sdiv_cases[i].r);
		CHECK(__divdi3(sn, sd) == sdiv_cases[i].q);
		CHECK(__moddi3(sn, sd) == sdiv_cases[i].r);
	}
	/* Pseudo-random operands of every width: q * d + r == n, r < d. */
	n = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < 20000; i++) {
		n = n * 6364136223846793005ULL + 1442695040888963407ULL;
		d = (n >> (i % 64)) | 1;
		q = __udivmoddi4(n, d, &ur);
		CHECK(q * d + ur == n && ur < d);
	}
	return 0;
}
