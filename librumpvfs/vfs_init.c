/*
 * vfs_init.c: bringing the VFS up and down: its subsystems and system
 * calls at boot, the root file system (tmpfs, with /dev and /tmp)
 * once every file-system type has registered, and flushing and
 * unmounting everything at halt.
 */
#include <kern/systm.h>
#include <kern/component.h>
#include <kern/lwp.h>
#include <kern/mount.h>
#include <kern/namei.h>
#include <kern/vnode.h>
#include <rump/tmpfs.h>
#include "vfs_private.h"

static void
vfs_shutdown(void *arg __unused)
{
	vfs_syncall();
	vfs_unmountall();
}

COMPONENT(COMPONENT_VFS, vfs)
{
	int error;

	if ((error = cache_init()) != 0 ||
	    (error = vcache_init()) != 0 ||
	    (error = vfs_mount_init()) != 0 ||
	    (error = cwdi_init()) != 0 ||
	    (error = vfs_syscalls_open_init()) != 0 ||
	    (error = vfs_syscalls_name_init()) != 0 ||
	    (error = vfs_syscalls_attr_init()) != 0)
		return error;
	return shutdownhook_establish(vfs_shutdown, NULL) != NULL ? 0 : ENOMEM;
}

/* A directory of the root file system, made by the kernel itself. */
static int
vfs_mkdir_root(const char *name, uint32_t mode)
{
	struct componentname cn = { name, strlen(name), curlwp->l_cred };
	struct vattr va = { .va_type = VDIR, .va_mode = mode };
	struct vnode *vp;
	int error;

	vn_lock(rootvnode, RW_WRITER);
	error = rootvnode->v_op->vop_mkdir(rootvnode, &vp, &cn, &va);
	vn_unlock(rootvnode);
	if (error == 0)
		vrele(vp);
	return error;
}

COMPONENT(COMPONENT_POSTINIT, vfs_mountroot)
{
	struct tmpfs_args args = { .ta_version = TMPFS_ARGS_VERSION,
	    .ta_root_mode = 0755 };
	int error;

	if ((error = vfs_domount("tmpfs", NULL, "/", 0, &args,
	    sizeof(args))) != 0) {
		printf("vfs: cannot mount the root file system: %d\n", error);
		return error;
	}
	if ((error = vfs_mkdir_root("dev", 0755)) != 0 ||
	    (error = vfs_mkdir_root("tmp", 01777)) != 0)
		return error;
	aprint_verbose("vfs: root file system tmpfs, with /dev and /tmp\n");
	return 0;
}
