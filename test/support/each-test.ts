import { beforeEach } from 'vitest';
import { reportPages } from '../e2e/failure-report.js';

// Run before every test file (vitest setupFiles): a failed browser test prints what its pages showed.
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => reportPages(task.name));
});
