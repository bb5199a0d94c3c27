/*
 * rump.c: booting and halting the kernel.
 *
 * rump_init() reads the parameters, brings up the core subsystems in
 * dependency order on the booting thread (bound to lwp0 of process 0),
 * then initialises every linked component by type: core, devices, VFS,
 * network, post-init.  Halting runs the shutdown hooks (flushes), then
 * stops the core's own threads.
 */
#include <kern/systm.h>
#include <kern/component.h>
#include <kern/sched.h>
#include <kern/kauth.h>
#include <kern/kmem.h>
#include <kern/pserialize.h>
#include <kern/lwp.h>
#include <kern/syscall.h>
#include <kern/time.h>
#include <kern/atomic.h>
#include <rump/rumpuser.h>
#include "core.h"

_Atomic int kernel_state = KSTATE_COLD;
static struct lwp lwp0;

static const struct rumpuser_hyperup hyperup = {
	.hyp_unschedule = sched_hyp_unschedule,
	.hyp_schedule = sched_hyp_schedule,
	.hyp_lwp_hostexit = lwp_hostexit,
};

static int
param_u64(const char *name, uint64_t *vp)
{
	char buf[64];
	int error;

	if ((error = rumpuser_getparam(name, buf, sizeof(buf))) != 0)
		return error;
	return parse_u64(buf, vp);
}

struct bootparams {
	uint64_t ncpu, memlimit, verbose, trace, hostmem;
	char hostname[256];
};

static int
boot_params(struct bootparams *bp)
{
	int error;

	if ((error = param_u64("RUMP_NCPU", &bp->ncpu)) != 0 ||
	    (error = param_u64("RUMP_MEMLIMIT", &bp->memlimit)) != 0 ||
	    (error = param_u64("RUMP_VERBOSE", &bp->verbose)) != 0 ||
	    (error = param_u64("RUMP_SYSCALL_TRACE", &bp->trace)) != 0 ||
	    (error = param_u64("RUMPUSER_HOSTMEM", &bp->hostmem)) != 0 ||
	    (error = rumpuser_getparam("RUMP_HOSTNAME", bp->hostname,
	    sizeof(bp->hostname))) != 0)
		return error;
	if (bp->ncpu == 0 || bp->ncpu > 1024)
		return EINVAL;
	return 0;
}

/* The core subsystems, in the order they depend on each other. */
static int
boot_core(const struct bootparams *bp)
{
	int error;

	pool_subsystem_init();
	if ((error = kmem_init()) != 0 ||
	    (error = proc_init()) != 0)
		return error;
	lwp0.l_cred = proc0.p_cred;
	kauth_cred_hold(lwp0.l_cred);
	if ((error = sysctl_startup()) != 0 ||
	    (error = syscall_startup()) != 0 ||
	    (error = sys_cred_init()) != 0 ||
	    (error = sys_time_init()) != 0 ||
	    (error = sys_reboot_init()) != 0 ||
	    (error = sysctl_kern_init(bp->hostname, bp->hostmem)) != 0)
		return error;
	softint_startup();
	if ((error = callout_startup()) != 0)
		return error;
	return pserialize_init();
}

int
kernel_boot(void)
{
	struct bootparams bp;
	char names[256];
	int error;

	/* One thread boots; others wait for it and share its result.
	 * (The cast: clang's __atomic builtins refuse _Atomic objects.) */
	if (!__atomic_compare_exchange_n((int *)&kernel_state,
	    &(int){ KSTATE_COLD }, KSTATE_BOOTING, false, __ATOMIC_SEQ_CST,
	    __ATOMIC_SEQ_CST)) {
		while (kernel_state == KSTATE_BOOTING)
			rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 100000);
		return kernel_state == KSTATE_RUNNING ? 0 : ENXIO;
	}
	if ((error = rumpuser_init(RUMPUSER_VERSION, &hyperup)) != 0 ||
	    (error = boot_params(&bp)) != 0) {
		kernel_state = KSTATE_COLD;
		return error;
	}
	time_init();
	boothowto_verbose = bp.verbose != 0;
	syscall_trace = bp.trace != 0;
	mem_init(bp.memlimit);
	sleepq_init();
	if ((error = sched_init((unsigned)bp.ncpu)) != 0)
		goto fail;

	strlcpy(lwp0.l_name, "lwp0", sizeof(lwp0.l_name));
	lwp0.l_proc = &proc0;
	lwp0.l_flag = LW_SYSTEM;
	lwp0.l_bound = 1;
	curlwp_set(&lwp0);
	sched_enter(&lwp0);

	aprint_verbose("Anykernel %s booting\n", "0.1");
	if (bp.memlimit != 0)
		aprint_verbose("%u virtual CPUs, memory limit %llu bytes\n",
		    ncpu, (unsigned long long)bp.memlimit);
	else
		aprint_verbose("%u virtual CPUs, no memory limit\n", ncpu);
	aprint_verbose("virtual CPUs %s\n", sched_biasing ?
	    "are biased to the thread that uses them" :
	    "are not biased (no asymmetric barrier)");
	if ((error = boot_core(&bp)) != 0 ||
	    (error = component_init_all()) != 0) {
		sched_leave(&lwp0);
		curlwp_set(NULL);
		goto fail;
	}
	aprint_verbose("components: %s\n", *component_names(names, sizeof(names)) ?
	    names : "(none linked)");
	aprint_verbose("hostname %s; boot took %llu us\n", bp.hostname,
	    (unsigned long long)(uptime_ns() / 1000));
	kernel_state = KSTATE_RUNNING;
	sched_unbias(&lwp0);		/* nobody enters as lwp0 again */
	sched_leave(&lwp0);
	curlwp_set(NULL);
	return 0;

fail:
	printf("boot failed, error %d\n", error);
	kernel_state = KSTATE_HALTED;
	return error;
}

/* Halt: flush what the factions registered, stop the core's threads. */
static void
kernel_halt(int howto)
{
	kernel_state = KSTATE_HALTING;
	if (!(howto & RUMP_RB_NOSYNC))
		shutdownhook_run();
	softint_shutdown();
	callout_shutdown();
	aprint_verbose("halted after %llu us\n",
	    (unsigned long long)(uptime_ns() / 1000));
	kernel_state = KSTATE_HALTED;
}

/* reboot(howto, bootstr): every flavour halts the kernel and returns;
 * the program decides whether to go on or exit. */
static int
sys_reboot(struct lwp *l, const syscallarg_t *args, syscallarg_t *retval __unused)
{
	int error;

	if ((error = kauth_authorize(l->l_cred, KAUTH_SYSTEM_REBOOT)) != 0)
		return error;
	kernel_halt(SCARG_INT(args, 0));
	return 0;
}

static const struct sysent reboot_syscalls[] = {
	{ RUMP_SYS_reboot, sys_reboot, "reboot", "xp" },
	{ 0, NULL, NULL, NULL },
};

int
sys_reboot_init(void)
{
	return syscall_establish(reboot_syscalls);
}

/* Enter the kernel from host code (nests). */
void
rump_schedule(void)
{
	if (kernel_state < KSTATE_RUNNING)
		panic("rump_schedule: the kernel has not booted");
	if (lwp_enter() == NULL)
		panic("rump_schedule: no memory for an implicit lwp");
}

void
rump_unschedule(void)
{
	struct lwp *l = curlwp;

	if (l == NULL || l->l_cpu == NULL) {
		log(LOG_WARNING, "rump_unschedule: not in the kernel\n");
		return;
	}
	lwp_leave(l);
}
