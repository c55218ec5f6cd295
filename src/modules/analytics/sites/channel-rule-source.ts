import type { ChannelRuleSource, WorkspaceChannelRules } from '../ingestion/steps/channel-grouping';
import type { SitesRepository } from './sites.repository';

/**
 * Every workspace's channel rules, held in memory (the pipeline reads them synchronously on each
 * event). Loaded at start, replaced when a workspace saves its rules here, and reloaded every
 * `refreshMs` in case another process changed them.
 */
export class CachedChannelRuleSource implements ChannelRuleSource {
  private rules = new Map<string, WorkspaceChannelRules>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly repo: SitesRepository) {}

  async load() {
    const next = new Map<string, WorkspaceChannelRules>();
    for (const row of await this.repo.allChannelRules()) {
      next.set(row.workspaceId, toRules(row.rules, row.hosts));
    }
    this.rules = next;
  }

  startRefresh(refreshMs = 60_000, onError: (err: unknown) => void = () => {}) {
    this.timer = setInterval(() => void this.load().catch(onError), refreshMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  set(workspaceId: string, rules: unknown, hosts: unknown) {
    this.rules.set(workspaceId, toRules(rules, hosts));
  }

  rulesFor(workspaceId: string): WorkspaceChannelRules | null {
    return this.rules.get(workspaceId) ?? null;
  }
}

function toRules(rules: unknown, hosts: unknown): WorkspaceChannelRules {
  return {
    rules: Array.isArray(rules) ? (rules as WorkspaceChannelRules['rules']) : [],
    hosts: hosts && typeof hosts === 'object' ? (hosts as WorkspaceChannelRules['hosts']) : {},
  };
}
