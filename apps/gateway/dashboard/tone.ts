/** What a colour says: met (green), ticket-worthy (amber), page-worthy (red), or no judgement (slate). */
export type Tone = 'ok' | 'ticket' | 'page' | 'neutral';
