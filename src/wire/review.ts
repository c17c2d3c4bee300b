// What the review page (/agent/review) and the server say to each other under
// /agent/api/review, declared once: request bodies as zod schemas the server validates with,
// answers as types. The page's bundle imports the types only.
import { z } from 'zod';

/** POST /agent/api/review/:id/label: the message means this intent. */
export const LabelRequest = z.object({ intent: z.string().min(1).max(100) });
export type LabelRequest = z.input<typeof LabelRequest>;

/** POST /agent/api/review/:id/faq and …/proposals/:id/accept: the answer (and a short name for it). */
export const FaqRequest = z.object({
  answer: z.string().trim().min(1, 'متن پاسخ خالی است').max(4000),
  title: z.string().trim().max(80).optional(),
});
export type FaqRequest = z.input<typeof FaqRequest>;

/** POST /agent/api/review/proposals/:id/accept: the proposed answer as is, or as the owner edited it. */
export const AcceptRequest = FaqRequest.partial();
export type AcceptRequest = z.input<typeof AcceptRequest>;

export type WireMissReason = 'fallback' | 'low_confidence' | 'handoff_after_answer' | 'low_rating';

/** A missed message in the queue (masked: no customer identifier). */
export interface WireReviewItem {
  id: string;
  text: string;
  why: WireMissReason;
  guess?: string;
  confidence?: number;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** A recurring question agents answered: the latest reply, proposed as its FAQ answer. */
export interface WireProposal {
  id: string;
  question: string;
  reply: string;
  count: number;
  lastSeen: string;
}

export interface WireIntentChoice {
  intent: string;
  label: string;
}

export interface WireLabel {
  id: string;
  text: string;
  intent: string;
  at: string;
}

export interface WireLearnedFaq {
  key: string;
  title: string;
  answer: string;
  questions: string[];
  at: string;
}

/** GET /agent/api/review */
export interface ReviewResponse {
  items: WireReviewItem[];
  proposals: WireProposal[];
  intents: WireIntentChoice[];
  learned: { labels: WireLabel[]; faqs: WireLearnedFaq[] };
}

export interface ReviewOk {
  ok: true;
}
