// @ts-check
/**
 * Infers the same cached targets for every project that has a project.json, so each library and app
 * can be linted, type-checked and tested on its own and `nx affected -t <target>` picks exactly the
 * projects a change reaches through the project graph:
 *   lint       eslint over the project's folder
 *   typecheck  tsc --noEmit over the project's tsconfig.json (it follows imports into other projects)
 *   test       the project's unit tests, then its integration tests (real PostgreSQL and Kafka)
 */
const { dirname, join } = require('node:path');
const { existsSync } = require('node:fs');

const run = (command) => ({ executor: 'nx:run-commands', options: { command, cwd: '{workspaceRoot}' } });

/** @type {import('nx/src/project-graph/plugins').CreateNodesV2} */
exports.createNodesV2 = [
  '**/project.json',
  async (files, _options, context) =>
    files.map((file) => {
      const root = dirname(file);
      const targets = {
        lint: {
          ...run(`eslint ${root}`),
          cache: true,
          inputs: ['default', '^production', '{workspaceRoot}/eslint.config.mjs'],
        },
        test: {
          ...run(`jest --forceExit --passWithNoTests --selectProjects unit integration ${root}`),
          cache: true,
          inputs: ['default', '^production', '{workspaceRoot}/jest.config.js'],
        },
      };
      if (existsSync(join(context.workspaceRoot, root, 'tsconfig.json'))) {
        targets.typecheck = { ...run(`tsc -p ${root}/tsconfig.json --noEmit`), cache: true, inputs: ['default', '^production'] };
      }
      return [file, { projects: { [root]: { targets } } }];
    }),
];
