# The cross toolchain of the bare-metal images and the tools that run them,
# shared by the firmware tests (tests/firmware), the benchmark workloads
# (bench/), the test guests (tests/sim) and the conformance tests. Images are
# built with custom commands that call the cross compiler directly, so none of
# the host compile options (-Werror flavours, sanitizers, CMAKE_C_FLAGS) reach
# them.
#
# Sets CROSS_CLANG, CROSS_LLD, CROSS_OBJCOPY, CROSS_PYTHON (Debian's
# /usr/bin/python3), CROSS_QEMU; defines cross_compile(), cross_link() and
# cross_simulator().
include_guard(GLOBAL)

find_program(CROSS_CLANG NAMES clang clang-14 REQUIRED)
find_program(CROSS_LLD NAMES ld.lld ld.lld-14 REQUIRED)
find_program(CROSS_OBJCOPY NAMES llvm-objcopy llvm-objcopy-14 REQUIRED)
find_program(CROSS_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
# A missing QEMU must make the tests fail, never skip them: keep the bare name
# so that run_diff.py reports it at test time.
find_program(CROSS_QEMU NAMES qemu-system-aarch64)
if(NOT CROSS_QEMU)
  set(CROSS_QEMU qemu-system-aarch64)
endif()

# cross_compile(<object> <source> <comment> <flags...>)
function(cross_compile obj src comment)
  get_filename_component(dir ${obj} DIRECTORY)
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${CROSS_CLANG} ${ARGN} -MD -MF ${obj}.d -c ${src} -o ${obj}
    DEPENDS ${src}
    DEPFILE ${obj}.d
    COMMENT "${comment}"
    VERBATIM)
endfunction()

# cross_link(<elf> <linker script> <comment> <objects...>)
function(cross_link elf script comment)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${CROSS_LLD} -T ${script} --gc-sections -o ${elf} ${ARGN}
    DEPENDS ${ARGN} ${script}
    COMMENT "${comment}"
    VERBATIM)
endfunction()

# cross_simulator(<out-var> <configured binary> <standalone default>): the el2sim
# binary to run, in this order: the one configured, the el2sim target of this
# build, the standalone default.
function(cross_simulator out configured standalone)
  if(configured)
    set(${out} ${configured} PARENT_SCOPE)
  elseif(TARGET el2sim)
    set(${out} $<TARGET_FILE:el2sim> PARENT_SCOPE)
  else()
    set(${out} ${standalone} PARENT_SCOPE)
  endif()
endfunction()
