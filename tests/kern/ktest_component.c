/*
 * ktest_component.c: components registered by linking: one of type
 * post-init and one of type core, registered in that (wrong) order, so
 * the boot must sort them; the post-init one also establishes a
 * shutdown hook that halting must run.
 */
#include <kern/systm.h>
#include <kern/component.h>

static char init_order[8];
static unsigned ninit;
static bool hook_ran;

static void
ktest_shutdown(void *arg __unused)
{
	hook_ran = true;
}

COMPONENT(COMPONENT_POSTINIT, ktest_late)
{
	init_order[ninit++] = 'P';
	return shutdownhook_establish(ktest_shutdown, NULL) != NULL ? 0 : ENOMEM;
}

COMPONENT(COMPONENT_KERN, ktest_early)
{
	init_order[ninit++] = 'K';
	return 0;
}

const char *
ktest_component_order(void)
{
	return init_order;
}

bool
ktest_shutdown_ran(void)
{
	return hook_ran;
}
