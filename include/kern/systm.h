/*
 * systm.h: what nearly every kernel file needs: string and memory
 * routines, console output, panic and assertions.
 */
#ifndef KERN_SYSTM_H
#define KERN_SYSTM_H

#include <kern/types.h>
#include <kern/errno.h>

/* libkern */
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
size_t strlen(const char *);
size_t strnlen(const char *, size_t);
int strcmp(const char *, const char *);
int strncmp(const char *, const char *, size_t);
char *strchr(const char *, int);
size_t strlcpy(char *, const char *, size_t);
size_t strlcat(char *, const char *, size_t);
/* Parse an unsigned decimal number; 0 or EINVAL/ERANGE. */
int parse_u64(const char *s, uint64_t *vp);
/* Let the compiler expand small constant-size copies inline. */
#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
#define memset(d, c, n) __builtin_memset(d, c, n)
#define memmove(d, s, n) __builtin_memmove(d, s, n)
#define memcmp(a, b, n) __builtin_memcmp(a, b, n)

/* Console and message buffer (console.c) */
#define LOG_EMERG	0
#define LOG_ALERT	1
#define LOG_CRIT	2
#define LOG_ERR		3
#define LOG_WARNING	4
#define LOG_NOTICE	5
#define LOG_INFO	6
#define LOG_DEBUG	7
int printf(const char *, ...) __printflike(1, 2);
int vprintf(const char *, va_list);
int snprintf(char *, size_t, const char *, ...) __printflike(3, 4);
int vsnprintf(char *, size_t, const char *, va_list);
/* Log at a level: into the message buffer, and to the console when the
 * level is at least as urgent as the console's (LOG_NOTICE, or
 * LOG_DEBUG when booted verbose). */
void log(int level, const char *, ...) __printflike(2, 3);
void vlog(int level, const char *, va_list);
/* Boot messages: shown only when booted with RUMP_VERBOSE=1. */
void aprint_verbose(const char *, ...) __printflike(1, 2);
/* Copy the message buffer's text into buf; returns its full length. */
size_t msgbuf_read(char *buf, size_t len);
extern bool boothowto_verbose;

/* panic.c */
void panic(const char *, ...) __dead __printflike(1, 2);
void vpanic(const char *, va_list) __dead;
/* Print the calling thread's call chain, or a saved one, to the console. */
void db_stack_trace(void);
void db_print_chain(void *const *pcs, int n);

#define KASSERT(e) do { if (__predict_false(!(e))) \
	panic("kernel assertion \"%s\" failed: file \"%s\", line %d", \
	    #e, __FILE__, __LINE__); } while (0)
#define KASSERTMSG(e, ...) do { if (__predict_false(!(e))) \
	panic(__VA_ARGS__); } while (0)
#define CTASSERT(e) _Static_assert(e, #e)

/* copy.c: moving data between the kernel and the caller of a system
 * call.  0, EFAULT, or ENAMETOOLONG for copyinstr. */
int copyin(const void *uaddr, void *kaddr, size_t len);
int copyout(const void *kaddr, void *uaddr, size_t len);
int copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done);
int copyoutstr(const void *kaddr, void *uaddr, size_t len, size_t *done);


#endif /* KERN_SYSTM_H */
