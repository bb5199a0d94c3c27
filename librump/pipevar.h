/*
 * pipevar.h: the pipe object, shared by the files of pipe(2)
 * (sys_pipe.c) and of FIFOs (fifo.c).  Private to the kernel core.
 *
 * A pipe is a ring buffer of PIPE_SIZE bytes with counts of the open
 * files that read and write it.  Readers wait on pipe_rcv for data or
 * for the last writer to go; writers wait on pipe_wcv for room or for
 * the last reader to go.  Every change of readiness goes through
 * pipe_wakeup_*(), which also notifies pollers.
 */
#ifndef LIBRUMP_PIPEVAR_H
#define LIBRUMP_PIPEVAR_H

#include <kern/types.h>
#include <kern/condvar.h>
#include <kern/mutex.h>
#include <kern/poll.h>
#include <rump/rumpdefs.h>

struct file;
struct uio;

#define PIPE_SIZE	65536

struct pipe {
	kmutex_t pipe_lock;		/* covers everything below */
	kcondvar_t pipe_rcv;		/* readers: data, writers came or went */
	kcondvar_t pipe_wcv;		/* writers: room, readers came or went */
	char *pipe_buf;			/* PIPE_SIZE bytes */
	size_t pipe_cnt;		/* bytes buffered */
	size_t pipe_out;		/* where they start in pipe_buf */
	unsigned pipe_readers;		/* open files that read */
	unsigned pipe_writers;		/* open files that write */
	unsigned pipe_rgen, pipe_wgen;	/* readers, writers ever opened */
	unsigned pipe_refs;		/* files open or opening on it */
	bool pipe_polled;		/* a waiter recorded since last notify */
	struct pollhead pipe_ph;
	uint64_t pipe_ino;
	struct rump_timespec pipe_atime, pipe_mtime, pipe_ctime;
};

/* Set up an empty pipe with no files; ENOMEM if its buffer cannot be
 * had. */
int pipe_init(struct pipe *);
/* No file refers to it any more. */
void pipe_fini(struct pipe *);

/* A file with fflag (FREAD, FWRITE) comes or goes; caller holds
 * pipe_lock.  pipe_detach returns the references left. */
void pipe_attach(struct pipe *, int fflag);
unsigned pipe_detach(struct pipe *, int fflag);

/* The file operations on the pipe behind a file. */
int pipe_read(struct pipe *, struct uio *, bool nonblock);
int pipe_write(struct pipe *, struct uio *, bool nonblock);
/* wgen_seen: pipe_wgen when the file opened, minus any writer then
 * present; a reader sees POLLHUP only once a writer came and went. */
int pipe_poll(struct pipe *, int fflag, int events, struct pollwaiter *,
    unsigned wgen_seen);
int pipe_ioctl(struct pipe *, unsigned long cmd, void *data);
void pipe_stat(struct pipe *, struct rump_stat *);

/* Wake readers, writers, and pollers of either; caller holds pipe_lock. */
void pipe_wakeup_readers(struct pipe *);
void pipe_wakeup_writers(struct pipe *);

/* The file's f_flag, read under its lock (F_SETFL may change it). */
int pipe_fflag(struct file *);

#endif /* LIBRUMP_PIPEVAR_H */
