export type EntityType = 'order_number' | 'phone' | 'tracking_code' | 'quantity' | 'size' | 'colour' | 'shade' | 'product';

/** An entity found in a message. `start`/`end` index the matching key the extractor was given. */
export interface Entity {
  type: EntityType;
  /** Canonical value: digits as ASCII, phone as 09xxxxxxxxx, size as S…XXL or a number, colour name, product id. */
  value: string;
  /** The text of the match, as it appears in the key. */
  text: string;
  start: number;
  end: number;
  /** 0–1; exact matches are 1, fuzzy product matches lower. */
  score: number;
  /** Colours: the family a compound or shaded colour belongs to («آبی» for «آبی نفتی»), to offer the nearest. */
  family?: string;
}
