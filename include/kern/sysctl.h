/*
 * sysctl.h: the sysctl tree.
 *
 * Named, numbered nodes: inner nodes hold children, leaves hold an
 * integer, a 64-bit integer, a string or a structure, either in memory
 * the node points at or produced by a handler.  Read and written with
 * the __sysctl system call by number path, or by name through
 * {CTL_SYSCTL, NAME2MIB}.  The tree is covered by sysctl_lock.
 */
#ifndef KERN_SYSCTL_H
#define KERN_SYSCTL_H

#include <kern/types.h>
#include <kern/queue.h>
#include <rump/rumpdefs.h>

#define CTLTYPE_NODE	1
#define CTLTYPE_INT	2
#define CTLTYPE_STRING	3
#define CTLTYPE_QUAD	4
#define CTLTYPE_STRUCT	5

#define CTLFLAG_READONLY	0x00
#define CTLFLAG_READWRITE	0x01	/* writable by anyone privileged */
#define CTLFLAG_ANYWRITE	0x02	/* writable by any user */

#define CTL_CREATE	(-1)	/* sysctl_create: pick a number */

struct sysctlnode;

/* What a handler sees: the caller's buffers, not yet copied. */
struct sysctl_req {
	void *oldp;		/* caller's buffer, or NULL */
	size_t oldlen;		/* its size in; bytes wanted out */
	const void *newp;	/* caller's new value, or NULL */
	size_t newlen;
	struct lwp *l;
};

typedef int (*sysctl_func_t)(const struct sysctlnode *, struct sysctl_req *);

struct sysctlnode {
	const char *sn_name;
	int sn_num;
	int sn_type;
	int sn_flags;
	void *sn_data;		/* value, for leaves without a handler */
	size_t sn_size;		/* its size (buffer size for strings) */
	sysctl_func_t sn_func;	/* or NULL */
	struct sysctlnode *sn_parent;
	struct list_node sn_children;
	struct list_node sn_sibling;
};

/*
 * Create a node below parent (NULL: the root) and return it in *np.
 * num is a fixed number or CTL_CREATE.  EEXIST if the name or number
 * is taken, ENOMEM if memory is short.
 */
int sysctl_create(struct sysctlnode *parent, const char *name, int num,
    int type, int flags, void *data, size_t size, sysctl_func_t func,
    struct sysctlnode **np);
/* Remove a leaf or an empty inner node. */
int sysctl_destroy(struct sysctlnode *);
/* Find a node by dotted name ("kern.hostname"); NULL if none. */
struct sysctlnode *sysctl_find(const char *name);

/* For handlers: copy value (size bytes) out to the caller, with the
 * usual length rules, and copy a new value of exactly size bytes in to
 * newbuf (EINVAL for any other size). */
int sysctl_copyout_value(struct sysctl_req *, const void *value, size_t size);
int sysctl_copyin_value(struct sysctl_req *, void *newbuf, size_t size);

#endif /* KERN_SYSCTL_H */
