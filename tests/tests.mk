# tests.mk: building and running the test suite (included by Makefile).
#
# Each tests/t_*.c is a test binary, linked statically with the kernel,
# the harness's main and the kernel-side test code (tests/kern/*.c, built
# as kernel code and renamed into rumpns_ like the kernel itself).
# t_namespace is also linked against the shared libraries, and
# t_lockdebug against a debug (DEBUG=1) kernel.

T_BIN := $(BUILD)/tests
T_NAMES := $(patsubst tests/%.c,%,$(wildcard tests/t_*.c))
T_PROGS := $(addprefix $(T_BIN)/,$(filter-out t_lockdebug,$(T_NAMES))) \
	$(T_BIN)/t_namespace_shared $(T_BIN)/t_lockdebug
KTEST_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/kern/*.c))
DEBUG_BUILD := $(BUILD)/debug

$(BUILD)/tests/kern/%.o: tests/kern/%.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(KERN_CFLAGS) -c -o $@ $<

$(BUILD)/ktest.ns.o: $(KTEST_OBJS) scripts/namespace.sh
	$(LD) -r -o $(BUILD)/ktest.ro $(KTEST_OBJS)
	sh scripts/namespace.sh rename $(BUILD)/ktest.ro $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(if $(SANITIZE),-DTEST_SANITIZED) -Itests/harness -c -o $@ $<

$(BUILD)/tests/harness/%.o: tests/harness/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

T_MAIN := $(BUILD)/tests/harness/t_main.o
# Export symbols so call chains in kernel reports are printed by name.
T_LDFLAGS := $(HOST_LDFLAGS) -rdynamic

$(T_BIN)/t_%: $(BUILD)/tests/t_%.o $(T_MAIN) $(BUILD)/ktest.ns.o $(STATIC_LIBS)
	$(CC) $(T_LDFLAGS) -o $@ $< $(T_MAIN) $(BUILD)/ktest.ns.o $(LINK_STATIC)

$(T_BIN)/t_namespace_shared: $(BUILD)/tests/t_namespace.o $(T_MAIN) $(SHARED_LIBS)
	$(CC) $(T_LDFLAGS) -o $@ $< $(T_MAIN) $(LINK_SHARED)

# The lock checker needs a kernel built with DEBUG=1, in a build of its own.
DEBUG_LIBS := $(DEBUG_BUILD)/ktest.ns.o $(DEBUG_BUILD)/lib/librump.a \
	$(DEBUG_BUILD)/lib/librumpuser.a
debug-kernel:
	$(MAKE) --no-print-directory BUILD=$(DEBUG_BUILD) DEBUG=1 $(DEBUG_LIBS)
$(T_BIN)/t_lockdebug: $(BUILD)/tests/t_lockdebug.o $(T_MAIN) debug-kernel
	$(CC) $(T_LDFLAGS) -o $@ $< $(T_MAIN) $(DEBUG_LIBS) $(HOST_LIBS)

# The runner runs on the build machine even when the tests do not.
ifeq ($(HOSTCC),$(CC))
T_RUNNER_CFLAGS := $(HOST_CFLAGS)
T_RUNNER_LDFLAGS := $(HOST_LDFLAGS)
else
T_RUNNER_CFLAGS := -std=gnu11 $(OPT) -g $(WARN) -D_GNU_SOURCE
endif
$(BUILD)/tests/harness/runner.o: tests/harness/runner.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(T_RUNNER_CFLAGS) -c -o $@ $<
$(T_BIN)/t_runner: $(BUILD)/tests/harness/runner.o
	$(HOSTCC) $(T_RUNNER_LDFLAGS) -o $@ $<
$(T_BIN)/selftest: $(BUILD)/tests/harness/selftest.o $(T_MAIN)
	$(CC) $(HOST_LDFLAGS) -o $@ $^

test-programs: $(T_PROGS) $(T_BIN)/t_runner $(T_BIN)/selftest

# The suite: test tools, the namespace check, the harness's own test,
# every case with this compiler, then (for the default build) an
# install checked through pkg-config and the same cases with clang.  T_SELECT="t_boot t_vfs%" runs only those test binaries.
T_RUN := $(if $(T_SELECT),$(filter $(addprefix $(T_BIN)/,$(T_SELECT)),$(T_PROGS)),$(T_PROGS))
test: test-deps check-namespace test-programs
	sh tests/harness/selftest.sh $(T_BIN)/t_runner $(T_BIN)/selftest
	$(T_BIN)/t_runner -j 2 $(if $(TEST_RUNNER),-r "$(TEST_RUNNER)") $(T_RUN)
ifeq ($(BUILD)$(SANITIZE)$(CROSS)$(TEST_RUNNER)$(findstring clang,$(CC)),build)
	sh tests/install.sh $(BUILD)
	$(MAKE) --no-print-directory CC=clang BUILD=build/clang test-programs check-namespace
	build/clang/tests/t_runner -j 2 $(patsubst $(BUILD)/%,build/clang/%,$(T_PROGS))
endif

test-deps:
	sh tests/deps.sh

# Every target of the portability matrix, each in build/matrix/<target>.
matrix:
	sh tests/matrix.sh

# ThreadSanitizer otherwise waits a second at every exit.
export TSAN_OPTIONS ?= atexit_sleep_ms=0


.SECONDARY:
.PHONY: test test-deps test-programs debug-kernel matrix
