/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file list.h
 * @brief Circular doubly linked lists with the head embedded in the
 * objects, as Linux's linux/list.h: run queues, wait queues, free areas
 * and slab lists are all built from struct list_head.
 */
#ifndef _VMM_LIST_H
#define _VMM_LIST_H

#include <types.h>

/**
 * struct list_head - a link in a circular list, or the list's head.
 * An empty list's head points at itself both ways.
 */
struct list_head {
	struct list_head *next;	/**< the following entry (or the head) */
	struct list_head *prev;	/**< the preceding entry (or the head) */
};

/** Initializer for a list head named @p name. */
#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
/** Define and initialise an empty list head. */
#define LIST_HEAD(name)	struct list_head name = LIST_HEAD_INIT(name)

/** Make @p list an empty list. */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/** Link @p entry between two adjacent entries @p prev and @p next. */
static inline void __list_add(struct list_head *entry,
			      struct list_head *prev, struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/** Insert @p entry right after @p head (stack order). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/** Insert @p entry right before @p head, at the list's tail (queue order). */
static inline void list_add_tail(struct list_head *entry,
				 struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

/**
 * Unlink @p entry. Its pointers are poisoned so that a second list_del()
 * or a use after removal faults instead of corrupting a list.
 */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = (struct list_head *)0x00100100;
	entry->prev = (struct list_head *)0x00200200;
}

/** Unlink @p entry and make it an empty list of its own. */
static inline void list_del_init(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

/** Move @p entry from its list to right after @p head. */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	list_del_init(entry);
	list_add(entry, head);
}

/** Move @p entry from its list to the tail of @p head. */
static inline void list_move_tail(struct list_head *entry,
				  struct list_head *head)
{
	list_del_init(entry);
	list_add_tail(entry, head);
}

/** True when @p head has no entries. */
static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/** True when @p list has exactly one entry. */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/** The structure of type @p type that holds the link @p ptr as @p member. */
#define list_entry(ptr, type, member)	container_of(ptr, type, member)

/** The first entry of a non-empty list. */
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)

/** Walk the links of a list. Do not remove @p pos inside the loop. */
#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

/** Walk the links of a list, tolerating removal of @p pos. */
#define list_for_each_safe(pos, n, head) \
	for (pos = (head)->next, n = pos->next; pos != (head); \
	     pos = n, n = pos->next)

/** Walk the entries of a list. */
#define list_for_each_entry(pos, head, member) \
	for (pos = list_entry((head)->next, typeof(*pos), member); \
	     &pos->member != (head); \
	     pos = list_entry(pos->member.next, typeof(*pos), member))

/** Walk the entries of a list, tolerating removal of @p pos. */
#define list_for_each_entry_safe(pos, n, head, member) \
	for (pos = list_entry((head)->next, typeof(*pos), member), \
	     n = list_entry(pos->member.next, typeof(*pos), member); \
	     &pos->member != (head); \
	     pos = n, n = list_entry(n->member.next, typeof(*n), member))

/** Count the entries of a list (O(n); for tests and reports). */
static inline unsigned long list_count(const struct list_head *head)
{
	const struct list_head *pos;
	unsigned long n = 0;

	for (pos = head->next; pos != head; pos = pos->next)
		n++;
	return n;
}

#endif /* _VMM_LIST_H */
