// SPDX-License-Identifier: GPL-2.0-only
/*
 * random.c - getrandom(2) (Linux: drivers/char/random.c).
 *
 * glibc 2.36 asks for four random bytes at the first malloc() (the key of
 * its tcache), with GRND_NONBLOCK. vmm386 has no entropy pool: the bytes
 * come from a xorshift generator seeded by the time-stamp counter, which
 * under Bochs counts emulated instructions, so a run is repeatable. Good
 * enough for a hash key, worthless for cryptography -- and said so here.
 */
#include <types.h>
#include <errno.h>
#include <system.h>
#include <syscalls.h>
#include <uaccess.h>

#define GRND_NONBLOCK	0x0001	/* do not wait for entropy */
#define GRND_RANDOM	0x0002	/* the blocking pool */
#define GRND_INSECURE	0x0004	/* Linux 5.6: whatever there is */

/* Most bytes one call returns, as Linux caps a read of its pool. */
#define GETRANDOM_MAX	256

static u64 random_state;

/* The next 64 bits of the generator (xorshift64), seeded on first use. */
static u64 next_random(void)
{
	if (!random_state)
		random_state = rdtsc() | 1;
	random_state ^= random_state << 13;
	random_state ^= random_state >> 7;
	random_state ^= random_state << 17;
	return random_state;
}

/**
 * getrandom(2): up to @p count bytes (256 at most per call) at @p buf.
 * Returns how many were written; -EINVAL for unknown @p flags.
 */
long sys_getrandom(void __user *buf, unsigned long count, unsigned int flags)
{
	u8 bytes[GETRANDOM_MAX];

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (count > GETRANDOM_MAX)
		count = GETRANDOM_MAX;
	for (unsigned long i = 0; i < count; i += 8) {
		u64 r = next_random();

		for (unsigned long j = i; j < i + 8 && j < count; j++, r >>= 8)
			bytes[j] = (u8)r;
	}
	return copy_to_user(buf, bytes, count) ? -EFAULT : (long)count;
}
