# bench/bench.mk: the benchmarks (included by the top-level Makefile).
#
#   make bench           build every benchmark and run them, printing a
#                        table per benchmark (docs/performance.md)
#   make bench-programs  build them only
#
# Each bench/*.c is one program, linked statically ($(LINK_STATIC)) into
# $(BUILD)/bin.  Variants, for the figures that depend on linking:
#   bench_boot_core      the core faction only (librump) and rumpuser
#   bench_boot_all       every kernel library ($(KERNLIBS)), whole
#                        archives: a faction registers its components
#                        from constructors, which a plain archive link
#                        would leave out since nothing refers to them
#   bench_boot_shared    every kernel library, shared ($(LINK_SHARED))
#   bench_syscall_shared the null system call through the shared libraries
# bench_boot forks a process per boot and runs each variant in it.

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bin/%,$(BENCH_SRCS))
BENCH_VARIANTS := $(BUILD)/bin/bench_boot_core $(BUILD)/bin/bench_boot_all \
	$(BUILD)/bin/bench_boot_shared $(BUILD)/bin/bench_syscall_shared

BENCH_CORE_STATIC := $(LIBDIR)/librump.a $(LIBDIR)/librumpuser.a $(HOST_LIBS)
BENCH_ALL_STATIC := $(LINK_STATIC)
BENCH_ALL_SHARED := -Wl,--no-as-needed $(LINK_SHARED)

# What each boot variant was linked with, for the report.
BENCH_CORE_NAMES := librump.a librumpuser.a (static)
BENCH_ALL_NAMES := $(notdir $(KERN_STATIC)) librumpuser.a (static, whole archives)
BENCH_SHARED_NAMES := $(addsuffix .so,$(KERNLIBS)) librumpuser.so (shared)

$(BUILD)/bench/%.o: bench/%.c bench/bench.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

$(BENCH_BINS): $(BUILD)/bin/%: $(BUILD)/bench/%.o $(STATIC_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) -o $@ $< $(LINK_STATIC)

$(BUILD)/bin/bench_boot_core: $(BUILD)/bench/bench_boot.o $(STATIC_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) -o $@ $< $(BENCH_CORE_STATIC)

$(BUILD)/bin/bench_boot_all: $(BUILD)/bench/bench_boot.o $(STATIC_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) -o $@ $< $(BENCH_ALL_STATIC)

$(BUILD)/bin/bench_boot_shared: $(BUILD)/bench/bench_boot.o $(SHARED_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) -o $@ $< $(BENCH_ALL_SHARED)

$(BUILD)/bin/bench_syscall_shared: $(BUILD)/bench/bench_syscall.o $(SHARED_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) -o $@ $< $(LINK_SHARED)

bench-programs: $(BENCH_BINS) $(BENCH_VARIANTS)

bench: bench-programs
	@echo "machine: $$(nproc) CPUs,$$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $$(uname -sr); $(CC) $(OPT)"
	$(TEST_RUNNER) $(BUILD)/bin/bench_boot \
	    -v core "core only, static" "$(BENCH_CORE_NAMES)" $(BUILD)/bin/bench_boot_core \
	    -v all "every faction, static" "$(BENCH_ALL_NAMES)" $(BUILD)/bin/bench_boot_all \
	    -v all "every faction, shared" "$(BENCH_SHARED_NAMES)" $(BUILD)/bin/bench_boot_shared
	$(TEST_RUNNER) $(BUILD)/bin/bench_syscall -l static
	$(TEST_RUNNER) $(BUILD)/bin/bench_syscall_shared -l shared
	$(TEST_RUNNER) $(BUILD)/bin/bench_lock
	$(TEST_RUNNER) $(BUILD)/bin/bench_vfs

.PHONY: bench bench-programs
