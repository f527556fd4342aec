/** How a Rule compares a series' value with its threshold. */
export const CONDITION_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;

export type ConditionOp = (typeof CONDITION_OPS)[number];

/** The ops with a direction, the only ones a resolve threshold (hysteresis) applies to. */
export const ORDERED_OPS: readonly ConditionOp[] = ['>', '>=', '<', '<='];

/** True when `value op threshold` holds; NaN never meets a condition. */
export function isConditionMet(op: ConditionOp, value: number, threshold: number): boolean {
  if (Number.isNaN(value)) return false;

  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/** True when `a` is further into the alerting side of `op` than `b` (the "worse" value). */
export function isWorseValue(op: ConditionOp, a: number, b: number): boolean {
  if (op === '>' || op === '>=') return a > b;
  if (op === '<' || op === '<=') return a < b;

  return false;
}
