/*
 * kauth.h: credentials and the one place privilege is decided.
 *
 * A credential is immutable once shared: changing a process's ids makes
 * a new one (kauth_cred_dup) and swaps it in.  Every privilege decision
 * goes through kauth_authorize(), so policy lives in kauth.c alone.
 */
#ifndef KERN_KAUTH_H
#define KERN_KAUTH_H

#include <kern/types.h>

#define NGROUPS_MAX 16

typedef struct kauth_cred *kauth_cred_t;

struct kauth_cred {
	unsigned cr_refcnt;	/* atomic */
	uid_t cr_uid, cr_euid, cr_svuid;
	gid_t cr_gid, cr_egid, cr_svgid;
	unsigned cr_ngroups;
	gid_t cr_groups[NGROUPS_MAX];
};

/* Actions that need privilege beyond a credential's own ids. */
enum kauth_action {
	KAUTH_PROCESS_SETID,	/* set ids to values not already held */
	KAUTH_SYSTEM_SETGROUPS,
	KAUTH_SYSTEM_SYSCTL_WRITE,	/* change a privileged sysctl */
	KAUTH_SYSTEM_REBOOT,
	KAUTH_SYSTEM_FS_OVERRIDE,	/* bypass file permissions */
	KAUTH_SYSTEM_MOUNT,		/* mount, unmount */
	KAUTH_SYSTEM_CHROOT,
	KAUTH_SYSTEM_MKNOD,		/* device nodes */
	KAUTH_FILE_CHOWN,		/* give a file away, or to any group */
	KAUTH_FILE_SETID,		/* keep set-id bits one may not set */
};

kauth_cred_t kauth_cred_alloc_root(void);
kauth_cred_t kauth_cred_dup(kauth_cred_t);
void kauth_cred_hold(kauth_cred_t);
void kauth_cred_free(kauth_cred_t);
bool kauth_cred_groupmember(kauth_cred_t, gid_t);
/* 0 if cred may perform action, else EPERM. */
int kauth_authorize(kauth_cred_t cred, enum kauth_action action);

#endif /* KERN_KAUTH_H */
