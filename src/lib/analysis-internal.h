/*
 * analysis-internal.h - what the analysis modules (analysis.c,
 * analysis-report.c) share inside libstance.
 */
#ifndef STANCE_ANALYSIS_INTERNAL_H
#define STANCE_ANALYSIS_INTERNAL_H

/* The statement order of analysis.h (said_on, then recorded_at, then the
 * id) as an SQL ORDER BY list over a statement aliased s, forwards and
 * backwards: the one place a query takes it from, so that no two queries
 * can disagree on which statement comes last. */
#define STANCE_STATEMENT_ORDER "s.said_on, s.recorded_at, s.uuid"
#define STANCE_STATEMENT_ORDER_DESC "s.said_on DESC, s.recorded_at DESC, s.uuid DESC"

#endif
