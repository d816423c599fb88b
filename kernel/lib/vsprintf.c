// SPDX-License-Identifier: GPL-2.0-only
/*
 * vsprintf.c - formatted output for printk and the /proc text generators.
 *
 * The C standard's conversions (d i u o x X c s % with flags, width,
 * precision and the hh h l ll z t length modifiers) behave exactly as the C
 * library's: the host unit tests compare the two on hundreds of formats.
 * Pointers follow Linux instead: %p prints 8 hex digits, %pS the symbol and
 * offset ("vmalloc+0x12/0x40"), %ps the symbol name alone.
 */
#include <kernel.h>
#include <string.h>
#include <kallsyms.h>

#define FL_LEFT		0x01	/* '-' */
#define FL_PLUS		0x02	/* '+' */
#define FL_SPACE	0x04	/* ' ' */
#define FL_ALT		0x08	/* '#' */
#define FL_ZERO		0x10	/* '0' */
#define FL_UPPER	0x20	/* X */
#define FL_SIGNED	0x40	/* d, i */

/* One conversion's parsed specification. */
struct spec {
	int flags;
	int width;		/* -1: none */
	int precision;		/* -1: none */
	int base;
};

/* An output cursor that counts what would have been written past the end. */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/*
 * Divide *n by base in place and return the remainder. On i386 a 64-bit
 * division would call libgcc's __udivdi3; two 32-bit divl steps avoid it.
 */
static unsigned int div64(unsigned long long *n, unsigned int base)
{
#ifdef __i386__
	unsigned int high = (unsigned int)(*n >> 32);
	unsigned int low = (unsigned int)*n;
	unsigned int qhigh = high / base, rem;

	high %= base;
	asm("divl %2" : "+a"(low), "=d"(rem) : "rm"(base), "1"(high));
	*n = ((unsigned long long)qhigh << 32) | low;
	return rem;
#else
	unsigned int rem = (unsigned int)(*n % base);

	*n /= base;
	return rem;
#endif
}

/* Format an integer: sign, prefix, precision zeros, width padding. */
static void put_number(struct out *o, unsigned long long num, bool negative,
		       struct spec *s)
{
	const char *digits = (s->flags & FL_UPPER) ? "0123456789ABCDEF"
						   : "0123456789abcdef";
	char tmp[24];
	int len = 0, zeros, pad;
	char sign = 0;
	const char *prefix = "";

	if (negative)
		sign = '-';
	else if (s->flags & FL_PLUS)
		sign = '+';
	else if (s->flags & FL_SPACE)
		sign = ' ';

	while (num)
		tmp[len++] = digits[div64(&num, s->base)];

	if ((s->flags & FL_ALT) && s->base == 16 && len)
		prefix = (s->flags & FL_UPPER) ? "0X" : "0x";
	/* Zero with precision 0 prints no digits at all. */
	zeros = (s->precision >= 0 ? s->precision : 1) - len;
	if (zeros < 0)
		zeros = 0;
	/* %#o: the first digit printed must be a 0. */
	if ((s->flags & FL_ALT) && s->base == 8 && !zeros)
		zeros = 1;
	pad = s->width - len - zeros - (sign != 0) - (int)strlen(prefix);

	if ((s->flags & FL_ZERO) && !(s->flags & FL_LEFT) && s->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!(s->flags & FL_LEFT))
		put_repeat(o, ' ', pad);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	put_repeat(o, '0', zeros);
	while (len)
		put(o, tmp[--len]);
	if (s->flags & FL_LEFT)
		put_repeat(o, ' ', pad);
}

static void put_string(struct out *o, const char *str, struct spec *s)
{
	int len;

	if (!str)
		str = "(null)";
	len = (int)strnlen(str, s->precision >= 0 ? (size_t)s->precision
						 : (size_t)-1);
	if (!(s->flags & FL_LEFT))
		put_repeat(o, ' ', s->width - len);
	for (int i = 0; i < len; i++)
		put(o, str[i]);
	if (s->flags & FL_LEFT)
		put_repeat(o, ' ', s->width - len);
}

/* %p, %pS and %ps: Linux's pointer formats. Returns extra chars consumed. */
static int put_pointer(struct out *o, const char *fmt, void *ptr,
		       struct spec *s)
{
	char sym[KSYM_NAME_LEN + 32];

	if (fmt[1] == 'S' || fmt[1] == 's') {
		unsigned long off, size;
		const char *name = kallsyms_lookup((unsigned long)ptr, &off,
						   &size);

		if (name && fmt[1] == 'S')
			snprintf(sym, sizeof(sym), "%s+%#lx/%#lx", name, off,
				 size);
		else if (name)
			snprintf(sym, sizeof(sym), "%s", name);
		else
			snprintf(sym, sizeof(sym), "%#lx", (unsigned long)ptr);
		s->precision = -1;
		put_string(o, sym, s);
		return 1;
	}
	s->base = 16;
	if (s->width < 0) {
		s->width = 2 * (int)sizeof(void *);
		s->flags |= FL_ZERO;
	}
	put_number(o, (unsigned long)ptr, false, s);
	return 0;
}

/* Parse a decimal field or '*' (taken from the arguments). */
static int parse_int(const char **fmt, va_list *ap)
{
	int n = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (**fmt >= '0' && **fmt <= '9')
		n = n * 10 + (*(*fmt)++ - '0');
	return n;
}

/**
 * Format @p fmt into @p buf of @p size bytes.
 *
 * Always NUL-terminates when @p size > 0. Returns the length the full
 * output would have had, as C99 requires, so callers can detect truncation.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, args);
	for (; *fmt; fmt++) {
		struct spec s = { 0, -1, -1, 10 };
		int qualifier = 0;	/* 'H' hh, 'h', 'l', 'L' ll, 'z', 't' */
		unsigned long long num;
		bool negative = false;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		/* flags */
		for (;;) {
			char c = *++fmt;

			if (c == '-')
				s.flags |= FL_LEFT;
			else if (c == '+')
				s.flags |= FL_PLUS;
			else if (c == ' ')
				s.flags |= FL_SPACE;
			else if (c == '#')
				s.flags |= FL_ALT;
			else if (c == '0')
				s.flags |= FL_ZERO;
			else
				break;
		}
		if (*fmt == '*' || (*fmt >= '0' && *fmt <= '9')) {
			s.width = parse_int(&fmt, &ap);
			if (s.width < 0) {
				s.flags |= FL_LEFT;
				s.width = -s.width;
			}
		}
		if (*fmt == '.') {
			fmt++;
			s.precision = parse_int(&fmt, &ap);
			if (s.precision < 0)
				s.precision = -1;
		}
		if (*fmt == 'h') {
			qualifier = 'h';
			if (*++fmt == 'h') {
				qualifier = 'H';
				fmt++;
			}
		} else if (*fmt == 'l') {
			qualifier = 'l';
			if (*++fmt == 'l') {
				qualifier = 'L';
				fmt++;
			}
		} else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') {
			qualifier = *fmt == 'j' ? 'L' : *fmt;
			fmt++;
		}

		switch (*fmt) {
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!(s.flags & FL_LEFT))
				put_repeat(&o, ' ', s.width - 1);
			put(&o, c);
			if (s.flags & FL_LEFT)
				put_repeat(&o, ' ', s.width - 1);
			continue;
		}
		case 's':
			put_string(&o, va_arg(ap, const char *), &s);
			continue;
		case 'p':
			fmt += put_pointer(&o, fmt, va_arg(ap, void *), &s);
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'd':
		case 'i':
			s.flags |= FL_SIGNED;
			break;
		case 'u':
			break;
		case 'o':
			s.base = 8;
			break;
		case 'X':
			s.flags |= FL_UPPER;
			/* fall through */
		case 'x':
			s.base = 16;
			break;
		default:	/* unknown: print it as it stands */
			put(&o, '%');
			if (!*fmt)
				goto out;
			put(&o, *fmt);
			continue;
		}

		if (s.flags & FL_SIGNED) {
			long long v;

			if (qualifier == 'L')
				v = va_arg(ap, long long);
			else if (qualifier == 'l')
				v = va_arg(ap, long);
			else if (qualifier == 'z' || qualifier == 't')
				v = va_arg(ap, ssize_t);
			else if (qualifier == 'h')
				v = (short)va_arg(ap, int);
			else if (qualifier == 'H')
				v = (signed char)va_arg(ap, int);
			else
				v = va_arg(ap, int);
			negative = v < 0;
			num = negative ? -(unsigned long long)v
				       : (unsigned long long)v;
		} else {
			if (qualifier == 'L')
				num = va_arg(ap, unsigned long long);
			else if (qualifier == 'l')
				num = va_arg(ap, unsigned long);
			else if (qualifier == 'z' || qualifier == 't')
				num = va_arg(ap, size_t);
			else if (qualifier == 'h')
				num = (unsigned short)va_arg(ap, int);
			else if (qualifier == 'H')
				num = (unsigned char)va_arg(ap, int);
			else
				num = va_arg(ap, unsigned int);
			s.flags &= ~(FL_PLUS | FL_SPACE);
		}
		put_number(&o, num, negative, &s);
	}
out:
	va_end(ap);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

/** snprintf: vsnprintf() with variable arguments. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/**
 * Like snprintf(), but returns what was really written (without the NUL),
 * so that `len += scnprintf(buf + len, size - len, ...)` never overruns.
 */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!size)
		return 0;
	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n < (int)size ? n : (int)size - 1;
}

/**
 * Convert the start of @p cp to an unsigned number. Base 0 means decimal,
 * octal with a leading 0, hex with 0x. *@p endp is left after the digits.
 */
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	unsigned long result = 0;

	if (!base) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if ((cp[1] == 'x' || cp[1] == 'X') &&
			    ((cp[2] >= '0' && cp[2] <= '9') ||
			     (cp[2] >= 'a' && cp[2] <= 'f') ||
			     (cp[2] >= 'A' && cp[2] <= 'F'))) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X')) {
		cp += 2;
	}
	for (;; cp++) {
		unsigned int d;

		if (*cp >= '0' && *cp <= '9')
			d = *cp - '0';
		else if (*cp >= 'a' && *cp <= 'z')
			d = *cp - 'a' + 10;
		else if (*cp >= 'A' && *cp <= 'Z')
			d = *cp - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		result = result * base + d;
	}
	if (endp)
		*endp = (char *)cp;
	return result;
}

/** Signed simple_strtoul(). */
long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long)simple_strtoul(cp + 1, endp, base);
	return (long)simple_strtoul(cp, endp, base);
}

/**
 * Parse a size with an optional K, M or G suffix (`mem=512M`), as Linux's
 * memparse. *@p retptr is left after the suffix.
 */
unsigned long long memparse(const char *ptr, char **retptr)
{
	char *end;
	unsigned long long v = simple_strtoul(ptr, &end, 0);

	switch (*end) {
	case 'G':
	case 'g':
		v <<= 10;
		/* fall through */
	case 'M':
	case 'm':
		v <<= 10;
		/* fall through */
	case 'K':
	case 'k':
		v <<= 10;
		end++;
		break;
	}
	if (retptr)
		*retptr = end;
	return v;
}
