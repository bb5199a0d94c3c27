/*
 * vfs_cache.c: the name cache: (directory, name) -> vnode, or "no such
 * entry" (negative entries), for every file system.
 *
 * An entry holds a reference on its vnode, so a cached path is walked
 * with atomic reference counting only.  Entries live in a hash (each
 * bucket under one of a few striped reader/writer locks, which is all
 * a lookup takes, as a reader), on their directory's v_ncchildren list and on one LRU list
 * with a second-chance bit; the latter two and the counts are under
 * nc_lock.  Order: nc_lock, then a bucket lock.  References are dropped
 * only after both are released, since dropping one may reclaim a
 * vnode, which purges its entries.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/hashtab.h>
#include <kern/kmem.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/vnode.h>

#define NC_MINHASH	256
#define NC_NLOCKS	64

struct namecache {
	struct list_node nc_hash;
	struct list_node nc_dirlist;	/* on nc_dvp->v_ncchildren */
	struct list_node nc_lru;
	struct vnode *nc_dvp;
	struct vnode *nc_vp;		/* referenced; NULL: negative */
	uint32_t nc_hashval;
	bool nc_hit;			/* used since last LRU pass */
	uint8_t nc_nlen;
	char nc_name[];
};

static kmutex_t nc_lock;
static krwlock_t nc_bucketlock[NC_NLOCKS];
static struct list_node *nc_hashtab;	/* every bucket lock */
static unsigned nc_hashsize;		/* every bucket lock */
static struct list_node nc_lru = LIST_HEAD_INIT(nc_lru);
static unsigned nc_count;		/* under nc_lock, read atomically */
static unsigned nc_max = 65536;

static uint32_t
nc_hash(struct vnode *dvp, const char *name, size_t len)
{
	uint32_t h = 2166136261u ^ (uint32_t)((uintptr_t)dvp >> 4);

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

#define NC_BUCKET(h)	(&nc_hashtab[(h) & (nc_hashsize - 1)])
#define NC_BLOCK(h)	(&nc_bucketlock[(h) & (NC_NLOCKS - 1)])

static struct namecache *
nc_find(struct vnode *dvp, const char *name, size_t len, uint32_t h)
{
	struct namecache *nc;

	list_foreach(nc, NC_BUCKET(h), struct namecache, nc_hash)
		if (nc->nc_hashval == h && nc->nc_dvp == dvp &&
		    nc->nc_nlen == len && memcmp(nc->nc_name, name, len) == 0)
			return nc;
	return NULL;
}

int
cache_lookup(struct vnode *dvp, const char *name, size_t len,
    struct vnode **vpp)
{
	uint32_t h = nc_hash(dvp, name, len);
	struct namecache *nc;
	int result = CACHE_MISS;

	if (len > RUMP_MAXNAMLEN)
		return CACHE_MISS;
	rw_enter(NC_BLOCK(h), RW_READER);
	if ((nc = nc_find(dvp, name, len, h)) != NULL) {
		if (!atomic_load_relaxed(&nc->nc_hit))
			atomic_store_relaxed(&nc->nc_hit, true);
		if (nc->nc_vp != NULL) {
			vref(nc->nc_vp);
			*vpp = nc->nc_vp;
			result = 0;
		} else {
			result = ENOENT;
		}
	}
	rw_exit(NC_BLOCK(h));
	return result;
}

/*
 * May cred search dvp, checked the quick way?  Only file systems with a
 * lock-free vop_access qualify.  A directory reached through an entry
 * whose bucket lock is held cannot be taken apart by a forced unmount
 * (it purges the mount's entries, which waits for that lock, before it
 * kills vnodes); the starting directory is held by its vnode lock,
 * tried only, since bucket and directory locks come after vnode locks.
 */
static bool
walk_access(struct vnode *dvp, krwlock_t *held, kauth_cred_t cred)
{
	const struct vnodeops *op;
	bool ok;

	if (held != NULL) {
		op = atomic_load_acquire(&dvp->v_op);
		return op->vop_access != NULL &&
		    op->vop_access(dvp, VEXEC, cred) == 0;
	}
	if (!rw_tryenter(&dvp->v_lock, RW_READER))
		return false;
	op = dvp->v_op;
	ok = op->vop_access != NULL && op->vop_access(dvp, VEXEC, cred) == 0;
	rw_exit(&dvp->v_lock);
	return ok;
}

int
cache_walk(struct vnode *start, const char *path, bool follow,
    kauth_cred_t cred, struct vnode **vpp)
{
	struct vnode *dvp = start, *vp;
	krwlock_t *held = NULL, *lock;
	const char *name, *cp = path;
	struct namecache *nc;
	bool last, slash;
	size_t len;
	uint32_t h;

	for (;;) {
		while (*cp == '/')
			cp++;
		for (name = cp; *cp != '\0' && *cp != '/'; cp++)
			continue;
		len = (size_t)(cp - name);
		slash = *cp == '/';
		while (*cp == '/')
			cp++;
		last = *cp == '\0';
		if (len == 0 || len > RUMP_MAXNAMLEN || (name[0] == '.' &&
		    (len == 1 || (len == 2 && name[1] == '.'))) ||
		    dvp->v_type != VDIR || !walk_access(dvp, held, cred))
			break;
		h = nc_hash(dvp, name, len);
		lock = NC_BLOCK(h);
		/* The next bucket's lock first, then let go of the last
		 * (unless both are the same stripe, held already). */
		if (lock != held && !rw_tryenter(lock, RW_READER))
			break;
		if ((nc = nc_find(dvp, name, len, h)) == NULL ||
		    (vp = nc->nc_vp) == NULL) {
			if (lock != held)
				rw_exit(lock);
			break;
		}
		if (!atomic_load_relaxed(&nc->nc_hit))
			atomic_store_relaxed(&nc->nc_hit, true);
		/* vp now lives as long as its entry, which we hold. */
		if (held != NULL && held != lock)
			rw_exit(held);
		held = lock;
		if ((vp->v_type == VLNK && (!last || slash || follow)) ||
		    atomic_load_relaxed(&vp->v_mountedhere) != NULL)
			break;
		if (last) {
			if (slash && vp->v_type != VDIR)
				break;
			vref(vp);
			rw_exit(held);
			*vpp = vp;
			return 0;
		}
		dvp = vp;
	}
	if (held != NULL)
		rw_exit(held);
	return CACHE_MISS;
}

/* Take nc out of every list onto a private one; nc_lock held. */
static void
nc_unlink(struct namecache *nc, struct list_node *dead)
{
	rw_enter(NC_BLOCK(nc->nc_hashval), RW_WRITER);
	list_remove(&nc->nc_hash);
	rw_exit(NC_BLOCK(nc->nc_hashval));
	list_remove(&nc->nc_dirlist);
	list_remove(&nc->nc_lru);
	list_insert_tail(dead, &nc->nc_lru);
	atomic_dec_uint(&nc_count);
}

/* Free unlinked entries and drop their references; no lock held. */
static void
nc_free_list(struct list_node *dead)
{
	struct namecache *nc, *tmp;

	list_foreach_safe(nc, tmp, dead, struct namecache, nc_lru) {
		if (nc->nc_vp != NULL)
			vrele(nc->nc_vp);
		kmem_free(nc, sizeof(*nc) + nc->nc_nlen);
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

static uint32_t
nc_hashof_entry(struct list_node *e)
{
	return container_of(e, struct namecache, nc_hash)->nc_hashval;
}

/* Double the hash table when it holds more entries than
 * buckets; called with no lock held. */
static void
nc_maybe_grow(void)
{
	unsigned n = atomic_load_relaxed(&nc_hashsize), freen = 2 * n;
	struct list_node *tab;

	if (atomic_load_relaxed(&nc_count) <= n ||
	    (tab = hashtab_alloc(2 * n)) == NULL)
		return;
	mutex_enter(&nc_lock);
	for (unsigned i = 0; i < NC_NLOCKS; i++)
		rw_enter(&nc_bucketlock[i], RW_WRITER);
	if (nc_hashsize == n) {
		struct list_node *old = nc_hashtab;

		hashtab_move(old, n, tab, 2 * n, nc_hashof_entry);
		nc_hashtab = tab;
		atomic_store_relaxed(&nc_hashsize, 2 * n);
		tab = old;
		freen = n;
	}
	for (unsigned i = 0; i < NC_NLOCKS; i++)
		rw_exit(&nc_bucketlock[i]);
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
	rw_enter(NC_BLOCK(h), RW_READER);
	old = nc_find(dvp, name, len, h);
	rw_exit(NC_BLOCK(h));
	if (old != NULL)
		nc_unlink(old, &dead);
	list_insert_tail(&dvp->v_ncchildren, &nc->nc_dirlist);
	list_insert_tail(&nc_lru, &nc->nc_lru);
	rw_enter(NC_BLOCK(h), RW_WRITER);
	list_insert_head(NC_BUCKET(h), &nc->nc_hash);
	rw_exit(NC_BLOCK(h));
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
	rw_enter(NC_BLOCK(h), RW_READER);
	nc = nc_find(dvp, name, len, h);
	rw_exit(NC_BLOCK(h));
	if (nc != NULL)
		nc_unlink(nc, &dead);
	mutex_exit(&nc_lock);
	nc_free_list(&dead);
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
	for (unsigned i = 0; i < NC_NLOCKS; i++)
		rw_init(&nc_bucketlock[i]);
	if ((nc_hashtab = hashtab_alloc(NC_MINHASH)) == NULL)
		return ENOMEM;
	nc_hashsize = NC_MINHASH;
	if (limit != 0)
		nc_max = (unsigned)MAX(MIN(limit / 8 / 1024, nc_max), 256);
	return 0;
}
