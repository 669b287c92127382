// Loaded with `node --import` by tests/test_readme_lint.py: api.github.com is answered from the JSON
// file named by FAKE_GITHUB_API (what MAINTAINING.md says the repository is set to), so the
// awesome-github rule of awesome-lint runs the same with or without a network.
import {readFileSync} from 'node:fs';
import process from 'node:process';

const realFetch = globalThis.fetch;
globalThis.fetch = async (resource, options) => {
  const url = String(resource instanceof Request ? resource.url : resource);
  if (url.startsWith('https://api.github.com/')) {
    return new Response(readFileSync(process.env.FAKE_GITHUB_API), {
      status: 200,
      headers: {'content-type': 'application/json'},
    });
  }
  return realFetch(resource, options);
};
