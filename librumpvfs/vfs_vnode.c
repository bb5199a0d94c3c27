/*
 * vfs_vnode.c: the vnode cache: vnodes by (mount, key), references,
 * the list of unreferenced vnodes kept for reuse, reclaiming them when
 * there are too many or memory is short, and flushing a mount's vnodes
 * at unmount.
 *
 * A vnode in the cache is found in one of two places.  A file system
 * whose files live in memory (tmpfs) keeps a pointer to each file's
 * vnode in the file itself, its slot (vfs_vnodeslot gives its address
 * for a key), which the cache sets and clears; no table is needed, and
 * reaching a vnode costs no more than reaching its file.  Other file
 * systems' vnodes are in an open-addressed table (linear probing, at
 * most half full) that keeps each vnode's hash value beside its
 * pointer: finding, adding and removing a vnode touch the table's slots
 * and that vnode, no other (in a cache of 100,000 vnodes each one
 * touched is a cache miss), and growing reads only the table.  Either
 * way a cached vnode is on its mount's list, which unmount walks.
 *
 * vcache_lock covers the table, the slots, the mounts' lists, the free
 * list, v_state and the 0 <-> 1 transitions of v_usecount; other
 * reference changes are atomic.
 * Order: a vnode lock may be held when taking vcache_lock, never the
 * other way round.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/condvar.h>
#include <kern/lwp.h>
#include <kern/kmem.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/pool.h>
#include <kern/slottab.h>
#include <kern/sysctl.h>
#include <kern/vnode.h>
#include "vfs_private.h"

#define VCACHE_MINSLOTS	256
#define VCACHE_MAXDESIRED (1u << 18)	/* about 256 MiB of idle vnodes */
#define VCACHE_MINDESIRED 64

static kmutex_t vcache_lock;
static kcondvar_t vcache_cv;
/* Slots: vnodes, hashed by vcache_hashof(v_mount, v_key). */
static struct slot *vcache_table;	/* vcache_lock */
static unsigned vcache_tablesize;	/* a power of two; vcache_lock,
					   atomic reads */
static struct list_node vfreelist = LIST_HEAD_INIT(vfreelist);
static unsigned nvnodes, nfree;	/* changed under vcache_lock, read atomically */
static unsigned ntable;		/* vnodes in the table; vcache_lock */
static unsigned desiredvnodes = 8192;	/* atomic; kern.maxvnodes */
static struct lwp *vcache_trimmer;	/* vcache_lock: who trims, or NULL */
static struct pool vnode_pool;

static uint32_t
vcache_hashof(struct mount *mp, uint64_t key)
{
	return (uint32_t)(((key ^ (uintptr_t)mp) * 0x9e3779b97f4a7c15ULL) >> 32);
}

/* Where mp's file system keeps the vnode of key, or NULL: the table. */
static struct vnode **
vcache_slotof(struct mount *mp, uint64_t key)
{
	return mp->mnt_op->vfs_vnodeslot != NULL ?
	    mp->mnt_op->vfs_vnodeslot(mp, key) : NULL;
}

/* The vnode of (mp, key), whose slot is slot (NULL: in the table), or
 * NULL; vcache_lock held. */
static struct vnode *
vcache_find(struct mount *mp, uint64_t key, struct vnode **slot)
{
	const struct slot *s;
	struct vnode *vp;
	uint32_t h;

	if (slot != NULL)
		return *slot;
	h = vcache_hashof(mp, key);
	slottab_prefetch(vcache_table, vcache_tablesize, h);
	SLOTTAB_FOREACH(s, vcache_table, vcache_tablesize, h) {
		vp = s->sl_ptr;
		if (vp->v_mount == mp && vp->v_key == key)
			return vp;
	}
	return NULL;
}

/* Take vp out of the cache; vcache_lock held. */
static void
vcache_remove(struct vnode *vp)
{
	if (vp->v_slot != NULL) {
		atomic_store_relaxed(vp->v_slot, NULL);
	} else if (vp->v_intable) {
		slottab_remove(vcache_table, vcache_tablesize,
		    vcache_hashof(vp->v_mount, vp->v_key), vp);
		ntable--;
	}
	list_remove(&vp->v_mntvnodes);
}

void
vcache_slot_freed(struct vnode *vp)
{
	vp->v_slot = NULL;
}

/* Double the table when it is more than half full; called without
 * vcache_lock (allocating may ask the memory reclaimers, which take
 * it). */
static void
vcache_maybe_grow(void)
{
	unsigned n = atomic_load_relaxed(&vcache_tablesize), freen = 2 * n;
	struct slot *tab;

	if (2 * atomic_load_relaxed(&ntable) <= n ||
	    (tab = slottab_alloc(2 * n)) == NULL)
		return;
	mutex_enter(&vcache_lock);
	if (vcache_tablesize == n) {
		struct slot *old = vcache_table;

		slottab_move(old, n, tab, 2 * n);
		vcache_table = tab;
		atomic_store_relaxed(&vcache_tablesize, 2 * n);
		tab = old;
		freen = n;
	}
	mutex_exit(&vcache_lock);
	slottab_free(tab, freen);
}

static struct vnode *
vnode_alloc(void)
{
	struct vnode *vp = pool_get(&vnode_pool, KM_SLEEP);

	if (vp == NULL)
		return NULL;
	memset(vp, 0, sizeof(*vp));
	vp->v_usecount = 1;
	vp->v_state = VS_LOADING;
	rw_init(&vp->v_lock);
	mutex_init(&vp->v_interlock, MUTEX_DEFAULT, IPL_NONE);
	pollhead_init(&vp->v_pollhead);
	list_init(&vp->v_ncchildren);
	list_init(&vp->v_freelist);
	return vp;
}

static size_t
vnode_free_memory(struct pserialize_entry *pe)
{
	pool_put(&vnode_pool, container_of(pe, struct vnode, v_psz));
	return 0;	/* kept in the pool */
}

/* The memory goes after a grace period: the cached walk may still be
 * reading the vnode (vfs_cache.c). */
static void
vnode_free(struct vnode *vp)
{
	KASSERT(vp->v_lockf == NULL && vp->v_fifo == NULL);
	pollhead_destroy(&vp->v_pollhead);
	mutex_destroy(&vp->v_interlock);
	rw_destroy(&vp->v_lock);
	pserialize_defer(&vp->v_psz, vnode_free_memory);
}

/* vp is VS_RECLAIMING, unreferenced, off the free list: take it apart.
 * Called without vcache_lock. */
static void
vnode_reclaim(struct vnode *vp)
{
	if (vp->v_type == VDIR)		/* only directories have entries */
		cache_purge_children(vp);
	vp->v_op->vop_reclaim(vp);
	mutex_enter(&vcache_lock);
	if (vp->v_mount != NULL)	/* killed ones have left the cache */
		vcache_remove(vp);
	atomic_dec_uint(&nvnodes);
	vp->v_state = VS_DEAD;
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	vnode_free(vp);
}

/* Take vp off the free list to reclaim it; vcache_lock held. */
static void
vnode_claim_free(struct vnode *vp)
{
	KASSERT(vp->v_onfreelist && atomic_load_relaxed(&vp->v_usecount) == 0);
	list_remove(&vp->v_freelist);
	vp->v_onfreelist = false;
	atomic_dec_uint(&nfree);
	vp->v_state = VS_RECLAIMING;
}

/* Reclaim unreferenced vnodes, oldest first, while more than keep are
 * kept; returns how many went.  wait: see below. */
static unsigned
vcache_trim(unsigned keep, bool wait)
{
	struct vnode *vp;
	unsigned n = 0;

	mutex_enter(&vcache_lock);
	/* One trimmer at a time: reclaiming a directory releases its
	 * children's name-cache references, whose vrele would otherwise
	 * trim again from inside this loop, one stack frame deeper per
	 * directory; the running loop takes care of what they add.
	 * Another thread's trim does the same for an ordinary trim; the
	 * memory reclaimer (wait) waits for it and then trims itself. */
	while (vcache_trimmer != NULL) {
		if (vcache_trimmer == curlwp || !wait) {
			mutex_exit(&vcache_lock);
			return 0;
		}
		cv_wait(&vcache_cv, &vcache_lock);
	}
	vcache_trimmer = curlwp;
	while (nfree > keep && !list_empty(&vfreelist)) {
		vp = container_of(vfreelist.next, struct vnode, v_freelist);
		vnode_claim_free(vp);
		mutex_exit(&vcache_lock);
		vnode_reclaim(vp);
		n++;
		mutex_enter(&vcache_lock);
	}
	vcache_trimmer = NULL;
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	return n;
}

static int vcache_load(struct mount *, uint64_t, struct vnode *,
    struct vnode **);

int
vcache_get(struct mount *mp, uint64_t key, struct vnode **vpp)
{
	struct vnode *vp, *new = NULL, **slot = vcache_slotof(mp, key);

	/* A cached vnode in a big working set is cold: fetch all its
	 * lines at once, before the lock, instead of one by one. */
	if (slot != NULL && (vp = atomic_load_relaxed(slot)) != NULL)
		PREFETCH_RANGE(vp, sizeof(*vp), 1);
	mutex_enter(&vcache_lock);
	for (;;) {
		if ((vp = vcache_find(mp, key, slot)) == NULL) {
			if (atomic_load_relaxed(&mp->mnt_gone)) {
				mutex_exit(&vcache_lock);
				if (new != NULL)
					vnode_free(new);
				return ENOENT;	/* as dead vnodes' lookups */
			}
			if (new != NULL)
				break;
			mutex_exit(&vcache_lock);
			if ((new = vnode_alloc()) == NULL)
				return ENOMEM;
			mutex_enter(&vcache_lock);
			continue;
		}
		if (vp->v_state == VS_ACTIVE) {
			if (atomic_inc_uint_nv(&vp->v_usecount) == 1 &&
			    vp->v_onfreelist) {
				list_remove(&vp->v_freelist);
				vp->v_onfreelist = false;
				atomic_dec_uint(&nfree);
			}
			mutex_exit(&vcache_lock);
			if (new != NULL)
				vnode_free(new);
			*vpp = vp;
			return 0;
		}
		cv_wait(&vcache_cv, &vcache_lock);	/* loading or going */
	}
	new->v_slot = slot;
	return vcache_load(mp, key, new, vpp);
}

/* Enter vp (v_mount, v_key and v_slot set) in the cache; vcache_lock
 * held.  ENOMEM only if memory was too short to grow the table: it is
 * never full, so that a probe ends at an empty slot.  The caller then
 * tries to grow it (vcache_maybe_grow), so that a later insert need not
 * wait for a vnode to go. */
static int
vcache_insert(struct vnode *vp)
{
	if (vp->v_slot != NULL) {
		atomic_store_relaxed(vp->v_slot, vp);
	} else {
		if (ntable + 2 > vcache_tablesize)
			return ENOMEM;
		slottab_insert(vcache_table, vcache_tablesize,
		    vcache_hashof(vp->v_mount, vp->v_key), vp);
		vp->v_intable = true;
		ntable++;
	}
	list_insert_tail(&vp->v_mount->mnt_vnodes, &vp->v_mntvnodes);
	atomic_inc_uint(&nvnodes);
	return 0;
}

/* A vnode has entered the cache (no lock held): keep the idle ones
 * within the limit and the table at most half full. */
static void
vcache_entered(void)
{
	if (atomic_load_relaxed(&nfree) > atomic_load_relaxed(&desiredvnodes))
		vcache_trim(atomic_load_relaxed(&desiredvnodes), false);
	vcache_maybe_grow();
}

/*
 * vcache_get for a key the file system has just made (a new file,
 * under its directory's exclusive lock): nobody can have it cached or
 * be looking for it, so there is nothing to look for, and the vnode is
 * loaded before it enters the cache, under the cache's lock once.
 */
int
vcache_new(struct mount *mp, uint64_t key, struct vnode **vpp)
{
	struct vnode *new;
	int error;

	if ((new = vnode_alloc()) == NULL)
		return ENOMEM;
	new->v_mount = mp;
	new->v_key = key;
	new->v_slot = vcache_slotof(mp, key);
	if ((error = mp->mnt_op->vfs_loadvnode(mp, new, key)) != 0) {
		vnode_free(new);
		return error;
	}
	for (int tries = 0;; tries++) {
		mutex_enter(&vcache_lock);
		if (atomic_load_relaxed(&mp->mnt_gone))
			error = ENOENT;		/* as in vcache_get */
		else if ((error = vcache_insert(new)) == 0)
			new->v_state = VS_ACTIVE;
		mutex_exit(&vcache_lock);
		if (error != ENOMEM || tries > 0)
			break;
		vcache_maybe_grow();	/* full: grow, then once more */
	}
	if (error) {
		new->v_op->vop_reclaim(new);
		vnode_free(new);
		return error;
	}
	*vpp = new;
	vcache_entered();
	return 0;
}

/* Enter new as (mp, key) and load it; vcache_lock held, and released. */
static int
vcache_load(struct mount *mp, uint64_t key, struct vnode *new,
    struct vnode **vpp)
{
	int error;

	new->v_mount = mp;
	new->v_key = key;
	if ((error = vcache_insert(new)) != 0) {
		mutex_exit(&vcache_lock);
		vnode_free(new);
		vcache_maybe_grow();
		return error;
	}
	mutex_exit(&vcache_lock);

	error = mp->mnt_op->vfs_loadvnode(mp, new, key);
	mutex_enter(&vcache_lock);
	if (error) {
		vcache_remove(new);
		atomic_dec_uint(&nvnodes);
	} else {
		new->v_state = VS_ACTIVE;
	}
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	if (error) {
		vnode_free(new);
		return error;
	}
	*vpp = new;
	vcache_entered();
	return 0;
}

void
vref(struct vnode *vp)
{
	KASSERT(atomic_load_relaxed(&vp->v_usecount) > 0);
	atomic_inc_uint(&vp->v_usecount);
}

void
vrele(struct vnode *vp)
{
	unsigned c = atomic_load_relaxed(&vp->v_usecount);
	bool reclaim;

	while (c > 1)
		if (__atomic_compare_exchange_n(&vp->v_usecount, &c, c - 1,
		    false, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
			return;
	mutex_enter(&vcache_lock);
	KASSERT(atomic_load_relaxed(&vp->v_usecount) > 0);
	if (atomic_dec_uint_nv(&vp->v_usecount) > 0) {
		mutex_exit(&vcache_lock);
		return;
	}
	reclaim = vp->v_op->vop_inactive(vp);
	if (reclaim) {
		vp->v_state = VS_RECLAIMING;
	} else {
		list_insert_tail(&vfreelist, &vp->v_freelist);
		vp->v_onfreelist = true;
		atomic_inc_uint(&nfree);
	}
	mutex_exit(&vcache_lock);
	if (reclaim)
		vnode_reclaim(vp);
	else if (atomic_load_relaxed(&nfree) >
	    atomic_load_relaxed(&desiredvnodes))
		vcache_trim(atomic_load_relaxed(&desiredvnodes), false);
}

/* A vnode in use at a forced unmount: its file system goes, the vnode
 * stays (dead, out of the cache) until its last reference. */
static void
vnode_kill(struct vnode *vp)
{
	const struct vnodeops *ops = vp->v_op;

	vn_lock(vp, RW_WRITER);	/* no locked operation in progress */
	/*
	 * Dead first, then purge the mount's name-cache entries again
	 * (lookups may have made new ones since vflush began), then wait
	 * for a grace period: every cached walk that could have read the
	 * old operations or reached vp through an entry is over, and
	 * later walks see the dead ones.  Only then does the file
	 * system's part go.
	 */
	atomic_store_release(&vp->v_op, &dead_vnodeops);
	atomic_store_relaxed(&vp->v_searchall, false);
	cache_purge_mount(vp->v_mount);
	cache_purge_children(vp);
	pserialize_perform();
	ops->vop_reclaim(vp);
	atomic_store_relaxed(&vp->v_data, NULL);
	mutex_enter(&vcache_lock);
	vcache_remove(vp);
	atomic_store_relaxed(&vp->v_mount, NULL);
	mutex_exit(&vcache_lock);
	vn_unlock(vp);
}

int
vflush(struct mount *mp, struct vnode *skipvp, bool force)
{
	struct vnode *vp, *v;

	cache_purge_mount(mp);
	mutex_enter(&vcache_lock);
	/* Each vnode dealt with leaves the mount's list (reclaimed, or
	 * killed); one still loading or going is waited for.  The lock is
	 * let go meanwhile, so each round starts from the list's head. */
	for (;;) {
		vp = NULL;
		list_foreach(v, &mp->mnt_vnodes, struct vnode, v_mntvnodes)
			if (v != skipvp) {
				vp = v;
				break;
			}
		if (vp == NULL)
			break;
		if (vp->v_state != VS_ACTIVE) {
			cv_wait(&vcache_cv, &vcache_lock);
		} else if (atomic_load_relaxed(&vp->v_usecount) == 0) {
			vnode_claim_free(vp);
			mutex_exit(&vcache_lock);
			vnode_reclaim(vp);
			mutex_enter(&vcache_lock);
		} else if (!force) {
			mutex_exit(&vcache_lock);
			return EBUSY;
		} else {
			atomic_inc_uint(&vp->v_usecount);
			mutex_exit(&vcache_lock);
			vnode_kill(vp);
			vrele(vp);
			mutex_enter(&vcache_lock);
		}
	}
	mutex_exit(&vcache_lock);
	return 0;
}

unsigned
vcache_nfree(void)
{
	return atomic_load_relaxed(&nfree);
}

unsigned
vcache_count(void)
{
	return atomic_load_relaxed(&nvnodes);
}

/* Memory is short: drop name-cache entries, then unused vnodes. */
static size_t
vcache_reclaim(size_t want)
{
	cache_reclaim((unsigned)MIN(want / 128 + 64, 1u << 20));
	return vcache_trim(0, true) * sizeof(struct vnode);
}

/* kern.maxvnodes: how many idle vnodes are kept (writable: a smaller
 * value trims at once). */
static int
sysctl_maxvnodes(const struct sysctlnode *n __unused, struct sysctl_req *req)
{
	int value = (int)atomic_load_relaxed(&desiredvnodes), error;

	if ((error = sysctl_copyout_value(req, &value, sizeof(value))) != 0 ||
	    req->newp == NULL)
		return error;
	if ((error = sysctl_copyin_value(req, &value, sizeof(value))) != 0)
		return error;
	if (value < VCACHE_MINDESIRED)
		return EINVAL;
	atomic_store_relaxed(&desiredvnodes, (unsigned)value);
	vcache_trim((unsigned)value, false);
	return 0;
}

static struct mem_reclaimer vcache_reclaimer = {
	.mr_name = "vnodes", .mr_reclaim = vcache_reclaim,
};

int
vcache_init(void)
{
	uint64_t mem = mem_physical();

	if (pool_init(&vnode_pool, sizeof(struct vnode), "vnodes") != 0)
		return ENOMEM;
	mutex_init(&vcache_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&vcache_cv, "vcache");
	if ((vcache_table = slottab_alloc(VCACHE_MINSLOTS)) == NULL)
		return ENOMEM;
	vcache_tablesize = VCACHE_MINSLOTS;
	/* Idle vnodes (with their file systems' nodes and names, about
	 * 1 KiB each) in up to a sixteenth of the memory the kernel may
	 * use: the limit, or the host's. */
	if (mem != 0)
		desiredvnodes = (unsigned)MAX(MIN(mem / 16 / 1024,
		    VCACHE_MAXDESIRED), VCACHE_MINDESIRED);
	mem_reclaimer_register(&vcache_reclaimer);
	return sysctl_create(sysctl_find("kern"), "maxvnodes",
	    RUMP_KERN_MAXVNODES, CTLTYPE_INT, CTLFLAG_READWRITE, NULL,
	    sizeof(int), sysctl_maxvnodes, NULL);
}
