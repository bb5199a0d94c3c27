/*
 * format.c: vsnprintf, the kernel's one formatting engine.
 *
 * Supports the conversions kernel code uses: d i u x X o p s c %, the
 * flags - 0 # + and space, width and precision (also as *), and the length
 * modifiers hh h l ll z j t.
 */
#include <kern/systm.h>

struct fmtout {
	char *buf;
	size_t size;
	size_t len;	/* length the full output would have */
};

static void
out_char(struct fmtout *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
out_pad(struct fmtout *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

/* prefix: a sign or "0x", printed before any zero padding. */
static void
out_number(struct fmtout *o, uint64_t v, bool neg, unsigned base, bool upper,
    int width, int prec, bool left, bool zero, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, total, plen;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec >= 0 && prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	int zeros = prec > n ? prec - n : 0;
	if (neg)
		prefix = "-";
	plen = (int)strlen(prefix);
	total = n + zeros + plen;
	if (zero && !left && prec < 0) {
		zeros += width - total > 0 ? width - total : 0;
		total = width > total ? width : total;
	}
	if (!left)
		out_pad(o, ' ', width - total);
	while (*prefix)
		out_char(o, *prefix++);
	out_pad(o, '0', zeros);
	while (n)
		out_char(o, tmp[--n]);
	if (left)
		out_pad(o, ' ', width - total);
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmtout o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		bool left = false, zero = false, alt = false;
		char sign[2] = { 0, 0 };
		int width = 0, prec = -1, lng = 0;
		for (;; fmt++) {
			if (fmt[1] == '-')
				left = true;
			else if (fmt[1] == '0')
				zero = true;
			else if (fmt[1] == '#')
				alt = true;
			else if (fmt[1] == ' ' || fmt[1] == '+')
				sign[0] = fmt[1];
			else
				break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* lng: -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size, 4 max, 5 ptrdiff */
		for (;; fmt++) {
			if (*fmt == 'h')
				lng = lng < 0 ? -2 : -1;
			else if (*fmt == 'l')
				lng = lng == 1 ? 2 : 1;
			else if (*fmt == 'z')
				lng = 3;
			else if (*fmt == 'j')
				lng = 4;
			else if (*fmt == 't')
				lng = 5;
			else
				break;
		}
		uint64_t v;
		int64_t sv;
		unsigned base = 10;
		switch (*fmt) {
		case 'd':
		case 'i':
			switch (lng) {
			case 1: sv = va_arg(ap, long); break;
			case 2: sv = va_arg(ap, long long); break;
			case 3: case 5: sv = va_arg(ap, ptrdiff_t); break;
			case 4: sv = va_arg(ap, int64_t); break;
			case -1: sv = (short)va_arg(ap, int); break;
			case -2: sv = (signed char)va_arg(ap, int); break;
			default: sv = va_arg(ap, int); break;
			}
			out_number(&o, sv < 0 ? -(uint64_t)sv : (uint64_t)sv,
			    sv < 0, 10, false, width, prec, left, zero, sign);
			break;
		case 'o':
		case 'u':
		case 'x':
		case 'X':
			switch (lng) {
			case 1: v = va_arg(ap, unsigned long); break;
			case 2: v = va_arg(ap, unsigned long long); break;
			case 3: case 5: v = va_arg(ap, size_t); break;
			case 4: v = va_arg(ap, uint64_t); break;
			case -1: v = (unsigned short)va_arg(ap, unsigned); break;
			case -2: v = (unsigned char)va_arg(ap, unsigned); break;
			default: v = va_arg(ap, unsigned); break;
			}
			if (*fmt == 'o')
				base = 8;
			else if (*fmt != 'u')
				base = 16;
			out_number(&o, v, false, base, *fmt == 'X', width, prec,
			    left, zero, alt && v != 0 && base == 16 ?
			    (*fmt == 'X' ? "0X" : "0x") : alt && base == 8 ? "0" : "");
			break;
		case 'p':
			out_number(&o, (uintptr_t)va_arg(ap, void *), false, 16,
			    false, width, prec, left, zero, "0x");
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			int n = (int)strnlen(s, prec >= 0 ? (size_t)prec : SIZE_MAX);
			if (!left)
				out_pad(&o, ' ', width - n);
			for (int i = 0; i < n; i++)
				out_char(&o, s[i]);
			if (left)
				out_pad(&o, ' ', width - n);
			break;
		}
		case 'c':
			if (!left)
				out_pad(&o, ' ', width - 1);
			out_char(&o, (char)va_arg(ap, int));
			if (left)
				out_pad(&o, ' ', width - 1);
			break;
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			out_char(&o, '%');
			out_char(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
