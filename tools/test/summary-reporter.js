// @ts-check
/**
 * Jest reporter (after the default one): prints, as the last line of the run, exactly
 *   `N passed, N failed` (+ `, N skipped` when any test was skipped or todo)
 * counting test cases; CI reads that line. A suite that failed without running its tests (syntax
 * error, failing beforeAll import, ...) counts as one failed test, so a broken file is never "0 failed".
 * With LEADLINE_TEST_SUMMARY_FILE set, the counts are also written there as JSON (used by run-all.mjs).
 */
const fs = require('node:fs');

class SummaryReporter {
  /** @param {unknown} _globalConfig @param {Record<string, unknown>} _options */
  constructor(_globalConfig, _options) {
    /** @type {string} */
    this._line = '';
    this._registered = false;
  }

  /**
   * @param {unknown} _contexts
   * @param {import('@jest/reporters').AggregatedResult} results
   */
  onRunComplete(_contexts, results) {
    const brokenSuites = results.testResults.filter((r) => r.testExecError != null && r.numFailingTests === 0).length;
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + brokenSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    const file = process.env.LEADLINE_TEST_SUMMARY_FILE;
    if (file) {
      fs.writeFileSync(file, JSON.stringify({ passed, failed, skipped, success: results.success }));
    }
    // Jest adds its own summary reporter after every custom one, and the global teardown runs
    // after the reporters; print on exit so the line really is the last one of the run.
    this._line = line;
    if (!this._registered) {
      this._registered = true;
      process.once('exit', () => process.stdout.write(`${this._line}\n`));
    }
  }
}

module.exports = SummaryReporter;
