/*
 * component.h: boot-time components and shutdown hooks.
 *
 * A component is a piece of the kernel (a subsystem, a file system, a
 * driver) that registers itself when its library is linked, through a
 * constructor, and is initialised by rump_init() in type order: core,
 * devices, VFS, network, post-init; within a type, in the order they
 * registered.  Linking a component is all it takes to add it.
 */
#ifndef KERN_COMPONENT_H
#define KERN_COMPONENT_H

#include <kern/types.h>
#include <kern/queue.h>

enum component_type {
	COMPONENT_KERN,
	COMPONENT_DEV,
	COMPONENT_VFS,
	COMPONENT_NET,
	COMPONENT_POSTINIT,
	COMPONENT_NTYPES
};

struct component {
	enum component_type rc_type;
	const char *rc_name;
	int (*rc_init)(void);		/* 0 or an errno value: boot fails */
	struct list_node rc_entry;
};

/* Called from a constructor, before rump_init(): only links the entry. */
void component_register(struct component *);

#define COMPONENT(type, name) \
	static int component_init_##name(void); \
	static struct component component_##name = \
	    { type, #name, component_init_##name, { NULL, NULL } }; \
	static void __constructor component_ctor_##name(void) \
	{ component_register(&component_##name); } \
	static int component_init_##name(void)

/* Run fn(arg) when the kernel halts, most recently established first:
 * flush data, stop threads.  Returns NULL if memory is short. */
void *shutdownhook_establish(void (*fn)(void *), void *arg);
void shutdownhook_disestablish(void *);

/*
 * Kernel state, for code that must know whether the kernel is up.
 * _Atomic: every plain read and write of it is sequentially consistent,
 * so a thread that sees KSTATE_RUNNING also sees everything the boot
 * set up, on weakly ordered CPUs too.
 */
enum kernel_state { KSTATE_COLD, KSTATE_BOOTING, KSTATE_RUNNING,
	KSTATE_HALTING, KSTATE_HALTED };
extern _Atomic int kernel_state;

#endif /* KERN_COMPONENT_H */
