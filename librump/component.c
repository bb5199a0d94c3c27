/*
 * component.c: component registration, boot-time initialisation in
 * type order, and shutdown hooks.
 *
 * Registration happens in constructors, before rump_init() and before
 * any lock exists, so it only links entries into static lists; the
 * lists are read by the booting thread alone.
 */
#include <kern/systm.h>
#include <kern/component.h>
#include <kern/kmem.h>
#include <kern/mutex.h>
#include "core.h"

static struct list_node components[COMPONENT_NTYPES];
static bool components_ready;
static const char *const component_type_names[COMPONENT_NTYPES] = {
	"kern", "dev", "vfs", "net", "postinit"
};

struct shutdownhook {
	void (*sh_fn)(void *);
	void *sh_arg;
	struct list_node sh_entry;
};
static struct list_node shutdownhooks = LIST_HEAD_INIT(shutdownhooks);
static kmutex_t shutdownhook_lock;	/* covers shutdownhooks */

void
component_register(struct component *rc)
{
	if (!components_ready) {
		for (int i = 0; i < COMPONENT_NTYPES; i++)
			list_init(&components[i]);
		components_ready = true;
	}
	KASSERT(rc->rc_type < COMPONENT_NTYPES);
	list_insert_tail(&components[rc->rc_type], &rc->rc_entry);
}

int
component_init_all(void)
{
	struct component *rc;
	int error;

	mutex_init(&shutdownhook_lock, MUTEX_DEFAULT, IPL_NONE);
	if (!components_ready)
		return 0;
	for (int t = 0; t < COMPONENT_NTYPES; t++) {
		list_foreach(rc, &components[t], struct component, rc_entry) {
			if ((error = rc->rc_init()) != 0) {
				printf("component %s failed to initialise: error %d\n",
				    rc->rc_name, error);
				return error;
			}
		}
	}
	return 0;
}

const char *
component_names(char *buf, size_t len)
{
	struct component *rc;

	buf[0] = '\0';
	for (int t = 0; components_ready && t < COMPONENT_NTYPES; t++) {
		if (list_empty(&components[t]))
			continue;
		strlcat(buf, buf[0] ? "; " : "", len);
		strlcat(buf, component_type_names[t], len);
		strlcat(buf, ":", len);
		list_foreach(rc, &components[t], struct component, rc_entry) {
			strlcat(buf, " ", len);
			strlcat(buf, rc->rc_name, len);
		}
	}
	return buf;
}

void *
shutdownhook_establish(void (*fn)(void *), void *arg)
{
	struct shutdownhook *sh = kmem_alloc(sizeof(*sh), KM_SLEEP);

	if (sh == NULL)
		return NULL;
	sh->sh_fn = fn;
	sh->sh_arg = arg;
	mutex_enter(&shutdownhook_lock);
	list_insert_head(&shutdownhooks, &sh->sh_entry);
	mutex_exit(&shutdownhook_lock);
	return sh;
}

void
shutdownhook_disestablish(void *cookie)
{
	struct shutdownhook *sh = cookie;

	mutex_enter(&shutdownhook_lock);
	list_remove(&sh->sh_entry);
	mutex_exit(&shutdownhook_lock);
	kmem_free(sh, sizeof(*sh));
}

/* Run every hook once, newest first; each is removed before it runs. */
void
shutdownhook_run(void)
{
	struct shutdownhook *sh;

	mutex_enter(&shutdownhook_lock);
	while ((sh = list_first(&shutdownhooks, struct shutdownhook, sh_entry)) != NULL) {
		list_remove(&sh->sh_entry);
		mutex_exit(&shutdownhook_lock);
		sh->sh_fn(sh->sh_arg);
		kmem_free(sh, sizeof(*sh));
		mutex_enter(&shutdownhook_lock);
	}
	mutex_exit(&shutdownhook_lock);
}
