import { parseProfile } from '../../shared/profile.js';
import { showRedisUrl } from '../connection/resolve.js';
import type { Failure } from '../../shared/result.js';
import type { CommonOptions } from './context.js';
import { inFlagTerms, type FlagsByField } from './flag-terms.js';

function clusterNodes(options: CommonOptions): string[] {
  return (options.cluster ?? '')
    .split(',')
    .map((node) => node.trim())
    .filter((node) => node !== '');
}

/** The profile fields --redis, --cluster and --prefix fill in, by flag and value given. */
function connectionFlags(options: CommonOptions): FlagsByField {
  const flags: Record<string, string> = {
    prefix: `--prefix ${JSON.stringify(options.prefix ?? '')}`,
    nodes: '--cluster',
  };
  if (options.redis !== undefined) flags.url = `--redis ${showRedisUrl(options.redis)}`;
  clusterNodes(options).forEach((node, i) => {
    flags[`nodes.${i}`] = `--cluster node ${JSON.stringify(node)}`;
  });

  return flags;
}

/** The problems of the profile --redis or --cluster make up (a failure about them loses them). */
function commandLineIssues(options: CommonOptions): Failure['issues'] {
  const base = {
    name: 'command-line',
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
  };
  if (options.redis !== undefined) {
    const parsed = parseProfile({ ...base, kind: 'standalone', url: options.redis });
    return parsed.ok ? undefined : parsed.issues;
  }
  if (options.cluster !== undefined) {
    const parsed = parseProfile({ ...base, kind: 'cluster', nodes: clusterNodes(options) });
    return parsed.ok ? undefined : parsed.issues;
  }

  return undefined;
}

/**
 * A refused --redis, --cluster or --prefix told by those flags, with the values given, rather
 * than by the fields of the profile they make up (`url`, `nodes.0`).
 */
export function inConnectionFlagTerms(failure: Failure, options: CommonOptions): Failure {
  const issues = failure.issues ?? commandLineIssues(options);
  if (!issues) return failure;

  return inFlagTerms(
    { ...failure, issues },
    'invalid connection options',
    connectionFlags(options),
  );
}
