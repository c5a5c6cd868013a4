// setupFilesAfterEnv of the jest "integration" project. `testTimeout` is a global jest option (a
// project-level value is ignored by jest-circus), so the integration timeout is set per test file.
jest.setTimeout(120_000);
