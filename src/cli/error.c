/*
 * error.c - (being written: the error and failure functions move here from
 * cli.c, as git's usage.c)
 */
#include "cli.h"
