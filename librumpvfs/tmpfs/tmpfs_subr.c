/*
 * tmpfs_subr.c: tmpfs nodes (allocation against the mount's node
 * limit), directory entries (hashed by name, listed by cookie) and
 * timestamps.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/kmem.h>
#include <kern/pool.h>
#include <rump/rumpdefs.h>
#include "tmpfs.h"

struct pool tmpfs_node_pool;

/* A directory's first hash table: room for four entries. */
#define TMPFS_DIR_MINSLOTS	8

int
tmpfs_node_alloc(struct tmpfs_mount *tm, const struct vattr *va,
    struct tmpfs_node *parent, const char *link, size_t linklen,
    struct tmpfs_node **np)
{
	struct tmpfs_node *node;
	timespec_t now;

	if ((node = pool_get(&tmpfs_node_pool, KM_SLEEP)) == NULL)
		return ENOSPC;
	memset(node, 0, sizeof(*node));
	if (va->va_type == VLNK && (node->tn_link =
	    kmem_alloc(linklen > 0 ? linklen : 1, KM_SLEEP)) == NULL) {
		pool_put(&tmpfs_node_pool, node);
		return ENOSPC;
	}
	if (atomic_add_64_nv(&tm->tm_nodes_inuse, 1) > tm->tm_nodes_max &&
	    tm->tm_nodes_max != 0) {
		atomic_add_64(&tm->tm_nodes_inuse, -1);
		if (va->va_type == VLNK)
			kmem_free(node->tn_link, linklen > 0 ? linklen : 1);
		pool_put(&tmpfs_node_pool, node);
		return ENOSPC;
	}
	node->tn_id = atomic_add_64_nv(&tm->tm_nextid, 1) - 1;

	node->tn_type = va->va_type;
	node->tn_gen = (uint32_t)node->tn_id * 2654435761u;
	node->tn_mode = va->va_mode & RUMP_ALLPERMS;
	node->tn_uid = va->va_uid;
	node->tn_gid = va->va_gid;
	tmpfs_now(&now);
	tmpfs_settime(node->tn_atime, &now);
	tmpfs_settime(node->tn_mtime, &now);
	tmpfs_settime(node->tn_ctime, &now);
	tmpfs_settime(node->tn_btime, &now);
	switch (va->va_type) {
	case VDIR:
		list_init(&node->tn_dir.td_list);
		node->tn_dir.td_nextcookie = TMPFS_COOKIE_FIRST;
		node->tn_dir.td_parent = parent != NULL ? parent : node;
		node->tn_size = TMPFS_DIRSIZE(0);
		node->tn_links = 2;		/* its entry and "." */
		break;
	case VLNK:
		memcpy(node->tn_link, link, linklen);
		node->tn_size = (int64_t)linklen;
		node->tn_links = 1;
		break;
	case VCHR:
	case VBLK:
		node->tn_rdev = va->va_rdev;
		node->tn_links = 1;
		break;
	default:
		node->tn_links = 1;
	}
	*np = node;
	return 0;
}

static size_t
tmpfs_node_free_memory(struct pserialize_entry *pe)
{
	pool_put(&tmpfs_node_pool, container_of(pe, struct tmpfs_node, tn_psz));
	return 0;	/* kept in the pool */
}

/* The node's memory goes after a grace period (see vop_access). */
void
tmpfs_node_free(struct tmpfs_mount *tm, struct tmpfs_node *node)
{
	atomic_add_64(&tm->tm_nodes_inuse, -1);
	switch (node->tn_type) {
	case VREG:
		tmpfs_reg_truncate(tm, &node->tn_reg, 0);
		break;
	case VDIR:
		tmpfs_dir_free_entries(node);
		break;
	case VLNK:
		kmem_free(node->tn_link, node->tn_size > 0 ? (size_t)node->tn_size : 1);
		break;
	default:
		break;
	}
	pserialize_defer(&node->tn_psz, tmpfs_node_free_memory);
}

static uint32_t
name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

struct tmpfs_dirent *
tmpfs_dir_lookup(struct tmpfs_node *dir, const char *name, size_t len)
{
	struct tmpfs_dir *d = &dir->tn_dir;
	uint32_t h = name_hash(name, len);
	const struct slot *s;
	struct tmpfs_dirent *de;

	if (d->td_slots == NULL)
		return NULL;
	slottab_prefetch(d->td_slots, d->td_nslots, h);
	SLOTTAB_FOREACH(s, d->td_slots, d->td_nslots, h) {
		de = s->sl_ptr;
		/* The entry and the name after it (in its node or its own
		 * allocation) may span two lines: fetch both at once. */
		PREFETCH_RANGE(de, 2 * CACHE_LINE_SIZE, 0);
		if (de->td_namelen == len && memcmp(de->td_name, name, len) == 0) {
			/* Found entries are mostly looked up to be removed
			 * (other lookups are served by the name cache once
			 * made): start fetching the next entry, which the
			 * removal writes, long before the lock that would
			 * wait for that store. */
			__builtin_prefetch(de->td_entries.next, 1);
			return de;
		}
	}
	return NULL;
}

void
tmpfs_dir_prefetch_attach(const struct tmpfs_node *dir, const char *name,
    size_t len)
{
	const struct tmpfs_dir *d = &dir->tn_dir;

	if (d->td_slots != NULL)
		slottab_prefetch_insert(d->td_slots, d->td_nslots,
		    name_hash(name, len));
}

/* Rehash into n slots (a power of two); false if memory is short. */
static bool
dir_rehash(struct tmpfs_dir *d, unsigned n)
{
	struct slot *s = slottab_alloc(n);

	if (s == NULL)
		return false;
	if (d->td_slots != NULL) {
		slottab_move(d->td_slots, d->td_nslots, s, n);
		slottab_free(d->td_slots, d->td_nslots);
	}
	d->td_slots = s;
	d->td_nslots = n;
	return true;
}

struct tmpfs_dirent *
tmpfs_dir_attach(struct tmpfs_node *dir, struct tmpfs_node *node,
    const char *name, size_t len)
{
	struct tmpfs_dir *d = &dir->tn_dir;
	struct tmpfs_dirent *de;

	/* At most half full, to keep probe runs short; fuller only while
	 * memory for a bigger table is short, and never full (a probe
	 * ends at an empty slot). */
	if (2 * (d->td_count + 1) > d->td_nslots &&
	    !dir_rehash(d, MAX(2 * d->td_nslots, TMPFS_DIR_MINSLOTS)) &&
	    d->td_count + 1 >= d->td_nslots)
		return NULL;
	if (node->tn_dirent.td_node == NULL && len <= sizeof(node->tn_name)) {
		de = &node->tn_dirent;
		de->td_name = memcpy(node->tn_name, name, len);
	} else if ((de = kmem_alloc(sizeof(*de) + len, KM_SLEEP)) != NULL) {
		de->td_name = memcpy(de + 1, name, len);
	} else {
		return NULL;
	}
	de->td_node = node;
	de->td_cookie = d->td_nextcookie++;
	de->td_hashval = name_hash(name, len);
	de->td_namelen = (uint16_t)len;
	slottab_insert(d->td_slots, d->td_nslots, de->td_hashval, de);
	list_insert_tail(&d->td_list, &de->td_entries);
	d->td_count++;
	atomic_store_relaxed(&dir->tn_size, TMPFS_DIRSIZE(d->td_count));
	return de;
}

void
tmpfs_dir_detach(struct tmpfs_node *dir, struct tmpfs_dirent *de)
{
	struct tmpfs_dir *d = &dir->tn_dir;

	if (atomic_load_relaxed(&d->td_hint) == de)
		atomic_store_relaxed(&d->td_hint, NULL);
	slottab_remove(d->td_slots, d->td_nslots, de->td_hashval, de);
	list_remove(&de->td_entries);
	d->td_count--;
	atomic_store_relaxed(&dir->tn_size, TMPFS_DIRSIZE(d->td_count));
	if (de == &de->td_node->tn_dirent)
		de->td_node = NULL;		/* free again for a name */
	else
		kmem_free(de, sizeof(*de) + de->td_namelen);
}

void
tmpfs_dir_free_entries(struct tmpfs_node *dir)
{
	struct tmpfs_dir *d = &dir->tn_dir;
	struct tmpfs_dirent *de, *tmp;

	list_foreach_safe(de, tmp, &d->td_list, struct tmpfs_dirent, td_entries)
		tmpfs_dir_detach(dir, de);
	if (d->td_slots != NULL)
		slottab_free(d->td_slots, d->td_nslots);
	d->td_slots = NULL;
	d->td_nslots = 0;
}

void
tmpfs_settime(int64_t t[2], const timespec_t *ts)
{
	atomic_store_relaxed(&t[0], ts->tv_sec);
	atomic_store_relaxed(&t[1], ts->tv_nsec);
}

void
tmpfs_gettime(const int64_t t[2], timespec_t *ts)
{
	ts->tv_sec = atomic_load_relaxed(&t[0]);
	ts->tv_nsec = atomic_load_relaxed(&t[1]);
}

void
tmpfs_update_at(struct tmpfs_node *node, int which, const timespec_t *now)
{
	if (which & TMPFS_ATIME)
		tmpfs_settime(node->tn_atime, now);
	if (which & TMPFS_MTIME)
		tmpfs_settime(node->tn_mtime, now);
	if (which & TMPFS_CTIME)
		tmpfs_settime(node->tn_ctime, now);
}

void
tmpfs_now(timespec_t *now)
{
	getnanotime(now);
}

void
tmpfs_update(struct tmpfs_node *node, int which)
{
	timespec_t now;

	tmpfs_now(&now);
	tmpfs_update_at(node, which, &now);
}
