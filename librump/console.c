/*
 * console.c: kernel printf, log levels and the message buffer.
 *
 * Every message goes into a ring buffer (read back as dmesg through the
 * kern.msgbuf sysctl); messages at or above the console's level also go
 * to the host's console.  Lines carry the time since boot in both.  The buffer lock is a plain spin lock so that printf works
 * before boot and from panic.
 */
#include <kern/systm.h>
#include <kern/atomic.h>
#include <kern/time.h>
#include <rump/rumpuser.h>

#define MSGBUF_SIZE 16384

static struct {
	unsigned lock;
	size_t head;		/* total bytes ever written */
	bool midline;		/* last write did not end a line */
	char buf[MSGBUF_SIZE];
} msgbuf;

bool boothowto_verbose;
static bool console_midline;	/* racy by design: cosmetic only */

static void
msgbuf_lock(void)
{
	while (__atomic_exchange_n(&msgbuf.lock, 1, __ATOMIC_ACQUIRE))
		while (atomic_load_relaxed(&msgbuf.lock))
			continue;
}

static void
msgbuf_unlock(void)
{
	__atomic_store_n(&msgbuf.lock, 0, __ATOMIC_RELEASE);
}

static void
msgbuf_put(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		msgbuf.buf[msgbuf.head++ % MSGBUF_SIZE] = s[i];
}

/* "[    s.micros] ": the time since boot, starting a line. */
static size_t
stamp(char *buf, size_t len)
{
	uint64_t ns = uptime_ns();

	return (size_t)snprintf(buf, len, "[%5u.%06u] ",
	    (unsigned)(ns / 1000000000u), (unsigned)(ns % 1000000000u / 1000));
}

/* Append text, stamping the start of each line. */
static void
msgbuf_append(const char *s, size_t n)
{
	char st[24];

	msgbuf_lock();
	while (n) {
		if (!msgbuf.midline)
			msgbuf_put(st, stamp(st, sizeof(st)));
		const char *nl = s;
		while (nl < s + n && *nl != '\n')
			nl++;
		size_t chunk = nl < s + n ? (size_t)(nl - s) + 1 : n;
		msgbuf_put(s, chunk);
		msgbuf.midline = s[chunk - 1] != '\n';
		s += chunk;
		n -= chunk;
	}
	msgbuf_unlock();
}

size_t
msgbuf_read(char *buf, size_t len)
{
	size_t avail, start;

	msgbuf_lock();
	avail = msgbuf.head < MSGBUF_SIZE ? msgbuf.head : MSGBUF_SIZE;
	start = msgbuf.head - avail;
	for (size_t i = 0; i < avail && i < len; i++)
		buf[i] = msgbuf.buf[(start + i) % MSGBUF_SIZE];
	msgbuf_unlock();
	return avail;
}

static void
emit(int level, const char *fmt, va_list ap)
{
	char line[512];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(line, sizeof(line), fmt, aq);
	va_end(aq);
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	msgbuf_append(line, (size_t)n);
	if (n > 0 && (level <= LOG_NOTICE ||
	    (boothowto_verbose && level <= LOG_DEBUG))) {
		char st[24];

		if (!console_midline)
			rumpuser_console_write(st, stamp(st, sizeof(st)));
		rumpuser_console_write(line, (size_t)n);
		console_midline = line[n - 1] != '\n';
	}
}

int
vprintf(const char *fmt, va_list ap)
{
	va_list aq;

	va_copy(aq, ap);
	emit(LOG_NOTICE, fmt, aq);
	va_end(aq);
	return 0;
}

int
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_NOTICE, fmt, ap);
	va_end(ap);
	return 0;
}

void
vlog(int level, const char *fmt, va_list ap)
{
	emit(level, fmt, ap);
}

void
log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(level, fmt, ap);
	va_end(ap);
}

void
aprint_verbose(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_INFO, fmt, ap);
	va_end(ap);
}
