/*
 * vfs_cache.c: the name cache: (directory, name) -> vnode, or "no such
 * entry" (negative entries), for every file system.
 *
 * An entry holds a reference on its vnode.  Entries live in a hash, on
 * their directory's v_ncchildren list and on one LRU list with a
 * second-chance bit, all changed under nc_lock only.
 *
 * Lookups take no lock and write nothing shared: they are pserialize
 * read sections.  Each stripe of buckets has a sequence count, odd while
 * nc_lock's holder changes a chain in it; a reader notes the count,
 * walks the chain with acquire loads, and trusts what it found only if
 * the count is unchanged afterwards.  So an entry seen and validated was
 * in the table, holding its vnode, at that moment.  Entries, vnodes and
 * the file systems' nodes are freed only after a grace period, so a
 * reader that raced with their removal reads stale memory, never freed
 * memory, and its validation fails.  A removed entry keeps its forward
 * link, so a reader standing on it walks on to the end of its chain;
 * chains are walked at most NC_MAXCHAIN steps.  Growing the table waits
 * until no reader walks (nc_maybe_grow).
 *
 * References are dropped only after nc_lock is released, since dropping
 * one may reclaim a vnode, which purges its entries.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/hashtab.h>
#include <kern/kmem.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/pserialize.h>
#include <kern/vnode.h>
#include "vfs_private.h"

#define NC_MINHASH	256
#define NC_NSEQ		256		/* sequence-count stripes */
#define NC_MAXCHAIN	64		/* steps before a reader gives up */
#define NC_TRIES	4		/* optimistic lookups before nc_lock */

struct namecache {
	struct list_node nc_hash;	/* next: acquire/release */
	union {
		struct list_node nc_dirlist;	/* on nc_dvp->v_ncchildren */
		struct pserialize_entry nc_psz;	/* once unlinked */
	};
	struct list_node nc_lru;
	struct vnode *nc_dvp;		/* these and the name: constant */
	struct vnode *nc_vp;		/* referenced; NULL: negative */
	uint32_t nc_hashval;
	uint8_t nc_nlen;
	bool nc_hit;			/* atomic: used since last LRU pass */
	char nc_name[];
};

static kmutex_t nc_lock;
static unsigned nc_seq[NC_NSEQ];	/* odd while a chain changes */
static struct list_node *nc_hashtab;	/* nc_lock; read: acquire */
static unsigned nc_hashmask;		/* nc_lock; read: acquire, first */
static struct list_node nc_lru = LIST_HEAD_INIT(nc_lru);
static unsigned nc_count;		/* under nc_lock, read atomically */
static unsigned nc_max = 65536;

static inline uint32_t
nc_hash_step(uint32_t h, char c)
{
	return (h ^ (uint8_t)c) * 16777619u;
}

static inline uint32_t
nc_hash(struct vnode *dvp, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)((uintptr_t)dvp >> 4);

	for (size_t i = 0; i < len; i++)
		h = nc_hash_step(h, name[i]);
	return h;
}

#define NC_SEQ(h)	(&nc_seq[(h) & (NC_NSEQ - 1)])

/* Readers' side of a stripe's count: the count to validate against, or
 * an odd value if a writer is inside. */
static inline unsigned
nc_read_begin(const unsigned *seq)
{
	return __atomic_load_n(seq, __ATOMIC_SEQ_CST);	/* see nc_maybe_grow */
}

/* The chain's loads, all acquire, are ordered before this one. */
static inline bool
nc_read_valid(const unsigned *seq, unsigned s)
{
	return (s & 1) == 0 && atomic_load_acquire(seq) == s;
}

/* Writers' side; nc_lock held.  Every store a reader may see after the
 * odd count is a release store, so a reader that sees one sees the odd
 * count (or a later one) when it validates. */
static inline void
nc_write_begin(unsigned *seq)
{
	atomic_store_relaxed(seq, *seq + 1);
}

static inline void
nc_write_end(unsigned *seq)
{
	atomic_store_release(seq, *seq + 1);
}

/* Chain changes, each visible to readers in one release store. */
static void
nc_chain_insert(struct list_node *head, struct namecache *nc)
{
	struct list_node *n = &nc->nc_hash, *next = head->next;

	n->prev = head;
	atomic_store_release(&n->next, next);
	next->prev = n;
	atomic_store_release(&head->next, n);
}

static void
nc_chain_remove(struct namecache *nc)
{
	struct list_node *n = &nc->nc_hash;

	atomic_store_release(&n->prev->next, atomic_load_relaxed(&n->next));
	n->next->prev = n->prev;
}

/*
 * The entry for (dvp, name), NULL if none, or NC_LOST after maxsteps
 * entries (a long chain, which a reader leaves to nc_lock's holder; it
 * passes UINT32_MAX).  Safe without nc_lock in a read section.
 */
#define NC_LOST ((struct namecache *)1)

/* Names are short: compared inline, not with a call to memcmp. */
static inline bool
nc_name_eq(const char *a, const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Inline: it is most of a cached walk's work per name. */
static inline __attribute__((__always_inline__)) struct namecache *
nc_find(struct vnode *dvp, const char *name, size_t len, uint32_t h,
    unsigned maxsteps)
{
	unsigned mask = atomic_load_acquire(&nc_hashmask);
	struct list_node *head = &atomic_load_acquire(&nc_hashtab)[h & mask];
	struct list_node *n = atomic_load_acquire(&head->next);

	for (unsigned steps = 0; n != head; steps++) {
		struct namecache *nc = container_of(n, struct namecache, nc_hash);

		if (steps == maxsteps)
			return NC_LOST;
		if (nc->nc_hashval == h && nc->nc_dvp == dvp &&
		    nc->nc_nlen == len && nc_name_eq(nc->nc_name, name, len))
			return nc;
		n = atomic_load_acquire(&n->next);
	}
	return NULL;
}

static void
nc_touch(struct namecache *nc)
{
	if (!atomic_load_relaxed(&nc->nc_hit))
		atomic_store_relaxed(&nc->nc_hit, true);
}

/* Take a reference on vp unless it has none left (it is going). */
static bool
nc_tryref(struct vnode *vp)
{
	unsigned c = atomic_load_relaxed(&vp->v_usecount);

	while (c != 0)
		if (__atomic_compare_exchange_n(&vp->v_usecount, &c, c + 1,
		    false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	return false;
}

/* One optimistic lookup: 0 (*vpp referenced or, negative, NULL), or
 * CACHE_MISS for no entry, or EAGAIN if a writer got in the way; *drop
 * is a reference taken in vain, to be dropped after the read section. */
static int
nc_lookup_once(struct vnode *dvp, const char *name, size_t len, uint32_t h,
    struct vnode **vpp, struct vnode **drop)
{
	const unsigned *seqp = NC_SEQ(h);
	unsigned s = nc_read_begin(seqp);
	struct namecache *nc;
	struct vnode *vp;

	if (s & 1)
		return EAGAIN;
	if ((nc = nc_find(dvp, name, len, h, NC_MAXCHAIN)) == NC_LOST)
		return EAGAIN;
	if (nc == NULL)
		return nc_read_valid(seqp, s) ? CACHE_MISS : EAGAIN;
	if ((vp = nc->nc_vp) != NULL && !nc_tryref(vp))
		return EAGAIN;
	if (!nc_read_valid(seqp, s)) {
		*drop = vp;
		return EAGAIN;
	}
	nc_touch(nc);
	*vpp = vp;
	return 0;
}

int
cache_lookup(struct vnode *dvp, const char *name, size_t len,
    struct vnode **vpp)
{
	uint32_t h = nc_hash(dvp, name, len);
	struct namecache *nc;
	struct vnode *vp = NULL, *drop;
	int error = EAGAIN;

	if (len > RUMP_MAXNAMLEN)
		return CACHE_MISS;
	for (int i = 0; i < NC_TRIES && error == EAGAIN; i++) {
		drop = NULL;
		pserialize_read_enter();
		error = nc_lookup_once(dvp, name, len, h, &vp, &drop);
		pserialize_read_exit();
		if (drop != NULL)
			vrele(drop);
	}
	if (error == EAGAIN) {
		/* Writers kept getting in: look with them held off. */
		mutex_enter(&nc_lock);
		if ((nc = nc_find(dvp, name, len, h, UINT32_MAX)) == NULL) {
			error = CACHE_MISS;
		} else {
			nc_touch(nc);
			if ((vp = nc->nc_vp) != NULL)
				vref(vp);
			error = 0;
		}
		mutex_exit(&nc_lock);
	}
	if (error != 0)
		return error;
	if (vp == NULL)
		return ENOENT;
	*vpp = vp;
	return 0;
}

/*
 * May cred search dvp, checked the quick way?  A directory everyone may
 * search says so itself (vn_set_mode).  Otherwise only file
 * systems with a lock-free vop_access qualify: it runs in a read
 * section, without the vnode lock, perhaps on a vnode being reclaimed
 * (it must then fail or answer from stale memory, which the caller's
 * validation discards).  A forced unmount waits for a grace period
 * after making a vnode dead and purging its entries, before its file
 * system's part goes.
 */
static bool
walk_access(struct vnode *dvp, kauth_cred_t cred)
{
	const struct vnodeops *op;

	if (atomic_load_relaxed(&dvp->v_searchall))
		return true;
	op = atomic_load_acquire(&dvp->v_op);
	return op->vop_access != NULL && op->vop_access(dvp, VEXEC, cred) == 0;
}

/* Where a walk ended: the vnode, and the stripe count to validate it
 * by (the entry naming it was in the table while the count held). */
struct nc_end {
	struct vnode *vp;
	const unsigned *seqp;
	unsigned seq;
};

/*
 * The walk proper, in a read section.  Each entry's stripe is validated
 * after the next entry was found through it, so every directory
 * searched was alive when its child was found; the last entry is left
 * for the caller to validate once it has used the vnode.
 */
static int
nc_walk(struct vnode *start, const char *path, bool follow,
    kauth_cred_t cred, struct nc_end *end)
{
	struct vnode *dvp = start, *vp;
	const unsigned *seqp, *prevseqp = NULL;
	const char *name, *cp = path;
	struct namecache *nc;
	unsigned s, prevs = 0;
	bool last, slash;
	size_t len;
	uint32_t h;

	if (start == NULL)
		return CACHE_MISS;	/* no root (halting) */
	for (;;) {
		while (*cp == '/')
			cp++;
		/* The name's hash as it is scanned (nc_hash in one pass). */
		h = nc_hash(dvp, NULL, 0);
		for (name = cp; *cp != '\0' && *cp != '/'; cp++)
			h = nc_hash_step(h, *cp);
		len = (size_t)(cp - name);
		slash = *cp == '/';
		while (*cp == '/')
			cp++;
		last = *cp == '\0';
		if (len == 0 || len > RUMP_MAXNAMLEN || (name[0] == '.' &&
		    (len == 1 || (len == 2 && name[1] == '.'))) ||
		    dvp->v_type != VDIR || !walk_access(dvp, cred))
			return CACHE_MISS;
		seqp = NC_SEQ(h);
		if ((s = nc_read_begin(seqp)) & 1)
			return CACHE_MISS;
		nc = nc_find(dvp, name, len, h, NC_MAXCHAIN);
		if (nc == NULL || nc == NC_LOST || (vp = nc->nc_vp) == NULL)
			return CACHE_MISS;
		if (prevseqp != NULL && !nc_read_valid(prevseqp, prevs))
			return CACHE_MISS;
		nc_touch(nc);
		prevseqp = seqp;
		prevs = s;
		if ((vp->v_type == VLNK && (!last || slash || follow)) ||
		    atomic_load_relaxed(&vp->v_mountedhere) != NULL)
			return CACHE_MISS;
		if (last)
			break;
		dvp = vp;
	}
	if (slash && vp->v_type != VDIR)
		return CACHE_MISS;
	end->vp = vp;
	end->seqp = seqp;
	end->seq = s;
	return 0;
}

/* The walk's start: *startp, read once, or the root for NULL. */
static struct vnode *
nc_start(struct vnode *const *startp)
{
	struct vnode *start = atomic_load_acquire(startp);

	return start != NULL ? start : atomic_load_acquire(&rootvnode);
}

int
cache_walk(struct vnode *const *startp, const char *path, bool follow,
    kauth_cred_t cred, struct vnode **vpp)
{
	struct vnode *drop = NULL;
	struct nc_end end;
	int error;

	pserialize_read_enter();
	error = nc_walk(nc_start(startp), path, follow, cred, &end);
	if (error == 0 && !nc_tryref(end.vp)) {
		error = CACHE_MISS;
	} else if (error == 0 && !nc_read_valid(end.seqp, end.seq)) {
		drop = end.vp;
		error = CACHE_MISS;
	}
	pserialize_read_exit();
	if (drop != NULL)
		vrele(drop);
	if (error == 0)
		*vpp = end.vp;
	return error;
}

int
cache_walk_getattr(struct vnode *const *startp, const char *path,
    bool follow, kauth_cred_t cred, struct vattr *va, uint64_t *fsid)
{
	const struct vnodeops *op;
	struct nc_end end;
	struct mount *mp;
	int error;

	pserialize_read_enter();
	error = nc_walk(nc_start(startp), path, follow, cred, &end);
	if (error == 0) {
		op = atomic_load_acquire(&end.vp->v_op);
		mp = atomic_load_relaxed(&end.vp->v_mount);
		if (op->vop_getattr_unlocked == NULL || mp == NULL ||
		    op->vop_getattr_unlocked(end.vp, va) != 0)
			error = CACHE_MISS;
		else
			*fsid = mp->mnt_fsid;
		/* The vnode, its mount and its file system's node were
		 * all alive while its entry was in the table. */
		if (error == 0 && !nc_read_valid(end.seqp, end.seq))
			error = CACHE_MISS;
	}
	pserialize_read_exit();
	return error;
}

/* Take nc out of every list onto a private one; nc_lock held. */
static void
nc_unlink(struct namecache *nc, struct list_node *dead)
{
	nc_write_begin(NC_SEQ(nc->nc_hashval));
	nc_chain_remove(nc);
	nc_write_end(NC_SEQ(nc->nc_hashval));
	list_remove(&nc->nc_dirlist);
	list_remove(&nc->nc_lru);
	list_insert_tail(dead, &nc->nc_lru);
	if (nc->nc_vp != NULL)
		atomic_store_relaxed(&nc->nc_vp->v_ncnames,
		    nc->nc_vp->v_ncnames - 1);
	else
		atomic_store_relaxed(&nc->nc_dvp->v_ncnegative,
		    nc->nc_dvp->v_ncnegative - 1);
	atomic_dec_uint(&nc_count);
}

static size_t
nc_free(struct pserialize_entry *pe)
{
	struct namecache *nc = container_of(pe, struct namecache, nc_psz);
	size_t size = sizeof(*nc) + nc->nc_nlen;

	kmem_free(nc, size);
	return size;
}

/* Drop unlinked entries' references and free them after a grace
 * period; no lock held. */
static void
nc_free_list(struct list_node *dead)
{
	struct namecache *nc, *tmp;

	list_foreach_safe(nc, tmp, dead, struct namecache, nc_lru) {
		if (nc->nc_vp != NULL)
			vrele(nc->nc_vp);
		pserialize_defer(&nc->nc_psz, nc_free);
	}
}

/* Unlink up to n entries, least recently used first; nc_lock held. */
static unsigned
nc_evict(unsigned n, struct list_node *dead)
{
	struct namecache *nc;
	unsigned done = 0, looked = 0, limit = 2 * atomic_load_relaxed(&nc_count);

	while (done < n && !list_empty(&nc_lru) && looked++ < limit) {
		nc = container_of(nc_lru.next, struct namecache, nc_lru);
		if (atomic_load_relaxed(&nc->nc_hit)) {
			atomic_store_relaxed(&nc->nc_hit, false);
			list_remove(&nc->nc_lru);
			list_insert_tail(&nc_lru, &nc->nc_lru);
			continue;
		}
		nc_unlink(nc, dead);
		done++;
	}
	return done;
}

/*
 * Double the hash table when it holds more entries than buckets;
 * called with no lock held.  No reader may be on a chain while its
 * entries move (it could follow one into the new table and take a
 * bucket head there for an entry): every stripe is made odd, which
 * turns new readers away before they walk, and a grace period lets the
 * readers already walking finish.  The odd counts are sequentially
 * consistent, as are the readers' first loads of them and the CPU
 * hand-overs between the two, so a reader on a CPU that the grace
 * period saw busy sees them.
 */
static void
nc_maybe_grow(void)
{
	unsigned n = atomic_load_relaxed(&nc_hashmask) + 1, freen = 2 * n;
	struct list_node *tab, *old;

	if (atomic_load_relaxed(&nc_count) <= n ||
	    (tab = hashtab_alloc(2 * n)) == NULL)
		return;
	mutex_enter(&nc_lock);
	if (nc_hashmask + 1 == n) {
		for (unsigned i = 0; i < NC_NSEQ; i++)
			__atomic_fetch_add(&nc_seq[i], 1, __ATOMIC_SEQ_CST);
		pserialize_perform();
		old = nc_hashtab;
		for (unsigned i = 0; i < n; i++)
			while (old[i].next != &old[i]) {
				struct namecache *nc = container_of(old[i].next,
				    struct namecache, nc_hash);

				nc_chain_remove(nc);
				nc_chain_insert(&tab[nc->nc_hashval & (2 * n - 1)],
				    nc);
			}
		/* The table before its mask: a reader that sees the new
		 * mask sees the new table. */
		atomic_store_release(&nc_hashtab, tab);
		atomic_store_release(&nc_hashmask, 2 * n - 1);
		for (unsigned i = 0; i < NC_NSEQ; i++)
			nc_write_end(&nc_seq[i]);
		tab = old;
		freen = n;
	}
	mutex_exit(&nc_lock);
	hashtab_free(tab, freen);
}

void
cache_enter(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len)
{
	struct list_node dead = LIST_HEAD_INIT(dead);
	struct namecache *nc, *old;
	uint32_t h = nc_hash(dvp, name, len);

	if (len > RUMP_MAXNAMLEN ||
	    (nc = kmem_alloc(sizeof(*nc) + len, KM_SLEEP)) == NULL)
		return;
	nc->nc_dvp = dvp;
	nc->nc_vp = vp;
	nc->nc_hashval = h;
	nc->nc_hit = false;
	nc->nc_nlen = (uint8_t)len;
	memcpy(nc->nc_name, name, len);
	if (vp != NULL)
		vref(vp);

	mutex_enter(&nc_lock);
	if ((old = nc_find(dvp, name, len, h, UINT32_MAX)) != NULL)
		nc_unlink(old, &dead);
	list_insert_tail(&dvp->v_ncchildren, &nc->nc_dirlist);
	list_insert_tail(&nc_lru, &nc->nc_lru);
	if (vp != NULL)
		atomic_store_relaxed(&vp->v_ncnames, vp->v_ncnames + 1);
	else
		atomic_store_relaxed(&dvp->v_ncnegative,
		    dvp->v_ncnegative + 1);
	nc_write_begin(NC_SEQ(h));
	nc_chain_insert(&nc_hashtab[h & nc_hashmask], nc);
	nc_write_end(NC_SEQ(h));
	atomic_inc_uint(&nc_count);
	if (nc_count > nc_max)
		nc_evict(nc_count - nc_max + nc_max / 64, &dead);
	mutex_exit(&nc_lock);
	nc_free_list(&dead);
	nc_maybe_grow();
}

void
cache_purge_name(struct vnode *dvp, const char *name, size_t len)
{
	struct list_node dead = LIST_HEAD_INIT(dead);
	uint32_t h = nc_hash(dvp, name, len);
	struct namecache *nc;

	mutex_enter(&nc_lock);
	if ((nc = nc_find(dvp, name, len, h, UINT32_MAX)) != NULL)
		nc_unlink(nc, &dead);
	mutex_exit(&nc_lock);
	nc_free_list(&dead);
}

/* No entry for dvp can appear while dvp is locked, and any entry for
 * name names vp: with no entry naming vp, there is none to purge. */
void
cache_purge_link(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t len)
{
	if (atomic_load_relaxed(&vp->v_ncnames) != 0)
		cache_purge_name(dvp, name, len);
}

void
cache_purge_negative(struct vnode *dvp, const char *name, size_t len)
{
	if (atomic_load_relaxed(&dvp->v_ncnegative) != 0)
		cache_purge_name(dvp, name, len);
}

void
cache_purge_children(struct vnode *dvp)
{
	struct list_node dead = LIST_HEAD_INIT(dead);
	struct namecache *nc, *tmp;

	mutex_enter(&nc_lock);
	list_foreach_safe(nc, tmp, &dvp->v_ncchildren, struct namecache,
	    nc_dirlist)
		nc_unlink(nc, &dead);
	mutex_exit(&nc_lock);
	nc_free_list(&dead);
}

void
cache_purge_mount(struct mount *mp)
{
	struct list_node dead = LIST_HEAD_INIT(dead);
	struct namecache *nc, *tmp;

	mutex_enter(&nc_lock);
	list_foreach_safe(nc, tmp, &nc_lru, struct namecache, nc_lru)
		if (nc->nc_dvp->v_mount == mp ||
		    (nc->nc_vp != NULL && nc->nc_vp->v_mount == mp))
			nc_unlink(nc, &dead);
	mutex_exit(&nc_lock);
	nc_free_list(&dead);
}

unsigned
cache_reclaim(unsigned n)
{
	struct list_node dead = LIST_HEAD_INIT(dead);
	unsigned done;

	mutex_enter(&nc_lock);
	done = nc_evict(n, &dead);
	mutex_exit(&nc_lock);
	nc_free_list(&dead);
	return done;
}

unsigned
cache_count(void)
{
	return atomic_load_relaxed(&nc_count);
}

int
cache_init(void)
{
	uint64_t limit = mem_limit();

	mutex_init(&nc_lock, MUTEX_DEFAULT, IPL_NONE);
	if ((nc_hashtab = hashtab_alloc(NC_MINHASH)) == NULL)
		return ENOMEM;
	nc_hashmask = NC_MINHASH - 1;
	if (limit != 0)
		nc_max = (unsigned)MAX(MIN(limit / 8 / 1024, nc_max), 256);
	return 0;
}
