/*
** main.c -- the frontmap command line: finds the command, parses its
** options (cli/opt.h), runs it, and turns the result into the exit code.
** The commands live one per file (cmd_*.c); help and version live here.
**
** Exit codes, the same for every command: 0 done, 1 the work failed (bad
** data, unwritable output...), 2 bad arguments. A failed command's error
** carries its kind (core/error.h), which alone decides between 1 and 2.
*/
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const cli_command *const commands[] = {
    &cmd_render, &cmd_animate, &cmd_figure,   &cmd_query,
    &cmd_stats,  &cmd_events,  &cmd_validate, &cmd_build_control,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage_print(FILE *out)
{
    fputs("usage: frontmap COMMAND [OPTIONS]\n"
          "\n"
          "Maps of territorial control through time.\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const fm_opt_spec *s = commands[i]->spec;
        fprintf(out, "  %-9s %s%s\n", s->name, strlen(s->name) > 9 ? " " : "", s->summary);
    }
    fputs("  help      describe a command: frontmap help render\n"
          "  version   print the version\n"
          "\n"
          "Run 'frontmap help COMMAND' for a command's options.\n"
          "Exit status: 0 done, 1 the work failed (bad data, unwritable output),\n"
          "2 bad arguments.\n",
          out);
}

static const cli_command *command_find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->spec->name, name) == 0) return commands[i];
    return NULL;
}

/* Print a failed command's error; its kind is the exit code. */
static int error_exit(const fm_error *err, const char *command)
{
    fprintf(stderr, "frontmap: %s\n", err->msg);
    if (fm_error_exit_code(err) == EXIT_USAGE)
        fprintf(stderr, "Run 'frontmap help%s%s' for usage.\n", command ? " " : "",
                command ? command : "");
    return fm_error_exit_code(err);
}

/* The running binary, for finding the data installed beside it: the
** kernel's /proc/self/exe, else argv[0] when it is a path. */
static const char *program_path(const char *argv0, char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n > 0) {
        buf[n] = 0;
        return buf;
    }
    return strchr(argv0, '/') ? argv0 : NULL;
}

static int help_run(int argc, char **argv)
{
    fm_error err;
    if (argc <= 2) {
        usage_print(stdout);
        return EXIT_SUCCESS;
    }
    const cli_command *cmd = command_find(argv[2]);
    if (!cmd) {
        fm_error_usage(&err, "no command '%s'", argv[2]);
        return error_exit(&err, NULL);
    }
    opts_help(cmd->spec, stdout);
    return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    fm_error err;
    if (argc < 2) {
        usage_print(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return help_run(argc, argv);
    if (strcmp(name, "version") == 0 || strcmp(name, "--version") == 0) {
        printf("frontmap %s\n", FRONTMAP_VERSION);
        return EXIT_SUCCESS;
    }
    const cli_command *cmd = command_find(name);
    if (!cmd) {
        fm_error_usage(&err, "no command '%s'", name);
        return error_exit(&err, NULL);
    }
    fm_opts o;
    int rc = opts_parse(&o, cmd->spec, argc, argv, 2, &err);
    if (rc == FM_OPT_HELP) {
        opts_help(cmd->spec, stdout);
        return EXIT_SUCCESS;
    }
    if (rc) return error_exit(&err, name);
    char exe[PATH_MAX];
    cli_env env = { program_path(argv[0], exe, sizeof exe) };
    err.kind = FM_ERR_NONE;
    err.msg[0] = 0;
    rc = cmd->run(&env, &o, &err);
    if (rc < 0) return error_exit(&err, name);
    /* Results that never reached stdout (a full disk, a closed pipe) are
    ** a failed run, not a success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fm_error_set(&err, "cannot write the results to standard output: %s", strerror(errno));
        return error_exit(&err, name);
    }
    return rc;
}
