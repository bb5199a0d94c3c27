/*
 * endian.h: byte order and unaligned access.
 *
 * On-disk formats and network headers are read and written through
 * these, never by casting a structure over raw bytes: the kernel runs on
 * hosts of either byte order, and buffers need not be aligned.
 *
 *	le16dec(p), le32dec(p), le64dec(p)	load a little-endian value
 *	be16dec(p), be32dec(p), be64dec(p)	load a big-endian value
 *	le16enc(p, v), ..., be64enc(p, v)	store one
 * p may point anywhere (any alignment).  The conversions between host
 * order and a fixed order (htobe32, be32toh, htole64, ..., with the
 * betoh32/letoh32 spellings and the network-order htonl/ntohs) and
 * bswap16/32/64 are constant expressions for constant arguments.
 */
#ifndef KERN_ENDIAN_H
#define KERN_ENDIAN_H

#include <kern/types.h>

#define LITTLE_ENDIAN 1234
#define BIG_ENDIAN 4321
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define BYTE_ORDER LITTLE_ENDIAN
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BYTE_ORDER BIG_ENDIAN
#else
#error "kern/endian.h: the compiler names no byte order we know"
#endif

#define bswap16(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define bswap32(x) ((uint32_t)__builtin_bswap32((uint32_t)(x)))
#define bswap64(x) ((uint64_t)__builtin_bswap64((uint64_t)(x)))

#if BYTE_ORDER == LITTLE_ENDIAN
#define htole16(x) ((uint16_t)(x))
#define htole32(x) ((uint32_t)(x))
#define htole64(x) ((uint64_t)(x))
#define htobe16(x) bswap16(x)
#define htobe32(x) bswap32(x)
#define htobe64(x) bswap64(x)
#else
#define htole16(x) bswap16(x)
#define htole32(x) bswap32(x)
#define htole64(x) bswap64(x)
#define htobe16(x) ((uint16_t)(x))
#define htobe32(x) ((uint32_t)(x))
#define htobe64(x) ((uint64_t)(x))
#endif

/* Each conversion is its own inverse. */
#define le16toh(x) htole16(x)
#define le32toh(x) htole32(x)
#define le64toh(x) htole64(x)
#define be16toh(x) htobe16(x)
#define be32toh(x) htobe32(x)
#define be64toh(x) htobe64(x)
#define letoh16(x) htole16(x)
#define letoh32(x) htole32(x)
#define letoh64(x) htole64(x)
#define betoh16(x) htobe16(x)
#define betoh32(x) htobe32(x)
#define betoh64(x) htobe64(x)

/* Network order is big-endian. */
#define htons(x) htobe16(x)
#define htonl(x) htobe32(x)
#define ntohs(x) htobe16(x)
#define ntohl(x) htobe32(x)

/*
 * Loads and stores, byte by byte: correct for any alignment and either
 * byte order; compilers turn them into one (possibly swapping) access
 * where the CPU allows it.
 */
static inline uint16_t
le16dec(const void *buf)
{
	const uint8_t *p = buf;

	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
le32dec(const void *buf)
{
	const uint8_t *p = buf;

	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	    ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t
le64dec(const void *buf)
{
	const uint8_t *p = buf;

	return (uint64_t)le32dec(p) | ((uint64_t)le32dec(p + 4) << 32);
}

static inline uint16_t
be16dec(const void *buf)
{
	const uint8_t *p = buf;

	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t
be32dec(const void *buf)
{
	const uint8_t *p = buf;

	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline uint64_t
be64dec(const void *buf)
{
	const uint8_t *p = buf;

	return ((uint64_t)be32dec(p) << 32) | (uint64_t)be32dec(p + 4);
}

static inline void
le16enc(void *buf, uint16_t v)
{
	uint8_t *p = buf;

	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
le32enc(void *buf, uint32_t v)
{
	uint8_t *p = buf;

	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void
le64enc(void *buf, uint64_t v)
{
	uint8_t *p = buf;

	le32enc(p, (uint32_t)v);
	le32enc(p + 4, (uint32_t)(v >> 32));
}

static inline void
be16enc(void *buf, uint16_t v)
{
	uint8_t *p = buf;

	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
be32enc(void *buf, uint32_t v)
{
	uint8_t *p = buf;

	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void
be64enc(void *buf, uint64_t v)
{
	uint8_t *p = buf;

	be32enc(p, (uint32_t)(v >> 32));
	be32enc(p + 4, (uint32_t)v);
}

#endif /* KERN_ENDIAN_H */
