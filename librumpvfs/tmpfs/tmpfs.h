/*
 * tmpfs.h: tmpfs's private structures.
 *
 * Every file is a tmpfs_node, kept until its last link and its last
 * vnode are gone.  A node's fields are covered by its vnode's lock,
 * except timestamps, which readers holding the lock shared also update
 * and so are stored atomically.  A directory hashes its entries by
 * name and keeps them in a list in creation order, each with a cookie
 * (its readdir position).  The hash is open-addressed (kern/slottab.h:
 * linear probing, at most half full unless memory to grow it is short)
 * and keeps each entry's hash value beside its pointer (and a tag
 * byte per slot): in a big directory a lookup, insert or removal then
 * reads one or two cache lines of the table and only the entry it is
 * after, and writes no neighbouring entry.  A regular file's data is a
 * radix tree of pages.  The mount's counts are atomic; it keeps no list
 * of its nodes (unmount walks the tree).
 */
#ifndef TMPFS_TMPFS_H
#define TMPFS_TMPFS_H

#include <kern/types.h>
#include <kern/queue.h>
#include <kern/time.h>
#include <kern/vnode.h>
#include <kern/pool.h>
#include <kern/slottab.h>

struct tmpfs_node;
struct mount;

/*
 * A name in a directory.  A node's first name is usually kept in the
 * node itself (tn_dirent, if its name fits in tn_name): making a file
 * then allocates one object, and a lookup in a big directory reaches
 * the node with one miss fewer.  Other names (hard links, long names,
 * the new name of a rename) are allocated with their name after them.
 */
struct tmpfs_dirent {
	/* What a lookup reads first. */
	uint32_t td_hashval;
	uint16_t td_namelen;
	const char *td_name;		/* td_namelen bytes: tn_name or after
					   the entry */
	struct tmpfs_node *td_node;
	struct list_node td_entries;	/* dir's list, cookie order */
	uint64_t td_cookie;
};

#define TMPFS_NODE_NAME	40		/* bytes of a name kept in the node */

/* A directory's size: 32 bytes an entry, "." and ".." too. */
#define TMPFS_DIRSIZE(entries)	((int64_t)((entries) + 2) * 32)

/* Cookies 0 and 1 are "." and ".."; entries count from 2. */
#define TMPFS_COOKIE_DOT	0
#define TMPFS_COOKIE_DOTDOT	1
#define TMPFS_COOKIE_FIRST	2

struct tmpfs_dir {
	struct list_node td_list;	/* entries in cookie order */
	struct slot *td_slots;		/* entries, by td_hashval (slottab.h);
					   NULL until the first entry */
	unsigned td_nslots;		/* a power of two, > td_count */
	unsigned td_count;
	uint64_t td_nextcookie;
	struct tmpfs_node *td_parent;	/* NULL once removed */
	/* Where the last readdir stopped, to resume without a scan;
	 * atomic (readers share the lock). */
	struct tmpfs_dirent *td_hint;
};

/* A regular file's pages: a radix tree, TMPFS_RADIX_BITS per level.
 * A file may be as large as on the host (Linux's tmpfs): INT64_MAX
 * bytes, pages indexed below 2^51. */
#define TMPFS_RADIX_BITS	9
#define TMPFS_RADIX_FANOUT	(1u << TMPFS_RADIX_BITS)
#define TMPFS_MAXFILESIZE	INT64_MAX

struct tmpfs_reg {
	void **tr_root;
	unsigned tr_levels;		/* 0: empty */
	uint64_t tr_npages;		/* pages held; atomic reads */
};

/* A lookup of a name kept in the node reads its first bytes. */
struct tmpfs_node {
	struct tmpfs_dirent tn_dirent;	/* in use while its td_node is set */
	struct vnode *tn_vnode;		/* the vnode cache's (vfs_vnodeslot);
					   beside the entry, so that a lookup
					   finds it in the lines it reads */
	char tn_name[TMPFS_NODE_NAME];
	struct pserialize_entry tn_psz;	/* once freed */
	enum vtype tn_type;
	uint64_t tn_id;
	uint32_t tn_gen;
	uint32_t tn_mode;		/* permission bits; atomic reads */
	uid_t tn_uid;			/* atomic reads */
	gid_t tn_gid;			/* atomic reads */
	uint32_t tn_links;		/* atomic reads */
	int64_t tn_size;		/* atomic reads */
	int64_t tn_atime[2], tn_mtime[2], tn_ctime[2], tn_btime[2];
	union {
		struct tmpfs_dir tn_dir;
		struct tmpfs_reg tn_reg;
		char *tn_link;		/* tn_size bytes */
		uint64_t tn_rdev;
	};
};

/* A mount's nodes are found from its root: at unmount (every vnode,
 * and so every unlinked file, gone) each one is in a directory. */
struct tmpfs_mount {
	uint64_t tm_nodes_max;		/* 0: no limit */
	uint64_t tm_nodes_inuse;	/* atomic */
	uint64_t tm_pages_max;		/* 0: no limit */
	uint64_t tm_pages_used;		/* atomic */
	uint64_t tm_nextid;		/* atomic */
	struct tmpfs_node *tm_root;
};

/* Nodes of every tmpfs mount (tmpfs_subr.c). */
extern struct pool tmpfs_node_pool;

#define VP_TO_TMPFS_NODE(vp)	((struct tmpfs_node *)(vp)->v_data)
#define VFS_TO_TMPFS(mp)	((struct tmpfs_mount *)(mp)->mnt_data)
#define TMPFS_NODE_KEY(n)	((uint64_t)(uintptr_t)(n))

extern const struct vnodeops tmpfs_vnodeops;

/* tmpfs_subr.c: nodes, directory entries, times. */
int tmpfs_node_alloc(struct tmpfs_mount *, const struct vattr *va,
    struct tmpfs_node *parent, const char *link, size_t linklen,
    struct tmpfs_node **np);
void tmpfs_node_free(struct tmpfs_mount *, struct tmpfs_node *);
struct tmpfs_dirent *tmpfs_dir_lookup(struct tmpfs_node *dir,
    const char *name, size_t len);
/* Start fetching the table slot that attaching name will write. */
void tmpfs_dir_prefetch_attach(const struct tmpfs_node *dir,
    const char *name, size_t len);
/* The new entry, or NULL if memory is short (ENOSPC). */
struct tmpfs_dirent *tmpfs_dir_attach(struct tmpfs_node *dir,
    struct tmpfs_node *node, const char *name, size_t len);
void tmpfs_dir_detach(struct tmpfs_node *dir, struct tmpfs_dirent *de);
void tmpfs_dir_free_entries(struct tmpfs_node *dir);

#define TMPFS_ATIME	0x01
#define TMPFS_MTIME	0x02
#define TMPFS_CTIME	0x04
void tmpfs_update(struct tmpfs_node *, int which);
/* The same at a given time: the nodes one operation changes share one
 * instant (tmpfs_now). */
void tmpfs_update_at(struct tmpfs_node *, int which, const timespec_t *now);
void tmpfs_now(timespec_t *now);
void tmpfs_settime(int64_t t[2], const timespec_t *ts);
void tmpfs_gettime(const int64_t t[2], timespec_t *ts);

/* tmpfs_data.c: a regular file's pages. */
void *tmpfs_reg_page(struct tmpfs_reg *, uint64_t index);
int tmpfs_reg_page_alloc(struct tmpfs_mount *, struct tmpfs_reg *,
    uint64_t index, void **pagep);
/*
 * Where the file's bytes [off, off + len) start in memory (*startp),
 * and how many of them lie there in one piece: whole pages that follow
 * each other in memory as in the file, so that one copy moves them
 * (x86's string move is much faster on big blocks).  With tm, missing
 * pages are made (0 and the error if the first cannot be); without, a
 * hole gives NULL and the bytes to the end of its page.
 */
size_t tmpfs_reg_run(struct tmpfs_mount *tm, struct tmpfs_reg *,
    uint64_t off, size_t len, char **startp, int *errorp);
void tmpfs_reg_truncate(struct tmpfs_mount *, struct tmpfs_reg *,
    uint64_t npages);
/* The first page index >= index that is present (want true) or
 * missing (want false); UINT64_MAX if none below limit. */
uint64_t tmpfs_reg_next(const struct tmpfs_reg *, uint64_t index,
    bool want, uint64_t limit);

#endif /* TMPFS_TMPFS_H */
