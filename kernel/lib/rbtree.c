// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbtree.c - red-black tree rebalancing (Linux: lib/rbtree.c); see
 * rbtree.h for the rules and the API.
 *
 * Two operations break the colour rules and must repair them:
 *
 *  - inserting: the new node is red, so the only possible fault is a red
 *    node with a red parent. If the parent's sibling (the "uncle") is red
 *    too, recolouring pushes the problem two levels up; otherwise one or
 *    two rotations end it.
 *  - erasing a black node: the paths through the place it left are one
 *    black node short. The fix walks up from there, recolouring or
 *    rotating around the sibling, until the deficit is absorbed by a red
 *    node (painted black) or reaches the root (where it vanishes).
 *
 * Missing children (NULL) count as black throughout.
 */
#include <rbtree.h>

/* Make @new take @old's place as the child of @parent (or as the root). */
static void change_child(struct rb_node *old, struct rb_node *new,
			 struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotate left around @x: its right child @y takes its place and @x
 * becomes @y's left child; @y's old left subtree moves under @x. The
 * in-order sequence of the nodes does not change.
 */
static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	y->rb_left = x;
	rb_set_parent(y, parent);
	change_child(x, y, parent, root);
	rb_set_parent(x, y);
}

/* The mirror image of rotate_left(). */
static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	y->rb_right = x;
	rb_set_parent(y, parent);
	change_child(x, y, parent, root);
	rb_set_parent(x, y);
}

/* A missing child is black; so is a node with the black bit. */
static bool is_black(const struct rb_node *n)
{
	return !n || rb_is_black(n);
}

/**
 * Rebalance @p root after @p node was linked in with rb_link_node().
 * While the red @p node has a red parent: a red uncle means recolour
 * parent and uncle black, grandparent red, and continue from the
 * grandparent; a black uncle means rotate the node into line with its
 * parent if it is an "inner" grandchild, then rotate the grandparent
 * away and swap colours, which ends it. The root is always black.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		gparent = rb_parent(parent);	/* a red node is not the root */
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (!is_black(uncle)) {
				rb_set_color(parent, RB_BLACK);
				rb_set_color(uncle, RB_BLACK);
				rb_set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rotate_left(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rotate_right(gparent, root);
		} else {
			uncle = gparent->rb_left;
			if (!is_black(uncle)) {
				rb_set_color(parent, RB_BLACK);
				rb_set_color(uncle, RB_BLACK);
				rb_set_color(gparent, RB_RED);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(parent, root);
				node = parent;
				parent = rb_parent(node);
			}
			rb_set_color(parent, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			rotate_left(gparent, root);
		}
	}
	rb_set_color(root->rb_node, RB_BLACK);
}

/*
 * Every path through @node (which may be NULL: a removed black leaf's
 * place), a child of @parent, has one black node too few. Look at the
 * sibling: if it is red, rotate it above @parent so the sibling becomes
 * black. A black sibling with two black children can turn red, which
 * moves the deficit up to @parent. Otherwise the sibling has a red child
 * that one or two rotations move to @node's side, ending the repair.
 */
static void erase_fixup(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root)
{
	struct rb_node *sib;

	while (node != root->rb_node && is_black(node)) {
		if (node == parent->rb_left) {
			sib = parent->rb_right;
			if (!is_black(sib)) {
				rb_set_color(sib, RB_BLACK);
				rb_set_color(parent, RB_RED);
				rotate_left(parent, root);
				sib = parent->rb_right;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				rb_set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (is_black(sib->rb_right)) {
				rb_set_color(sib->rb_left, RB_BLACK);
				rb_set_color(sib, RB_RED);
				rotate_right(sib, root);
				sib = parent->rb_right;
			}
			rb_set_color(sib, rb_color(parent));
			rb_set_color(parent, RB_BLACK);
			rb_set_color(sib->rb_right, RB_BLACK);
			rotate_left(parent, root);
		} else {
			sib = parent->rb_left;
			if (!is_black(sib)) {
				rb_set_color(sib, RB_BLACK);
				rb_set_color(parent, RB_RED);
				rotate_right(parent, root);
				sib = parent->rb_left;
			}
			if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
				rb_set_color(sib, RB_RED);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (is_black(sib->rb_left)) {
				rb_set_color(sib->rb_right, RB_BLACK);
				rb_set_color(sib, RB_RED);
				rotate_left(sib, root);
				sib = parent->rb_left;
			}
			rb_set_color(sib, rb_color(parent));
			rb_set_color(parent, RB_BLACK);
			rb_set_color(sib->rb_left, RB_BLACK);
			rotate_right(parent, root);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		rb_set_color(node, RB_BLACK);
}

/**
 * Remove @p node from @p root and rebalance. A node with at most one
 * child is replaced by that child. A node with two children is replaced
 * by its in-order successor (the leftmost node of its right subtree),
 * which takes over its position and colour; the successor's own old
 * place, which had at most a right child, is what actually leaves the
 * tree. If what left was black, erase_fixup() restores the black counts.
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	int color;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		color = rb_color(node);
		if (child)
			rb_set_parent(child, parent);
		change_child(node, child, parent, root);
	} else {
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		color = rb_color(succ);
		if (rb_parent(succ) == node) {
			/* succ keeps its right subtree: child stays below it */
			parent = succ;
		} else {
			parent = rb_parent(succ);
			parent->rb_left = child;
			if (child)
				rb_set_parent(child, parent);
			succ->rb_right = node->rb_right;
			rb_set_parent(node->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		rb_set_parent(node->rb_left, succ);
		change_child(node, succ, rb_parent(node), root);
		succ->rb_parent_color = node->rb_parent_color;
	}
	if (color == RB_BLACK)
		erase_fixup(child, parent, root);
}

/** The leftmost (smallest) node of @p root, or NULL if it is empty. */
struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

/** The rightmost (largest) node of @p root, or NULL if it is empty. */
struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

/**
 * The in-order successor of @p node, or NULL if it is the last: the
 * leftmost node of its right subtree if it has one, else the first
 * ancestor reached from a left child.
 */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

/** The in-order predecessor of @p node, or NULL if it is the first. */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/**
 * Put @p new in @p victim's place in @p root without rebalancing: @p new
 * must sort exactly where @p victim did. Its children and colour are
 * @p victim's.
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	change_child(victim, new, parent, root);
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	*new = *victim;
}
