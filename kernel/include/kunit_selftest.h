/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file kunit_selftest.h
 * @brief Deliberate failures for testing the host-side runner.
 *
 * The `crash=` option makes a test run fail in one specific way (panic,
 * unexpected oops, triple fault, hang, wrong KTAP plan, early power-off) so
 * the runner's own tests can check that each is reported as a failure.
 */
#ifndef _VMM_KUNIT_SELFTEST_H
#define _VMM_KUNIT_SELFTEST_H

int kunit_selftest_plan_bias(void);
void kunit_selftest_after_case(int index);

#endif /* _VMM_KUNIT_SELFTEST_H */
