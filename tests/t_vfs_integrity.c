/*
 * t_vfs_integrity.c: file data on tmpfs against a shadow copy in host
 * memory.  Seeded random pwrite, pread (also as pwritev, preadv),
 * write, read, lseek and ftruncate (down and up) on one sparse file;
 * every byte read is checked, and so are the size, the blocks in use
 * and SEEK_DATA / SEEK_HOLE (tmpfs keeps 4 KiB pages: a page touched
 * by a write is data until a truncation removes it).  One case keeps
 * the file below 40 MiB with a flat shadow; the other works around
 * offsets beyond 4 GiB (up to 1 TiB) with a shadow of the written
 * pages only.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include "t.h"

/* ThreadSanitizer checks every byte the kernel copies: less work there. */
#if defined(__SANITIZE_THREAD__)
#define SCALE		4
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SCALE		4
#endif
#endif
#ifndef SCALE
#define SCALE		1
#endif

#define PG		4096ULL
#define MAXIO		(256 * 1024 / SCALE)	/* largest read or write */
#define POOL		(1024 * 1024)	/* random bytes writes copy from */
#define FLAT_LIMIT	((40ULL << 20) / SCALE)
#define FLAT_OPS	(8000 / SCALE)
#define SPARSE_OPS	(6000 / SCALE)

static unsigned long long seed;
static uint64_t rng_state;
static unsigned char *pool;		/* POOL + MAXIO random bytes */
static unsigned char *rbuf;		/* MAXIO: what a read gave */

static uint64_t
rnd64(void)
{
	return t_rnd64(&rng_state);
}

static uint64_t
rnd(uint64_t n)
{
	return n == 0 ? 0 : rnd64() % n;
}

/* An I/O length: often tiny, sometimes up to MAXIO. */
static size_t
rnd_len(void)
{
	switch (rnd(5)) {
	case 0:
	case 1:
		return (size_t)rnd(65);
	case 2:
	case 3:
		return (size_t)rnd(16 * 1024) + 1;
	default:
		return (size_t)rnd(MAXIO) + 1;
	}
}

/*
 * The shadow: the file's size and offset, and its pages.  A flat one
 * holds every byte below its limit; a sparse one holds written pages
 * in a hash table (rebuilt on truncation).  Bytes past the size are
 * always zero in the shadow.
 */
struct spage {
	uint64_t idx;
	unsigned char data[PG];
};

struct shadow {
	uint64_t size, off, limit;
	/* flat */
	unsigned char *bytes;
	uint8_t *present;		/* per page: touched by a write */
	/* sparse */
	struct spage **tab;
	size_t cap, n;
	uint64_t npages;		/* pages present */
};

static size_t
hash_slot(const struct shadow *s, uint64_t idx)
{
	return (size_t)((idx * 0x9e3779b97f4a7c15ULL) >> 20) & (s->cap - 1);
}

static struct spage *
sparse_find(const struct shadow *s, uint64_t idx)
{
	for (size_t i = hash_slot(s, idx);; i = (i + 1) & (s->cap - 1)) {
		if (s->tab[i] == NULL)
			return NULL;
		if (s->tab[i]->idx == idx)
			return s->tab[i];
	}
}

static void
sparse_insert(struct shadow *s, struct spage *p)
{
	size_t i = hash_slot(s, p->idx);

	while (s->tab[i] != NULL)
		i = (i + 1) & (s->cap - 1);
	s->tab[i] = p;
	s->n++;
	if (2 * s->n > s->cap)
		T_FAIL("seed %llu: sparse shadow full", seed);
}

static bool
page_present(const struct shadow *s, uint64_t idx)
{
	if (s->bytes != NULL)
		return idx < s->limit / PG && s->present[idx];
	return sparse_find(s, idx) != NULL;
}

/* The shadow's bytes of page idx for writing, created if need be. */
static unsigned char *
page_for_write(struct shadow *s, uint64_t idx)
{
	struct spage *p;

	if (s->bytes != NULL) {
		if (!s->present[idx]) {
			s->present[idx] = 1;
			s->npages++;
		}
		return s->bytes + idx * PG;
	}
	if ((p = sparse_find(s, idx)) == NULL) {
		if ((p = calloc(1, sizeof(*p))) == NULL)
			T_FAIL("out of memory");
		p->idx = idx;
		sparse_insert(s, p);
		s->npages++;
	}
	return p->data;
}

static void
shadow_write(struct shadow *s, uint64_t off, const unsigned char *buf,
    size_t len)
{
	for (size_t done = 0; done < len;) {
		uint64_t o = off + done;
		size_t n = (size_t)MIN(PG - o % PG, len - done);

		memcpy(page_for_write(s, o / PG) + o % PG, buf + done, n);
		done += n;
	}
	if (len > 0 && off + len > s->size)
		s->size = off + len;
}

/* What reading len bytes at off should give, into buf; the count. */
static size_t
shadow_read(const struct shadow *s, uint64_t off, unsigned char *buf,
    size_t len)
{
	size_t want = off >= s->size ? 0 : (size_t)MIN(len, s->size - off);

	for (size_t done = 0; done < want;) {
		uint64_t o = off + done;
		size_t n = (size_t)MIN(PG - o % PG, want - done);
		const unsigned char *src = NULL;

		if (s->bytes != NULL) {
			src = s->bytes + o;
		} else {
			const struct spage *p = sparse_find(s, o / PG);

			if (p != NULL)
				src = p->data + o % PG;
		}
		if (src != NULL)
			memcpy(buf + done, src, n);
		else
			memset(buf + done, 0, n);
		done += n;
	}
	return want;
}

static void
shadow_truncate(struct shadow *s, uint64_t size)
{
	uint64_t keep = (size + PG - 1) / PG;

	if (size < s->size) {
		if (s->bytes != NULL) {
			/* Pages never written hold zeroes already. */
			if (size % PG != 0 && s->present[size / PG])
				memset(s->bytes + size, 0, PG - size % PG);
			for (uint64_t i = keep; i < (s->size + PG - 1) / PG; i++)
				if (s->present[i]) {
					memset(s->bytes + i * PG, 0, PG);
					s->present[i] = 0;
					s->npages--;
				}
		} else {
			struct spage **old = s->tab;
			struct spage *p;

			s->tab = calloc(s->cap, sizeof(*s->tab));
			if (s->tab == NULL)
				T_FAIL("out of memory");
			s->n = 0;
			for (size_t i = 0; i < s->cap; i++) {
				if ((p = old[i]) == NULL)
					continue;
				if (p->idx >= keep) {
					free(p);
					s->npages--;
					continue;
				}
				if (p->idx == keep - 1 && size % PG != 0)
					memset(p->data + size % PG, 0,
					    PG - size % PG);
				sparse_insert(s, p);
			}
			free(old);
		}
	}
	s->size = size;
}

/* SEEK_DATA (hole false) or SEEK_HOLE from off: the offset, or -1 for
 * ENXIO. */
static int64_t
shadow_seek(const struct shadow *s, uint64_t off, bool hole)
{
	uint64_t pages = (s->size + PG - 1) / PG, best = UINT64_MAX;

	if (off >= s->size)
		return -1;
	if (hole) {
		uint64_t i = off / PG;

		while (i < pages && page_present(s, i))
			i++;
		return (int64_t)MIN(MAX(off, i * PG), s->size);
	}
	if (s->bytes != NULL) {
		for (uint64_t i = off / PG; i < pages && best == UINT64_MAX; i++)
			if (s->present[i])
				best = i;
	} else {
		for (size_t i = 0; i < s->cap; i++)
			if (s->tab[i] != NULL && s->tab[i]->idx >= off / PG &&
			    s->tab[i]->idx < pages && s->tab[i]->idx < best)
				best = s->tab[i]->idx;
	}
	return best == UINT64_MAX ? -1 : (int64_t)MAX(off, best * PG);
}

static void
shadow_free(struct shadow *s)
{
	free(s->bytes);
	free(s->present);
	for (size_t i = 0; s->tab != NULL && i < s->cap; i++)
		free(s->tab[i]);
	free(s->tab);
}

/* --- the exerciser --- */

enum { W_PWRITE, W_PREAD, W_WRITE, W_READ, W_SEEK, W_TRUNC_DOWN, W_TRUNC_UP,
	W_SEEKDATA, W_FSTAT, W_NKINDS };
static const char *const wname[W_NKINDS] = { "pwrite", "pread", "write",
	"read", "lseek", "truncate-down", "truncate-up", "seek-data/hole",
	"fstat" };
static const int wweight[W_NKINDS] = { 30, 25, 8, 8, 6, 4, 4, 10, 5 };

/* Where an operation may start: the whole flat range, or one of the
 * regions of the sparse case. */
struct layout {
	const uint64_t *base;
	int nbase;
	uint64_t span;
};

static uint64_t
rnd_offset(const struct layout *lay, const struct shadow *s)
{
	if (rnd(4) == 0 && s->size > 0) {	/* near the end */
		uint64_t back = rnd(PG * 4);

		return s->size - MIN(s->size, back) + rnd(PG * 4);
	}
	if (rnd(8) == 0)			/* a page boundary */
		return lay->base[rnd((uint64_t)lay->nbase)] +
		    rnd(lay->span / PG) * PG;
	return lay->base[rnd((uint64_t)lay->nbase)] + rnd(lay->span);
}

/* pwritev/preadv with the buffer cut in up to three pieces. */
static ssize_t
vec_io(int fd, bool wr, unsigned char *buf, size_t len, off_t off)
{
	struct iovec iov[3];
	size_t a = (size_t)rnd(len + 1), b = a + (size_t)rnd(len - a + 1);

	iov[0] = (struct iovec){ buf, a };
	iov[1] = (struct iovec){ buf + a, b - a };
	iov[2] = (struct iovec){ buf + b, len - b };
	return wr ? rump_sys_pwritev(fd, iov, 3, off) :
	    rump_sys_preadv(fd, iov, 3, off);
}

static void
check_read(const struct shadow *s, int i, const char *what, uint64_t off,
    ssize_t got, size_t len)
{
	static unsigned char want[MAXIO];
	size_t n = shadow_read(s, off, want, len);

	if (got < 0)
		T_FAIL("seed %llu op %d: %s of %zu at %llu failed: %s", seed, i,
		    what, len, (unsigned long long)off, strerror(errno));
	if ((size_t)got != n)
		T_FAIL("seed %llu op %d: %s of %zu at %llu gave %zd, want %zu "
		    "(size %llu)", seed, i, what, len, (unsigned long long)off,
		    got, n, (unsigned long long)s->size);
	if (memcmp(rbuf, want, n) == 0)
		return;
	for (size_t j = 0; j < n; j++)
		if (rbuf[j] != want[j])
			T_FAIL("seed %llu op %d: %s of %zu at %llu: byte %llu is "
			    "%#x, want %#x", seed, i, what, len,
			    (unsigned long long)off, (unsigned long long)(off + j),
			    rbuf[j], want[j]);
}

static void
check_stat(int fd, const struct shadow *s, int i)
{
	struct stat st;

	T_ASSERT_OK(rump_sys_fstat(fd, &st));
	if ((uint64_t)st.st_size != s->size)
		T_FAIL("seed %llu op %d: size %lld, want %llu", seed, i,
		    (long long)st.st_size, (unsigned long long)s->size);
	if ((uint64_t)st.st_blocks * 512 != s->npages * PG)
		T_FAIL("seed %llu op %d: %lld blocks, want %llu pages", seed, i,
		    (long long)st.st_blocks, (unsigned long long)s->npages);
}

static void
exercise(int fd, struct shadow *s, const struct layout *lay, int nops)
{
	int counts[W_NKINDS] = { 0 }, total = 0, k;

	for (k = 0; k < W_NKINDS; k++)
		total += wweight[k];
	for (int i = 0; i < nops; i++) {
		uint64_t off, r = rnd((uint64_t)total);
		size_t len;
		ssize_t got;
		off_t res;
		int64_t want;

		for (k = 0; r >= (uint64_t)wweight[k]; k++)
			r -= (uint64_t)wweight[k];
		counts[k]++;
		switch (k) {
		case W_PWRITE:
		case W_WRITE:
			off = k == W_WRITE ? s->off : rnd_offset(lay, s);
			len = rnd_len();
			if (off + len > s->limit)
				len = off >= s->limit ? 0 : (size_t)(s->limit - off);
			{
				const unsigned char *src = pool + rnd(POOL);

				if (k == W_WRITE)
					got = rump_sys_write(fd, src, len);
				else if (rnd(4) == 0)
					got = vec_io(fd, true, (unsigned char *)src,
					    len, (off_t)off);
				else
					got = rump_sys_pwrite(fd, src, len, (off_t)off);
				if (got != (ssize_t)len)
					T_FAIL("seed %llu op %d: %s of %zu at %llu "
					    "gave %zd (%s)", seed, i, wname[k], len,
					    (unsigned long long)off, got,
					    got < 0 ? strerror(errno) : "short");
				shadow_write(s, off, src, len);
			}
			if (k == W_WRITE)
				s->off += len;
			break;
		case W_PREAD:
			off = rnd_offset(lay, s);
			len = rnd_len();
			if (rnd(4) == 0)
				got = vec_io(fd, false, rbuf, len, (off_t)off);
			else
				got = rump_sys_pread(fd, rbuf, len, (off_t)off);
			check_read(s, i, "pread", off, got, len);
			break;
		case W_READ:
			len = rnd_len();
			got = rump_sys_read(fd, rbuf, len);
			check_read(s, i, "read", s->off, got, len);
			s->off += (uint64_t)got;
			break;
		case W_SEEK:
			off = rnd_offset(lay, s);
			switch (rnd(3)) {
			case 0:
				res = rump_sys_lseek(fd, (off_t)off, SEEK_SET);
				break;
			case 1:
				res = rump_sys_lseek(fd, (off_t)off -
				    (off_t)s->off, SEEK_CUR);
				break;
			default:
				res = rump_sys_lseek(fd, (off_t)off -
				    (off_t)s->size, SEEK_END);
				break;
			}
			if (res != (off_t)off)
				T_FAIL("seed %llu op %d: lseek to %llu gave %lld",
				    seed, i, (unsigned long long)off,
				    (long long)res);
			s->off = off;
			/* Before the start: EINVAL, the offset stays. */
			if (rnd(4) == 0) {
				T_ASSERT_ERRNO(rump_sys_lseek(fd, -(off_t)off - 1,
				    SEEK_CUR), EINVAL);
				T_ASSERT_EQ(rump_sys_lseek(fd, 0, SEEK_CUR),
				    (off_t)off);
			}
			break;
		case W_TRUNC_DOWN:
		case W_TRUNC_UP:
			off = rnd_offset(lay, s);
			if (k == W_TRUNC_DOWN)
				off = rnd(2) ? rnd(s->size + 1) : MIN(s->size, off);
			else
				off = MAX(s->size, off) + rnd(PG * 64);
			if (rnd(4) == 0)
				off -= off % PG;
			off = MIN(off, s->limit);
			if (rump_sys_ftruncate(fd, (off_t)off) != 0)
				T_FAIL("seed %llu op %d: ftruncate to %llu: %s",
				    seed, i, (unsigned long long)off,
				    strerror(errno));
			shadow_truncate(s, off);
			break;
		case W_SEEKDATA:
			off = rnd(3) == 0 ? rnd(s->size + PG) : rnd_offset(lay, s);
			for (int hole = 0; hole < 2; hole++) {
				want = shadow_seek(s, off, hole);
				errno = 0;
				res = rump_sys_lseek(fd, (off_t)off,
				    hole ? SEEK_HOLE : SEEK_DATA);
				if (want < 0 ? (res != -1 || errno != ENXIO) :
				    res != want)
					T_FAIL("seed %llu op %d: %s from %llu "
					    "gave %lld (%s), want %lld (size "
					    "%llu)", seed, i, hole ? "SEEK_HOLE" :
					    "SEEK_DATA", (unsigned long long)off,
					    (long long)res, res < 0 ?
					    strerror(errno) : "-",
					    (long long)want,
					    (unsigned long long)s->size);
				if (res >= 0)
					s->off = (uint64_t)res;
			}
			break;
		case W_FSTAT:
			check_stat(fd, s, i);
			break;
		}
	}
	check_stat(fd, s, nops);
	for (k = 0; k < W_NKINDS; k++)
		T_LOG("%-15s %d", wname[k], counts[k]);
	T_LOG("size %llu, %llu pages", (unsigned long long)s->size,
	    (unsigned long long)s->npages);
}

static int
setup(const char *path)
{
	int fd;

	seed = t_seed();
	rng_state = seed;
	if ((pool = malloc(POOL + MAXIO)) == NULL ||
	    (rbuf = malloc(MAXIO)) == NULL)
		T_FAIL("out of memory");
	for (size_t i = 0; i < POOL + MAXIO; i += 8) {
		uint64_t v = rnd64();

		memcpy(pool + i, &v, 8);
	}
	T_ASSERT_EQ(rump_init(), 0);
	T_ASSERT_GE(fd = rump_sys_open(path, O_RDWR | O_CREAT | O_EXCL, 0644), 0);
	return fd;
}

T_CASE(integrity_flat, "[timeout=30] 8000 random reads, writes, truncations and seeks on a file below 40 MiB match a shadow copy")
{
	static const uint64_t base[] = { 0 };
	struct layout lay = { base, 1, FLAT_LIMIT };
	struct shadow s = { .limit = FLAT_LIMIT };
	int fd = setup("/tmp/flat");

	s.bytes = calloc(1, s.limit);
	s.present = calloc(1, s.limit / PG);
	T_ASSERT(s.bytes != NULL && s.present != NULL);
	exercise(fd, &s, &lay, FLAT_OPS);
	/* All of it, in 1 MiB reads from a second descriptor. */
	int fd2 = rump_sys_open("/tmp/flat", O_RDONLY);
	T_ASSERT_GE(fd2, 0);
	for (uint64_t off = 0; off < s.size + MAXIO; off += MAXIO)
		check_read(&s, -1, "final read", off,
		    rump_sys_read(fd2, rbuf, MAXIO), MAXIO);
	T_ASSERT_OK(rump_sys_close(fd2));
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unlink("/tmp/flat"));
	shadow_free(&s);
	free(pool);
	free(rbuf);
}

T_CASE(integrity_beyond_4g, "[timeout=30] 6000 random operations around offsets beyond 4 GiB (up to 1 TiB) match a sparse shadow")
{
	/* Regions of 512 KiB astride 4 GiB and other far offsets. */
	static const uint64_t base[] = {
		0, (4ULL << 30) - (256 << 10), (6ULL << 30) + 12345,
		(8ULL << 30) - 3 * PG, (20ULL << 30) + 777, 1ULL << 40,
	};
	struct layout lay = { base, 6, 512 << 10 };
	struct shadow s = { .limit = (1ULL << 40) + (1ULL << 20), .cap = 8192 };
	int fd = setup("/tmp/sparse");

	s.tab = calloc(s.cap, sizeof(*s.tab));
	T_ASSERT(s.tab != NULL);
	exercise(fd, &s, &lay, SPARSE_OPS);
	/* Every region again, with a second descriptor. */
	int fd2 = rump_sys_open("/tmp/sparse", O_RDONLY);
	T_ASSERT_GE(fd2, 0);
	for (int b = 0; b < 6; b++)
		for (uint64_t off = base[b]; off < base[b] + lay.span + MAXIO;
		    off += MAXIO)
			check_read(&s, -1, "final pread", off,
			    rump_sys_pread(fd2, rbuf, MAXIO, (off_t)off), MAXIO);
	T_ASSERT_OK(rump_sys_close(fd2));
	T_ASSERT_OK(rump_sys_close(fd));
	T_ASSERT_OK(rump_sys_unlink("/tmp/sparse"));
	shadow_free(&s);
	free(pool);
	free(rbuf);
}
