/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file unistd_32.h
 * @brief Linux i386 system call numbers (Linux 2.4: asm-i386/unistd.h;
 * 2.6: asm/unistd_32.h), for the calls vmm386 implements or names. Not
 * unistd.h: host unit tests put kernel/include on their include path and
 * need the C library's. A program passes the number in
 * eax and the arguments in ebx, ecx, edx, esi, edi, ebp.
 */
#ifndef _VMM_UNISTD_32_H
#define _VMM_UNISTD_32_H

#define __NR_exit		1	/**< end the calling thread */
#define __NR_fork		2	/**< a copy of the calling process */
#define __NR_read		3	/**< read from a descriptor */
#define __NR_write		4	/**< write to a descriptor */
#define __NR_open		5	/**< open a file */
#define __NR_close		6	/**< close a descriptor */
#define __NR_waitpid		7	/**< wait for a child */
#define __NR_unlink		10	/**< remove a name */
#define __NR_execve		11	/**< run a program */
#define __NR_chdir		12	/**< change directory */
#define __NR_time		13	/**< seconds since the Epoch */
#define __NR_chmod		15	/**< change a file's mode */
#define __NR_lseek		19	/**< move the file position */
#define __NR_alarm		27	/**< SIGALRM after some seconds */
#define __NR_pause		29	/**< sleep until a signal */
#define __NR_getpid		20	/**< own process id */
#define __NR_kill		37	/**< send a signal */
#define __NR_mkdir		39	/**< make a directory */
#define __NR_rmdir		40	/**< remove a directory */
#define __NR_sigsuspend		72	/**< old: wait for a signal, masked */
#define __NR_sigpending		73	/**< old: pending, blocked signals */
#define __NR_dup		41	/**< duplicate a descriptor */
#define __NR_pipe		42	/**< make a pipe */
#define __NR_times		43	/**< CPU times of process and children */
#define __NR_brk		45	/**< move the end of the heap */
#define __NR_ioctl		54	/**< device control */
#define __NR_fcntl		55	/**< descriptor control */
#define __NR_setpgid		57	/**< move a process to a group */
#define __NR_dup2		63	/**< duplicate to a given descriptor */
#define __NR_getppid		64	/**< the parent's process id */
#define __NR_getpgrp		65	/**< own process group */
#define __NR_setsid		66	/**< start a new session */
#define __NR_gettimeofday	78	/**< wall clock, microseconds */
#define __NR_reboot		88	/**< power off, halt, restart */
#define __NR_mmap		90	/**< map memory, old form */
#define __NR_munmap		91	/**< unmap memory */
#define __NR_ftruncate		93	/**< set an open file's length */
#define __NR_fchmod		94	/**< change an open file's mode */
#define __NR_statfs		99	/**< a file system's figures, old */
#define __NR_fstatfs		100	/**< an open file's file system, old */
#define __NR_wait4		114	/**< wait, with options and usage */
#define __NR_sysinfo		116	/**< memory, load, uptime */
#define __NR_sigreturn		119	/**< return from a plain handler */
#define __NR_uname		122	/**< system name and version */
#define __NR_mprotect		125	/**< change protection */
#define __NR_getpgid		132	/**< a process's group */
#define __NR__llseek		140	/**< 64-bit lseek */
#define __NR_getdents		141	/**< old directory entries */
#define __NR__newselect		142	/**< wait for descriptors (select) */
#define __NR_msync		144	/**< write back a shared mapping */
#define __NR_getsid		147	/**< a process's session */
#define __NR_mlock		150	/**< lock pages in memory */
#define __NR_munlock		151	/**< unlock pages */
#define __NR_mlockall		152	/**< lock the whole address space */
#define __NR_munlockall		153	/**< unlock it */
#define __NR_sched_yield	158	/**< let others run */
#define __NR_nanosleep		162	/**< sleep */
#define __NR_mremap		163	/**< resize or move a mapping */
#define __NR_poll		168	/**< wait for descriptors */
#define __NR_rt_sigreturn	173	/**< return from a SA_SIGINFO handler */
#define __NR_rt_sigaction	174	/**< set a signal's action */
#define __NR_rt_sigprocmask	175	/**< change the blocked set */
#define __NR_rt_sigpending	176	/**< the pending, blocked signals */
#define __NR_rt_sigsuspend	179	/**< wait for a signal, with a mask */
#define __NR_getcwd		183	/**< the current directory */
#define __NR_sigaltstack	186	/**< the alternate signal stack */
#define __NR_vfork		190	/**< fork sharing memory */
#define __NR_mmap2		192	/**< map memory, offset in pages */
#define __NR_ftruncate64	194	/**< ftruncate, 64-bit length */
#define __NR_stat64		195	/**< file status by name */
#define __NR_lstat64		196	/**< without following links */
#define __NR_fstat64		197	/**< file status by descriptor */
#define __NR_getuid32		199	/**< real user id */
#define __NR_getgid32		200	/**< real group id */
#define __NR_geteuid32		201	/**< effective user id */
#define __NR_getegid32		202	/**< effective group id */
#define __NR_mincore		218	/**< which pages are resident */
#define __NR_madvise		219	/**< advice on use of memory */
#define __NR_getdents64		220	/**< directory entries */
#define __NR_fcntl64		221	/**< descriptor control */
#define __NR_gettid		224	/**< thread id */
#define __NR_tkill		238	/**< signal one thread (old) */
#define __NR_set_thread_area	243	/**< install a TLS descriptor */
#define __NR_exit_group		252	/**< end the whole process */
#define __NR_set_tid_address	258	/**< where to clear the tid at exit */
#define __NR_clock_gettime	265	/**< read a clock */
#define __NR_clock_getres	266	/**< a clock's resolution */
#define __NR_clock_nanosleep	267	/**< sleep on a clock */
#define __NR_statfs64		268	/**< a file system's figures */
#define __NR_fstatfs64		269	/**< an open file's file system */
#define __NR_tgkill		270	/**< signal one thread */
#define __NR_openat		295	/**< open relative to a directory */
#define __NR_pselect6		308	/**< select with a mask */
#define __NR_pipe2		331	/**< make a pipe, with flags */
#define __NR_clock_gettime64	403	/**< read a clock, 64-bit time */
#define __NR_clock_getres_time64	406	/**< resolution, 64-bit time */
/* What glibc and busybox need (issue 14). */
#define __NR_access		33	/**< may the caller use a file */
#define __NR_sync		36	/**< write dirty buffers back */
#define __NR_prctl		172	/**< process control: the name */
#define __NR_sendfile64		239	/**< copy between descriptors */
#define __NR_umask		60	/**< file creation mask */
#define __NR_readlink		85	/**< target of a symbolic link */
#define __NR_clone		120	/**< fork with flags */
#define __NR_getrlimit		76	/**< resource limits, old form */
#define __NR_setrlimit		75	/**< set resource limits */
#define __NR_ugetrlimit		191	/**< resource limits */
#define __NR_getgroups32	205	/**< supplementary groups */
#define __NR_get_thread_area	244	/**< read a TLS descriptor */
#define __NR_fstatat64		300	/**< stat relative to a directory */
#define __NR_set_robust_list	311	/**< futex list of a thread */
#define __NR_prlimit64		340	/**< get and set limits, 64-bit */
#define __NR_getrandom		355	/**< random bytes */
#define __NR_statx		383	/**< extended stat */
#define __NR_rseq		386	/**< restartable sequences */
#define __NR_vmm386_leak_counters 1001	/**< not Linux: leak counters */
#define __NR_vmm386_audit	1002	/**< not Linux: see sys_vmm386_audit */
#define __NR_vmm386_checkpoint	1000	/**< not Linux: see sys_vmm386_checkpoint */

/** Entries in the system call table. */
#define NR_syscalls		440

#endif /* _VMM_UNISTD_32_H */
