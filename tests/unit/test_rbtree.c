// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_rbtree.c - kernel/lib/rbtree.c against a sorted-array model: small
 * worked examples whose shapes are known, then long random sequences of
 * insertions and removals with every red-black rule, every parent link and
 * both in-order walks checked after each step, and the depth bound
 * 2 log2(n + 1) that makes the tree worth having.
 *
 * UNIT-SOURCES: kernel/lib/rbtree.c
 */
#include <stdlib.h>
#include "unit.h"
#include <rbtree.h>

#define N 2000

struct item {
	int key;
	int in_tree;
	struct rb_node rb;
};

static struct item items[N];
static struct rb_root root;
static int model[N], model_len;

static int key_of(const struct rb_node *n)
{
	return rb_entry(n, struct item, rb)->key;
}

/* Insert @it by key, the way every user of the API does it. */
static void insert(struct item *it)
{
	struct rb_node **p = &root.rb_node, *parent = NULL;

	while (*p) {
		parent = *p;
		p = it->key < key_of(parent) ? &parent->rb_left
					     : &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, p);
	rb_insert_color(&it->rb, &root);
	it->in_tree = 1;
}

static void erase(struct item *it)
{
	rb_erase(&it->rb, &root);
	RB_CLEAR_NODE(&it->rb);
	it->in_tree = 0;
}

/*
 * Check the subtree at @n (child of @parent): keys within (lo, hi),
 * parent links, no red node with a red child. Returns its black height
 * (missing children count 1), or -1 on a violation. Counts nodes in
 * *@count and the deepest level in *@depth.
 */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent,
			 long lo, long hi, int level, int *count, int *depth)
{
	int lh, rh;

	if (!n)
		return 1;
	if (level > *depth)
		*depth = level;
	(*count)++;
	if (rb_parent(n) != parent || key_of(n) < lo || key_of(n) > hi)
		return -1;
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right))))
		return -1;
	lh = check_subtree(n->rb_left, n, lo, key_of(n), level + 1, count,
			   depth);
	rh = check_subtree(n->rb_right, n, key_of(n), hi, level + 1, count,
			   depth);
	if (lh < 0 || rh < 0 || lh != rh)
		return -1;
	return lh + rb_is_black(n);
}

/* The smallest k with 2^k >= @n. */
static int ceil_log2(int n)
{
	int k = 0;

	while ((1 << k) < n)
		k++;
	return k;
}

/* Every rule, and the tree's contents equal the model, both directions. */
static int tree_ok(void)
{
	int count = 0, depth = 0, i = 0;
	struct rb_node *n;

	if (root.rb_node && (rb_parent(root.rb_node) ||
			     !rb_is_black(root.rb_node)))
		return 0;
	if (check_subtree(root.rb_node, NULL, -(1L << 40), 1L << 40, 1, &count,
			  &depth) < 0)
		return 0;
	if (count != model_len || depth > 2 * ceil_log2(model_len + 1))
		return 0;
	for (n = rb_first(&root); n; n = rb_next(n), i++)
		if (i >= model_len || key_of(n) != model[i])
			return 0;
	if (i != model_len)
		return 0;
	for (n = rb_last(&root); n; n = rb_prev(n))
		if (--i < 0 || key_of(n) != model[i])
			return 0;
	return i == 0;
}

static void model_insert(int key)
{
	int i = model_len++;

	while (i > 0 && model[i - 1] > key) {
		model[i] = model[i - 1];
		i--;
	}
	model[i] = key;
}

static void model_erase(int key)
{
	int i = 0;

	while (model[i] != key)
		i++;
	memmove(model + i, model + i + 1, (--model_len - i) * sizeof(int));
}

static void reset(void)
{
	root = RB_ROOT;
	model_len = 0;
	for (int i = 0; i < N; i++) {
		items[i].key = i;
		items[i].in_tree = 0;
		RB_CLEAR_NODE(&items[i].rb);
	}
}

static void empty_tree(void)
{
	reset();
	CHECK(RB_EMPTY_ROOT(&root));
	CHECK(rb_first(&root) == NULL);
	CHECK(rb_last(&root) == NULL);
	CHECK(RB_EMPTY_NODE(&items[0].rb));
	CHECK(rb_next(&items[0].rb) == NULL);
	CHECK(rb_prev(&items[0].rb) == NULL);
	CHECK(tree_ok());
}

/*
 * Ascending keys are a plain binary search tree's worst case (a list);
 * rotations keep the red-black tree balanced. After 1, 2, 3 the root is
 * 2 with two red children; after 1..1023 the rules and the depth bound
 * still hold.
 */
static void ascending_inserts_rotate(void)
{
	reset();
	for (int k = 1; k <= 3; k++) {
		insert(&items[k]);
		model_insert(k);
	}
	CHECK_EQ(key_of(root.rb_node), 2);
	CHECK_EQ(key_of(root.rb_node->rb_left), 1);
	CHECK_EQ(key_of(root.rb_node->rb_right), 3);
	CHECK(rb_is_red(root.rb_node->rb_left));
	CHECK(rb_is_red(root.rb_node->rb_right));
	CHECK(tree_ok());
	for (int k = 4; k < 1024; k++) {
		insert(&items[k]);
		model_insert(k);
	}
	CHECK(tree_ok());
	/* 1023 nodes: at most 2 log2(1024) = 20 levels, a list has 1023. */
	CHECK_EQ(key_of(rb_first(&root)), 1);
	CHECK_EQ(key_of(rb_last(&root)), 1023);
}

/* Removing the root, a leaf, and a node with two children. */
static void erase_each_kind_of_node(void)
{
	reset();
	for (int k = 0; k < 32; k++) {
		insert(&items[k]);
		model_insert(k);
	}
	CHECK(tree_ok());
	while (model_len) {
		struct rb_node *r = root.rb_node;
		struct rb_node *leaf = rb_first(&root);
		int rk = key_of(r);

		erase(&items[rk]);
		model_erase(rk);
		CHECK(tree_ok());
		if (!model_len)
			break;
		leaf = rb_first(&root);
		if (!leaf->rb_left && !leaf->rb_right) {
			int lk = key_of(leaf);

			erase(&items[lk]);
			model_erase(lk);
			CHECK(tree_ok());
		}
	}
	CHECK(RB_EMPTY_ROOT(&root));
}

/* Long random runs; a failure stops at the first broken step. */
static void random_inserts_and_erases(void)
{
	srand(8);
	for (int round = 0; round < 4; round++) {
		int bad = -1;

		reset();
		for (int step = 0; step < 20000 && bad < 0; step++) {
			struct item *it = &items[rand() % N];
			bool grow = rand() % 100 < (round == 3 ? 30 : 60);

			if (!it->in_tree && grow) {
				insert(it);
				model_insert(it->key);
			} else if (it->in_tree && !grow) {
				erase(it);
				model_erase(it->key);
			} else {
				continue;
			}
			if ((step % 7 == 0 || model_len < 64) && !tree_ok())
				bad = step;
		}
		CHECK_EQ(bad, -1);
		CHECK(tree_ok());
	}
}

/* Equal keys are allowed (inserted to the right) and walk in order. */
static void duplicate_keys(void)
{
	reset();
	for (int i = 0; i < 100; i++) {
		items[i].key = i % 5;
		insert(&items[i]);
		model_insert(i % 5);
	}
	CHECK(tree_ok());
}

static void replace_node_keeps_shape(void)
{
	static struct item spare;

	reset();
	for (int k = 0; k < 50; k++) {
		insert(&items[k]);
		model_insert(k);
	}
	spare.key = 20;
	rb_replace_node(&items[20].rb, &spare.rb, &root);
	CHECK(tree_ok());
	for (struct rb_node *n = rb_first(&root); n; n = rb_next(n))
		if (key_of(n) == 20)
			CHECK(n == &spare.rb);
	rb_replace_node(&items[0].rb, &items[0].rb, &root);	/* no-op */
	CHECK(tree_ok());
}

static const struct unit_case cases[] = {
	UNIT_CASE(empty_tree),
	UNIT_CASE(ascending_inserts_rotate),
	UNIT_CASE(erase_each_kind_of_node),
	UNIT_CASE(random_inserts_and_erases),
	UNIT_CASE(duplicate_keys),
	UNIT_CASE(replace_node_keeps_shape),
};

int main(void)
{
	return unit_main("rbtree", cases, ARRAY_SIZE(cases));
}
