/*
 * rumpuser_mem.c: kernel memory from the host: malloc'd blocks and
 * anonymous mappings.
 */
#include "rumpuser_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>

int
rumpuser_malloc(rumpuser_size_t len, rumpuser_size_t alignment, void **memp)
{
	void *mem;
	int error;

	if ((alignment & (alignment - 1)) != 0)
		return RUMP_EINVAL;
	/* malloc(0) may return NULL, which would read as failure. */
	if (len == 0)
		len = 1;
	if (alignment > _Alignof(max_align_t)) {
		error = posix_memalign(&mem, alignment, len);
		if (error != 0)
			return ru_errno_to_kernel(error);
	} else if ((mem = malloc(len)) == NULL) {
		return RUMP_ENOMEM;
	}
	*memp = mem;
	return 0;
}

void
rumpuser_free(void *mem, rumpuser_size_t len)
{
	(void)len;
	free(mem);
}

int
rumpuser_anonmmap(rumpuser_size_t len, int exec, void **memp)
{
	int prot = PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0);
	void *mem;

	mem = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return RUMP_ENOMEM;
	*memp = mem;
	return 0;
}

void
rumpuser_unmap(void *addr, rumpuser_size_t len)
{
	munmap(addr, len);
}
