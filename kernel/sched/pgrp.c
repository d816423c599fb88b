// SPDX-License-Identifier: GPL-2.0-only
/*
 * pgrp.c - process groups and sessions (Linux: kernel/sys.c's setpgid,
 * getpgid, setsid, getsid; kernel/signal.c's kill_pg).
 *
 * A session is what logged in on one terminal; within it, process groups
 * are the shell's jobs. Every process names its group (pgrp) and its
 * session by the pid of the process that created them; fork() inherits
 * both, and the controlling terminal with them. The terminal remembers
 * one foreground group (tty->pgrp), the one its ^C signals. Linux 2.4
 * finds the members of a group by walking every task, as here; 2.6 keeps
 * them on lists hanging off struct pid.
 */
#include <sched.h>
#include <signal.h>
#include <tty.h>
#include <errno.h>
#include <syscalls.h>
#include <system.h>

/* A process that can still be named by its ids: not a kernel thread. */
static bool is_process(const struct task_struct *p)
{
	return !(p->flags & PF_KTHREAD) && p->state != TASK_DEAD;
}

/*
 * A live process (not yet exited) that can take a signal; zombies still
 * belong to their group but have nothing left to signal.
 */
static bool can_take_signal(const struct task_struct *p)
{
	return is_process(p) && p->state != TASK_ZOMBIE;
}

/**
 * Send @p sig to every process of group @p pgrp. Returns 0 if the group
 * had a member, -ESRCH otherwise (Linux's kill_pg()).
 */
int kill_pgrp(int pgrp, int sig)
{
	struct task_struct *p;
	int found = 0;

	if (pgrp <= 0)
		return -ESRCH;
	list_for_each_entry(p, &task_list, tasks) {
		if (!is_process(p) || p->pgrp != pgrp)
			continue;
		found++;
		if (sig && can_take_signal(p))
			send_sig(sig, p);
	}
	return found ? 0 : -ESRCH;
}

/** True if some process of session @p session is in group @p pgrp. */
bool pgrp_exists_in_session(int pgrp, int session)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (is_process(p) && p->pgrp == pgrp && p->session == session)
			return true;
	return false;
}

/*
 * True if @p ties its group to the rest of its session: its parent, not
 * init, is in another group of the same session -- a shell that could
 * resume the group with SIGCONT.
 */
static bool has_parent_outside_group(const struct task_struct *p)
{
	const struct task_struct *parent = p->parent;

	return parent && parent->pid > 1 && parent->pgrp != p->pgrp &&
	       parent->session == p->session;
}

/**
 * True if process group @p pgrp is orphaned (POSIX): no live member has a
 * parent in another group of its session. The terminal's stop signals
 * (SIGTSTP, SIGTTIN, SIGTTOU) do not stop such a group, and a background
 * read of the terminal fails with -EIO instead. (Linux 2.4's
 * is_orphaned_pgrp().)
 */
bool is_orphaned_pgrp(int pgrp)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (can_take_signal(p) && p->pgrp == pgrp &&
		    has_parent_outside_group(p))
			return false;
	return true;
}

/* True if some process (the caller included) has @id as its group. */
static bool pgrp_in_use(int id)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (is_process(p) && p->pgrp == id)
			return true;
	return false;
}

/* The process @pid names for setpgid()/getpgid(): 0 is the caller. */
static struct task_struct *find_process(int pid)
{
	struct task_struct *p;

	if (!pid)
		return current;
	p = find_task_by_pid(pid);
	return p && is_process(p) ? p : NULL;
}

/*
 * May the caller move @p into a group? Only itself or a child of its own
 * that has not called execve, in its own session, and never a session
 * leader. Returns 0 or the errno.
 */
static int may_setpgid(struct task_struct *p)
{
	struct task_struct *me = current;

	if (p != me && p->parent != me)
		return -ESRCH;
	if (p != me && p->did_exec)
		return -EACCES;
	if (p->leader)
		return -EPERM;
	if (p->session != me->session)
		return -EPERM;
	return 0;
}

/**
 * setpgid(2): put process @p pid (0: the caller) into group @p pgid (0:
 * a new group named by its pid). The group must exist in the caller's
 * session unless it is the new one. -EINVAL for a negative @p pgid,
 * -ESRCH for a process that is not the caller or its child, -EACCES for
 * a child that has exec'd, -EPERM for a session leader or another
 * session's group.
 */
long sys_setpgid(int pid, int pgid)
{
	struct task_struct *p;
	int err;

	if (pgid < 0)
		return -EINVAL;
	p = find_process(pid);
	if (!p)
		return -ESRCH;
	if (!pgid)
		pgid = p->pid;
	err = may_setpgid(p);
	if (err)
		return err;
	if (pgid != p->pid &&
	    !pgrp_exists_in_session(pgid, current->session))
		return -EPERM;
	p->pgrp = pgid;
	return 0;
}

/** getpgid(2): the group of process @p pid (0: the caller), or -ESRCH. */
long sys_getpgid(int pid)
{
	struct task_struct *p = find_process(pid);

	return p ? p->pgrp : -ESRCH;
}

/** getpgrp(2): the caller's process group. */
long sys_getpgrp(void)
{
	return current->pgrp;
}

/**
 * setsid(2): the caller leads a new session and a new group, both named
 * by its pid, with no controlling terminal. -EPERM if a group already
 * carries its pid (it leads one), as POSIX requires: the new session's
 * group must be empty.
 */
long sys_setsid(void)
{
	struct task_struct *me = current;

	if (pgrp_in_use(me->pid))
		return -EPERM;
	me->leader = 1;
	me->session = me->pgrp = me->pid;
	me->tty = NULL;
	return me->pid;
}

/** getsid(2): the session of process @p pid (0: the caller), or -ESRCH. */
long sys_getsid(int pid)
{
	struct task_struct *p = find_process(pid);

	return p ? p->session : -ESRCH;
}
