// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_list.c - kernel/include/list.h against an array model: random
 * sequences of insertions, moves and deletions, with both directions of
 * the list checked against the model after every step.
 *
 * UNIT-SOURCES:
 */
#include <stdlib.h>
#include "unit.h"
#include <list.h>

#define N 64

struct node {
	int id;
	struct list_head link;
};

static struct node nodes[N];
static int model[N], model_len;
static LIST_HEAD(head);

static int model_find(int id)
{
	for (int i = 0; i < model_len; i++)
		if (model[i] == id)
			return i;
	return -1;
}

static void model_remove(int idx)
{
	for (int i = idx; i < model_len - 1; i++)
		model[i] = model[i + 1];
	model_len--;
}

static void model_insert(int idx, int id)
{
	for (int i = model_len; i > idx; i--)
		model[i] = model[i - 1];
	model[idx] = id;
	model_len++;
}

static int list_matches_model(void)
{
	struct list_head *pos;
	int i = 0;

	list_for_each(pos, &head) {
		if (i >= model_len ||
		    list_entry(pos, struct node, link)->id != model[i])
			return 0;
		if (pos->next->prev != pos)
			return 0;
		i++;
	}
	if (i != model_len)
		return 0;
	/* backwards too */
	for (pos = head.prev; pos != &head; pos = pos->prev)
		if (list_entry(pos, struct node, link)->id != model[--i])
			return 0;
	return i == 0 && list_count(&head) == (unsigned long)model_len &&
	       list_empty(&head) == (model_len == 0);
}

static void random_operations_match_model(void)
{
	srand(7);
	for (int i = 0; i < N; i++)
		nodes[i].id = i;
	for (int step = 0; step < 20000; step++) {
		int id = rand() % N, where = model_find(id);
		int op = rand() % 4;

		if (where < 0) {
			if (op % 2) {
				list_add(&nodes[id].link, &head);
				model_insert(0, id);
			} else {
				list_add_tail(&nodes[id].link, &head);
				model_insert(model_len, id);
			}
		} else if (op == 0) {
			list_del(&nodes[id].link);
			model_remove(where);
		} else if (op == 1) {
			list_move(&nodes[id].link, &head);
			model_remove(where);
			model_insert(0, id);
		} else if (op == 2) {
			list_move_tail(&nodes[id].link, &head);
			model_remove(where);
			model_insert(model_len, id);
		} else {
			list_del_init(&nodes[id].link);
			CHECK(list_empty(&nodes[id].link));
			model_remove(where);
		}
		if (!list_matches_model()) {
			CHECK(!"list diverged from the model");
			return;
		}
	}
}

static void safe_iteration_allows_deletion(void)
{
	struct node *pos, *n;

	INIT_LIST_HEAD(&head);
	for (int i = 0; i < N; i++)
		list_add_tail(&nodes[i].link, &head);
	list_for_each_entry_safe(pos, n, &head, link)
		if (pos->id % 3)
			list_del(&pos->link);
	CHECK_EQ(list_count(&head), (N + 2) / 3);
	list_for_each_entry(pos, &head, link)
		CHECK_EQ(pos->id % 3, 0);
}

static void deleted_entries_are_poisoned(void)
{
	INIT_LIST_HEAD(&head);
	list_add(&nodes[0].link, &head);
	list_del(&nodes[0].link);
	CHECK(nodes[0].link.next == (struct list_head *)0x00100100);
	CHECK(nodes[0].link.prev == (struct list_head *)0x00200200);
	CHECK(list_empty(&head));
}

static const struct unit_case cases[] = {
	UNIT_CASE(random_operations_match_model),
	UNIT_CASE(safe_iteration_allows_deletion),
	UNIT_CASE(deleted_entries_are_poisoned),
};

int main(void)
{
	return unit_main("list", cases, sizeof(cases) / sizeof(cases[0]));
}
