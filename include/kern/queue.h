/*
 * queue.h: intrusive doubly linked lists.
 *
 * A list head is a struct list_node whose next/prev point at itself
 * when empty; elements embed a struct list_node and are found from it
 * with container_of().
 */
#ifndef KERN_QUEUE_H
#define KERN_QUEUE_H

#include <kern/types.h>

struct list_node {
	struct list_node *next;
	struct list_node *prev;
};

#define LIST_HEAD_INIT(h) { &(h), &(h) }

static inline void
list_init(struct list_node *h)
{
	h->next = h->prev = h;
}

static inline bool
list_empty(const struct list_node *h)
{
	return h->next == h;
}

static inline void
list_insert_after(struct list_node *pos, struct list_node *n)
{
	n->prev = pos;
	n->next = pos->next;
	pos->next->prev = n;
	pos->next = n;
}

static inline void
list_insert_tail(struct list_node *h, struct list_node *n)
{
	list_insert_after(h->prev, n);
}

static inline void
list_insert_head(struct list_node *h, struct list_node *n)
{
	list_insert_after(h, n);
}

static inline void
list_remove(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

/* Iterate with e pointing at each element of type t linked by member m. */
#define list_foreach(e, h, t, m) \
	for ((e) = container_of((h)->next, t, m); &(e)->m != (h); \
	    (e) = container_of((e)->m.next, t, m))

/* As list_foreach, but e may be removed from the list in the body. */
#define list_foreach_safe(e, tmp, h, t, m) \
	for ((e) = container_of((h)->next, t, m), \
	    (tmp) = container_of((e)->m.next, t, m); &(e)->m != (h); \
	    (e) = (tmp), (tmp) = container_of((e)->m.next, t, m))

#define list_first(h, t, m) \
	(list_empty(h) ? NULL : container_of((h)->next, t, m))

#endif /* KERN_QUEUE_H */
