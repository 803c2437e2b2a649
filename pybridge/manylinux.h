/*
 * manylinux.h: bind the glibc symbols whose default version moved past
 * glibc 2.17 back to their older versions, so that the library loads on any
 * glibc from 2.17 on (manylinux_2_17, CentOS 7) although it is linked against
 * the build machine's newer glibc. The Makefile passes it with `-include` to
 * every C file of the build (Go's runtime/cgo included), never #included.
 *
 * Why these: glibc 2.32 and 2.34 moved libpthread into libc.so.6 and gave the
 * moved functions a new default version; the old version is kept as an alias
 * of the same function (objdump -T libc.so.6 shows both at one address), so
 * binding to it changes nothing at run time on a new glibc. res_search moved
 * from libresolv without an alias; the Makefile builds with `netgo`, Go's own
 * resolver, so it is not referenced at all.
 *
 * Written here rather than taken from a toolchain: the manylinux build images
 * need a Docker engine, which these machines lack; zig's per-version glibc
 * stubs would replace Debian's gcc cross compilers. The wheel backend
 * (scripts/wheel_backend.py) checks every library it packs, so a symbol
 * missing from this list fails the wheel build, naming it, instead of
 * raising the wheel's tag silently.
 */
#if defined(__x86_64__)
#define CASPIAN_GLIBC_OLD "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define CASPIAN_GLIBC_OLD "GLIBC_2.17"
#endif

/* Neither <features.h> (it would fix the feature macros before the file's
 * own _GNU_SOURCE) nor an assembler source (runtime/cgo has .S files): the
 * Makefile passes this header for glibc builds only, so __GLIBC__ is not
 * needed to tell. */
#if defined(CASPIAN_GLIBC_OLD) && !defined(__ASSEMBLER__)
#define CASPIAN_PIN(sym) __asm__(".symver " #sym "," #sym "@" CASPIAN_GLIBC_OLD);
CASPIAN_PIN(pthread_attr_getstack)
CASPIAN_PIN(pthread_attr_getstacksize)
CASPIAN_PIN(pthread_attr_setstacksize)
CASPIAN_PIN(pthread_create)
CASPIAN_PIN(pthread_detach)
CASPIAN_PIN(pthread_getattr_np)
CASPIAN_PIN(pthread_getspecific)
CASPIAN_PIN(pthread_join)
CASPIAN_PIN(pthread_key_create)
CASPIAN_PIN(pthread_key_delete)
CASPIAN_PIN(pthread_setspecific)
CASPIAN_PIN(pthread_sigmask)
CASPIAN_PIN(dlopen)
CASPIAN_PIN(dlsym)
CASPIAN_PIN(dlerror)
CASPIAN_PIN(dlclose)
#undef CASPIAN_PIN
#endif
