/*
 * sysctl.c: the sysctl tree and the __sysctl system call.
 *
 * sysctl_lock (a reader/writer lock) covers the shape of the tree;
 * values are covered by whatever their owners use, or, for plain data
 * nodes, written whole under the write lock.
 */
#include <kern/systm.h>
#include <kern/sysctl.h>
#include <kern/kmem.h>
#include <kern/rwlock.h>
#include <kern/lwp.h>
#include <kern/kauth.h>
#include <kern/syscall.h>
#include "core.h"

static struct sysctlnode sysctl_root = { .sn_name = "", .sn_type = CTLTYPE_NODE };
static krwlock_t sysctl_lock;

int
sysctl_startup(void)
{
	rw_init(&sysctl_lock);
	list_init(&sysctl_root.sn_children);
	return 0;
}

static struct sysctlnode *
sysctl_child_num(struct sysctlnode *parent, int num)
{
	struct sysctlnode *n;

	list_foreach(n, &parent->sn_children, struct sysctlnode, sn_sibling)
		if (n->sn_num == num)
			return n;
	return NULL;
}

static struct sysctlnode *
sysctl_child_name(struct sysctlnode *parent, const char *name, size_t len)
{
	struct sysctlnode *n;

	list_foreach(n, &parent->sn_children, struct sysctlnode, sn_sibling)
		if (strncmp(n->sn_name, name, len) == 0 && n->sn_name[len] == '\0')
			return n;
	return NULL;
}

int
sysctl_create(struct sysctlnode *parent, const char *name, int num, int type,
    int flags, void *data, size_t size, sysctl_func_t func,
    struct sysctlnode **np)
{
	struct sysctlnode *n;

	if (parent == NULL)
		parent = &sysctl_root;
	if (parent->sn_type != CTLTYPE_NODE)
		return ENOTDIR;
	if ((n = kmem_zalloc(sizeof(*n), KM_SLEEP)) == NULL)
		return ENOMEM;
	rw_enter(&sysctl_lock, RW_WRITER);
	if (sysctl_child_name(parent, name, strlen(name)) != NULL ||
	    (num != CTL_CREATE && sysctl_child_num(parent, num) != NULL)) {
		rw_exit(&sysctl_lock);
		kmem_free(n, sizeof(*n));
		return EEXIST;
	}
	if (num == CTL_CREATE)
		for (num = RUMP_CTL_CREATE_BASE; sysctl_child_num(parent, num); num++)
			continue;
	n->sn_name = name;
	n->sn_num = num;
	n->sn_type = type;
	n->sn_flags = flags;
	n->sn_data = data;
	n->sn_size = size;
	n->sn_func = func;
	n->sn_parent = parent;
	list_init(&n->sn_children);
	list_insert_tail(&parent->sn_children, &n->sn_sibling);
	rw_exit(&sysctl_lock);
	if (np != NULL)
		*np = n;
	return 0;
}

int
sysctl_destroy(struct sysctlnode *n)
{
	rw_enter(&sysctl_lock, RW_WRITER);
	if (!list_empty(&n->sn_children)) {
		rw_exit(&sysctl_lock);
		return ENOTEMPTY;
	}
	list_remove(&n->sn_sibling);
	rw_exit(&sysctl_lock);
	kmem_free(n, sizeof(*n));
	return 0;
}

/* Resolve a dotted name; sysctl_lock held. */
static struct sysctlnode *
sysctl_resolve(const char *name, int *mib, unsigned *miblen)
{
	struct sysctlnode *n = &sysctl_root;
	unsigned depth = 0;

	while (*name != '\0') {
		const char *dot = strchr(name, '.');
		size_t len = dot ? (size_t)(dot - name) : strlen(name);

		if (n->sn_type != CTLTYPE_NODE || depth == RUMP_CTL_MAXNAME)
			return NULL;
		if ((n = sysctl_child_name(n, name, len)) == NULL)
			return NULL;
		if (mib != NULL)
			mib[depth] = n->sn_num;
		depth++;
		name += len + (dot != NULL);
	}
	if (miblen != NULL)
		*miblen = depth;
	return n == &sysctl_root ? NULL : n;
}

struct sysctlnode *
sysctl_find(const char *name)
{
	struct sysctlnode *n;

	rw_enter(&sysctl_lock, RW_READER);
	n = sysctl_resolve(name, NULL, NULL);
	rw_exit(&sysctl_lock);
	return n;
}

int
sysctl_copyout_value(struct sysctl_req *req, const void *value, size_t size)
{
	size_t room = req->oldlen;
	int error = 0;

	req->oldlen = size;
	if (req->oldp == NULL)
		return 0;
	if ((error = copyout(value, req->oldp, MIN(room, size))) != 0)
		return error;
	return room < size ? ENOMEM : 0;
}

int
sysctl_copyin_value(struct sysctl_req *req, void *newbuf, size_t size)
{
	if (req->newlen != size)
		return EINVAL;
	return copyin(req->newp, newbuf, size);
}

/* Read and write a plain data node; sysctl_lock held as writer when
 * a new value is given. */
static int
sysctl_data(const struct sysctlnode *n, struct sysctl_req *req)
{
	size_t size = n->sn_size;
	char buf[256];
	int error;

	if (n->sn_type == CTLTYPE_STRING)
		size = strnlen(n->sn_data, n->sn_size - 1) + 1;
	if ((error = sysctl_copyout_value(req, n->sn_data, size)) != 0)
		return error;
	if (req->newp == NULL)
		return 0;
	switch (n->sn_type) {
	case CTLTYPE_INT:
	case CTLTYPE_QUAD:
		if (req->newlen != n->sn_size)
			return EINVAL;
		break;
	case CTLTYPE_STRING:
		/* Leave room for the terminator the caller may omit. */
		if (req->newlen >= n->sn_size || req->newlen >= sizeof(buf))
			return EINVAL;
		break;
	default:
		return EPERM;
	}
	if ((error = copyin(req->newp, buf, req->newlen)) != 0)
		return error;
	if (n->sn_type == CTLTYPE_STRING) {
		buf[req->newlen] = '\0';
		if (strnlen(buf, req->newlen) == 0)
			return EINVAL;
		strlcpy(n->sn_data, buf, n->sn_size);
	} else {
		memcpy(n->sn_data, buf, req->newlen);
	}
	return 0;
}

/* {CTL_SYSCTL, NAME2MIB}: the new value is a name, the old one its mib. */
static int
sysctl_name2mib(struct sysctl_req *req)
{
	char name[256];
	int mib[RUMP_CTL_MAXNAME];
	unsigned miblen;
	int error;

	if (req->newp == NULL || req->newlen >= sizeof(name))
		return EINVAL;
	if ((error = copyin(req->newp, name, req->newlen)) != 0)
		return error;
	name[req->newlen] = '\0';
	rw_enter(&sysctl_lock, RW_READER);
	if (sysctl_resolve(name, mib, &miblen) == NULL) {
		rw_exit(&sysctl_lock);
		return ENOENT;
	}
	rw_exit(&sysctl_lock);
	req->newp = NULL;
	return sysctl_copyout_value(req, mib, miblen * sizeof(int));
}

static int
sysctl_dispatch(const int *name, unsigned namelen, struct sysctl_req *req)
{
	struct sysctlnode *n = &sysctl_root;
	bool writing = req->newp != NULL;
	int error;

	if (namelen == 2 && name[0] == RUMP_CTL_SYSCTL &&
	    name[1] == RUMP_CTL_SYSCTL_NAME2MIB)
		return sysctl_name2mib(req);
	rw_enter(&sysctl_lock, writing ? RW_WRITER : RW_READER);
	for (unsigned i = 0; i < namelen; i++) {
		if (n->sn_type != CTLTYPE_NODE) {
			rw_exit(&sysctl_lock);
			return ENOTDIR;
		}
		if ((n = sysctl_child_num(n, name[i])) == NULL) {
			rw_exit(&sysctl_lock);
			return ENOENT;
		}
	}
	if (n->sn_type == CTLTYPE_NODE)
		error = EISDIR;
	else if (writing && !(n->sn_flags & (CTLFLAG_READWRITE | CTLFLAG_ANYWRITE)))
		error = EPERM;
	else if (writing && !(n->sn_flags & CTLFLAG_ANYWRITE) &&
	    (error = kauth_authorize(req->l->l_cred, KAUTH_SYSTEM_SYSCTL_WRITE)) != 0)
		;
	else if (n->sn_func != NULL)
		error = n->sn_func(n, req);
	else
		error = sysctl_data(n, req);
	rw_exit(&sysctl_lock);
	return error;
}

/* __sysctl(name, namelen, oldp, oldlenp, newp, newlen) */
static int
sys___sysctl(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	int name[RUMP_CTL_MAXNAME];
	unsigned namelen = (unsigned)args[1];
	void *oldlenp = SCARG_PTR(args, 3);
	uint64_t oldlen = 0;
	struct sysctl_req req = {
		.oldp = SCARG_PTR(args, 2),
		.newp = SCARG_PTR(args, 4),
		.newlen = (size_t)args[5],
		.l = l,
	};
	int error;

	if (namelen == 0 || namelen > RUMP_CTL_MAXNAME)
		return EINVAL;
	if ((error = copyin(SCARG_PTR(args, 0), name, namelen * sizeof(int))) != 0)
		return error;
	/* The old length is a 64-bit value in the kernel ABI. */
	if (oldlenp != NULL &&
	    (error = copyin(oldlenp, &oldlen, sizeof(oldlen))) != 0)
		return error;
	req.oldlen = oldlen > SIZE_MAX ? SIZE_MAX : (size_t)oldlen;
	if (oldlenp == NULL)
		req.oldp = NULL;
	error = sysctl_dispatch(name, namelen, &req);
	if (oldlenp != NULL && (error == 0 || error == ENOMEM)) {
		int e2;

		oldlen = req.oldlen;
		e2 = copyout(&oldlen, oldlenp, sizeof(oldlen));
		if (error == 0)
			error = e2;
	}
	return error;
}

static const struct sysent sysctl_syscalls[] = {
	{ RUMP_SYS___sysctl, sys___sysctl, "__sysctl", "pupppu" },
	{ 0, NULL, NULL, NULL },
};

int
sysctl_syscalls_init(void)
{
	return syscall_establish(sysctl_syscalls);
}
