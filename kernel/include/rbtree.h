/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file rbtree.h
 * @brief Red-black trees (Linux: linux/rbtree.h, lib/rbtree.c).
 *
 * A red-black tree is a binary search tree that stays balanced: every node
 * is red or black, a red node has no red child, and every path from a node
 * down to a missing child passes the same number of black nodes. So the
 * longest path is at most twice the shortest, and a tree of n nodes is at
 * most 2 log2(n + 1) deep: search, insertion and removal are O(log n).
 *
 * As in Linux, the tree does not know what it stores or how to compare
 * it. A struct embeds a struct rb_node; the user walks down from the root
 * comparing keys itself, links the new node where the search ended with
 * rb_link_node(), then calls rb_insert_color() to rebalance. rb_erase()
 * removes a node and rebalances. rb_entry() gets back from a node to the
 * struct that contains it. Linux 2.6's vmalloc keeps its vmap_area
 * structures in such a tree, sorted by address (Chapter 8).
 *
 * Like Linux 2.6, the node packs its colour into the low bit of the parent
 * pointer: nodes are at least 4-byte aligned, so that bit is free.
 */
#ifndef _VMM_RBTREE_H
#define _VMM_RBTREE_H

#include <types.h>

/**
 * struct rb_node - a node of a red-black tree, embedded in the user's
 * structure.
 */
struct rb_node {
	unsigned long rb_parent_color;	/**< parent pointer | colour bit */
	struct rb_node *rb_right;	/**< right child: larger keys */
	struct rb_node *rb_left;	/**< left child: smaller keys */
} __attribute__((aligned(sizeof(long))));

/**
 * struct rb_root - a red-black tree: a pointer to its root node.
 */
struct rb_root {
	struct rb_node *rb_node;	/**< the root, or NULL if empty */
};

#define RB_RED		0	/**< colour bit of a red node */
#define RB_BLACK	1	/**< colour bit of a black node */

/** An empty tree, as an initializer. */
#define RB_ROOT		((struct rb_root) { NULL })
/** The struct of type @p type containing rb_node @p ptr as @p member. */
#define rb_entry(ptr, type, member)	container_of(ptr, type, member)

/** The parent of node @p r (NULL for the root). */
#define rb_parent(r)	((struct rb_node *)((r)->rb_parent_color & ~3UL))
/** The colour of node @p r: RB_RED or RB_BLACK. */
#define rb_color(r)	((r)->rb_parent_color & 1)
/** True if node @p r is red. */
#define rb_is_red(r)	(!rb_color(r))
/** True if node @p r is black. */
#define rb_is_black(r)	rb_color(r)

/** Set the parent of node @p rb to @p p, keeping its colour. */
static inline void rb_set_parent(struct rb_node *rb, struct rb_node *p)
{
	rb->rb_parent_color = (rb->rb_parent_color & 3) | (unsigned long)p;
}

/** Set the colour of node @p rb to @p color, keeping its parent. */
static inline void rb_set_color(struct rb_node *rb, int color)
{
	rb->rb_parent_color = (rb->rb_parent_color & ~1UL) | (color & 1);
}

/** True if tree @p root has no node. */
#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)
/**
 * True if @p node is marked as in no tree (RB_CLEAR_NODE()): its parent
 * pointer points to itself, which no node in a tree can have.
 */
#define RB_EMPTY_NODE(node)	(rb_parent(node) == (node))
/** Mark @p node as in no tree. */
#define RB_CLEAR_NODE(node)	(rb_set_parent(node, node))

/**
 * Attach @p node as a red leaf at @p rb_link, the child pointer of
 * @p parent where a search for its key ended (&root->rb_node, with a NULL
 * parent, for an empty tree). The tree may now break the colour rules:
 * call rb_insert_color() next.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->rb_parent_color = (unsigned long)parent;	/* red */
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root);

#endif /* _VMM_RBTREE_H */
