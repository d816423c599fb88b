// SPDX-License-Identifier: GPL-2.0-only
/*
 * printf.c - formatted output: %d %i %u %x %X %o %c %s %p %%, the l and
 * ll length modifiers, width, '-', '0' and '#' flags and precision for
 * strings. 64-bit numbers are divided with 32-bit steps: there is no
 * libgcc for i386 on the build machine.
 */
#include <ulib.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Divide *@n by @base (< 2^16) in place, returning the remainder. */
static unsigned int divmod64(unsigned long long *n, unsigned int base)
{
	uint32_t hi = *n >> 32, lo = (uint32_t)*n;
	uint32_t qhi = hi / base, r = hi % base;
	uint32_t qlo = 0;

	/* Long division of (r:lo) by base, 16 bits at a time. */
	for (int shift = 16; shift >= 0; shift -= 16) {
		uint32_t part = (r << 16) | ((lo >> shift) & 0xffff);

		qlo |= (part / base) << shift;
		r = part % base;
	}
	*n = ((unsigned long long)qhi << 32) | qlo;
	return r;
}

static void put_number(struct out *o, unsigned long long v, unsigned int base,
		       bool upper, bool negative, int width, char pad,
		       bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = digits[divmod64(&v, base)];
	while (v);
	if (negative)
		tmp[n++] = '-';
	if (negative && pad == '0') {
		put(o, tmp[--n]);
		width--;
	}
	for (int i = n; !left && i < width; i++)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
	for (int i = n; left && i < width; i++)
		put(o, ' ');
}

static void put_string(struct out *o, const char *s, int width, int prec,
		       bool left)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (prec < 0 || n < prec))
		n++;
	for (int i = n; !left && i < width; i++)
		put(o, ' ');
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	for (int i = n; left && i < width; i++)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, upper = false, alt = false;
		char pad = ' ';
		int width = 0, prec = -1, longs = 0;
		unsigned long long v;
		long long sv;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		if (*fmt == '.') {
			prec = 0;
			while (*++fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + *fmt - '0';
		}
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = longs > 1 ? va_arg(ap, long long) : va_arg(ap, long);
			v = sv < 0 ? -(unsigned long long)sv
				   : (unsigned long long)sv;
			put_number(&o, v, 10, false, sv < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			v = longs > 1 ? va_arg(ap, unsigned long long)
				      : va_arg(ap, unsigned long);
			upper = *fmt == 'X';
			if (alt && (*fmt == 'x' || *fmt == 'X') && v) {
				put(&o, '0');
				put(&o, *fmt);
			}
			put_number(&o, v, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				   upper, false, width, pad, left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, (unsigned long)va_arg(ap, void *), 16,
				   false, false, 8, '0', false);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's':
			put_string(&o, va_arg(ap, const char *), width, prec,
				   left);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	write(fd, buf, n);
	return n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}
