/*
 * kauth.c: credentials, and every privilege decision of the kernel.
 *
 * The policy is the traditional one: the superuser (effective uid 0)
 * may do anything; everyone else only what their own ids allow, which
 * the callers check before asking here.
 */
#include <kern/systm.h>
#include <kern/kauth.h>
#include <kern/kmem.h>
#include <kern/atomic.h>

kauth_cred_t
kauth_cred_alloc_root(void)
{
	kauth_cred_t cr = kmem_zalloc(sizeof(*cr), KM_SLEEP);

	if (cr != NULL)
		cr->cr_refcnt = 1;
	return cr;
}

kauth_cred_t
kauth_cred_dup(kauth_cred_t src)
{
	kauth_cred_t cr = kmem_alloc(sizeof(*cr), KM_SLEEP);

	/* Everything but the count, which others change meanwhile. */
	if (cr != NULL) {
		cr->cr_refcnt = 1;
		memcpy(&cr->cr_uid, &src->cr_uid,
		    sizeof(*cr) - offsetof(struct kauth_cred, cr_uid));
	}
	return cr;
}

void
kauth_cred_hold(kauth_cred_t cr)
{
	atomic_inc_uint(&cr->cr_refcnt);
}

void
kauth_cred_free(kauth_cred_t cr)
{
	if (atomic_dec_uint_nv(&cr->cr_refcnt) == 0)
		kmem_free(cr, sizeof(*cr));
}

bool
kauth_cred_groupmember(kauth_cred_t cr, gid_t gid)
{
	if (cr->cr_egid == gid)
		return true;
	for (unsigned i = 0; i < cr->cr_ngroups; i++)
		if (cr->cr_groups[i] == gid)
			return true;
	return false;
}

int
kauth_authorize(kauth_cred_t cr, enum kauth_action action)
{
	switch (action) {
	case KAUTH_PROCESS_SETID:
	case KAUTH_SYSTEM_SETGROUPS:
	case KAUTH_SYSTEM_SYSCTL_WRITE:
	case KAUTH_SYSTEM_REBOOT:
	case KAUTH_SYSTEM_FS_OVERRIDE:
	case KAUTH_SYSTEM_MOUNT:
	case KAUTH_SYSTEM_CHROOT:
	case KAUTH_SYSTEM_MKNOD:
	case KAUTH_FILE_CHOWN:
	case KAUTH_FILE_SETID:
		return cr->cr_euid == 0 ? 0 : EPERM;
	}
	return EPERM;
}
