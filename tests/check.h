/*
** check.h -- the smallest test harness that does the job.
**
** A test file defines `static void test_xxx(void)` functions and lists them
** in main() with RUN(test_xxx). CHECK* macros record a failure with file and
** line and carry on, so one run reports every broken expectation. The closing
** line is "N passed, M failed", and the exit status is non-zero on failure.
*/
#ifndef FM_CHECK_H
#define FM_CHECK_H

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed, check_current_failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            check_current_failed = 1;                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
        if (check_a_ != check_b_) {                                                                \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, #a, #b,  \
                    check_a_, check_b_);                                                           \
            check_current_failed = 1;                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double check_a_ = (a), check_b_ = (b);                                                     \
        if (!(fabs(check_a_ - check_b_) <= (tol))) {                                               \
            fprintf(stderr, "%s:%d: %s ~= %s failed: %g vs %g (tol %g)\n", __FILE__, __LINE__, #a, \
                    #b, check_a_, check_b_, (double)(tol));                                        \
            check_current_failed = 1;                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                                               \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                           \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", __FILE__, __LINE__, #a,  \
                    #b, check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");           \
            check_current_failed = 1;                                                              \
        }                                                                                          \
    } while (0)

/* The message must contain `needle` (error texts are part of the contract). */
#define CHECK_CONTAINS(hay, needle)                                                                \
    do {                                                                                           \
        const char *check_h_ = (hay), *check_n_ = (needle);                                        \
        if (!check_h_ || !strstr(check_h_, check_n_)) {                                            \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__,         \
                    check_h_ ? check_h_ : "(null)", check_n_);                                     \
            check_current_failed = 1;                                                              \
        }                                                                                          \
    } while (0)

#define RUN(fn)                                                                                    \
    do {                                                                                           \
        check_current_failed = 0;                                                                  \
        fn();                                                                                      \
        if (check_current_failed) {                                                                \
            check_failed++;                                                                        \
            fprintf(stderr, "FAIL %s\n", #fn);                                                     \
        } else check_passed++;                                                                     \
    } while (0)

#define CHECK_REPORT()                                                                             \
    (printf("%d passed, %d failed\n", check_passed, check_failed), check_failed ? 1 : 0)

/* A fresh, empty folder $FRONTMAP_TMP/name (else /tmp/frontmap-test/name)
** for one test file's temp files, so every test can run alone and none
** reads another's leftovers. Returns 0, or -1 (with a message) on failure. */
static inline int check_tmp_dir(const char *name, char *out, size_t size)
{
    const char *base = getenv("FRONTMAP_TMP");
    char cmd[2400];
    snprintf(out, size, "%s/%s", base && base[0] ? base : "/tmp/frontmap-test", name);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", out, out);
    if (system(cmd) != 0) {
        fprintf(stderr, "cannot make %s\n", out);
        return -1;
    }
    return 0;
}

/* Write `text` to dir/name; the full path goes to `path` (may be NULL).
** Returns 0, or -1 (with a message). */
static inline int check_write_file(const char *dir, const char *name, const char *text, char *path,
                                   size_t size)
{
    char buf[2400];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    if (path) snprintf(path, size, "%s", buf);
    FILE *fp = fopen(buf, "wb");
    if (!fp) {
        perror(buf);
        return -1;
    }
    int bad = fputs(text, fp) < 0;
    bad |= fclose(fp) != 0;
    return bad ? -1 : 0;
}

/* How many entries of `dir` start with '.' (not . and ..): temp files
** (".NAME.XXXXXX") left behind by a writer. Their names go to stderr. */
static inline int check_count_hidden(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        fprintf(stderr, "%s: leftover %s\n", dir, e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

#endif
