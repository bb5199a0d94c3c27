/*
 * ktest_slottab.c: kernel-side test of the open-addressed tables
 * (kern/slottab.h) with chosen hashes: long probe runs sharing a home
 * slot, runs that wrap past the last slot, hashes whose tags are equal
 * but whose hashes differ, and equal hashes; every object must stay
 * findable (and a removed one gone) through removals in a scrambled
 * order and a move to a bigger table.
 */
#include <kern/systm.h>
#include <kern/slottab.h>

#define KT_SLOTS	64
#define KT_OBJS		40

static int kt_obj[KT_OBJS];
static uint32_t kt_hash[KT_OBJS];

/* Hash i: homes 5 (half of them) and 62 (a run that wraps), tags
 * repeating every four objects, some hashes shared outright. */
static uint32_t
kt_hashof(int i)
{
	uint32_t home = (i % 2 == 0) ? 5 : 62;
	uint32_t tag = (uint32_t)(i % 4) << 25;
	uint32_t mid = (i % 3 == 0) ? 0 : (uint32_t)i << 8;

	return tag | mid | home;
}

/* How many slots of h's run hold p, and whether any slot the loop
 * visits has another hash. */
static int
kt_count(const struct slot *tab, unsigned n, uint32_t h, const void *p,
    bool *wrong)
{
	const struct slot *s;
	int found = 0;

	SLOTTAB_FOREACH(s, tab, n, h) {
		if (s->sl_hash != h)
			*wrong = true;
		if (s->sl_ptr == p)
			found++;
	}
	return found;
}

/* 0 if exactly the objects present[] are found, once each. */
static int
kt_check(const struct slot *tab, unsigned n, const bool *present)
{
	const uint8_t *tags = slottab_tags(tab, n);
	unsigned used = 0, want = 0;
	bool wrong = false;

	for (int i = 0; i < KT_OBJS; i++) {
		if (kt_count(tab, n, kt_hash[i], &kt_obj[i], &wrong) !=
		    (present[i] ? 1 : 0))
			return 1;
		want += present[i];
	}
	for (unsigned i = 0; i < n; i++)
		used += tags[i] != 0;
	if (wrong)
		return 2;
	return used == want ? 0 : 3;
}

int
ktest_slottab(void)
{
	struct slot *tab = slottab_alloc(KT_SLOTS), *big;
	bool present[KT_OBJS];
	unsigned pos = 0;
	int error;

	if (tab == NULL)
		return 10;
	for (int i = 0; i < KT_OBJS; i++) {
		kt_hash[i] = kt_hashof(i);
		slottab_insert(tab, KT_SLOTS, kt_hash[i], &kt_obj[i]);
		present[i] = true;
	}
	if ((error = kt_check(tab, KT_SLOTS, present)) != 0)
		return 20 + error;
	/* Remove half, in an order unrelated to the slots'. */
	for (int k = 0; k < KT_OBJS / 2; k++) {
		pos = (pos + 17) % KT_OBJS;
		while (!present[pos])
			pos = (pos + 1) % KT_OBJS;
		slottab_remove(tab, KT_SLOTS, kt_hash[pos], &kt_obj[pos]);
		present[pos] = false;
		if ((error = kt_check(tab, KT_SLOTS, present)) != 0)
			return 30 + error;
	}
	if ((big = slottab_alloc(2 * KT_SLOTS)) == NULL)
		return 11;
	slottab_move(tab, KT_SLOTS, big, 2 * KT_SLOTS);
	slottab_free(tab, KT_SLOTS);
	if ((error = kt_check(big, 2 * KT_SLOTS, present)) != 0)
		return 40 + error;
	for (int i = 0; i < KT_OBJS; i++) {
		if (!present[i])
			continue;
		slottab_remove(big, 2 * KT_SLOTS, kt_hash[i], &kt_obj[i]);
		present[i] = false;
		if ((error = kt_check(big, 2 * KT_SLOTS, present)) != 0)
			return 50 + error;
	}
	slottab_free(big, 2 * KT_SLOTS);
	return 0;
}
