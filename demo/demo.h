/*
 * demo.h: the parts of the demo program.
 */
#ifndef DEMO_DEMO_H
#define DEMO_DEMO_H

/* Mount a tmpfs, build and list a tree, use a pipe (files.c). */
void demo_files(void);

#endif /* DEMO_DEMO_H */
