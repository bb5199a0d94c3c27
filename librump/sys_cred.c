/*
 * sys_cred.c: process identity system calls: pids, user and group ids.
 *
 * Changing ids follows POSIX: the superuser (as kauth decides) may set
 * any; others may only move among the ids they already hold.  A change
 * builds a new credential and swaps it into the process under p_lock;
 * each LWP picks it up at its next kernel entry.
 */
#include <kern/systm.h>
#include <kern/syscall.h>
#include <kern/lwp.h>
#include <kern/kauth.h>

static int
sys_getpid(struct lwp *l, const syscallarg_t *args __unused, syscallarg_t *retval)
{
	retval[0] = (syscallarg_t)l->l_proc->p_pid;
	return 0;
}

static int
sys_getppid(struct lwp *l, const syscallarg_t *args __unused, syscallarg_t *retval)
{
	struct proc *pp;

	mutex_enter(&proc_lock);
	pp = l->l_proc->p_pptr;
	retval[0] = (syscallarg_t)(pp != NULL ? pp->p_pid : 0);
	mutex_exit(&proc_lock);
	return 0;
}

#define GETTER(name, field) \
static int \
sys_##name(struct lwp *l, const syscallarg_t *args __unused, syscallarg_t *retval) \
{ \
	retval[0] = l->l_cred->field; \
	return 0; \
}
GETTER(getuid, cr_uid)
GETTER(geteuid, cr_euid)
GETTER(getgid, cr_gid)
GETTER(getegid, cr_egid)

/* The ids a new real, effective and saved id may take without privilege. */
static bool
id_held(uint32_t id, uint32_t real, uint32_t eff, uint32_t saved)
{
	return id == real || id == eff || id == saved;
}

#define ID_KEEP ((uint32_t)-1)

/* Make cr the credentials of l's process (taking over the caller's
 * reference) and refresh l's cached copy. */
static void
proc_cred_replace(struct lwp *l, kauth_cred_t cr)
{
	struct proc *p = l->l_proc;
	kauth_cred_t old;

	mutex_enter(&p->p_lock);
	old = p->p_cred;
	p->p_cred = cr;
	mutex_exit(&p->p_lock);
	kauth_cred_free(old);
	lwp_cred_refresh(l);
}

/*
 * Set real, effective and saved user (which == 'u') or group ids; ID_KEEP
 * leaves one as it is.  Unprivileged callers may only use ids they hold.
 */
static int
cred_setids(struct lwp *l, char which, uint32_t r, uint32_t e, uint32_t s)
{
	kauth_cred_t cr;
	uint32_t *rp, *ep, *sp;

	if ((cr = kauth_cred_dup(l->l_cred)) == NULL)
		return ENOMEM;
	rp = which == 'u' ? &cr->cr_uid : &cr->cr_gid;
	ep = which == 'u' ? &cr->cr_euid : &cr->cr_egid;
	sp = which == 'u' ? &cr->cr_svuid : &cr->cr_svgid;
	if (kauth_authorize(l->l_cred, KAUTH_PROCESS_SETID) != 0 &&
	    ((r != ID_KEEP && !id_held(r, *rp, *ep, *sp)) ||
	    (e != ID_KEEP && !id_held(e, *rp, *ep, *sp)) ||
	    (s != ID_KEEP && !id_held(s, *rp, *ep, *sp)))) {
		kauth_cred_free(cr);
		return EPERM;
	}
	if (r != ID_KEEP)
		*rp = r;
	if (e != ID_KEEP)
		*ep = e;
	if (s != ID_KEEP)
		*sp = s;
	proc_cred_replace(l, cr);
	return 0;
}

/* setuid: privileged callers set all three ids; others only the
 * effective one, to their real or saved id. */
static int
setid(struct lwp *l, char which, uint32_t id)
{
	kauth_cred_t cr = l->l_cred;
	uint32_t real = which == 'u' ? cr->cr_uid : cr->cr_gid;
	uint32_t saved = which == 'u' ? cr->cr_svuid : cr->cr_svgid;

	if (kauth_authorize(cr, KAUTH_PROCESS_SETID) == 0)
		return cred_setids(l, which, id, id, id);
	if (id != real && id != saved)
		return EPERM;
	return cred_setids(l, which, ID_KEEP, id, ID_KEEP);
}

static int
sys_setuid(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	return setid(l, 'u', (uint32_t)args[0]);
}

static int
sys_setgid(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	return setid(l, 'g', (uint32_t)args[0]);
}

static int
sys_seteuid(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	return cred_setids(l, 'u', ID_KEEP, (uint32_t)args[0], ID_KEEP);
}

static int
sys_setegid(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	return cred_setids(l, 'g', ID_KEEP, (uint32_t)args[0], ID_KEEP);
}

/* setreuid: a changed real id, or an effective id other than the real
 * one, also becomes the saved id. */
static int
setreid(struct lwp *l, char which, uint32_t r, uint32_t e)
{
	kauth_cred_t cr = l->l_cred;
	uint32_t real = which == 'u' ? cr->cr_uid : cr->cr_gid;
	uint32_t s = ID_KEEP;

	if (r != ID_KEEP || (e != ID_KEEP && e != real))
		s = e != ID_KEEP ? e : (which == 'u' ? cr->cr_euid : cr->cr_egid);
	/* The real id may only become the effective or saved one. */
	if (r != ID_KEEP && r != real &&
	    kauth_authorize(cr, KAUTH_PROCESS_SETID) != 0 &&
	    r != (which == 'u' ? cr->cr_euid : cr->cr_egid))
		return EPERM;
	return cred_setids(l, which, r, e, s);
}

static int
sys_setreuid(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	return setreid(l, 'u', (uint32_t)args[0], (uint32_t)args[1]);
}

static int
sys_setregid(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	return setreid(l, 'g', (uint32_t)args[0], (uint32_t)args[1]);
}

/* getgroups(n, list): with n 0, just the count. */
static int
sys_getgroups(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval)
{
	int n = SCARG_INT(args, 0);
	kauth_cred_t cr = l->l_cred;

	if (n < 0)
		return EINVAL;
	retval[0] = cr->cr_ngroups;
	if (n == 0)
		return 0;
	if ((unsigned)n < cr->cr_ngroups)
		return EINVAL;
	return copyout(cr->cr_groups, SCARG_PTR(args, 1),
	    cr->cr_ngroups * sizeof(gid_t));
}

static int
sys_setgroups(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	int n = SCARG_INT(args, 0);
	gid_t groups[NGROUPS_MAX];
	kauth_cred_t cr;
	int error;

	if ((error = kauth_authorize(l->l_cred, KAUTH_SYSTEM_SETGROUPS)) != 0)
		return error;
	if (n < 0 || n > NGROUPS_MAX)
		return EINVAL;
	if ((error = copyin(SCARG_PTR(args, 1), groups, (size_t)n * sizeof(gid_t))) != 0)
		return error;
	if ((cr = kauth_cred_dup(l->l_cred)) == NULL)
		return ENOMEM;
	memcpy(cr->cr_groups, groups, (size_t)n * sizeof(gid_t));
	cr->cr_ngroups = (unsigned)n;
	proc_cred_replace(l, cr);
	return 0;
}

static const struct sysent cred_syscalls[] = {
	{ RUMP_SYS_getpid, sys_getpid, "getpid", "" },
	{ RUMP_SYS_getppid, sys_getppid, "getppid", "" },
	{ RUMP_SYS_getuid, sys_getuid, "getuid", "" },
	{ RUMP_SYS_geteuid, sys_geteuid, "geteuid", "" },
	{ RUMP_SYS_getgid, sys_getgid, "getgid", "" },
	{ RUMP_SYS_getegid, sys_getegid, "getegid", "" },
	{ RUMP_SYS_setuid, sys_setuid, "setuid", "u" },
	{ RUMP_SYS_seteuid, sys_seteuid, "seteuid", "u" },
	{ RUMP_SYS_setgid, sys_setgid, "setgid", "u" },
	{ RUMP_SYS_setegid, sys_setegid, "setegid", "u" },
	{ RUMP_SYS_setreuid, sys_setreuid, "setreuid", "uu" },
	{ RUMP_SYS_setregid, sys_setregid, "setregid", "uu" },
	{ RUMP_SYS_getgroups, sys_getgroups, "getgroups", "dp" },
	{ RUMP_SYS_setgroups, sys_setgroups, "setgroups", "dp" },
	{ 0, NULL, NULL, NULL },
};

int
sys_cred_init(void)
{
	return syscall_establish(cred_syscalls);
}
