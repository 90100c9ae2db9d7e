// What the agent may do without asking, and what happens to its changes afterwards.

export const approvalPolicies = ['auto', 'ask', 'read-only'] as const;
export const commitPolicies = ['commit', 'stage', 'off'] as const;

export type ApprovalPolicy = (typeof approvalPolicies)[number];
export type CommitPolicy = (typeof commitPolicies)[number];

/** Which agent works a project: Shipyard's own loop, Codex CLI or Claude Code (through their SDKs). */
export const engineNames = ['shipyard', 'codex', 'claude'] as const;
export type EngineName = (typeof engineNames)[number];
