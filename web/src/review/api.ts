// The review module's API calls (one function a route), so that pages and tests name
// the same paths and bodies.

import { ApiError, api } from '../api.js';
import type {
  Assignment,
  ComputeResult,
  Conflict,
  Invitation,
  MyReview,
  Outcome,
  Panel,
  PoolEntry,
  ReviewBody,
  ReviewDetail,
  ReviewSettings,
  ReviewState,
  Selection,
  Decision,
} from './logic.js';

type Items<T> = { items: T[] };

export const reviewApi = {
  state: (callId: number) => api.get<ReviewState>(`/calls/${callId}/review`),
  saveSettings: (callId: number, s: ReviewSettings) => api.put<ReviewSettings>(`/calls/${callId}/review/settings`, s),

  pool: (callId: number) => api.get<Items<PoolEntry>>(`/calls/${callId}/reviewers`).then((r) => r.items ?? []),
  invite: (callId: number, who: { email: string } | { user_id: number }) => api.post<PoolEntry>(`/calls/${callId}/reviewers`, who),
  uninvite: (callId: number, invitationId: number) => api.del(`/calls/${callId}/reviewers/${invitationId}`),
  remind: (callId: number) => api.post<{ reminded: { user_id: number; name: string; due: number }[] }>(`/calls/${callId}/reminders`, {}),

  myInvitations: () => api.get<Items<Invitation>>('/me/review-invitations').then((r) => r.items ?? []),
  answer: (invitationId: number, accept: boolean) => api.post<Invitation>(`/review-invitations/${invitationId}/${accept ? 'accept' : 'decline'}`, {}),

  conflicts: (callId: number) => api.get<Items<Conflict>>(`/calls/${callId}/conflicts`).then((r) => r.items ?? []),
  override: (callId: number, proposalId: number, reviewerUserId: number, reason: string) =>
    api.post<Conflict>(`/calls/${callId}/conflicts/override`, { proposal_id: proposalId, reviewer_user_id: reviewerUserId, reason }),
  restore: (callId: number, proposalId: number, reviewerUserId: number) =>
    api.del(`/calls/${callId}/conflicts/override?proposal_id=${proposalId}&reviewer_user_id=${reviewerUserId}`),

  compute: (callId: number, body: { keep_existing?: boolean; mode?: string; move_cost?: number } = {}) => api.post<ComputeResult>(`/calls/${callId}/assignments/compute`, body),
  assignments: (callId: number) => api.get<Items<Assignment>>(`/calls/${callId}/assignments`).then((r) => r.items ?? []),
  unassign: (assignmentId: number) => api.del(`/assignments/${assignmentId}`),

  myReviews: () => api.get<Items<MyReview>>('/me/reviews').then((r) => r.items ?? []),
  review: (assignmentId: number) => api.get<ReviewDetail>(`/reviews/${assignmentId}`),
  saveReview: (assignmentId: number, body: ReviewBody) => api.put<ReviewDetail['review']>(`/reviews/${assignmentId}`, body),
  submitReview: (assignmentId: number) => api.post<unknown>(`/reviews/${assignmentId}/submit`, {}),
  declareAsReviewer: (assignmentId: number, reason: string) => api.post<unknown>(`/reviews/${assignmentId}/declare-conflict`, { reason }),

  panel: (callId: number) => api.get<Panel>(`/calls/${callId}/panel`),
  saveRanking: (callId: number, order: number[], notes: Record<string, string>) => api.put<Panel>(`/calls/${callId}/panel/ranking`, { order, notes }),
  select: (callId: number) => api.post<Selection>(`/calls/${callId}/selection`, {}),
  decide: (callId: number, decisions: { proposal_id: number; decision: Decision; reason: string }[]) => api.post<unknown>(`/calls/${callId}/decisions`, { decisions }),
  release: (callId: number) => api.post<{ released_at: string }>(`/calls/${callId}/release`, {}),

  outcome: (proposalId: number) => api.get<Outcome>(`/proposals/${proposalId}/outcome`),
  declareAsApplicant: (proposalId: number, body: { name: string; email?: string; reason: string }) => api.post<unknown>(`/proposals/${proposalId}/declared-conflicts`, body),
};

// The reasons an infeasible assignment comes back with (422 {"error", "reasons": […]}).
export function infeasibleReasons(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || (err.status !== 422 && err.code !== 'infeasible')) return null;
  const reasons = (err.body as { reasons?: unknown } | null)?.reasons;
  return Array.isArray(reasons) ? reasons.map(String) : [];
}

// The server's message in the UI language when it sent a Japanese one.
export function serverMessage(err: unknown, lang: string): string {
  if (!(err instanceof ApiError)) return '';
  const ja = (err.body as { error?: { message_ja?: string } } | null)?.error?.message_ja;
  return lang === 'ja' && ja ? ja : err.serverMessage;
}
