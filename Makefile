# Anykernel: GNU make build.
#
#   make                 libraries (static and shared) into $(BUILD)/lib
#   make test            the test suite (installs test tools first)
#   make bench           benchmarks
#   make demo            build and run the demo
#   make check-namespace fail on kernel symbols leaking into the program
#   make install PREFIX=/usr/local
#
# Options: CC=clang, CROSS=aarch64-linux-gnu-, SANITIZE=address,undefined,
# DEBUG=1 (lock checking), BUILD=dir, TEST_RUNNER="qemu-aarch64 -L ...".

# Toolchain.  A cross compiler is given as CROSS=aarch64-linux-gnu- or
# as CC=aarch64-linux-gnu-gcc (the prefix is then taken from CC, if
# binutils of that name exist); the binutils follow the prefix.  Test
# binaries run through $(TEST_RUNNER) (e.g. qemu-aarch64 -L /usr/...);
# the suite runner itself is built with HOSTCC, for the build machine.
ifneq ($(CROSS),)
CC := $(CROSS)gcc
else ifneq ($(filter %-gcc,$(lastword $(CC))),)
CROSS := $(if $(shell command -v $(patsubst %gcc,%objcopy,$(lastword $(CC)))),$(patsubst %gcc,%,$(lastword $(CC))))
endif
ifeq ($(origin AR),default)
AR := $(CROSS)ar
endif
ifeq ($(origin LD),default)
LD := $(CROSS)ld
endif
NM := $(CROSS)nm
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= $(if $(CROSS),cc,$(CC))
export NM OBJCOPY TEST_RUNNER

# Each compiler, target and set of options builds into a folder of its
# own unless BUILD is given, so that objects built one way are never
# linked into another (make SANITIZE=thread test after make test).
comma := ,
empty :=
space := $(empty) $(empty)
BUILD ?= build$(if $(findstring clang,$(CC)),/clang)$(if $(CROSS),/$(CROSS:-=))$(if $(SANITIZE),/$(subst $(comma),-,$(SANITIZE)))$(if $(filter 1,$(DEBUG)),/debug)$(if $(filter-out -O2,$(OPT)),/opt$(subst $(space),,$(OPT)))
PREFIX ?= /usr/local
OPT ?= -O2
VERSION := 0.1.0

WARN := -Wall -Wextra -Werror
COMMON := -std=gnu11 $(OPT) -g -fPIC $(WARN) -Iinclude -MMD -MP
ifneq ($(SANITIZE),)
SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ifeq ($(DEBUG),1)
DEBUGFLAGS := -DLOCKDEBUG
endif

# Kernel code: freestanding, no host headers, no libc; unwind tables so
# that panic and lock reports can print call chains.  gcc would turn
# the byte loops of libkern's memcpy into calls to memcpy itself, and
# on aarch64 its atomics into calls to libgcc (which asks getauxval).
cc-option = $(shell $(CC) -Werror $(1) -x c -c -o /dev/null /dev/null \
	2>/dev/null && echo $(1))
KERN_CFLAGS := $(COMMON) -ffreestanding -nostdinc -fno-stack-protector \
	-fno-omit-frame-pointer -funwind-tables -fno-common -fno-strict-aliasing \
	$(call cc-option,-fno-tree-loop-distribute-patterns) \
	$(call cc-option,-mno-outline-atomics) \
	-D_KERNEL $(SANFLAGS) $(DEBUGFLAGS)
# Host code sees 64-bit off_t and time_t on 32-bit hosts too: the
# wrappers take the program's struct timespec (see rump_syscalls.h).
HOST_ABI := -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64
# The system-call edge (*/hostabi): host headers for constants and
# layouts, but no libc calls (check-namespace verifies).
HOSTABI_CFLAGS := $(COMMON) $(HOST_ABI) -D_GNU_SOURCE -U_FORTIFY_SOURCE \
	-fno-stack-protector $(SANFLAGS)
# Host code: librumpuser, tests, programs.
HOST_CFLAGS := $(COMMON) $(HOST_ABI) -D_GNU_SOURCE $(SANFLAGS)
HOST_LDFLAGS := $(SANFLAGS)
HOST_LIBS := -lpthread

KERNLIBS := librumpvfs librump
LIBDIR := $(BUILD)/lib

all: libs

# ---------------------------------------------------------------- libraries

RUMPUSER_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard librumpuser/*.c))

$(BUILD)/librumpuser/%.o: librumpuser/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

$(LIBDIR)/librumpuser.a: $(RUMPUSER_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(LIBDIR)/librumpuser.so: $(RUMPUSER_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared $(HOST_LDFLAGS) -Wl,-soname,librumpuser.so.0 -o $@ $^ $(HOST_LIBS)
	ln -sf $(notdir $@) $@.0

# A kernel library: its kernel objects and its host-ABI edge are linked
# into one relocatable object, whose symbols are then renamed into the
# rumpns_ namespace.  Both the .a and the .so are made from it.
define kernlib
$(1)_KOBJS := $$(patsubst %.c,$(BUILD)/%.o,$$(filter-out $(1)/hostabi/%,$$(wildcard $(1)/*.c $(1)/*/*.c)))
$(1)_HOBJS := $$(patsubst %.c,$(BUILD)/%.o,$$(wildcard $(1)/hostabi/*.c))

$(BUILD)/$(1)/hostabi/%.o: $(1)/hostabi/%.c Makefile
	@mkdir -p $$(dir $$@)
	$$(CC) $$(HOSTABI_CFLAGS) -c -o $$@ $$<

$(BUILD)/$(1)/%.o: $(1)/%.c Makefile
	@mkdir -p $$(dir $$@)
	$$(CC) $$(KERN_CFLAGS) -c -o $$@ $$<

$(BUILD)/$(1).ns.o: $$($(1)_KOBJS) $$($(1)_HOBJS) scripts/namespace.sh
	$$(LD) -r -o $(BUILD)/$(1).ro $$($(1)_KOBJS) $$($(1)_HOBJS)
	sh scripts/namespace.sh rename $(BUILD)/$(1).ro $$@

$(LIBDIR)/$(1).a: $(BUILD)/$(1).ns.o
	@mkdir -p $$(dir $$@)
	rm -f $$@ && $$(AR) rcs $$@ $$<

$(LIBDIR)/$(1).so: $(BUILD)/$(1).ns.o
	@mkdir -p $$(dir $$@)
	$$(CC) -shared $$(HOST_LDFLAGS) -Wl,-soname,$(1).so.0 \
	    -Wl,-Bsymbolic-functions -o $$@ $$<
	ln -sf $$(notdir $$@) $$@.0
endef
$(foreach l,$(KERNLIBS),$(eval $(call kernlib,$(l))))

STATIC_LIBS := $(foreach l,$(KERNLIBS) librumpuser,$(LIBDIR)/$(l).a)
SHARED_LIBS := $(foreach l,$(KERNLIBS) librumpuser,$(LIBDIR)/$(l).so)
libs: $(STATIC_LIBS) $(SHARED_LIBS)

# Link order for programs: factions above the core, the core, rumpuser.
# Whole archives: a component registers itself from a constructor, which
# a plain archive link would drop since nothing refers to it.
KERN_STATIC := $(foreach l,$(KERNLIBS),$(LIBDIR)/$(l).a)
LINK_STATIC := -Wl,--whole-archive $(KERN_STATIC) -Wl,--no-whole-archive \
	$(LIBDIR)/librumpuser.a $(HOST_LIBS)
LINK_SHARED := -L$(LIBDIR) $(patsubst lib%,-l%,$(KERNLIBS)) -lrumpuser \
	-Wl,-rpath,$(abspath $(LIBDIR)) $(HOST_LIBS)

check-namespace: $(KERN_STATIC)
	sh scripts/namespace.sh check $(KERN_STATIC)

# ---------------------------------------------------------------- programs

$(BUILD)/demo/%.o: demo/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

DEMO_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard demo/*.c))
$(BUILD)/bin/demo: $(DEMO_OBJS) $(STATIC_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) -o $@ $(DEMO_OBJS) $(LINK_STATIC)

demo: $(BUILD)/bin/demo
	$(TEST_RUNNER) $(BUILD)/bin/demo

include tests/tests.mk
include bench/bench.mk

# ---------------------------------------------------------------- install

install: libs
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/rump \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man3
	for l in $(KERNLIBS) librumpuser; do \
	    install -m 644 $(LIBDIR)/$$l.a $(DESTDIR)$(PREFIX)/lib/; \
	    install -m 755 $(LIBDIR)/$$l.so $(DESTDIR)$(PREFIX)/lib/$$l.so.$(VERSION); \
	    ln -sf $$l.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$$l.so.0; \
	    ln -sf $$l.so.0 $(DESTDIR)$(PREFIX)/lib/$$l.so; \
	done
	install -m 644 include/rump/*.h $(DESTDIR)$(PREFIX)/include/rump/
	for pc in docs/pkgconfig/*.pc.in; do \
	    sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' $$pc \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/$$(basename $$pc .in); \
	done
	install -m 644 docs/man/*.3 $(DESTDIR)$(PREFIX)/share/man/man3/

clean:
	rm -rf $(BUILD)

.PHONY: all libs demo install clean check-namespace
.DELETE_ON_ERROR:

# Dependency files of this build only (other builds live in folders
# below $(BUILD)).
DEP_DIRS := $(wildcard $(addprefix $(BUILD)/,librumpuser $(KERNLIBS) tests bench demo))
-include $(if $(DEP_DIRS),$(shell find $(DEP_DIRS) -name '*.d'))
