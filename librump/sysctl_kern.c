/*
 * sysctl_kern.c: the kern.* and hw.* sysctl nodes of the core.
 */
#include <kern/systm.h>
#include <kern/sysctl.h>
#include <kern/cpu.h>
#include <kern/kmem.h>
#include <kern/time.h>
#include "core.h"

#if defined(__x86_64__)
#define MACHINE "amd64"
#elif defined(__i386__)
#define MACHINE "i386"
#elif defined(__aarch64__)
#define MACHINE "aarch64"
#elif defined(__s390x__)
#define MACHINE "s390x"
#elif defined(__riscv)
#define MACHINE "riscv"
#else
#define MACHINE "unknown"
#endif

static char ostype[] = "Anykernel";
static char osrelease[] = "0.1";
static char version[] = "Anykernel 0.1 (rump kernel in a process)";
static char machine[] = MACHINE;
static char hostname[256];
static int osrevision = 100;
static int clockrate = hz;
static int pagesize = PAGE_SIZE;
static int byteorder = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 4321 : 1234;
static int ncpu_int;
static uint64_t physmem;

uint64_t
mem_physical(void)
{
	return physmem;
}

const char *
sysctl_hostname(void)
{
	return hostname;
}

static int
sysctl_msgbuf(const struct sysctlnode *n __unused, struct sysctl_req *req)
{
	size_t len = msgbuf_read(NULL, 0);
	char *buf;
	int error;

	if (req->newp != NULL)
		return EPERM;
	if ((buf = kmem_alloc(len + 1, KM_SLEEP)) == NULL)
		return ENOMEM;
	len = MIN(msgbuf_read(buf, len), len);
	buf[len] = '\0';
	error = sysctl_copyout_value(req, buf, len + 1);
	kmem_free(buf, len + 1);
	return error;
}

static int
sysctl_usermem(const struct sysctlnode *n __unused, struct sysctl_req *req)
{
	uint64_t used = mem_inuse();
	uint64_t v = physmem > used ? physmem - used : 0;

	if (req->newp != NULL)
		return EPERM;
	return sysctl_copyout_value(req, &v, sizeof(v));
}

#define LEAF(parent, name, num, type, flags, data, size, func) do { \
	if ((error = sysctl_create(parent, name, num, type, flags, data, \
	    size, func, NULL)) != 0) \
		return error; \
} while (0)

int
sysctl_kern_init(const char *host, uint64_t hostmem)
{
	struct sysctlnode *kern, *hw;
	int error;

	strlcpy(hostname, host, sizeof(hostname));
	ncpu_int = (int)ncpu;
	physmem = mem_limit() != 0 && (hostmem == 0 || mem_limit() < hostmem) ?
	    mem_limit() : hostmem;
	if ((error = sysctl_create(NULL, "kern", RUMP_CTL_KERN, CTLTYPE_NODE,
	    0, NULL, 0, NULL, &kern)) != 0 ||
	    (error = sysctl_create(NULL, "hw", RUMP_CTL_HW, CTLTYPE_NODE,
	    0, NULL, 0, NULL, &hw)) != 0)
		return error;
	LEAF(kern, "ostype", RUMP_KERN_OSTYPE, CTLTYPE_STRING, 0,
	    ostype, sizeof(ostype), NULL);
	LEAF(kern, "osrelease", RUMP_KERN_OSRELEASE, CTLTYPE_STRING, 0,
	    osrelease, sizeof(osrelease), NULL);
	LEAF(kern, "osrevision", RUMP_KERN_OSREV, CTLTYPE_INT, 0,
	    &osrevision, sizeof(int), NULL);
	LEAF(kern, "version", RUMP_KERN_VERSION, CTLTYPE_STRING, 0,
	    version, sizeof(version), NULL);
	LEAF(kern, "hostname", RUMP_KERN_HOSTNAME, CTLTYPE_STRING,
	    CTLFLAG_READWRITE, hostname, sizeof(hostname), NULL);
	LEAF(kern, "clockrate", RUMP_KERN_CLOCKRATE, CTLTYPE_INT, 0,
	    &clockrate, sizeof(int), NULL);
	LEAF(kern, "boottime", RUMP_KERN_BOOTTIME, CTLTYPE_STRUCT, 0,
	    &boottime, sizeof(boottime), NULL);
	LEAF(kern, "msgbuf", CTL_CREATE, CTLTYPE_STRING, 0,
	    NULL, 0, sysctl_msgbuf);
	LEAF(hw, "machine", RUMP_HW_MACHINE, CTLTYPE_STRING, 0,
	    machine, sizeof(machine), NULL);
	LEAF(hw, "ncpu", RUMP_HW_NCPU, CTLTYPE_INT, 0,
	    &ncpu_int, sizeof(int), NULL);
	LEAF(hw, "byteorder", RUMP_HW_BYTEORDER, CTLTYPE_INT, 0,
	    &byteorder, sizeof(int), NULL);
	LEAF(hw, "pagesize", RUMP_HW_PAGESIZE, CTLTYPE_INT, 0,
	    &pagesize, sizeof(int), NULL);
	LEAF(hw, "physmem64", RUMP_HW_PHYSMEM64, CTLTYPE_QUAD, 0,
	    &physmem, sizeof(physmem), NULL);
	LEAF(hw, "usermem64", RUMP_HW_USERMEM64, CTLTYPE_QUAD, 0,
	    NULL, 0, sysctl_usermem);
	return 0;
}
